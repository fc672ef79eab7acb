import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { QUEUE_OF, JOB_PAYLOADS, type JobName, type JobPayload } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { PerTurn } from '@tessera/server/db';

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

/** The producer side: the API enqueues through this and never runs a job itself. */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();
  /** Per queue, the jobs asked for in this turn of the event loop. */
  private readonly adds = new Map<string, PerTurn<BulkJob>>();
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
   * API's samples under the pool bench. A gathered add that fails is tried again caller by caller, so one caller's
   * job that BullMQ refuses (it refuses some ids) fails that caller alone; job ids keep a job added twice one job.
   */
  private add(queueName: string, jobs: BulkJob[]): Promise<void> {
    if (!jobs.length) return Promise.resolve();
    let adds = this.adds.get(queueName);
    if (!adds) {
      const addAll = async (all: BulkJob[]) => {
        for (let i = 0; i < all.length; i += BULK) await this.queue(queueName).addBulk(all.slice(i, i + BULK));
      };
      adds = new PerTurn<BulkJob>(async (parts) => {
        try {
          await addAll(parts.flat());
        } catch (e) {
          if (parts.length === 1) throw e;
          return Promise.all(parts.map((part) => addAll(part).then(() => undefined, (err: unknown) => err)));
        }
      });
      this.adds.set(queueName, adds);
    }
    return adds.add(jobs);
  }

  /** Takes a waiting job off its queue; BullMQ refuses for a job a worker holds (the caller decides what that means). */
  async remove(name: JobName, jobId: string): Promise<void> {
    await this.queue(QUEUE_OF[name]).remove(jobId);
  }

  async onModuleDestroy() {
    // Adds asked for just before: their callers wait for them, and the queues must still be open for them.
    await Promise.all([...this.adds.values()].map((a) => a.drain()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
