import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { QUEUE_OF, JOB_PAYLOADS, type JobName, type JobPayload } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';

export function bullConnection(config: Config): ConnectionOptions {
  return { url: config.REDIS_URL, maxRetriesPerRequest: null } as ConnectionOptions;
}

/** Retries with exponential backoff; handlers are idempotent so a retry is always safe. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 86400, count: 10000 },
  removeOnFail: { age: 30 * 86400 },
} as const;

/** What a kind of job may change of the defaults: how often it is tried, and how long a retry waits. */
export type RetryOptions = Pick<JobsOptions, 'attempts' | 'backoff'>;

type BulkJob = Parameters<Queue['addBulk']>[0][number];

/** BullMQ's add of many jobs goes in one pipeline; past this many, in several. */
const BULK = 1000;

/** Jobs asked for in one turn of the event loop for one queue, by caller. */
interface PendingAdds {
  jobs: BulkJob[];
  callers: { jobs: BulkJob[]; resolve: () => void; reject: (e: unknown) => void }[];
}

/** The producer side: the API enqueues through this and never runs a job itself. */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();
  private readonly pending = new Map<string, PendingAdds>();
  private readonly flushing = new Set<Promise<void>>();
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: bullConnection(this.config), prefix: `${this.config.REDIS_PREFIX}:bull`, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): Promise<void> {
    const data = JOB_PAYLOADS[name].parse(payload);
    await this.add(QUEUE_OF[name], [{ name, data, opts: { jobId } }]);
  }

  async enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayload<N>; jobId: string }[], retry: RetryOptions = {}): Promise<void> {
    const schema = JOB_PAYLOADS[name];
    await this.add(QUEUE_OF[name], jobs.map((j) => ({ name, data: schema.parse(j.payload), opts: { ...retry, jobId: j.jobId } })));
  }

  /**
   * Adds jobs together with the others asked for on the same queue in this turn of the event loop: one BullMQ
   * `addBulk`, so one pipeline and one write to Redis for them all. Each submit queues its quality job, and building
   * BullMQ's pipeline for it alone (it copies every script BullMQ defines onto each) and writing it took 4.4 % of the
   * API's samples under the pool bench. Job ids keep a second add of the same job from counting twice.
   */
  private add(queueName: string, jobs: BulkJob[]): Promise<void> {
    if (!jobs.length) return Promise.resolve();
    let batch = this.pending.get(queueName);
    if (!batch) {
      const made: PendingAdds = { jobs: [], callers: [] };
      this.pending.set(queueName, made);
      setImmediate(() => {
        const flush = this.flush(queueName, made);
        this.flushing.add(flush);
        void flush.finally(() => this.flushing.delete(flush));
      });
      batch = made;
    }
    const waiting = batch;
    for (const job of jobs) waiting.jobs.push(job); // not push(...jobs): a run of 100,000 items would overflow the stack
    return new Promise<void>((resolve, reject) => waiting.callers.push({ jobs, resolve, reject }));
  }

  /** A batch that fails is tried again caller by caller, so one caller's bad job (BullMQ refuses some ids) fails only that caller. */
  private async flush(queueName: string, batch: PendingAdds): Promise<void> {
    this.pending.delete(queueName);
    const addAll = async (jobs: BulkJob[]) => {
      for (let i = 0; i < jobs.length; i += BULK) await this.queue(queueName).addBulk(jobs.slice(i, i + BULK));
    };
    try {
      await addAll(batch.jobs);
      for (const c of batch.callers) c.resolve();
    } catch (e) {
      if (batch.callers.length === 1) return batch.callers[0].reject(e);
      for (const c of batch.callers) await addAll(c.jobs).then(c.resolve, c.reject);
    }
  }

  /** Takes a waiting job off its queue; BullMQ refuses for a job a worker holds (the caller decides what that means). */
  async remove(name: JobName, jobId: string): Promise<void> {
    await this.queue(QUEUE_OF[name]).remove(jobId);
  }

  async onModuleDestroy() {
    // Adds asked for just before: their callers wait for them, and the queues must still be open for them.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all([...this.flushing]);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
