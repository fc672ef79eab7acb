import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Annotation, ModelAccuracy, ModelVersionAccuracy } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';
import { notFound } from '@tessera/server/errors';
import { accuracyCsv, compareAssets, type AssetComparison, type Compared } from './accuracy';

interface PredictionRow { annotation_id: string; model_version: string; asset_id: string; project_id: string; label_id: string; score: number | null; geometry: Annotation['geometry']; attributes: Annotation['attributes'] }
interface ReferenceRow { asset_id: string; label_id: string; geometry: Annotation['geometry']; attributes: Annotation['attributes'] }

/**
 * How good each version of a model is, measured against the work people
 * accepted on the assets it predicted. An asset counts once people have gone
 * through it: an annotate task on it was accepted (its work is the
 * reference), or none of the version's predictions on it is left pending
 * (the people's annotations in its live set are the reference). Accepted
 * predictions are people's annotations that name the prediction they came from.
 */
@Injectable()
export class ModelAccuracyService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  private async model(actor: Actor, id: string) {
    const [m] = await this.db.query<{ id: string; name: string }[]>(`SELECT id, name FROM models WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL`, [id, actor.orgId]);
    if (!m) throw notFound('model');
    return m;
  }

  async accuracy(actor: Actor, modelId: string): Promise<ModelAccuracy> {
    const m = await this.model(actor, modelId);
    const orgId = actor.orgId;
    const predictions = await this.db.query<PredictionRow[]>(
      `SELECT annotation_id, model_version, asset_id, project_id, label_id, score, geometry, attributes FROM model_predictions
        WHERE org_id = $1 AND model_id = $2 AND superseded_at IS NULL ORDER BY model_version, asset_id, annotation_id`, [orgId, modelId]);
    const versions = [...new Set(predictions.map((p) => p.model_version))];
    const out: ModelVersionAccuracy[] = [];
    for (const version of versions) {
      const mine = predictions.filter((p) => p.model_version === version);
      const ids = mine.map((p) => p.annotation_id);
      const assetIds = [...new Set(mine.map((p) => p.asset_id))];
      // Which predictions are still pending (a model annotation), and which people accepted (an annotation of theirs names it).
      const [state] = await this.db.query<{ pending: string[]; accepted: string[] }[]>(
        `SELECT
           (SELECT coalesce(array_agg(a.id), '{}') FROM annotations a WHERE a.id = ANY($2::uuid[]) AND a.org_id = $1 AND a.source = 'model') AS pending,
           (SELECT coalesce(array_agg(DISTINCT a.prediction_id), '{}') FROM annotations a WHERE a.prediction_id = ANY($2::uuid[]) AND a.org_id = $1 AND a.source = 'human') AS accepted`,
        [orgId, ids]);
      const pending = new Set(state.pending);
      // The newest accepted annotate task's set per asset, where there is one; else the asset's live set.
      const sets = await this.db.query<{ asset_id: string; set_id: string | null; accepted: boolean }[]>(
        `SELECT a.id AS asset_id,
                coalesce(t.set_id, (SELECT s.id FROM annotation_sets s WHERE s.asset_id = a.id AND s.task_id IS NULL AND s.purpose = 'work')) AS set_id,
                t.set_id IS NOT NULL AS accepted
           FROM assets a
           LEFT JOIN LATERAL (SELECT s.id AS set_id FROM tasks t JOIN annotation_sets s ON s.task_id = t.id
                               WHERE t.asset_id = a.id AND t.stage = 'annotate' AND t.state = 'accepted' ORDER BY t.updated_at DESC, t.id LIMIT 1) t ON true
          WHERE a.id = ANY($2::uuid[]) AND a.org_id = $1`, [orgId, assetIds]);
      const compared = sets.filter((s) => s.set_id && (s.accepted || !mine.some((p) => p.asset_id === s.asset_id && pending.has(p.annotation_id))));
      const refs = compared.length
        ? await this.db.query<ReferenceRow[]>(
          `SELECT s.asset_id, n.label_id, n.geometry, n.attributes FROM annotations n JOIN annotation_sets s ON s.id = n.set_id
            WHERE n.set_id = ANY($2::uuid[]) AND n.org_id = $1 AND n.source = 'human'`, [orgId, compared.map((c) => c.set_id)])
        : [];
      const comparisons: AssetComparison[] = compared.map((c) => ({
        assetId: c.asset_id,
        predictions: mine.filter((p) => p.asset_id === c.asset_id).map((p): Compared => ({ labelId: p.label_id, geometry: p.geometry, score: p.score, attributes: p.attributes })),
        reference: refs.filter((r) => r.asset_id === c.asset_id).map((r): Compared => ({ labelId: r.label_id, geometry: r.geometry, attributes: r.attributes })),
      }));
      const comparedIds = new Set(compared.map((c) => c.asset_id));
      const onCompared = mine.filter((p) => comparedIds.has(p.asset_id));
      const acceptedSet = new Set(state.accepted);
      const acceptedOnCompared = onCompared.filter((p) => acceptedSet.has(p.annotation_id)).length;
      out.push({
        version,
        assets: assetIds.length,
        comparedAssets: compared.length,
        predictions: mine.length,
        accepted: acceptedSet.size,
        acceptedShare: onCompared.length ? Math.round((acceptedOnCompared / onCompared.length) * 1e6) / 1e6 : null,
        ...compareAssets(comparisons),
        activeSeconds: await this.activeTime(orgId, modelId, version, [...new Set(mine.map((p) => p.project_id))]),
      });
    }
    return { modelId: m.id, versions: out };
  }

  /**
   * Active seconds per annotate task (from heartbeats), submitted or accepted,
   * in the projects the version predicted: on assets it predicted, and on the
   * projects' assets no model predicted.
   */
  private async activeTime(orgId: string, modelId: string, version: string, projectIds: string[]): Promise<ModelVersionAccuracy['activeSeconds']> {
    const [r] = await this.db.query<{ with_avg: number | null; without_avg: number | null; with_n: number; without_n: number }[]>(
      `WITH t AS (
         SELECT t.active_seconds,
                EXISTS (SELECT 1 FROM model_predictions mp WHERE mp.asset_id = t.asset_id AND mp.org_id = $1 AND mp.model_id = $2 AND mp.model_version = $3) AS with_this,
                EXISTS (SELECT 1 FROM model_predictions mp WHERE mp.asset_id = t.asset_id AND mp.org_id = $1) AS with_any
           FROM tasks t WHERE t.org_id = $1 AND t.project_id = ANY($4::uuid[]) AND t.stage = 'annotate' AND t.purpose = 'work'
            AND t.state IN ('submitted', 'accepted') AND t.active_seconds > 0)
       SELECT avg(active_seconds) FILTER (WHERE with_this)::float8 AS with_avg, avg(active_seconds) FILTER (WHERE NOT with_any)::float8 AS without_avg,
              count(*) FILTER (WHERE with_this)::int AS with_n, count(*) FILTER (WHERE NOT with_any)::int AS without_n FROM t`,
      [orgId, modelId, version, projectIds]);
    const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    return { withPredictions: r1(r.with_avg), withoutPredictions: r1(r.without_avg), tasksWith: r.with_n, tasksWithout: r.without_n };
  }

  async csv(actor: Actor, modelId: string): Promise<{ fileName: string; body: string }> {
    const m = await this.model(actor, modelId);
    const acc = await this.accuracy(actor, modelId);
    const safe = m.name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'model';
    return { fileName: `${safe}-accuracy.csv`, body: accuracyCsv(m.name, acc.versions) };
  }
}
