import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PersonStatus, QcSettings } from '@tessera/contracts';
import { wilson, type Proportion } from '@tessera/quality';

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

export const NO_STATUS: PersonStatus = { fullReview: false, paused: false, reason: null, since: null };

/**
 * Who is under full review or paused in a project, and why. The quality job
 * sets it when a person's gold accuracy is surely below the project's mark
 * (the whole Wilson interval below it) and clears it when it surely is not
 * (the whole interval at or above). A manager may set or clear it by hand;
 * the job then leaves it alone until there is new gold evidence.
 */
@Injectable()
export class PersonStatuses {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async get(projectId: string, userId: string): Promise<PersonStatus> {
    const [r] = await this.db.query<{ full_review: boolean; paused: boolean; reason: string | null; since: Date | null }[]>(
      `SELECT full_review, paused, reason, since FROM quality_person_status WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
    return r ? { fullReview: r.full_review, paused: r.paused, reason: r.reason, since: r.since?.toISOString() ?? null } : NO_STATUS;
  }

  async all(projectId: string): Promise<Map<string, PersonStatus>> {
    const rows = await this.db.query<{ user_id: string; full_review: boolean; paused: boolean; reason: string | null; since: Date | null }[]>(
      `SELECT user_id, full_review, paused, reason, since FROM quality_person_status WHERE project_id = $1`, [projectId]);
    return new Map(rows.map((r) => [r.user_id, { fullReview: r.full_review, paused: r.paused, reason: r.reason, since: r.since?.toISOString() ?? null }]));
  }

  /** A person's accuracy on the project's gold work (qualification attempts apart). */
  async gold(projectId: string, userId: string): Promise<Proportion> {
    const [r] = await this.db.query<{ trials: number; correct: number }[]>(
      `SELECT coalesce(sum(r.trials), 0)::int AS trials, coalesce(sum(r.correct), 0)::int AS correct
         FROM quality_task_results r JOIN tasks t ON t.id = r.task_id
        WHERE r.project_id = $1 AND r.user_id = $2 AND r.metric = 'gold' AND t.purpose = 'work'`, [projectId, userId]);
    return wilson(r.correct, r.trials);
  }

  /** After new gold evidence: flag a person who is surely below the mark, clear one who surely is not. */
  async reassess(orgId: string, projectId: string, userId: string, qc: QcSettings): Promise<PersonStatus> {
    const g = await this.gold(projectId, userId);
    const [current] = await this.db.query<{ full_review: boolean; paused: boolean; set_by: string | null; updated_at: Date }[]>(
      `SELECT full_review, paused, set_by, updated_at FROM quality_person_status WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
    const below = g.trials > 0 && g.high < qc.minGoldAccuracy;
    const above = g.trials > 0 && g.low >= qc.minGoldAccuracy;
    const flagged = !!current && (current.full_review || current.paused);
    if (below && !flagged) {
      const reason = `gold accuracy ${pct(g.p!)} (95 % interval ${pct(g.low)}–${pct(g.high)}, ${g.trials} objects) is below ${pct(qc.minGoldAccuracy)}`;
      await this.db.query(
        `INSERT INTO quality_person_status (project_id, user_id, org_id, full_review, paused, reason, since, set_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now(), NULL, now())
         ON CONFLICT (project_id, user_id) DO UPDATE SET full_review = $4, paused = $5, reason = $6, since = now(), set_by = NULL, updated_at = now()`,
        [projectId, userId, orgId, qc.lowGoldAction === 'full_review', qc.lowGoldAction === 'pause', reason],
      );
    } else if (above && flagged && current.set_by === null) {
      await this.db.query(
        `UPDATE quality_person_status SET full_review = false, paused = false, reason = $3, since = now(), updated_at = now() WHERE project_id = $1 AND user_id = $2`,
        [projectId, userId, `gold accuracy ${pct(g.p!)} (from ${pct(g.low)}) is back above ${pct(qc.minGoldAccuracy)}`],
      );
    }
    return this.get(projectId, userId);
  }

  /** A manager's decision; it stands until new gold evidence says otherwise. */
  async set(orgId: string, projectId: string, userId: string, by: string, patch: { fullReview?: boolean; paused?: boolean }): Promise<PersonStatus> {
    const now = await this.get(projectId, userId);
    const fullReview = patch.fullReview ?? now.fullReview;
    const paused = patch.paused ?? now.paused;
    const reason = fullReview || paused ? 'set by a manager' : 'cleared by a manager';
    await this.db.query(
      `INSERT INTO quality_person_status (project_id, user_id, org_id, full_review, paused, reason, since, set_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, now())
       ON CONFLICT (project_id, user_id) DO UPDATE SET full_review = $4, paused = $5, reason = $6, since = now(), set_by = $7, updated_at = now()`,
      [projectId, userId, orgId, fullReview, paused, reason, by],
    );
    return this.get(projectId, userId);
  }
}
