import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TASK_STATES } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { WebhookOutbox } from '@tessera/server/webhooks';
import { returned } from './task-rows';

/**
 * Every state but accepted, spelled out: `state <> 'accepted'` made the batch-close check walk
 * past every accepted task of the batch in tasks_batch_idx ('accepted' sorts first), so each
 * accept cost more than the last; a list is one index probe per state.
 */
export const OPEN_STATES = TASK_STATES.filter((s) => s !== 'accepted').map((s) => `'${s}'`).join(', ');

/**
 * In the worker: every BATCH_SWEEP_MS, completes the work batches whose annotate tasks are all accepted and which are
 * still open, with their `batch.completed` webhook rows in the same transaction. An accept closes its batch itself
 * when it is the last (TasksService, `accepted`), but two last accepts at once each check before the other commits,
 * see the other's task open, and neither closes it; only a look after both commits can. The in-app notification to
 * the batch's maker is the API's to send, and is not sent for a batch closed here.
 */
@Injectable()
export class BatchSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('BatchSweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly outbox: WebhookOutbox,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().then(
        (n) => void (n && this.log.log(`completed ${n} batches whose last accepts came at once`)),
        (e: Error) => this.log.warn(`batch sweep failed, next in ${this.config.BATCH_SWEEP_MS} ms: ${e.message}`),
      ).finally(() => (this.running = null));
    }, this.config.BATCH_SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Completes every batch left open with all its work accepted; answers how many. */
  async sweep(): Promise<number> {
    const deliveries = new Map<string, string[]>();
    const closed = await this.db.transaction(async (em) => {
      // An accept closing the same batch at the same moment holds its row: this statement then finds it completed.
      const rows = returned<{ id: string; org_id: string; project_id: string; name: string }>(await em.query(
        `UPDATE batches b SET status = 'completed', completed_at = now()
          WHERE b.status = 'open' AND b.purpose = 'work'
            AND EXISTS (SELECT 1 FROM tasks t WHERE t.batch_id = b.id AND t.stage = 'annotate')
            AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.batch_id = b.id AND t.stage = 'annotate' AND t.state IN (${OPEN_STATES}))
          RETURNING b.id, b.org_id, b.project_id, b.name`,
      ));
      for (const orgId of new Set(rows.map((r) => r.org_id))) {
        const events = rows.filter((r) => r.org_id === orgId)
          .map((r) => ({ event: 'batch.completed' as const, payload: { batchId: r.id, projectId: r.project_id, name: r.name } }));
        deliveries.set(orgId, await this.outbox.record(em, orgId, events));
      }
      return rows;
    });
    // Not queued now (Redis away): the webhook sweep queues them.
    for (const [orgId, ids] of deliveries) await this.outbox.dispatch(orgId, ids).catch(() => undefined);
    return closed.length;
  }
}
