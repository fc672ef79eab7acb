import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_MODE, JOB_PAYLOADS, type JobName, type JobPayload } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { itemJobId } from './job-items';
import { JobQueues, type RetryOptions } from './job-queues';
import { repeatEvery, type Repeating } from './repeating';

/** The kinds whose whole payload is the run's params (with its org and id): a run row is enough to queue them again. */
const WHOLE_JOBS = (Object.keys(JOB_MODE) as JobName[]).filter((name) => JOB_MODE[name] === 'whole');

/**
 * In the worker: Postgres, not Redis, says which runs are owed a job. Every JOB_RECONCILE_MS, each
 * whole-mode run still `queued` after that long is offered to its queue again under its own id, and
 * so is each job of an open item run older than that whose items are not all counted (the run keeps
 * its jobs until it closes: `item_jobs`, job-items.ts). While BullMQ has such a job (waiting,
 * delayed for a retry, running) the add is a no-op, so this is idempotent and safe in any number of
 * workers; a job Redis lost (a flush, a Redis that came back empty) or that the API never queued (it
 * died after its COMMIT) is queued anew. JobRunner skips a run that has already succeeded, and an
 * item counts once however often its job runs.
 */
@Injectable()
export class JobReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('JobReconciler');
  private passes?: Repeating;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly queues: JobQueues,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(this.config.JOB_RECONCILE_MS, this.log, 'job reconcile', () => this.reconcile());
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }

  /** Offers the open runs' jobs to their queues again; returns how many it offered. */
  async reconcile(limit = 500): Promise<number> {
    return (await this.wholeRuns(limit)) + (await this.itemJobs(limit));
  }

  private async wholeRuns(limit: number): Promise<number> {
    const rows = await this.db.query<{ id: string; org_id: string; type: JobName; params: Record<string, unknown> }[]>(
      `SELECT id, org_id, type, params FROM job_runs
        WHERE state = 'queued' AND type = ANY($1::text[]) AND created_at < now() - make_interval(secs => $2::float8 / 1000)
        ORDER BY created_at LIMIT $3`,
      [WHOLE_JOBS, this.config.JOB_RECONCILE_MS, limit],
    );
    let offered = 0;
    for (const r of rows) {
      const payload = JOB_PAYLOADS[r.type].safeParse({ ...r.params, orgId: r.org_id, jobRunId: r.id });
      if (!payload.success) {
        // Params of an older shape: queuing it would only fail in the handler. Left for a person to see.
        this.log.warn(`${r.type} ${r.id}: its params no longer make a payload, not queued again`);
        continue;
      }
      await this.queues.enqueue(r.type, payload.data as JobPayload<typeof r.type>, r.id);
      offered++;
    }
    return offered;
  }

  /**
   * The jobs of open item runs whose items are not all counted, the oldest runs' first. A job's items are counted
   * in `job_run_items` under its id, or `id:key` each where it carries several (itemJobId and JobRunner.itemsDone,
   * spelled here in SQL).
   */
  private async itemJobs(limit: number): Promise<number> {
    const rows = await this.db.query<{ id: string; org_id: string; type: JobName; retry: RetryOptions; key: string; payload: Record<string, unknown> }[]>(
      `SELECT r.id, r.org_id, r.type, r.item_jobs->'retry' AS retry, j.key, j.payload
         FROM job_runs r CROSS JOIN LATERAL jsonb_to_recordset(r.item_jobs->'jobs') AS j(key text, count int, payload jsonb)
        WHERE r.state IN ('queued', 'running') AND r.item_jobs IS NOT NULL AND r.created_at < now() - make_interval(secs => $1::float8 / 1000)
          AND (SELECT count(*) FROM job_run_items i
                WHERE i.run_id = r.id AND (i.job_id = r.id || '-' || j.key OR starts_with(i.job_id, r.id || '-' || j.key || ':'))) < coalesce(j.count, 1)
        ORDER BY r.created_at, r.id LIMIT $2`,
      [this.config.JOB_RECONCILE_MS, limit],
    );
    const byRun = new Map<string, typeof rows>();
    for (const r of rows) byRun.set(r.id, [...(byRun.get(r.id) ?? []), r]);
    let offered = 0;
    for (const [runId, jobs] of byRun) {
      const { type, org_id: orgId, retry } = jobs[0];
      try {
        await this.queues.enqueueMany(type, jobs.map((j) => ({ payload: { ...j.payload, orgId, jobRunId: runId } as JobPayload<typeof type>, jobId: itemJobId(runId, j.key) })), retry);
        offered += jobs.length;
      } catch (e) {
        // A payload of an older shape is refused by its schema: left for a person to see, as a whole run's is.
        this.log.warn(`${type} ${runId}: its jobs could not be queued again: ${(e as Error).message}`);
      }
    }
    return offered;
  }
}
