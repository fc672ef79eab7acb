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

/** The producer side: the API enqueues through this and never runs a job itself. */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();
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
    await this.queue(QUEUE_OF[name]).add(name, data, { jobId });
  }

  async enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayload<N>; jobId: string }[], retry: RetryOptions = {}): Promise<void> {
    const schema = JOB_PAYLOADS[name];
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.queue(QUEUE_OF[name]).addBulk(jobs.slice(i, i + 1000).map((j) => ({ name, data: schema.parse(j.payload), opts: { ...retry, jobId: j.jobId } })));
    }
  }

  /** Takes a waiting job off its queue; BullMQ refuses for a job a worker holds (the caller decides what that means). */
  async remove(name: JobName, jobId: string): Promise<void> {
    await this.queue(QUEUE_OF[name]).remove(jobId);
  }

  async onModuleDestroy() {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
