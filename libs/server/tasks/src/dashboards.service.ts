import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TASK_STATES, type ProjectDashboard, type TaskState } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';
import { ProjectsService } from '@tessera/server/projects';
import { BatchesService } from './batches.service';
import { TasksService } from './tasks.service';

interface FigureRow { id: string; name: string; submitted: number; accepted: number; rejected: number; reviewed: number; active_seconds: number }

function figures(r: FigureRow) {
  return {
    user: { id: r.id, name: r.name },
    submitted: r.submitted,
    accepted: r.accepted,
    rejected: r.rejected,
    rejectionRate: r.reviewed ? r.rejected / r.reviewed : null,
    secondsPerTask: r.submitted ? Math.round(r.active_seconds / r.submitted) : null,
    tasksPerHour: r.active_seconds ? Math.round((r.submitted / (r.active_seconds / 3600)) * 10) / 10 : null,
  };
}

/**
 * Per annotator, from the transition log rather than from the tasks' present
 * states, so a task rejected and then accepted counts one rejection and one
 * acceptance, and resubmissions count as submissions.
 */
const FIGURES = `
  SELECT u.id, u.name,
    count(*) FILTER (WHERE tt.to_state = 'submitted')::int AS submitted,
    count(*) FILTER (WHERE tt.to_state = 'accepted')::int AS accepted,
    count(*) FILTER (WHERE tt.to_state = 'rejected')::int AS rejected,
    count(*) FILTER (WHERE tt.to_state IN ('accepted','rejected') AND tt.reason <> 'accepted without review (not sampled)')::int AS reviewed,
    coalesce((SELECT sum(active_seconds) FROM tasks x WHERE x.assignee_id = u.id AND x.project_id = $1 AND x.stage = 'annotate' AND x.purpose = 'work'), 0)::int AS active_seconds
  FROM tasks t JOIN task_transitions tt ON tt.task_id = t.id JOIN users u ON u.id = t.assignee_id
  WHERE t.project_id = $1 AND t.stage = 'annotate' AND t.purpose = 'work'`;

const byState = (rows: { state: TaskState; n: number }[]) => Object.fromEntries(TASK_STATES.map((s) => [s, rows.find((r) => r.state === s)?.n ?? 0])) as Record<TaskState, number>;

@Injectable()
export class DashboardsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly projects: ProjectsService,
    private readonly batches: BatchesService,
    private readonly tasks: TasksService,
  ) {}

  async project(actor: Actor, projectId: string): Promise<ProjectDashboard> {
    await this.projects.get(actor, projectId, 'dashboard.read');
    const [batches, states, annotators, reviewers] = await Promise.all([
      this.batches.list(actor, projectId).then((b) => b.items),
      this.db.query<{ stage: string; state: TaskState; n: number }[]>(`SELECT stage, state, count(*)::int AS n FROM tasks WHERE project_id = $1 AND purpose = 'work' GROUP BY stage, state`, [projectId]),
      this.db.query<FigureRow[]>(`${FIGURES} GROUP BY u.id, u.name ORDER BY u.name`, [projectId]),
      this.db.query<{ id: string; name: string; reviewed: number; rejected: number }[]>(
        `SELECT u.id, u.name, count(*) FILTER (WHERE t.state IN ('accepted','rejected'))::int AS reviewed, count(*) FILTER (WHERE t.state = 'rejected')::int AS rejected
           FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.project_id = $1 AND t.stage = 'review' GROUP BY u.id, u.name ORDER BY u.name`, [projectId]),
    ]);
    return {
      batches,
      tasksByState: byState(states.filter((s) => s.stage === 'annotate')),
      reviewsByState: byState(states.filter((s) => s.stage === 'review')),
      annotators: annotators.map(figures),
      reviewers: reviewers.map((r) => ({ user: { id: r.id, name: r.name }, reviewed: r.reviewed, rejected: r.rejected })),
    };
  }

  /** My figures in a project, my open work, and how many reviews wait. */
  async mine(actor: Actor, projectId: string) {
    await this.projects.get(actor, projectId, 'projects.read');
    const [mine] = await this.db.query<FigureRow[]>(`${FIGURES} AND t.assignee_id = $2 GROUP BY u.id, u.name`, [projectId, actor.userId]);
    const open = await this.tasks.list(actor, { projectId, mine: true, limit: 200, offset: 0 });
    const [{ n }] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM tasks t WHERE t.project_id = $1 AND t.stage = 'review' AND t.state = 'queued'
          AND NOT EXISTS (SELECT 1 FROM tasks w WHERE w.id = t.review_of AND w.assignee_id = $2)`, [projectId, actor.userId]);
    return {
      figures: figures(mine ?? { id: actor.userId, name: actor.name, submitted: 0, accepted: 0, rejected: 0, reviewed: 0, active_seconds: 0 }),
      open: open.items.filter((t) => t.state !== 'accepted' && !(t.stage === 'review' && t.state === 'rejected')),
      reviewQueue: n,
    };
  }
}
