import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobContext, JobPayload, JobResult } from '@tessera/contracts';
import { runCreatorWhoMay } from '@tessera/server/jobs';
import { ConsensusWriter, type AcceptedObject } from './consensus-writer';

/** Assets accepted together: their consensus meets in the committer's group commit. */
const ASSETS_PER_ROUND = 64;

/**
 * The `quality.accept` job: every agreed consensus of a project becomes its
 * asset's result, on behalf of the reviewer who asked, whose right to is
 * checked again now (they may have lost it since). A row is marked accepted
 * only if its consensus is still the one written, so an asset recomputed
 * meanwhile stays agreed for a later acceptance. A retry writes nothing twice:
 * the writer derives its ops from what the consensus was computed from.
 */
@Injectable()
export class ConsensusAcceptance {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly writer: ConsensusWriter) {}

  async run(payload: JobPayload<'quality.accept'>, ctx: JobContext): Promise<JobResult> {
    const reviewer = await runCreatorWhoMay(this.db, payload.jobRunId, payload.orgId, payload.projectId, 'quality.review');
    if (!reviewer) throw Object.assign(new Error('the person who asked may no longer accept consensus in this project'), { permanent: true });
    const [{ total }] = await this.db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM quality_asset_results WHERE project_id = $1 AND org_id = $2 AND state = 'agreed'`, [payload.projectId, payload.orgId]);
    let after = '00000000-0000-0000-0000-000000000000';
    let done = 0;
    await ctx.progress(0, total);
    for (;;) {
      const round = await this.db.query<{ asset_id: string; input: string; objects: AcceptedObject[] }[]>(
        `SELECT asset_id, input, details->'objects' AS objects FROM quality_asset_results
          WHERE project_id = $1 AND org_id = $2 AND state = 'agreed' AND asset_id > $3 ORDER BY asset_id LIMIT $4`,
        [payload.projectId, payload.orgId, after, ASSETS_PER_ROUND]);
      if (!round.length) break;
      await this.writer.writeMany(payload.orgId, round.map((r) => ({ assetId: r.asset_id, input: r.input, objects: r.objects })), reviewer);
      await this.db.query(
        `UPDATE quality_asset_results r SET state = 'accepted', accepted_at = now(), accepted_by = $2
           FROM jsonb_to_recordset($1::jsonb) AS x(asset_id uuid, input text)
          WHERE r.asset_id = x.asset_id AND r.input = x.input AND r.state = 'agreed'`,
        [JSON.stringify(round.map((r) => ({ asset_id: r.asset_id, input: r.input }))), reviewer]);
      done += round.length;
      after = round[round.length - 1].asset_id;
      await ctx.progress(done, Math.max(done, total));
    }
    return null;
  }
}
