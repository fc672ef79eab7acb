import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobContext, JobPayload, JobResult, LabelSchema } from '@tessera/contracts';
import { AnnotationSets } from '@tessera/server/annotations';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { buildConsensus, METRIC_VERSIONS, tokenize, type CompareOptions, type Contribution, type Token } from '@tessera/quality';
import { compareOptions, fingerprint, spacingOf } from './compare-options';
import { ConsensusWriter } from './consensus-writer';
import { itemsOfSets, WORK_IN } from './quality-rows';
import { workflowSettings } from '@tessera/contracts';

/** Assets of one job read, computed and written together. */
const ASSETS_PER_ROUND = 64;
/** Texts longer than this are not tokenised for consensus (spans then merge per character). */
const MAX_TOKENISED_BYTES = 4 * 1024 * 1024;

/** A consensus object's id, the same on every run over the same work (a UUID, version 8: derived). */
export function consensusId(assetId: string, key: string): string {
  const h = createHash('sha256').update(`${assetId}\u0000${key}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** One asset's inputs, read for every asset of a round in one statement. */
interface AssetInputs {
  asset_id: string;
  project_id: string;
  kind: string;
  width: number | null;
  height: number | null;
  metadata: Record<string, unknown>;
  workflow: unknown;
  schema_version: number;
  prior_input: string | null;
  prior_version: number | null;
  /** the asset's annotate tasks (work, not qualification attempts), in the order overlapTasks gives */
  tasks: { id: string; state: string; assignee_id: string | null; set_id: string | null; set_seq: number }[];
}

/** An asset whose consensus was computed, ready to be stored. */
interface Computed {
  assetId: string;
  projectId: string;
  input: string;
  result: ReturnType<typeof buildConsensus>;
  details: Record<string, unknown>;
  /** The project accepts agreed consensus at once (qc.autoAcceptConsensus). */
  autoAccept: boolean;
}

/**
 * The `quality.asset` job: once every overlapping annotate task of an asset
 * is in, the people's agreement (pairwise F1) and their consensus, each
 * person weighted by their gold accuracy. Below the project's agreement
 * threshold, or with a tied classification, the asset goes to review with the
 * disagreements listed for highlighting; otherwise it is agreed, and its
 * consensus is written into its result at once where the project accepts
 * agreed consensus automatically (qc.autoAcceptConsensus), else on acceptance.
 * Incremental: a run over the same work and weights writes nothing.
 *
 * A job may carry many assets (a backlog, the sweep, a benchmark): they go
 * through in rounds, and a round reads its inputs, writes its results and
 * commits its consensus with a fixed number of statements whatever its size
 * (docs/performance.md: per-asset round trips were what the job spent its time on).
 */
@Injectable()
export class AssetConsensus {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly sets: AnnotationSets,
    private readonly writer: ConsensusWriter,
  ) {}

  /** Counted together; a failure is retried for the whole job (a round that was stored writes nothing again). */
  async run(payload: JobPayload<'quality.asset'>, ctx: JobContext): Promise<JobResult> {
    const ids = [...new Set(payload.assetIds)];
    for (let i = 0; i < ids.length; i += ASSETS_PER_ROUND) await this.computeMany(payload.orgId, ids.slice(i, i + ASSETS_PER_ROUND));
    await ctx.itemsDone(payload.assetIds.map((_, i) => ({ key: String(i), ok: true })));
    return null;
  }

  /** Computes (or leaves as it is) the asset's result; false when its work is not all in. */
  async compute(orgId: string, assetId: string): Promise<boolean> {
    return (await this.computeMany(orgId, [assetId])).has(assetId);
  }

  /**
   * Computes (or leaves as they are) these assets' results, and commits the
   * consensus of those that agree; answers the assets whose work is all in.
   */
  async computeMany(orgId: string, assetIds: string[]): Promise<Set<string>> {
    const ids = [...new Set(assetIds)];
    const ready = new Set<string>();
    if (!ids.length) return ready;
    const rows = await this.db.query<AssetInputs[]>(
      `SELECT a.id AS asset_id, a.project_id, a.kind, a.width, a.height, a.metadata, p.workflow, p.schema_version,
              r.input AS prior_input, r.version AS prior_version,
              coalesce((SELECT json_agg(json_build_object('id', t.id, 'state', t.state, 'assignee_id', t.assignee_id, 'set_id', s.id,
                                                          'set_seq', coalesce(s.last_seq, 0)::int) ORDER BY t.created_at, t.id)
                          FROM tasks t LEFT JOIN annotation_sets s ON s.asset_id = t.asset_id AND s.task_id = t.id
                         WHERE t.asset_id = a.id AND t.org_id = a.org_id AND t.stage = 'annotate' AND t.purpose = 'work'), '[]') AS tasks
         FROM assets a JOIN projects p ON p.id = a.project_id
         LEFT JOIN quality_asset_results r ON r.asset_id = a.id
        WHERE a.id = ANY($1::uuid[]) AND a.org_id = $2`,
      [ids, orgId],
    );
    // Each person's weight, once per project of the round.
    const weightsOf = new Map<string, Promise<Map<string, number>>>();
    const todo: { row: AssetInputs; done: AssetInputs['tasks']; weights: Map<string, number>; options: CompareOptions; minAgreement: number; autoAccept: boolean; schema: LabelSchema | null; input: string }[] = [];
    for (const row of rows) {
      const tasks = row.tasks.filter((t) => t.assignee_id);
      const done = tasks.filter((t) => WORK_IN.includes(t.state));
      if (done.length < 2 || done.length < tasks.length) continue;
      ready.add(row.asset_id);
      const workflow = workflowSettings.parse(row.workflow ?? {});
      const schema: LabelSchema | null = await this.sets.schema(row.project_id, row.schema_version);
      if (!weightsOf.has(row.project_id)) weightsOf.set(row.project_id, this.weights(row.project_id));
      const all = await weightsOf.get(row.project_id)!;
      const weights = new Map(done.map((t) => [t.assignee_id!, all.get(t.assignee_id!) ?? all.get('')!]));
      const options = compareOptions(workflow.qc, schema, row.kind === 'dicom' ? spacingOf(row.metadata) : undefined);
      const input = fingerprint(done.map((t) => [t.id, t.set_seq]), done.map((t) => Math.round(weights.get(t.assignee_id!)! * 1000)), options, workflow.qc.minAgreement);
      if (row.prior_input === input && row.prior_version === METRIC_VERSIONS.consensus) continue;
      todo.push({ row, done, weights, options, minAgreement: workflow.qc.minAgreement, autoAccept: workflow.qc.autoAcceptConsensus, schema, input });
    }
    if (!todo.length) return ready;

    const annotations = await itemsOfSets(this.db, todo.flatMap((a) => a.done.map((t) => t.set_id)));
    const computed: Computed[] = [];
    for (const { row, done, weights, options, minAgreement, autoAccept, schema, input } of todo) {
      const contributions: Contribution[] = done.map((t) => ({ personId: t.assignee_id!, weight: weights.get(t.assignee_id!)!, items: (t.set_id && annotations.get(t.set_id)) || [] }));
      const tokens = row.kind === 'text' ? await this.tokens(row.metadata) : undefined;
      const tools = new Map((schema?.labels ?? []).map((l) => [l.id, l.tools as readonly string[]]));
      const result = buildConsensus(contributions, {
        ...options, minAgreement, tokens,
        toolsOf: (labelId) => tools.get(labelId) ?? ['polygon'],
        imageSize: row.height && row.width ? [row.height, row.width] : undefined,
        idOf: (key) => consensusId(row.asset_id, key),
      });
      const details = {
        // What an object was made from (key, members) is for building it, not for showing or accepting it: stored, it doubled the row.
        pairwise: result.pairwise, disagreements: result.disagreements, objects: result.objects.map(({ key: _key, members: _members, ...o }) => o),
        tasks: done.map((t) => ({ taskId: t.id, userId: t.assignee_id, weight: weights.get(t.assignee_id!) })),
      };
      computed.push({ assetId: row.asset_id, projectId: row.project_id, input, result, details, autoAccept });
    }
    await this.store(orgId, computed);
    // Good enough to stand, where the project says so: the consensus becomes the asset's result at once.
    // Elsewhere it waits in its result row until a reviewer accepts it (QualityService.accept, ConsensusAcceptance).
    const standing = computed.filter((c) => !c.result.needsReview && c.autoAccept);
    await this.writer.writeMany(orgId, standing.map((c) => ({ assetId: c.assetId, input: c.input, objects: c.result.objects })), null);
    return ready;
  }

  /**
   * The round's results and pairwise F1s in one statement (atomic on its own): results upserted,
   * each pair upserted, and pairs of these assets that the new results no longer have deleted.
   * Rows go in asset order, so two rounds over the same assets lock them in the same order.
   */
  private async store(orgId: string, computed: Computed[]) {
    const sorted = [...computed].sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0));
    const results = sorted.map((c) => ({
      asset_id: c.assetId, project_id: c.projectId, input: c.input, state: c.result.needsReview ? 'review' : 'agreed',
      agreement: c.result.agreement, ties: c.result.ties, dropped: c.result.dropped, details: c.details,
    }));
    const pairs = sorted.flatMap((c) => c.result.pairwise.map((p) => {
      const [a, b] = [p.a, p.b].sort();
      return { asset_id: c.assetId, user_a: a, user_b: b, project_id: c.projectId, f1: p.f1 };
    }));
    await this.db.query(
      `WITH results AS (
         INSERT INTO quality_asset_results (asset_id, org_id, project_id, version, input, state, agreement, ties, dropped, details, computed_at, accepted_at, accepted_by)
         SELECT r.asset_id, $1, r.project_id, $2, r.input, r.state, r.agreement, r.ties, r.dropped, r.details, now(), NULL, NULL
           FROM jsonb_to_recordset($3::jsonb) AS r(asset_id uuid, project_id uuid, input text, state text, agreement real, ties int, dropped int, details jsonb)
          ORDER BY r.asset_id
         ON CONFLICT (asset_id) DO UPDATE SET version = EXCLUDED.version, input = EXCLUDED.input, state = EXCLUDED.state, agreement = EXCLUDED.agreement,
           ties = EXCLUDED.ties, dropped = EXCLUDED.dropped, details = EXCLUDED.details, computed_at = now(), accepted_at = NULL, accepted_by = NULL),
       pairs AS (
         INSERT INTO quality_pair_results (asset_id, user_a, user_b, org_id, project_id, version, f1)
         SELECT p.asset_id, p.user_a, p.user_b, $1, p.project_id, $2, p.f1
           FROM jsonb_to_recordset($4::jsonb) AS p(asset_id uuid, user_a uuid, user_b uuid, project_id uuid, f1 real)
          ORDER BY p.asset_id, p.user_a, p.user_b
         ON CONFLICT (asset_id, user_a, user_b) DO UPDATE SET org_id = EXCLUDED.org_id, project_id = EXCLUDED.project_id, version = EXCLUDED.version, f1 = EXCLUDED.f1)
       DELETE FROM quality_pair_results q
        WHERE q.asset_id = ANY($5::uuid[])
          AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($4::jsonb) AS p(asset_id uuid, user_a uuid, user_b uuid)
                           WHERE p.asset_id = q.asset_id AND p.user_a = q.user_a AND p.user_b = q.user_b)`,
      [orgId, METRIC_VERSIONS.consensus, JSON.stringify(results), JSON.stringify(pairs), sorted.map((c) => c.assetId)],
    );
  }

  /**
   * Each person's weight is their gold accuracy in the project; someone with
   * no gold work yet counts as the project's mean (1 when nobody has any), found under ''.
   */
  private async weights(projectId: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ user_id: string; trials: number; correct: number }[]>(
      `SELECT r.user_id, sum(r.trials)::int AS trials, sum(r.correct)::int AS correct
         FROM quality_task_results r JOIN tasks t ON t.id = r.task_id
        WHERE r.project_id = $1 AND r.metric = 'gold' AND t.purpose = 'work' GROUP BY r.user_id`, [projectId]);
    const known = new Map(rows.filter((r) => r.trials > 0).map((r) => [r.user_id, r.correct / r.trials]));
    const all = rows.reduce((s, r) => ({ t: s.t + r.trials, c: s.c + r.correct }), { t: 0, c: 0 });
    const fallback = all.t ? all.c / all.t : 1;
    // '' is everyone else.
    return known.set('', fallback);
  }

  private async tokens(metadata: Record<string, unknown>): Promise<Token[] | undefined> {
    const key = metadata.textKey;
    if (typeof key !== 'string' || (await this.blobs.size(key)) > MAX_TOKENISED_BYTES) return undefined;
    const bytes = await this.blobs.read(key);
    return tokenize(bytes.toString('utf8'));
  }
}
