import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allows, workflowSettings, type QualificationStatus } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';
import { badRequest, conflict, forbidden, reason } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';

/**
 * Qualification: a project may ask annotators to pass a set of gold items
 * before they get tasks. An attempt is a batch of its own (purpose
 * `qualification`) with one task per item, assigned to the person, so they
 * work in the same editor; its tasks are scored against gold like any gold
 * task, and the attempt passes when the share of objects right reaches the
 * pass mark. Attempts, scores and the pass mark are kept; a pass is recorded
 * once per person and project.
 */
@Injectable()
export class Qualifications {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly projects: ProjectsService) {}

  private async settings(projectId: string) {
    const [p] = await this.db.query<{ workflow: unknown }[]>(`SELECT workflow FROM projects WHERE id = $1`, [projectId]);
    return workflowSettings.parse(p?.workflow ?? {}).qualification;
  }

  async status(actor: Actor, projectId: string): Promise<QualificationStatus> {
    await this.projects.get(actor, projectId, 'projects.read');
    const q = await this.settings(projectId);
    const items = await this.db.query<{ asset_id: string }[]>(`SELECT asset_id FROM qualification_items WHERE project_id = $1 ORDER BY asset_id`, [projectId]);
    const attempts = await this.db.query<{ id: string; state: 'open' | 'passed' | 'failed'; score: number | null; started_at: Date; finished_at: Date | null }[]>(
      `SELECT id, state, score, started_at, finished_at FROM qualification_attempts WHERE project_id = $1 AND user_id = $2 ORDER BY started_at DESC`, [projectId, actor.userId]);
    const [passed] = await this.db.query(`SELECT 1 FROM qualifications WHERE project_id = $1 AND user_id = $2`, [projectId, actor.userId]);
    const canAttempt = q.required && !passed && items.length > 0 && !attempts.some((a) => a.state === 'open') && (q.maxAttempts === 0 || attempts.length < q.maxAttempts);
    return {
      required: q.required, passMark: q.passMark, maxAttempts: q.maxAttempts, items: items.length,
      ...(allows(actor.role, 'quality.manage') ? { assetIds: items.map((i) => i.asset_id) } : {}),
      me: {
        passed: !!passed,
        attempts: attempts.map((a) => ({ id: a.id, state: a.state, score: a.score, startedAt: a.started_at.toISOString(), finishedAt: a.finished_at?.toISOString() ?? null })),
        canAttempt,
      },
    };
  }

  /** The set is made of the project's gold assets (their references are what attempts are scored against). */
  async setItems(actor: Actor, projectId: string, assetIds: string[]) {
    await this.projects.get(actor, projectId, 'quality.manage');
    const unique = [...new Set(assetIds)];
    const gold = await this.db.query<{ asset_id: string }[]>(`SELECT asset_id FROM gold_assets WHERE project_id = $1 AND org_id = $2 AND asset_id = ANY($3::uuid[])`, [projectId, actor.orgId, unique]);
    const missing = unique.filter((id) => !gold.some((g) => g.asset_id === id));
    if (missing.length) throw badRequest('A qualification item must be a gold asset of this project.', missing.map((id) => ({ path: 'assetIds', message: `${id} is not a gold asset of this project` })));
    await this.db.transaction(async (em) => {
      await em.query(`DELETE FROM qualification_items WHERE project_id = $1`, [projectId]);
      if (unique.length) await em.query(`INSERT INTO qualification_items (project_id, asset_id, org_id) SELECT $1, unnest($2::uuid[]), $3`, [projectId, unique, actor.orgId]);
    });
    return this.status(actor, projectId);
  }

  /** Starts an attempt: a batch of the set's items, each an annotate task assigned to the person. */
  async attempt(actor: Actor, projectId: string): Promise<QualificationStatus> {
    await this.projects.get(actor, projectId, 'qualification.take');
    const q = await this.settings(projectId);
    if (!q.required) throw conflict('This project asks for no qualification.', reason('qualification_not_required'));
    await this.db.transaction(async (em) => {
      // One person's attempts are serialised, so two clicks make one attempt.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`qualify:${projectId}:${actor.userId}`]);
      const [state] = await em.query<{ passed: boolean; open: boolean; n: number }[]>(
        `SELECT EXISTS (SELECT 1 FROM qualifications WHERE project_id = $1 AND user_id = $2) AS passed,
                EXISTS (SELECT 1 FROM qualification_attempts WHERE project_id = $1 AND user_id = $2 AND state = 'open') AS open,
                (SELECT count(*)::int FROM qualification_attempts WHERE project_id = $1 AND user_id = $2) AS n`, [projectId, actor.userId]);
      if (state.passed) throw conflict('You have passed this qualification already.', reason('qualification_passed'));
      if (state.open) throw conflict('Finish the attempt you started first.', reason('qualification_attempt_open'));
      if (q.maxAttempts && state.n >= q.maxAttempts) throw forbidden(`You have used all ${q.maxAttempts} attempts; a manager can let you work without passing by taking the requirement off.`, undefined, reason('attempts_used', { max: String(q.maxAttempts) }));
      const items = await em.query<{ asset_id: string }[]>(`SELECT asset_id FROM qualification_items WHERE project_id = $1`, [projectId]);
      if (!items.length) throw conflict('The qualification set is empty; ask a manager to choose its items.', reason('qualification_empty'));
      const [batch] = await em.query<{ id: string }[]>(
        `INSERT INTO batches (org_id, project_id, name, overlap, created_by, purpose) VALUES ($1, $2, $3, 1, $4, 'qualification') RETURNING id`,
        [actor.orgId, projectId, `Qualification: ${actor.name}`, actor.userId]);
      await em.query(`INSERT INTO batch_assets (batch_id, asset_id, org_id) SELECT $1, unnest($2::uuid[]), $3`, [batch.id, items.map((i) => i.asset_id), actor.orgId]);
      const tasks = await em.query<{ id: string }[]>(
        `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, assignee_id, is_gold, purpose)
         SELECT $1, $2, $3, a, 'annotate', 'assigned', $4, true, 'qualification' FROM unnest($5::uuid[]) AS a RETURNING id`,
        [actor.orgId, projectId, batch.id, actor.userId, items.map((i) => i.asset_id)]);
      await em.query(
        `INSERT INTO task_transitions (task_id, org_id, from_state, to_state, actor_id, reason) SELECT unnest($1::uuid[]), $2, 'queued', 'assigned', $3, 'qualification attempt'`,
        [tasks.map((t) => t.id), actor.orgId, actor.userId]);
      await em.query(`INSERT INTO qualification_attempts (org_id, project_id, user_id, batch_id, pass_mark) VALUES ($1, $2, $3, $4, $5)`, [actor.orgId, projectId, actor.userId, batch.id, q.passMark]);
    });
    return this.status(actor, projectId);
  }

  /**
   * Called when a qualification task was scored: once every task of the
   * attempt is in and scored, the attempt passes or fails (once).
   */
  async settle(orgId: string, batchId: string) {
    await this.db.transaction(async (em) => {
      const [a] = await em.query<{ id: string; project_id: string; user_id: string; pass_mark: number }[]>(
        `SELECT id, project_id, user_id, pass_mark FROM qualification_attempts WHERE batch_id = $1 AND org_id = $2 AND state = 'open' FOR UPDATE`, [batchId, orgId]);
      if (!a) return;
      const [s] = await em.query<{ tasks: number; scored: number; trials: number; correct: number }[]>(
        `SELECT count(*)::int AS tasks, count(r.task_id)::int AS scored, coalesce(sum(r.trials), 0)::int AS trials, coalesce(sum(r.correct), 0)::int AS correct
           FROM tasks t LEFT JOIN quality_task_results r ON r.task_id = t.id AND r.metric = 'gold' AND t.state = 'accepted'
          WHERE t.batch_id = $1`, [batchId]);
      if (s.scored < s.tasks) return;
      const score = s.trials ? s.correct / s.trials : 1;
      const passed = score >= a.pass_mark;
      await em.query(`UPDATE qualification_attempts SET state = $2, trials = $3, correct = $4, score = $5, finished_at = now() WHERE id = $1`, [a.id, passed ? 'passed' : 'failed', s.trials, s.correct, score]);
      if (passed) {
        await em.query(`INSERT INTO qualifications (project_id, user_id, org_id, attempt_id, score) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [a.project_id, a.user_id, orgId, a.id, score]);
      }
    });
  }
}
