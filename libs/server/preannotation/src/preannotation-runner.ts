import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MAX_OP_BYTES, labelSchemaDefinition, resolveMappedLabel,
  type AnnotationInput, type AttributeValue, type Geometry, type JobContext, type JobPayload, type JobResult, type LabelSchema, type OpInput,
} from '@tessera/contracts';
import { modelKind, type ModelPrediction } from '@tessera/ml';
import { ServerAnnotations, serverClientId } from '@tessera/server/annotations';
import { FileLinks } from '@tessera/server/assets';
import { CONFIG, type Config } from '@tessera/server/config';
import { runCreatorWhoMay } from '@tessera/server/jobs';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { derivedId } from './derived-id';
import { ModelInference } from './model-inference';
import { UnreadableAsset, loadInput, type AssetForModel } from './model-inputs';
import type { ModelRow } from './model-rows';
import { TaskPredictions } from './task-predictions';


/** A model that cannot run at all (no file uploaded): a permanent failure, not retried. */
class UnreadableModel extends Error {}

type Outcome = { ok: boolean; message?: string; code?: string; details?: { item: string; message: string; code?: string }[] };

export interface MappedPrediction {
  labelId: string;
  geometry: Geometry;
  score: number;
  attributes: Record<string, AttributeValue>;
}

/** A segment's JSON above this goes in parts (an op may take MAX_OP_BYTES). */
const SEGMENT_PART_BYTES = Math.floor(MAX_OP_BYTES * 0.75);

/**
 * A segment too big for one op (a whole skeleton on a long series) becomes
 * several, each a run of its slices, grouped: the editor shows them as one
 * object and each stays under the op limit.
 */
export function splitLargeSegments(list: MappedPrediction[], limit = SEGMENT_PART_BYTES): (MappedPrediction & { part?: number; of?: number })[] {
  return list.flatMap((p, index) => {
    if (p.geometry.type !== 'segment' || JSON.stringify(p.geometry).length <= limit) return [p];
    const parts: Record<string, unknown>[] = [];
    let current: Record<string, unknown> = {};
    let size = 0;
    for (const [k, rle] of Object.entries(p.geometry.slices).sort((a, b) => Number(a[0]) - Number(b[0]))) {
      const bytes = JSON.stringify(rle).length + k.length + 4;
      if (size + bytes > limit && Object.keys(current).length) {
        parts.push(current);
        current = {};
        size = 0;
      }
      current[k] = rle;
      size += bytes;
    }
    if (Object.keys(current).length) parts.push(current);
    return parts.map((slices, part) => ({ ...p, geometry: { type: 'segment', slices } as Geometry, part, of: index }));
  });
}

/**
 * A model's predictions as the project's annotations: each class through the
 * label map (a class it does not name, or a label that is gone, is dropped), a
 * geometry the label's tools do not allow is dropped, attributes the label does
 * not define are dropped; below the threshold or past the maximum, dropped.
 */
export function mapPredictions(predictions: ModelPrediction[], model: Pick<ModelRow, 'label_map' | 'score_threshold' | 'max_objects'>, schema: LabelSchema): { kept: MappedPrediction[]; dropped: Record<string, number> } {
  const dropped: Record<string, number> = {};
  const drop = (why: string) => (dropped[why] = (dropped[why] ?? 0) + 1);
  const kept: MappedPrediction[] = [];
  const ranked = [...predictions].sort((a, b) => b.score - a.score);
  for (const p of ranked) {
    const target = Object.prototype.hasOwnProperty.call(model.label_map, p.modelClass) ? model.label_map[p.modelClass] : null;
    const label = target ? resolveMappedLabel(schema, target) : null;
    if (!label) {
      drop(`unmapped class ${p.modelClass}`);
      continue;
    }
    if (!(label.tools as readonly string[]).includes(p.geometry.type)) {
      drop(`label ${label.name} does not take a ${p.geometry.type}`);
      continue;
    }
    if (!(p.score >= Number(model.score_threshold))) {
      drop('below the score threshold');
      continue;
    }
    if (kept.length >= model.max_objects) {
      drop('past the maximum number of objects');
      continue;
    }
    const keys = new Set(label.attributes.map((a) => a.key));
    const attributes = Object.fromEntries(Object.entries(p.attributes ?? {}).filter(([k]) => keys.has(k)));
    kept.push({ labelId: label.id, geometry: p.geometry, score: Math.max(0, Math.min(1, p.score)), attributes });
  }
  return { kept, dropped };
}

/**
 * The `preannotate.run` job: a few assets of one run through one model
 * version. Per asset, idempotent: its predictions are committed through the
 * same committer as people's work (`source: model`, with the score and the
 * prediction's own id, so accepting one can name it) under a clientId of the
 * run, so a redelivered job finds them in the op log instead of predicting
 * again; then the same model version's predictions from earlier runs on that
 * asset that are still predictions are deleted. People's annotations —
 * including predictions they accepted, which are theirs now — are never touched.
 */
@Injectable()
export class PreannotationRunner {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly annotations: ServerAnnotations,
    private readonly inference: ModelInference,
    private readonly links: FileLinks,
    private readonly taskPredictions: TaskPredictions,
  ) {}

  async run(payload: JobPayload<'preannotate.run'>, ctx: JobContext): Promise<JobResult> {
    const fail = async (message: string, code: string) => {
      await ctx.itemsDone(payload.assetIds.map((id) => ({ key: id, item: id, ok: false, message, code })));
      return null;
    };
    // An editor's "auto-annotate" needs only models.run (and the API checked, when asked, that the asset was the person's to edit).
    const needs = payload.onAsset ? 'models.run' : 'models.manage';
    const creator = await runCreatorWhoMay(this.db, payload.jobRunId, payload.orgId, payload.projectId, needs);
    if (!creator) return fail('the person who started this run may no longer run models', 'preannotate.refused');
    const [model] = await this.db.query<(ModelRow & { enabled: boolean })[]>(
      `SELECT m.*, EXISTS (SELECT 1 FROM project_models pm WHERE pm.model_id = m.id AND pm.project_id = $3 AND pm.org_id = m.org_id) AS enabled
         FROM models m WHERE m.id = $1 AND m.org_id = $2 AND m.deleted_at IS NULL`,
      [payload.modelId, payload.orgId, payload.projectId]);
    if (!model) return fail('the model was deleted', 'preannotate.model_gone');
    if (!model.enabled) return fail('the model is no longer enabled in this project', 'preannotate.refused');
    if (!modelKind(model.kind)) return fail(`this installation has no model kind ${model.kind}`, 'preannotate.model_gone');
    const [project] = await this.db.query<{ schema: unknown; schema_version: number; name: string }[]>(
      `SELECT v.schema, p.schema_version FROM projects p JOIN label_schema_versions v ON v.project_id = p.id AND v.version = p.schema_version
        WHERE p.id = $1 AND p.org_id = $2`, [payload.projectId, payload.orgId]);
    if (!project) return fail('the project is gone', 'preannotate.asset_gone');
    const schema = labelSchemaDefinition.parse(project.schema);

    let predicted = 0;
    for (const assetId of payload.assetIds) {
      // A cancelled run stops between assets; the ones done keep their predictions.
      if (await ctx.cancelled()) {
        ctx.log('cancelled: the remaining assets of this job are left');
        return null;
      }
      const outcome = await this.asset(payload, creator, model, schema, project.schema_version, assetId, ctx);
      predicted += outcome.made;
      await ctx.itemsDone([{ key: assetId, item: assetId, ok: outcome.ok, message: outcome.message, code: outcome.code, details: outcome.details }]);
    }
    ctx.log(`${predicted} predictions on ${payload.assetIds.length} assets with ${model.name} ${payload.modelVersion}`);
    return null;
  }

  private async asset(
    payload: JobPayload<'preannotate.run'>, onBehalfOf: string, model: ModelRow, schema: LabelSchema, schemaVersion: number, assetId: string, ctx: JobContext,
  ): Promise<Outcome & { made: number }> {
    const [asset] = await this.db.query<(AssetForModel & { status: string })[]>(
      `SELECT id, kind, width, height, blob_key, status FROM assets WHERE id = $1 AND org_id = $2 AND project_id = $3`,
      [assetId, payload.orgId, payload.projectId]);
    if (!asset || asset.status !== 'ready') return { ok: false, made: 0, message: 'the asset is gone or not ready', code: 'preannotate.asset_gone' };
    const set = await this.annotations.assetSet(payload.orgId, assetId);
    const clientId = serverClientId(payload.jobRunId, 'pa');
    const author = { source: 'model' as const, onBehalfOf };
    // Committed by an earlier delivery of this job (it died before counting the asset): those are the predictions.
    let made = (await this.db.query<{ annotation_id: string }[]>(
      `SELECT annotation_id FROM annotation_ops WHERE set_id = $1 AND client_id = $2 AND type = 'create' ORDER BY client_seq`, [set.setId, clientId],
    )).map((r) => r.annotation_id);
    const details: Outcome['details'] = [];
    if (!made.length) {
      let predictions: ModelPrediction[];
      try {
        const input = await loadInput(this.db, this.blobs, asset);
        const entry = modelKind(model.kind)!;
        // Remote backends fetch the bytes themselves: an absolute, short-lived signed link (PUBLIC_URL's origin).
        if (entry.remote) input.url = this.fileUrl(payload.orgId, assetId, onBehalfOf);
        predictions = await this.inference.predict({
          kind: model.kind, url: model.url, input, options: { scoreThreshold: Number(model.score_threshold), maxObjects: model.max_objects },
          model: {
            media: asset.kind, schema, options: model.options ?? {},
            file: entry.takesFile ? await this.modelFile(model) : undefined,
            // A changed model (URL, options, file) or schema makes a fresh backend; the same one is kept.
            key: `${model.id}\u0000${new Date(model.updated_at).toISOString()}\u0000${schemaVersion}`,
          },
        });
      } catch (e) {
        if (e instanceof UnreadableAsset) return { ok: false, made: 0, message: e.message, code: 'preannotate.unreadable' };
        if (e instanceof UnreadableModel) return { ok: false, made: 0, message: e.message, code: 'preannotate.model_failed' };
        // A model that failed may work on the next try (a remote one most of all); the last try records it.
        if (!ctx.finalAttempt) throw e;
        return { ok: false, made: 0, message: `the model failed: ${(e as Error).message}`, code: 'preannotate.model_failed' };
      }
      const kept = splitLargeSegments(mapPredictions(predictions, model, schema).kept);
      const ops: OpInput[] = kept.map((p, i) => {
        const id = derivedId(payload.jobRunId, assetId, String(i));
        const annotation: AnnotationInput & { id: string } = {
          id, labelId: p.labelId, schemaVersion, geometry: p.geometry, attributes: p.attributes,
          source: 'model', score: p.score, predictionId: id, zIndex: 0,
          groupId: p.of === undefined ? null : derivedId(payload.jobRunId, assetId, 'group', String(p.of)),
        };
        return { type: 'create', clientId, clientSeq: i + 1, annotation } as OpInput;
      });
      if (ops.length) {
        const results = await this.annotations.commit(set, author, ops);
        results.forEach((r, i) => {
          if (r.status === 'committed') return;
          if (r.code === 'unavailable' || r.code === 'throttled') throw new Error(`the commit was refused for now (${r.message}); the job will try again`);
          details.push({ item: assetId, message: `prediction ${i + 1} was refused: ${r.message}`, code: 'preannotate.refused' });
        });
        made = ops.filter((_, i) => results[i].status === 'committed').map((op) => (op as { annotation: { id: string } }).annotation.id);
      }
    }
    if (made.length) {
      // Which model and version made each (exports choose by it), and what it predicted, kept for accuracy.
      await this.db.query(
        `INSERT INTO prediction_models (annotation_id, org_id, project_id, model_name, model_version, job_run_id, model_id, asset_id)
         SELECT a.id, $2, $3, $4, $5, $6, $7, $8 FROM annotations a WHERE a.id = ANY($1::uuid[]) AND a.org_id = $2 AND a.source = 'model'
         ON CONFLICT (annotation_id) DO NOTHING`,
        [made, payload.orgId, payload.projectId, model.name, payload.modelVersion, payload.jobRunId, model.id, assetId]);
      await this.db.query(
        `INSERT INTO model_predictions (annotation_id, org_id, project_id, model_id, model_version, asset_id, set_id, job_run_id, label_id, score, geometry, attributes)
         SELECT o.annotation_id, $3, $4, $5, $6, $7, o.set_id, $8, o.op->'annotation'->>'labelId', (o.op->'annotation'->>'score')::real,
                o.op->'annotation'->'geometry', coalesce(o.op->'annotation'->'attributes', '{}'::jsonb)
           FROM annotation_ops o WHERE o.set_id = $1 AND o.client_id = $2 AND o.type = 'create'
         ON CONFLICT (annotation_id) DO NOTHING`,
        [set.setId, clientId, payload.orgId, payload.projectId, model.id, payload.modelVersion, assetId, payload.jobRunId]);
    }
    // This version's earlier predictions on the asset that are still predictions (not accepted, not rejected) give way.
    const old = await this.db.query<{ annotation_id: string }[]>(
      `SELECT mp.annotation_id FROM model_predictions mp JOIN annotations a ON a.id = mp.annotation_id AND a.set_id = mp.set_id AND a.source = 'model'
        WHERE mp.org_id = $1 AND mp.model_id = $2 AND mp.model_version = $3 AND mp.asset_id = $4 AND mp.job_run_id <> $5`,
      [payload.orgId, model.id, payload.modelVersion, assetId, payload.jobRunId]);
    if (old.length) {
      // Each delete has its own identity, so a retried job repeats none and misses none.
      const results = await this.annotations.commit(set, author, old.map((o) => ({ type: 'delete', id: o.annotation_id, clientId: serverClientId(o.annotation_id, 'pd'), clientSeq: 1 }) as OpInput));
      for (const r of results) if (r.status !== 'committed' && (r.code === 'unavailable' || r.code === 'throttled')) throw new Error(`the commit was refused for now (${r.message}); the job will try again`);
    }
    await this.db.query(
      `UPDATE model_predictions SET superseded_at = now()
        WHERE org_id = $1 AND model_id = $2 AND model_version = $3 AND asset_id = $4 AND job_run_id <> $5 AND superseded_at IS NULL`,
      [payload.orgId, model.id, payload.modelVersion, assetId, payload.jobRunId]);
    // Annotators work in their tasks' own sets: the asset's open tasks get the predictions too.
    await this.taskPredictions.refreshOpenTasks(payload.orgId, assetId, { id: model.id, version: payload.modelVersion }, payload.jobRunId);
    return { ok: true, made: made.length, ...(details.length ? { message: `${details.length} predictions were refused by the project's rules`, code: 'preannotate.refused', details } : {}) };
  }

  private async modelFile(model: ModelRow): Promise<Uint8Array> {
    if (!model.file_key) throw new UnreadableModel('no model file was uploaded (PUT /api/v1/models/{id}/file)');
    return new Uint8Array(await this.blobs.read(model.file_key));
  }

  /** An absolute, short-lived signed URL of the asset's bytes, for a remote model to fetch (made for the run's creator). */
  private fileUrl(orgId: string, assetId: string, userId: string): string {
    const path = this.links.url({ orgId, assetId, file: 'content', userId, expiresAt: this.links.expiry() });
    return new URL(path, this.config.PUBLIC_URL).toString();
  }
}
