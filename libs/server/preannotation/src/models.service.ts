import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PREANNOTATE_CHUNK, labelSchemaDefinition,
  type JobRun, type LabelSchema, type MediaType, type Model, type ModelCreateParsed, type ModelKindInfo, type ModelUpdateRequest, type PreannotationRequestParsed,
} from '@tessera/contracts';
import { MODEL_KINDS, modelKind } from '@tessera/ml';
import { AuditLog } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { CONFIG, type Config } from '@tessera/server/config';
import { notFound, unprocessable } from '@tessera/server/errors';
import { JobRunsService } from '@tessera/server/jobs';
import { OutboundRefused, assertPublicTarget } from '@tessera/server/storage';
import { MODEL_COLUMNS, toModel, type ModelRow } from './model-rows';

const refused = (path: string, message: string, code?: string) => unprocessable(message, [{ path, message, ...(code ? { code } : {}) }]);

/** Labels a class may name: by id, or by name (case and spacing aside). */
export function resolveMappedLabel(schema: LabelSchema, target: string) {
  const byId = schema.labels.find((l) => l.id === target);
  if (byId) return byId;
  const norm = (s: string) => s.trim().toLowerCase();
  return schema.labels.find((l) => norm(l.name) === norm(target)) ?? null;
}

/**
 * Models (per organisation) and starting pre-annotation runs. Every query
 * names the caller's organisation, so another organisation's model or project
 * is a 404; every change is audited in the same transaction.
 */
@Injectable()
export class ModelsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly jobs: JobRunsService,
    private readonly audit: AuditLog,
  ) {}

  kinds(): ModelKindInfo[] {
    return MODEL_KINDS.map((k) => ({ kind: k.kind, mediaType: k.media === 'dicom' ? 'dicom' : k.media, remote: k.remote, classes: [...k.classes] }));
  }

  async list(actor: Actor): Promise<Model[]> {
    const rows = await this.db.query<ModelRow[]>(
      `SELECT ${MODEL_COLUMNS} FROM models m WHERE m.org_id = $1 AND m.deleted_at IS NULL ORDER BY m.created_at, m.id`, [actor.orgId]);
    return rows.map(toModel);
  }

  async get(actor: Actor, id: string, via: EntityManager = this.db.manager): Promise<Model> {
    const [row] = await via.query<ModelRow[]>(`SELECT ${MODEL_COLUMNS} FROM models m WHERE m.id = $1 AND m.org_id = $2 AND m.deleted_at IS NULL`, [id, actor.orgId]);
    if (!row) throw notFound('model');
    return toModel(row);
  }

  /** The kind exists here, fits the media type, and a remote kind has a URL the outbound guard lets through. */
  private async check(kind: string, mediaType: MediaType, url: string | null | undefined) {
    const entry = modelKind(kind);
    if (!entry) throw refused('kind', `no model kind "${kind}" in this installation (${MODEL_KINDS.map((k) => k.kind).join(', ')})`);
    if (entry.media !== mediaType) throw refused('mediaType', `a ${kind} model reads ${entry.media}, not ${mediaType}`);
    if (entry.remote && !url) throw refused('url', `a ${kind} model is remote: give its url`);
    if (!entry.remote && url) throw refused('url', `a ${kind} model runs here and takes no url`);
    if (url) {
      try {
        await assertPublicTarget(this.config.OUTBOUND_ALLOW_HOSTS, new URL(url));
      } catch (e) {
        if (!(e instanceof OutboundRefused)) throw e;
        throw refused('url', e.message, 'refused_target');
      }
    }
  }

  /** The projects to enable, all of the caller's organisation and of the model's media type. */
  private async checkProjects(em: EntityManager, actor: Actor, ids: string[], mediaType: MediaType) {
    const unique = [...new Set(ids)];
    if (!unique.length) return unique;
    const rows = await em.query<{ id: string; media_type: MediaType }[]>(
      `SELECT id, media_type FROM projects WHERE id = ANY($1::uuid[]) AND org_id = $2`, [unique, actor.orgId]);
    const found = new Map(rows.map((r) => [r.id, r.media_type]));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length) throw refused('projectIds', `no such projects: ${missing.join(', ')}`);
    const wrong = unique.filter((id) => found.get(id) !== mediaType);
    if (wrong.length) throw refused('projectIds', `not ${mediaType} projects: ${wrong.join(', ')}`);
    return unique;
  }

  private async setProjects(em: EntityManager, orgId: string, modelId: string, projectIds: string[]) {
    await em.query(`DELETE FROM project_models WHERE model_id = $1 AND org_id = $2 AND NOT (project_id = ANY($3::uuid[]))`, [modelId, orgId, projectIds]);
    if (projectIds.length) {
      await em.query(
        `INSERT INTO project_models (project_id, model_id, org_id) SELECT p, $2, $3 FROM unnest($1::uuid[]) p ON CONFLICT DO NOTHING`,
        [projectIds, modelId, orgId]);
    }
  }

  private record(em: EntityManager, actor: Actor, action: string, id: string, details: Record<string, unknown>) {
    return this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action, resourceType: 'model', resourceId: id, origin: actor.origin, details,
    }, em);
  }

  async create(actor: Actor, req: ModelCreateParsed): Promise<Model> {
    await this.check(req.kind, req.mediaType, req.url);
    return this.db.transaction(async (em) => {
      const projectIds = await this.checkProjects(em, actor, req.projectIds, req.mediaType);
      const [{ id }] = await em.query<{ id: string }[]>(
        `INSERT INTO models (org_id, name, kind, version, media_type, url, label_map, score_threshold, max_objects, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING id`,
        [actor.orgId, req.name, req.kind, req.version, req.mediaType, req.url ?? null, JSON.stringify(req.labelMap), req.scoreThreshold, req.maxObjects, actor.userId]);
      await this.setProjects(em, actor.orgId, id, projectIds);
      await this.record(em, actor, 'model.created', id, {
        name: req.name, kind: req.kind, version: req.version, mediaType: req.mediaType, url: req.url ?? null, labelMap: req.labelMap,
        scoreThreshold: req.scoreThreshold, maxObjects: req.maxObjects, projectIds,
      });
      return this.get(actor, id, em);
    });
  }

  async update(actor: Actor, id: string, req: ModelUpdateRequest): Promise<Model> {
    const before = await this.get(actor, id);
    if (req.url !== undefined) await this.check(before.kind, before.mediaType, req.url);
    return this.db.transaction(async (em) => {
      // Under the row lock: two changes at once apply one after the other.
      const [locked] = await em.query(`SELECT 1 FROM models WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL FOR UPDATE`, [id, actor.orgId]);
      if (!locked) throw notFound('model');
      const projectIds = req.projectIds ? await this.checkProjects(em, actor, req.projectIds, before.mediaType) : undefined;
      await em.query(
        `UPDATE models SET name = coalesce($3, name), version = coalesce($4, version), url = CASE WHEN $5 THEN $6 ELSE url END,
                label_map = coalesce($7::jsonb, label_map), score_threshold = coalesce($8, score_threshold), max_objects = coalesce($9, max_objects), updated_at = now()
          WHERE id = $1 AND org_id = $2`,
        [id, actor.orgId, req.name ?? null, req.version ?? null, req.url !== undefined, req.url ?? null,
          req.labelMap ? JSON.stringify(req.labelMap) : null, req.scoreThreshold ?? null, req.maxObjects ?? null]);
      if (projectIds) await this.setProjects(em, actor.orgId, id, projectIds);
      const changed = Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined));
      const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof Model]]));
      await this.record(em, actor, 'model.updated', id, { changed, before: was });
      return this.get(actor, id, em);
    });
  }

  /** Gone from lists and runs; kept in the table so its predictions and figures still name it. */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (em) => {
      // A SELECT around the UPDATE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      const [row] = await em.query<{ name: string; version: string }[]>(
        `WITH gone AS (UPDATE models SET deleted_at = now() WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL RETURNING name, version) SELECT * FROM gone`,
        [id, actor.orgId]);
      if (!row) throw notFound('model');
      await em.query(`DELETE FROM project_models WHERE model_id = $1 AND org_id = $2`, [id, actor.orgId]);
      await this.record(em, actor, 'model.deleted', id, { name: row.name, version: row.version });
    });
  }

  /**
   * Starts a pre-annotation run: the project must be the caller's to manage
   * (another organisation's is a 404), the model enabled in it; the selection
   * is fixed now (its ready assets, in a stable order) and fanned out in
   * chunks, each asset one item of the run.
   */
  async start(actor: Actor, projectId: string, req: PreannotationRequestParsed): Promise<JobRun> {
    const [project] = await this.db.query<{ media_type: MediaType; schema: unknown }[]>(
      `SELECT p.media_type, v.schema FROM projects p JOIN label_schema_versions v ON v.project_id = p.id AND v.version = p.schema_version
        WHERE p.id = $1 AND p.org_id = $2`, [projectId, actor.orgId]);
    if (!project) throw notFound('project');
    const [m] = await this.db.query<ModelRow[]>(`SELECT ${MODEL_COLUMNS} FROM models m WHERE m.id = $1 AND m.org_id = $2 AND m.deleted_at IS NULL`, [req.modelId, actor.orgId]);
    if (!m) throw refused('modelId', 'no such model');
    const model = toModel(m);
    if (!model.projectIds.includes(projectId)) throw refused('modelId', `the model ${model.name} is not enabled in this project`);
    if (model.mediaType !== project.media_type) throw refused('modelId', `a ${model.mediaType} model cannot pre-annotate a ${project.media_type} project`);
    const schema = labelSchemaDefinition.parse(project.schema);
    const mapped = Object.entries(model.labelMap).filter(([, target]) => resolveMappedLabel(schema, target));
    if (!mapped.length) throw refused('modelId', `no class of the model maps to a label of this project: set the model's label map`);
    const sel = req.selection;
    const params: unknown[] = [actor.orgId, projectId];
    const where = [`a.org_id = $1`, `a.project_id = $2`, `a.status = 'ready'`];
    if (sel.batchId) {
      const [batch] = await this.db.query(`SELECT 1 FROM batches WHERE id = $1 AND project_id = $2 AND org_id = $3`, [sel.batchId, projectId, actor.orgId]);
      if (!batch) throw refused('selection.batchId', 'no such batch in this project');
      params.push(sel.batchId);
      where.push(`EXISTS (SELECT 1 FROM batch_assets b WHERE b.batch_id = $${params.length} AND b.asset_id = a.id)`);
    }
    if (sel.assetIds) {
      params.push(sel.assetIds);
      where.push(`a.id = ANY($${params.length}::uuid[])`);
    }
    const annotated = `EXISTS (SELECT 1 FROM annotation_sets s JOIN annotations n ON n.set_id = s.id WHERE s.asset_id = a.id AND n.source <> 'model')`;
    if (sel.status === 'annotated') where.push(annotated);
    if (sel.status === 'unannotated') where.push(`NOT ${annotated}`);
    if (sel.status === 'accepted') where.push(`EXISTS (SELECT 1 FROM tasks t WHERE t.asset_id = a.id AND t.stage = 'annotate' AND t.state = 'accepted')`);
    if (sel.status === 'submitted') where.push(`EXISTS (SELECT 1 FROM tasks t WHERE t.asset_id = a.id AND t.stage = 'annotate' AND t.state IN ('submitted', 'accepted'))`);
    const assets = await this.db.query<{ id: string }[]>(`SELECT a.id FROM assets a WHERE ${where.join(' AND ')} ORDER BY a.created_at, a.id`, params);
    if (sel.assetIds && assets.length < new Set(sel.assetIds).size) throw refused('selection.assetIds', 'some of these are not ready assets of this project');
    if (!assets.length) throw refused('selection', 'the selection holds no ready asset');
    const chunks: { key: string; payload: { projectId: string; modelId: string; modelVersion: string; assetIds: string[] }; count: number }[] = [];
    for (let i = 0; i < assets.length; i += PREANNOTATE_CHUNK) {
      const ids = assets.slice(i, i + PREANNOTATE_CHUNK).map((a) => a.id);
      chunks.push({ key: `c${i / PREANNOTATE_CHUNK}`, payload: { projectId, modelId: model.id, modelVersion: model.version, assetIds: ids }, count: ids.length });
    }
    const run = await this.jobs.startItems(actor, 'preannotate.run', chunks,
      { projectId, modelId: model.id, modelName: model.name, modelVersion: model.version, selection: sel, assets: assets.length },
      { attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'preannotation.requested', resourceType: 'project', resourceId: projectId,
      origin: actor.origin, details: { jobRunId: run.id, modelId: model.id, modelName: model.name, modelVersion: model.version, selection: sel, assets: assets.length },
    });
    return run;
  }
}
