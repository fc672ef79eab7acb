import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_MODE, JOB_PAYLOADS, type JobName, type JobPayload } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { JobQueues } from './job-queues';
import { repeatEvery, type Repeating } from './repeating';

/** The kinds whose whole payload is the run's params (with its org and id): a run row is enough to queue them again. */
const WHOLE_JOBS = (Object.keys(JOB_MODE) as JobName[]).filter((name) => JOB_MODE[name] === 'whole');

/**
 * In the worker: Postgres, not Redis, says which runs are owed a job. Every JOB_RECONCILE_MS, each
 * whole-mode run still `queued` after that long is offered to its queue again under its own id.
 * While BullMQ has that job (waiting, delayed for a retry, running) the add is a no-op, so this is
 * idempotent and safe in any number of workers; a job Redis lost (a flush, a Redis that came back
 * empty) is queued anew, and JobRunner skips a run that has already succeeded. Item-mode runs carry
 * their items only in their jobs; the webhook outbox queues its own again (WebhookOutbox.requeue).
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

  /** Offers the queued runs' jobs to their queues again; returns how many it offered. */
  async reconcile(limit = 500): Promise<number> {
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
}
