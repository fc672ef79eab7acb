import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobContext, JobPayload, JobResult, LabelSchema } from '@tessera/contracts';
import { AnnotationSets } from '@tessera/server/annotations';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { buildConsensus, METRIC_VERSIONS, tokenize, type Contribution, type Token } from '@tessera/quality';
import { compareOptions, fingerprint, spacingOf } from './compare-options';
import { ConsensusWriter } from './consensus-writer';
import { annotationsOf, overlapTasks, WORK_IN } from './quality-rows';
import { workflowSettings } from '@tessera/contracts';

/** Assets of one job computed side by side. */
const ASSETS_AT_ONCE = 8;
/** Texts longer than this are not tokenised for consensus (spans then merge per character). */
const MAX_TOKENISED_BYTES = 4 * 1024 * 1024;

/** A consensus object's id, the same on every run over the same work (a UUID, version 8: derived). */
export function consensusId(assetId: string, key: string): string {
  const h = createHash('sha256').update(`${assetId}\u0000${key}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The `quality.asset` job: once every overlapping annotate task of an asset
 * is in, the people's agreement (pairwise F1) and their consensus, each
 * person weighted by their gold accuracy. Below the project's agreement
 * threshold, or with a tied classification, the asset goes to review with the
 * disagreements listed for highlighting; otherwise its consensus stands.
 * Incremental: a run over the same work and weights writes nothing.
 */
@Injectable()
export class AssetConsensus {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly sets: AnnotationSets,
    private readonly writer: ConsensusWriter,
  ) {}

  /**
   * A job may carry many assets (a backlog, a benchmark): they are computed a
   * few at a time, so their consensus commits meet in the committer's group
   * commit, and counted together; a failure is retried for the whole job.
   */
  async run(payload: JobPayload<'quality.asset'>, ctx: JobContext): Promise<JobResult> {
    for (let i = 0; i < payload.assetIds.length; i += ASSETS_AT_ONCE) {
      await Promise.all(payload.assetIds.slice(i, i + ASSETS_AT_ONCE).map((id) => this.compute(payload.orgId, id)));
    }
    await ctx.itemsDone(payload.assetIds.map((_, i) => ({ key: String(i), ok: true })));
    return null;
  }

  /** Computes (or leaves as it is) the asset's result; false when its work is not all in. */
  async compute(orgId: string, assetId: string): Promise<boolean> {
    const tasks = (await overlapTasks(this.db, orgId, assetId)).filter((t) => t.assigneeId);
    const done = tasks.filter((t) => WORK_IN.includes(t.state));
    if (done.length < 2 || done.length < tasks.length) return false;
    const [asset] = await this.db.query<{ project_id: string; kind: string; width: number | null; height: number | null; metadata: Record<string, unknown>; workflow: unknown; schema_version: number }[]>(
      `SELECT a.project_id, a.kind, a.width, a.height, a.metadata, p.workflow, p.schema_version FROM assets a JOIN projects p ON p.id = a.project_id WHERE a.id = $1 AND a.org_id = $2`,
      [assetId, orgId]);
    if (!asset) return false;
    const workflow = workflowSettings.parse(asset.workflow ?? {});
    const schema: LabelSchema | null = await this.sets.schema(asset.project_id, asset.schema_version);
    const weights = await this.weights(asset.project_id, done.map((t) => t.assigneeId!));
    const options = compareOptions(workflow.qc, schema, asset.kind === 'dicom' ? spacingOf(asset.metadata) : undefined);
    const input = fingerprint(done.map((t) => [t.id, t.setSeq]), done.map((t) => Math.round(weights.get(t.assigneeId!)! * 1000)), options, workflow.qc.minAgreement);
    const [prior] = await this.db.query<{ input: string; version: number }[]>(`SELECT input, version FROM quality_asset_results WHERE asset_id = $1`, [assetId]);
    if (prior?.input === input && prior.version === METRIC_VERSIONS.consensus) return true;

    const contributions: Contribution[] = await Promise.all(done.map(async (t) => ({ personId: t.assigneeId!, weight: weights.get(t.assigneeId!)!, items: await annotationsOf(this.db, t.setId) })));
    const tokens = asset.kind === 'text' ? await this.tokens(asset.metadata) : undefined;
    const tools = new Map((schema?.labels ?? []).map((l) => [l.id, l.tools as readonly string[]]));
    const result = buildConsensus(contributions, {
      ...options, minAgreement: workflow.qc.minAgreement, tokens,
      toolsOf: (labelId) => tools.get(labelId) ?? ['polygon'],
      imageSize: asset.height && asset.width ? [asset.height, asset.width] : undefined,
      idOf: (key) => consensusId(assetId, key),
    });
    const details = {
      pairwise: result.pairwise, disagreements: result.disagreements, objects: result.objects,
      tasks: done.map((t) => ({ taskId: t.id, userId: t.assigneeId, weight: weights.get(t.assigneeId!) })),
    };
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO quality_asset_results (asset_id, org_id, project_id, version, input, state, agreement, ties, dropped, details, computed_at, accepted_at, accepted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, now(), NULL, NULL)
         ON CONFLICT (asset_id) DO UPDATE SET version = $4, input = $5, state = $6, agreement = $7, ties = $8, dropped = $9, details = $10::jsonb,
           computed_at = now(), accepted_at = NULL, accepted_by = NULL`,
        [assetId, orgId, asset.project_id, METRIC_VERSIONS.consensus, input, result.needsReview ? 'review' : 'agreed', result.agreement, result.ties, result.dropped, JSON.stringify(details)],
      );
      await em.query(`DELETE FROM quality_pair_results WHERE asset_id = $1`, [assetId]);
      for (const p of result.pairwise) {
        const [a, b] = [p.a, p.b].sort();
        await em.query(
          `INSERT INTO quality_pair_results (asset_id, user_a, user_b, org_id, project_id, version, f1) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [assetId, a, b, orgId, asset.project_id, METRIC_VERSIONS.consensus, p.f1]);
      }
    });
    // Good enough to stand: the consensus becomes the asset's result at once.
    if (!result.needsReview) await this.writer.write(orgId, assetId, input, result.objects, null);
    return true;
  }

  /**
   * Each person's weight is their gold accuracy in the project; someone with
   * no gold work yet counts as the project's mean (1 when nobody has any).
   */
  private async weights(projectId: string, userIds: string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ user_id: string; trials: number; correct: number }[]>(
      `SELECT r.user_id, sum(r.trials)::int AS trials, sum(r.correct)::int AS correct
         FROM quality_task_results r JOIN tasks t ON t.id = r.task_id
        WHERE r.project_id = $1 AND r.metric = 'gold' AND t.purpose = 'work' GROUP BY r.user_id`, [projectId]);
    const known = new Map(rows.filter((r) => r.trials > 0).map((r) => [r.user_id, r.correct / r.trials]));
    const all = rows.reduce((s, r) => ({ t: s.t + r.trials, c: s.c + r.correct }), { t: 0, c: 0 });
    const fallback = all.t ? all.c / all.t : 1;
    return new Map(userIds.map((u) => [u, known.get(u) ?? fallback]));
  }

  private async tokens(metadata: Record<string, unknown>): Promise<Token[] | undefined> {
    const key = metadata.textKey;
    if (typeof key !== 'string' || (await this.blobs.size(key)) > MAX_TOKENISED_BYTES) return undefined;
    const bytes = Buffer.concat(await (await this.blobs.get(key)).toArray());
    return tokenize(bytes.toString('utf8'));
  }
}
