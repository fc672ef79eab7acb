import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CANCELLABLE_JOBS, JOB_FILE_ACTION, reachOf, type JobName, type JobPayload, type JobRun, type JobState, type Role } from '@tessera/contracts';
import { conflict, forbidden, notFound, reason } from '@tessera/server/errors';
import { JobRunEntity } from './job-run.entity';
import { carriesSeveral, itemJobId, type ItemJobs } from './job-items';
import { JobQueues, type RetryOptions } from './job-queues';

export function toJobRun(r: JobRunEntity): JobRun {
  const { blobKey: _key, ...result } = r.result ?? ({} as NonNullable<JobRunEntity['result']>);
  return {
    id: r.id, type: r.type, state: r.state, progress: r.progress, counts: r.counts, errors: r.errors, attempts: r.attempts,
    params: r.params, result: r.result ? result : null, createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** Who starts or reads runs (an authenticated actor): the job runtime needs no more of them. */
export interface JobRunViewer {
  userId: string;
  orgId: string;
  role: Role;
}

/** The user-visible side of background work: create a run, enqueue its job, read it back. */
@Injectable()
export class JobRunsService {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly queues: JobQueues) {}

  /**
   * The run row commits first and the job is keyed by the run id, so a
   * retried request or a redelivered job can never make two runs of one. A run
   * nobody started (a schedule's) has no creator.
   */
  async start<N extends JobName>(actor: { orgId: string; userId: string | null }, name: N, params: Omit<JobPayload<N>, 'orgId' | 'jobRunId'>): Promise<JobRun> {
    const { run, queue } = await this.create(actor, name, params, this.db.manager);
    await queue();
    return run;
  }

  /**
   * A run's row written in the caller's transaction, and how to queue its job, which the caller does after its
   * COMMIT: a job queued before would be taken by a worker that cannot see its run yet (it failed, and waited for
   * a retry). A whole-mode run left queued (the process died, Redis was away) is queued by the worker's reconciler.
   */
  async create<N extends JobName>(
    actor: { orgId: string; userId: string | null },
    name: N,
    params: Omit<JobPayload<N>, 'orgId' | 'jobRunId'>,
    em: EntityManager,
  ): Promise<{ run: JobRun; queue: () => Promise<void> }> {
    const row = await this.insertRun(em, actor, name, params as Record<string, unknown>, 0);
    return { run: toJobRun(row), queue: () => this.queues.enqueue(name, { ...params, orgId: actor.orgId, jobRunId: row.id } as JobPayload<N>, row.id) };
  }

  /**
   * A run that fans out to one job per item (`item` mode): the total is known
   * up front and each job is keyed by run and item, so a retried request
   * cannot enqueue an item twice. A job that carries several items says how
   * many (`count`) and reports them with `itemsDone`. A run nobody started (an
   * event's consequence) has no creator, and only those who read every run see it.
   */
  async startItems<N extends JobName>(
    actor: { orgId: string; userId: string | null },
    name: N,
    items: { key: string; payload: Omit<JobPayload<N>, 'orgId' | 'jobRunId'>; count?: number }[],
    params: Record<string, unknown> = {},
    retry: RetryOptions = {},
  ): Promise<JobRun> {
    const { run, queue } = await this.createItems(actor, name, items, params, this.db.manager, retry);
    await queue();
    return run;
  }

  /** startItems in two halves, as create() is: the run's row in the caller's transaction, its jobs queued after COMMIT. */
  async createItems<N extends JobName>(
    actor: { orgId: string; userId: string | null },
    name: N,
    items: { key: string; payload: Omit<JobPayload<N>, 'orgId' | 'jobRunId'>; count?: number }[],
    params: Record<string, unknown>,
    em: EntityManager,
    retry: RetryOptions = {},
  ): Promise<{ run: JobRun; queue: () => Promise<void> }> {
    // The runner must know a job's items to count them when its handler cannot (job-items.ts).
    if (!carriesSeveral(name) && items.some((i) => i.count !== undefined)) throw new Error(`${name} jobs carry one item each`);
    const itemJobs: ItemJobs = { retry, jobs: items.map(({ key, count, payload }) => ({ key, count, payload })) };
    const row = await this.insertRun(em, actor, name, params, items.reduce((n, i) => n + (i.count ?? 1), 0), itemJobs);
    const jobs = items.map((i) => ({ payload: { ...i.payload, orgId: actor.orgId, jobRunId: row.id } as JobPayload<N>, jobId: itemJobId(row.id, i.key) }));
    return { run: toJobRun(row), queue: () => this.queues.enqueueMany(name, jobs, retry) };
  }

  /**
   * A queued run's row; `total`: its items, 0 for a whole-mode run. One INSERT written out rather than TypeORM's
   * `save`, whose change tracking and query building took 3.6 % of the API's samples under the pool bench (every
   * submit starts a quality run). The row comes back under the entity's property names; `itemJobs` stays in
   * the database, for the reconciler.
   */
  private async insertRun(em: EntityManager, actor: { orgId: string; userId: string | null }, name: JobName, params: Record<string, unknown>, total: number, itemJobs: ItemJobs | null = null) {
    const [row] = await em.query<JobRunEntity[]>(
      `INSERT INTO job_runs (org_id, type, state, progress, counts, errors, params, result, attempts, created_by, item_jobs)
       VALUES ($1, $2, 'queued', 0, $3, '[]', $4, NULL, 0, $5, $6)
       RETURNING id, org_id AS "orgId", type, state, progress, counts, errors, params, result, attempts, created_by AS "createdBy",
                 created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`,
      [actor.orgId, name, JSON.stringify({ total, processed: 0, failed: 0 }), JSON.stringify(params), actor.userId, itemJobs && JSON.stringify(itemJobs)],
    );
    return row;
  }

  private scoped(actor: JobRunViewer) {
    const qb = this.db.getRepository(JobRunEntity).createQueryBuilder('r').where('r.orgId = :orgId', { orgId: actor.orgId });
    if (reachOf(actor.role, 'jobs.read') !== 'org') qb.andWhere('r.createdBy = :userId', { userId: actor.userId });
    return qb;
  }

  async list(actor: JobRunViewer, q: { type?: JobName; state?: JobState; limit: number; offset: number }) {
    const qb = this.scoped(actor).orderBy('r.createdAt', 'DESC').limit(q.limit).offset(q.offset);
    if (q.type) qb.andWhere('r.type = :type', { type: q.type });
    if (q.state) qb.andWhere('r.state = :state', { state: q.state });
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toJobRun), total };
  }

  async getEntity(actor: JobRunViewer, id: string): Promise<JobRunEntity> {
    const run = await this.scoped(actor).andWhere('r.id = :id', { id }).getOne();
    if (!run) throw notFound('job run');
    return run;
  }

  /**
   * A run whose file the actor may take now: reaching the run (their own, or every run for those who
   * read all) is not enough, since the role that started it may have been taken away since; the
   * guard read the actor's current role, and the run's file action must still allow it, in the
   * run's project where that action reaches only one's projects.
   */
  async getForDownload(actor: JobRunViewer, id: string): Promise<JobRunEntity> {
    const run = await this.getEntity(actor, id);
    const action = JOB_FILE_ACTION[run.type];
    if (!action) throw conflict('This run has no file.', reason('run_has_no_file'));
    const reach = reachOf(actor.role, action);
    if (!reach) throw forbidden('Your role no longer allows taking this file.');
    if (reach === 'own' && run.createdBy !== actor.userId) throw forbidden('Your role no longer allows taking this file.');
    const projectId = typeof run.params.projectId === 'string' ? run.params.projectId : null;
    if (reach === 'project') {
      const [member] = projectId
        ? await this.db.query(`SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2 AND org_id = $3`, [projectId, actor.userId, actor.orgId])
        : [];
      if (!member) throw forbidden('You are no longer a member of this project.');
    }
    return run;
  }

  async get(actor: JobRunViewer, id: string): Promise<JobRun> {
    return toJobRun(await this.getEntity(actor, id));
  }

  /**
   * Cancels a queued or running run of a cancellable kind (the person who
   * started it, or those who see every run). The row changes at once; the
   * worker stops at the handler's next progress report, and the queued job,
   * if it has not started, is taken off the queue. Cancelling a cancelled run
   * again answers the run; a finished one is a 409.
   */
  async cancel(actor: JobRunViewer, id: string): Promise<JobRun> {
    const run = await this.getEntity(actor, id);
    if (!CANCELLABLE_JOBS.includes(run.type)) throw conflict(`A ${run.type} run cannot be cancelled: it must finish what it started.`, reason('run_not_cancellable'));
    if (run.state === 'cancelled') return toJobRun(run);
    const [, changed] = await this.db.query(
      `UPDATE job_runs SET state = 'cancelled', finished_at = now() WHERE id = $1 AND org_id = $2 AND state IN ('queued', 'running')`, [run.id, actor.orgId]);
    if (!changed) throw conflict('The run has already finished.', reason('run_finished'));
    // Not started yet: nothing needs to stop, so the job leaves the queue (a job already taken is not removable, and stops itself).
    await this.queues.remove(run.type, run.id).catch(() => undefined);
    return toJobRun(await this.getEntity(actor, id));
  }
}
