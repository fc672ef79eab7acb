import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PREANNOTATE_CHUNK, labelSchemaDefinition, resolveMappedLabel,
  type JobRun, type LabelSchema, type MediaType, type Model, type ModelClasses, type ModelCreateParsed, type ModelOptions, type ModelKindInfo, type ModelUpdateRequest, type PreannotationRequestParsed, type ProjectModel,
} from '@tessera/contracts';
import { Readable } from 'node:stream';
import { MODEL_KINDS, OnnxModelError, OnnxYoloBackend, RemoteModelError, kindReads, modelKind, onnxClasses, type ModelBackend } from '@tessera/ml';
import { AuditLog } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { CONFIG, type Config } from '@tessera/server/config';
import { notFound, unprocessable } from '@tessera/server/errors';
import { JobRunsService } from '@tessera/server/jobs';
import { BLOB_STORE, OutboundRefused, OutboundTargetRefused, assertPublicTarget, guardedFetch, type BlobStore } from '@tessera/server/storage';
import { MODEL_COLUMNS, toModel, type ModelRow } from './model-rows';

const refused = (path: string, message: string, code?: string, params?: Record<string, string>) => unprocessable(message, [{ path, message, ...(code ? { code } : {}), ...(params ? { params } : {}) }]);

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
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** A kind that reads more than one media is listed once for each. */
  kinds(): ModelKindInfo[] {
    return MODEL_KINDS.flatMap((k) => [k.media, ...(k.otherMedia ?? [])].map((media) => ({ kind: k.kind, mediaType: media, remote: k.remote, classes: [...k.classes] })));
  }

  async list(actor: Actor): Promise<Model[]> {
    const rows = await this.db.query<ModelRow[]>(
      `SELECT ${MODEL_COLUMNS} FROM models m WHERE m.org_id = $1 AND m.deleted_at IS NULL ORDER BY m.created_at, m.id`, [actor.orgId]);
    return rows.map(toModel);
  }

  /** The models enabled in a project the caller reaches (the project's visibility is the caller's to check). */
  async enabledIn(actor: Actor, projectId: string): Promise<ProjectModel[]> {
    return this.db.query<ProjectModel[]>(
      `SELECT m.id, m.name, m.version, m.kind, m.media_type AS "mediaType" FROM models m JOIN project_models pm ON pm.model_id = m.id AND pm.org_id = m.org_id
        WHERE pm.project_id = $1 AND m.org_id = $2 AND m.deleted_at IS NULL ORDER BY m.name, m.id`, [projectId, actor.orgId]);
  }

  async get(actor: Actor, id: string, via: EntityManager = this.db.manager): Promise<Model> {
    const [row] = await via.query<ModelRow[]>(`SELECT ${MODEL_COLUMNS} FROM models m WHERE m.id = $1 AND m.org_id = $2 AND m.deleted_at IS NULL`, [id, actor.orgId]);
    if (!row) throw notFound('model');
    return toModel(row);
  }

  /** The kind exists here, fits the media type, has the options it needs, and a remote kind has a URL the outbound guard lets through. */
  private async check(kind: string, mediaType: MediaType, url: string | null | undefined, options?: ModelOptions) {
    const entry = modelKind(kind);
    if (!entry) throw refused('kind', `no model kind "${kind}" in this installation (${MODEL_KINDS.map((k) => k.kind).join(', ')})`);
    if (!kindReads(entry, mediaType)) throw refused('mediaType', `a ${kind} model reads ${[entry.media, ...(entry.otherMedia ?? [])].join(' or ')}, not ${mediaType}`);
    if (options && kind === 'monai-label' && !options.model) throw refused('options.model', "a monai-label model names the server's model (a key of /info's models)");
    if (options && kind === 'onnx-yolo' && !options.classes) throw refused('options.classes', "an onnx-yolo model needs its class list, in the model's output order");
    if (entry.remote && !url) throw refused('url', `a ${kind} model is remote: give its url`);
    if (!entry.remote && url) throw refused('url', `a ${kind} model runs here and takes no url`);
    if (url) {
      try {
        await assertPublicTarget(this.config.OUTBOUND_ALLOW_HOSTS, new URL(url));
      } catch (e) {
        if (!(e instanceof OutboundRefused)) throw e;
        throw refused('url', e.message, 'refused_target', e instanceof OutboundTargetRefused ? e.refusal : undefined);
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

  /**
   * Which of the model's projects it pre-annotates as assets arrive: each must be one it is enabled in. The
   * runs are the actor's from now on (their right to run models is checked again when each runs).
   */
  private async setArrival(em: EntityManager, actor: Actor, modelId: string, arrivalProjectIds: string[]) {
    const ids = [...new Set(arrivalProjectIds)];
    const [{ enabled }] = await em.query<{ enabled: string[] }[]>(
      `SELECT coalesce(array_agg(project_id), '{}') AS enabled FROM project_models WHERE model_id = $1 AND org_id = $2`, [modelId, actor.orgId]);
    const off = ids.filter((id) => !enabled.includes(id));
    if (off.length) throw refused('arrivalProjectIds', `the model is not enabled in: ${off.join(', ')}`);
    await em.query(
      `UPDATE project_models SET on_arrival_by = CASE WHEN project_id = ANY($3::uuid[]) THEN $4::uuid END WHERE model_id = $1 AND org_id = $2`,
      [modelId, actor.orgId, ids, actor.userId]);
  }

  private record(em: EntityManager, actor: Actor, action: string, id: string, details: Record<string, unknown>) {
    return this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action, resourceType: 'model', resourceId: id, origin: actor.origin, details,
    }, em);
  }

  async create(actor: Actor, req: ModelCreateParsed): Promise<Model> {
    await this.check(req.kind, req.mediaType, req.url, req.options);
    return this.db.transaction(async (em) => {
      const projectIds = await this.checkProjects(em, actor, req.projectIds, req.mediaType);
      const [{ id }] = await em.query<{ id: string }[]>(
        `INSERT INTO models (org_id, name, kind, version, media_type, url, label_map, score_threshold, max_objects, created_by, options)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::jsonb) RETURNING id`,
        [actor.orgId, req.name, req.kind, req.version, req.mediaType, req.url ?? null, JSON.stringify(req.labelMap), req.scoreThreshold, req.maxObjects, actor.userId,
          JSON.stringify(req.options)]);
      await this.setProjects(em, actor.orgId, id, projectIds);
      await this.setArrival(em, actor, id, req.arrivalProjectIds);
      await this.record(em, actor, 'model.created', id, {
        name: req.name, kind: req.kind, version: req.version, mediaType: req.mediaType, url: req.url ?? null, options: req.options, labelMap: req.labelMap,
        scoreThreshold: req.scoreThreshold, maxObjects: req.maxObjects, projectIds, arrivalProjectIds: req.arrivalProjectIds,
      });
      return this.get(actor, id, em);
    });
  }

  async update(actor: Actor, id: string, req: ModelUpdateRequest): Promise<Model> {
    const before = await this.get(actor, id);
    if (req.url !== undefined || req.options !== undefined) await this.check(before.kind, before.mediaType, req.url !== undefined ? req.url : before.url, req.options);
    return this.db.transaction(async (em) => {
      // Under the row lock: two changes at once apply one after the other.
      const [locked] = await em.query(`SELECT 1 FROM models WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL FOR UPDATE`, [id, actor.orgId]);
      if (!locked) throw notFound('model');
      const projectIds = req.projectIds ? await this.checkProjects(em, actor, req.projectIds, before.mediaType) : undefined;
      await em.query(
        `UPDATE models SET name = coalesce($3, name), version = coalesce($4, version), url = CASE WHEN $5 THEN $6 ELSE url END,
                label_map = coalesce($7::jsonb, label_map), score_threshold = coalesce($8, score_threshold), max_objects = coalesce($9, max_objects),
                options = coalesce($10::jsonb, options), updated_at = now()
          WHERE id = $1 AND org_id = $2`,
        [id, actor.orgId, req.name ?? null, req.version ?? null, req.url !== undefined, req.url ?? null,
          req.labelMap ? JSON.stringify(req.labelMap) : null, req.scoreThreshold ?? null, req.maxObjects ?? null, req.options ? JSON.stringify(req.options) : null]);
      if (projectIds) await this.setProjects(em, actor.orgId, id, projectIds);
      // A project no longer enabled is no longer pre-annotated on arrival; one still enabled keeps its setting unless it is given.
      if (req.arrivalProjectIds) await this.setArrival(em, actor, id, req.arrivalProjectIds);
      const changed = Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined));
      const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof Model]]));
      await this.record(em, actor, 'model.updated', id, { changed, before: was });
      return this.get(actor, id, em);
    });
  }

  /**
   * An uploaded model's file (onnx-yolo): stored only once onnxruntime has
   * loaded it and its input and output fit a YOLO detector with the model's
   * classes; anything else is a 422 saying what is wrong.
   */
  async uploadFile(actor: Actor, id: string, bytes: Buffer): Promise<Model> {
    const before = await this.get(actor, id);
    const entry = modelKind(before.kind);
    if (!entry?.takesFile) throw refused('file', `a ${before.kind} model takes no file`);
    if (!bytes.length) throw refused('file', 'the file is empty');
    let classes: string[];
    try {
      classes = onnxClasses(before.options);
    } catch (e) {
      throw refused('options.classes', (e as Error).message);
    }
    const backend = new OnnxYoloBackend({ model: new Uint8Array(bytes), classes });
    try {
      await backend.validate();
    } catch (e) {
      if (e instanceof OnnxModelError) throw refused('file', e.message, 'invalid_model');
      throw refused('file', `the file is not a model onnxruntime can load: ${(e as Error).message}`, 'invalid_model');
    }
    const stored = await this.blobs.put(Readable.from([bytes]));
    return this.db.transaction(async (em) => {
      const [row] = await em.query<{ id: string }[]>(
        `WITH up AS (UPDATE models SET file_key = $3, file_sha256 = $4, file_size = $5, updated_at = now() WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL RETURNING id) SELECT * FROM up`,
        [id, actor.orgId, stored.key, stored.sha256, stored.size]);
      if (!row) throw notFound('model');
      await this.record(em, actor, 'model.file_uploaded', id, { sha256: stored.sha256, size: stored.size, before: before.file });
      return this.get(actor, id, em);
    });
  }

  /**
   * The classes a model can return, for the label-mapping form: a built-in's
   * own, an uploaded detector's list, or the remote server's answer (a Label
   * Studio backend is set up with the labelling config of the first project
   * the model is enabled in and checked with /health; MONAI Label answers /info).
   */
  async classes(actor: Actor, id: string): Promise<ModelClasses> {
    const m = await this.get(actor, id);
    const entry = modelKind(m.kind);
    if (!entry) throw refused('kind', `this installation has no model kind ${m.kind}`);
    if (entry.takesFile) return { classes: Array.isArray(m.options.classes) ? m.options.classes : [], modelVersion: null };
    if (!entry.remote) return { classes: [...entry.classes], modelVersion: null };
    let schema: LabelSchema = { labels: [] };
    if (m.projectIds.length) {
      const [p] = await this.db.query<{ schema: unknown }[]>(
        `SELECT v.schema FROM projects p JOIN label_schema_versions v ON v.project_id = p.id AND v.version = p.schema_version WHERE p.id = $1 AND p.org_id = $2`,
        [m.projectIds[0], actor.orgId]);
      if (p) schema = labelSchemaDefinition.parse(p.schema);
    }
    let backend: ModelBackend | null = null;
    try {
      backend = await entry.create({ url: m.url ?? undefined, fetch: guardedFetch(this.config.OUTBOUND_ALLOW_HOSTS), media: m.mediaType, schema, options: m.options });
      let modelVersion: string | null = null;
      if (backend instanceof Object && 'setup' in backend && typeof backend.setup === 'function') {
        const ls = backend as unknown as { health(): Promise<{ ok: boolean; status: string }>; setup(): Promise<string | null> };
        const h = await ls.health();
        if (!h.ok) throw new RemoteModelError('remote_status', `/health answered status ${h.status || '(none)'}`);
        modelVersion = await ls.setup();
      }
      return { classes: await backend.classes(), modelVersion };
    } catch (e) {
      if (e instanceof RemoteModelError || e instanceof OutboundRefused) throw refused('url', `the model server did not answer as expected: ${e.message}`, e instanceof RemoteModelError ? e.code : 'refused_target');
      throw e;
    } finally {
      await backend?.close?.();
    }
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
  async start(actor: Actor, projectId: string, req: PreannotationRequestParsed, onAsset = false): Promise<JobRun> {
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
      chunks.push({ key: `c${i / PREANNOTATE_CHUNK}`, payload: { projectId, modelId: model.id, modelVersion: model.version, assetIds: ids, ...(onAsset ? { onAsset } : {}) }, count: ids.length });
    }
    const run = await this.jobs.startItems(actor, 'preannotate.run', chunks,
      { projectId, modelId: model.id, modelName: model.name, modelVersion: model.version, selection: sel, assets: assets.length, ...(onAsset ? { onAsset } : {}) },
      { attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: onAsset ? 'preannotation.auto_annotate' : 'preannotation.requested', resourceType: 'project', resourceId: projectId,
      origin: actor.origin, details: { jobRunId: run.id, modelId: model.id, modelName: model.name, modelVersion: model.version, selection: sel, assets: assets.length },
    });
    return run;
  }
}
