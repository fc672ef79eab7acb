import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { OpCommitter } from '@tessera/server/annotations';
import { METRICS_REGISTRY } from '../system/system.controller';
import { SyncServer } from './sync-server';

/** What /metrics says of /sync: connections, op acknowledgement times and results, commits. */
@Injectable()
export class SyncMetrics implements OnApplicationBootstrap {
  readonly ackSeconds = new Histogram({
    name: 'tessera_sync_ack_seconds', help: 'From an op batch arriving to its acknowledgement (after commit)',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [],
  });
  readonly results = new Counter({ name: 'tessera_sync_op_results_total', help: 'Op results by status or rejection code', labelNames: ['result'] as const, registers: [] });

  constructor(
    private readonly server: SyncServer,
    private readonly committer: OpCommitter,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  onApplicationBootstrap() {
    const { committer, server } = this;
    this.metrics.registerMetric(this.ackSeconds);
    this.metrics.registerMetric(this.results);
    this.metrics.registerMetric(new Gauge({ name: 'tessera_sync_connections', help: 'Open /sync connections on this process', registers: [], collect() { this.set(server.io?.engine.clientsCount ?? 0); } }));
    this.metrics.registerMetric(new Gauge({ name: 'tessera_annotation_commits', help: 'Op transactions committed since start', registers: [], collect() { this.set(committer.stats.commits); } }));
    this.metrics.registerMetric(new Gauge({ name: 'tessera_annotation_committed_ops', help: 'Ops committed since start', registers: [], collect() { this.set(committer.stats.ops); } }));
  }
}
