import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JOB_PAYLOADS, QUEUE_OF, type JobContext, type JobName } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { bullConnection } from './job-queues';
import { JobRunEntity } from './job-run.entity';
import { assertHandlersComplete, type JobHandlers } from './job-handler';

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** Progress reaches the database at most this often; the last update always lands. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Hosts one BullMQ worker per queue and keeps each job's run row in step:
 * running, progress, succeeded, or failed once the retries are spent.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('JobRunner');
  private workers: Worker[] = [];

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandlers,
  ) {
    assertHandlersComplete(handlers);
  }

  onApplicationBootstrap() {
    const queues = [...new Set(Object.values(QUEUE_OF))];
    this.workers = queues.map((queue) => {
      const worker = new Worker(queue, (job) => this.process(job), {
        connection: bullConnection(this.config),
        prefix: `${this.config.REDIS_PREFIX}:bull`,
        concurrency: 2,
      });
      worker.on('failed', (job, err) => this.log.warn(`${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
      worker.on('error', (err) => this.log.error(`worker error on ${queue}: ${err.message}`));
      return worker;
    });
    this.log.log(`listening on queues: ${queues.join(', ')}`);
  }

  /** Lets running jobs finish (BullMQ's close waits for them) before the process exits. */
  async onApplicationShutdown() {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  async process(job: Job): Promise<void> {
    const name = job.name as JobName;
    if (!(name in JOB_PAYLOADS)) throw new Error(`unknown job ${job.name}`);
    const payload = JOB_PAYLOADS[name].parse(job.data);
    const runs = this.db.getRepository(JobRunEntity);
    const run = await runs.findOneBy({ id: payload.jobRunId, orgId: payload.orgId });
    if (!run) throw new Error(`job run ${payload.jobRunId} not found`);
    // Redelivered after success (a crash between commit and ack): nothing to do.
    if (run.state === 'succeeded') return;

    const attempt = job.attemptsMade + 1;
    await runs.update({ id: run.id }, { state: 'running', attempts: attempt, startedAt: run.startedAt ?? new Date() });

    let lastWrite = 0;
    const ctx: JobContext = {
      jobRunId: run.id,
      attempt,
      log: (message) => this.log.log(`${name} ${run.id}: ${message}`),
      progress: async (processed, total) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_INTERVAL_MS && processed < total) return;
        lastWrite = now;
        await runs.update({ id: run.id }, { progress: total ? processed / total : 0, counts: { total, processed, failed: 0 } });
        await job.updateProgress(total ? processed / total : 0);
      },
    };

    try {
      const result = await (this.handlers[name] as (p: unknown, c: JobContext) => ReturnType<JobHandlers[JobName]>)(payload, ctx);
      await runs.update({ id: run.id }, { state: 'succeeded', progress: 1, result, finishedAt: new Date() });
    } catch (e) {
      const finalAttempt = attempt >= (job.opts.attempts ?? 1);
      const errors = [...run.errors, { message: (e as Error).message ?? String(e), at: new Date().toISOString() }].slice(-50);
      await runs.update({ id: run.id }, { state: finalAttempt ? 'failed' : 'queued', errors, finishedAt: finalAttempt ? new Date() : null });
      throw e;
    }
  }
}
