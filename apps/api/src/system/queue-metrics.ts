import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { JobQueues, QUEUE_SECONDS_BUCKETS, queueMetricsKey, readQueueFigures } from '@tessera/server/jobs';
import { METRICS_REGISTRY } from './system.controller';
import { QUEUE_NAMES } from './queue-board';

/** The states a queue's depth is told in: what waits, what runs, and what is kept of what ended. */
const STATES = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active', 'failed', 'completed'] as const;

type Sample = { metricName?: string; labels: Record<string, string | number>; value: number };

/**
 * A metric prom-client writes as it is given: the workers' counters and
 * histograms come ready-made from Redis (libs/server/jobs/queue-metrics.ts),
 * so prom-client's own Counter and Histogram, which count in this process,
 * cannot carry them.
 */
function readyMade(name: string, help: string, type: 'counter' | 'histogram', values: () => Promise<Sample[]>) {
  return { name, help, type, aggregator: 'max', get: async () => ({ name, help, type, aggregator: 'max', values: await values() }) };
}

/**
 * Queue figures on /metrics: each queue's depth by state (asked of Redis at
 * scrape time), and the workers' totals: jobs completed, attempts failed (final
 * or to be retried), and the wait and run time histograms.
 */
@Injectable()
export class QueueMetrics implements OnApplicationBootstrap {
  private readonly log = new Logger('QueueMetrics');

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly queues: JobQueues,
  ) {}

  onApplicationBootstrap() {
    const queues = this.queues;
    const log = this.log;
    this.registry.registerMetric(
      new Gauge({
        name: 'tessera_queue_jobs',
        help: 'Jobs in each queue by state (the installation\'s, the same from every API process)',
        labelNames: ['queue', 'state'] as const,
        registers: [],
        async collect() {
          try {
            const all = await Promise.all(QUEUE_NAMES.map((q) => queues.queue(q).getJobCounts(...STATES)));
            QUEUE_NAMES.forEach((queue, i) => STATES.forEach((state) => this.set({ queue, state }, all[i][state] ?? 0)));
          } catch (e) {
            // A scrape while Redis is away reports what it can; /readyz says Redis is down.
            log.warn(`queue depths unavailable: ${(e as Error).message}`);
          }
        },
      }),
    );

    let pending: ReturnType<typeof readQueueFigures> | null = null;
    // One read of the hash serves every metric of the same scrape.
    const figures = () => {
      pending ??= readQueueFigures(this.redis, queueMetricsKey(this.config.REDIS_PREFIX), QUEUE_NAMES).finally(() => setTimeout(() => (pending = null), 0));
      return pending.catch(() => []);
    };
    const histogram = (name: string, series: 'wait' | 'run') => async (): Promise<Sample[]> =>
      (await figures()).flatMap((f): Sample[] => [
        ...QUEUE_SECONDS_BUCKETS.map((le, i) => ({ metricName: `${name}_bucket`, labels: { queue: f.queue, le }, value: f[series].buckets[i] })),
        { metricName: `${name}_bucket`, labels: { queue: f.queue, le: '+Inf' }, value: f[series].count },
        { metricName: `${name}_sum`, labels: { queue: f.queue }, value: f[series].sum },
        { metricName: `${name}_count`, labels: { queue: f.queue }, value: f[series].count },
      ]);
    const metrics = [
      readyMade('tessera_queue_jobs_completed_total', 'Jobs completed, by queue (all workers)', 'counter', async () =>
        (await figures()).map((f) => ({ labels: { queue: f.queue }, value: f.completed }))),
      readyMade('tessera_queue_job_failures_total', 'Failed job attempts, by queue; final="true" when no retry is left (all workers)', 'counter', async () =>
        (await figures()).flatMap((f) => [
          { labels: { queue: f.queue, final: 'true' }, value: f.failedFinal },
          { labels: { queue: f.queue, final: 'false' }, value: f.failedRetried },
        ])),
      readyMade('tessera_queue_job_wait_seconds', 'From a job being due (enqueued, delay or backoff over) to an attempt starting (all workers)', 'histogram', histogram('tessera_queue_job_wait_seconds', 'wait')),
      readyMade('tessera_queue_job_run_seconds', 'How long an attempt ran, start to finish (all workers)', 'histogram', histogram('tessera_queue_job_run_seconds', 'run')),
    ];
    // prom-client takes any object that answers get() as its own metrics do.
    for (const m of metrics) this.registry.registerMetric(m as unknown as Gauge);
  }
}
