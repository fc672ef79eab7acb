import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { workflowSettings } from '@tessera/contracts';
import { QualityDispatch } from './quality-dispatch';

/**
 * What the task workflow asks of quality control (libs/server/tasks calls it
 * through its QUALITY_GATE token): whether someone's work must all be reviewed,
 * whether they may take work at all, and to score what was just submitted.
 */
@Injectable()
export class QualityGateService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly dispatch: QualityDispatch,
  ) {}

  /**
   * Whether the person's work on a task `t` (an SQL alias) must all be reviewed, as an SQL expression: the submit reads
   * it in its task's locking statement rather than in a statement of its own (see TasksService.submit).
   */
  mustReviewSql(t: string, user: string): string {
    return `coalesce((SELECT s.full_review FROM quality_person_status s WHERE s.project_id = ${t}.project_id AND s.user_id = ${user}), false)`;
  }

  /**
   * Why this person may not take annotate work in the project now, or null.
   * While an attempt at the qualification is open and they still hold its
   * tasks, "next task" hands those out.
   */
  async refusal(projectId: string, userId: string): Promise<{ code: string; message: string } | null> {
    // The person's standing and the project's settings in one round trip: this runs when a claim found nothing.
    const [p] = await this.db.query<{ workflow: unknown; paused: boolean | null; reason: string | null }[]>(
      `SELECT p.workflow, s.paused, s.reason FROM projects p
         LEFT JOIN quality_person_status s ON s.project_id = p.id AND s.user_id = $2
        WHERE p.id = $1`,
      [projectId, userId],
    );
    if (p?.paused) return { code: 'quality.paused', message: `You are paused in this project: ${p.reason ?? 'by a manager'}.` };
    const q = workflowSettings.parse(p?.workflow ?? {}).qualification;
    if (!q.required) return null;
    const [row] = await this.db.query<{ passed: boolean; holding: boolean; open: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM qualifications WHERE project_id = $1 AND user_id = $2) AS passed,
              EXISTS (SELECT 1 FROM tasks WHERE project_id = $1 AND assignee_id = $2 AND purpose = 'qualification' AND state IN ('assigned','in_progress')) AS holding,
              EXISTS (SELECT 1 FROM qualification_attempts WHERE project_id = $1 AND user_id = $2 AND state = 'open') AS open`,
      [projectId, userId],
    );
    if (row.passed || row.holding) return null;
    if (row.open) return { code: 'quality.qualification_scoring', message: 'Your qualification is being scored; work opens once you pass.' };
    return { code: 'quality.qualification_required', message: 'This project asks you to pass its qualification first.' };
  }

  /**
   * refusal()'s rule as an SQL condition, for the claim to apply in its own statement: not paused, and qualified
   * where the project asks for it (or holding the qualification's items). The two forms must say the same;
   * quality.spec's paused and qualification cases go through both.
   */
  mayTakeWorkSql(p: string, user: string): string {
    return `NOT EXISTS (SELECT 1 FROM quality_person_status qs WHERE qs.project_id = ${p}.id AND qs.user_id = ${user} AND qs.paused)
      AND (NOT coalesce((${p}.workflow->'qualification'->>'required')::boolean, false)
        OR EXISTS (SELECT 1 FROM qualifications q WHERE q.project_id = ${p}.id AND q.user_id = ${user})
        OR EXISTS (SELECT 1 FROM tasks qt WHERE qt.project_id = ${p}.id AND qt.assignee_id = ${user} AND qt.purpose = 'qualification' AND qt.state IN ('assigned','in_progress')))`;
  }

  async submitted(em: EntityManager, orgId: string, taskIds: string[]): Promise<() => Promise<void>> {
    const { queue } = await this.dispatch.taskRun(em, orgId, taskIds);
    // Not queued (Redis away): the sweep finds the work unscored and queues it.
    return () => queue().catch(() => undefined);
  }
}
