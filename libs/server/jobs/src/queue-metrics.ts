import type Redis from 'ioredis';
import type { Job } from 'bullmq';

/**
 * Queue figures for Prometheus. Jobs run in worker processes, which serve no
 * HTTP; each worker adds what its jobs took to counters in one Redis hash
 * (flushed once a second), and every API process's /metrics reads them there.
 * They are the installation's totals, the same from every API process: a
 * dashboard takes `max` across processes, not `sum`.
 */

/** Upper bounds, in seconds, of the wait and run time histograms. */
export const QUEUE_SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] as const;
const FLUSH_MS = 1000;

export const queueMetricsKey = (redisPrefix: string) => `${redisPrefix}:metrics:queues`;

/** The hash field of the bucket a value falls in (not cumulative: the reader adds them up). */
function bucketField(queue: string, series: 'wait' | 'run', seconds: number): string {
  const i = QUEUE_SECONDS_BUCKETS.findIndex((le) => seconds <= le);
  return `${queue}|${series}|${i < 0 ? 'inf' : i}`;
}

/** The worker's side: what each job took, added up in memory and sent to Redis in one round trip a second. */
export class QueueTimings {
  private counts = new Map<string, number>();
  private sums = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly redis: Redis, private readonly key: string) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private add(field: string, n = 1) {
    this.counts.set(field, (this.counts.get(field) ?? 0) + n);
  }

  private observe(queue: string, series: 'wait' | 'run', seconds: number) {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.add(bucketField(queue, series, seconds));
    this.add(`${queue}|${series}|count`);
    const sum = `${queue}|${series}|sum`;
    this.sums.set(sum, (this.sums.get(sum) ?? 0) + seconds);
  }

  /**
   * One finished attempt. Wait: from when the job could first start (enqueued,
   * or its delay over) to the start of this attempt, so retries' backoff counts
   * as waiting. Run: this attempt, start to finish.
   */
  record(queue: string, job: Pick<Job, 'timestamp' | 'processedOn' | 'finishedOn' | 'attemptsMade' | 'opts'>, outcome: 'completed' | 'failed') {
    const started = job.processedOn;
    const finished = job.finishedOn ?? Date.now();
    if (started) {
      this.observe(queue, 'wait', (started - (job.timestamp + (job.opts?.delay ?? 0))) / 1000);
      this.observe(queue, 'run', (finished - started) / 1000);
    }
    if (outcome === 'completed') this.add(`${queue}|completed`);
    // attemptsMade already counts this attempt when 'failed' fires.
    else this.add(`${queue}|failed|${job.attemptsMade >= (job.opts?.attempts ?? 1) ? 'final' : 'retried'}`);
  }

  async flush() {
    if (!this.counts.size && !this.sums.size) return;
    const counts = this.counts;
    const sums = this.sums;
    this.counts = new Map();
    this.sums = new Map();
    const tx = this.redis.multi();
    for (const [field, n] of counts) tx.hincrby(this.key, field, n);
    for (const [field, s] of sums) tx.hincrbyfloat(this.key, field, s);
    try {
      await tx.exec();
    } catch {
      // Figures are not worth a failed job or a crash: a lost second of them is.
    }
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}

export interface QueueFigures {
  queue: string;
  completed: number;
  failedFinal: number;
  failedRetried: number;
  wait: { buckets: number[]; sum: number; count: number };
  run: { buckets: number[]; sum: number; count: number };
}

/** The API's side: the workers' totals per queue, histogram buckets made cumulative as Prometheus reads them. */
export async function readQueueFigures(redis: Redis, key: string, queues: readonly string[]): Promise<QueueFigures[]> {
  const raw = await redis.hgetall(key);
  const num = (field: string) => Number(raw[field] ?? 0);
  const histogram = (queue: string, series: 'wait' | 'run') => {
    let running = 0;
    const buckets = QUEUE_SECONDS_BUCKETS.map((_, i) => (running += num(`${queue}|${series}|${i}`)));
    return { buckets, sum: num(`${queue}|${series}|sum`), count: num(`${queue}|${series}|count`) };
  };
  return queues.map((queue) => ({
    queue,
    completed: num(`${queue}|completed`),
    failedFinal: num(`${queue}|failed|final`),
    failedRetried: num(`${queue}|failed|retried`),
    wait: histogram(queue, 'wait'),
    run: histogram(queue, 'run'),
  }));
}
