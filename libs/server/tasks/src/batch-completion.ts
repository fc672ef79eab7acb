import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { Notification } from '@tessera/contracts';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { WebhookOutbox } from '@tessera/server/webhooks';
import { notificationChannel, type NotificationAnnouncement, type WebhookSink } from './task-events';

/**
 * Whether a batch still has annotate work that is not accepted, for a batch `b`: answers after the first such task.
 * As `NOT EXISTS (… state IN (open states))` Postgres planned it, while the tasks' statistics said every task was
 * queued, as a bitmap of the batch's whole range of tasks_batch_idx, which it then read to its first open task: every
 * accept read the whole batch (0.2–0.4 ms at 6,000 tasks). Ordered so, it is one backward walk of that index from the
 * top: 'accepted' sorts before every other state, so the first entry it meets is an open task, if there is one.
 */
const OPEN_WORK = `(SELECT t.state FROM tasks t WHERE t.batch_id = b.id AND t.stage = 'annotate' AND t.state <> 'accepted'
           ORDER BY t.state DESC LIMIT 1)`;

/**
 * Completes the open batches that `which` (an SQL condition on `b`) picks and whose annotate tasks are all accepted,
 * and records their `batch.completed` webhook deliveries, in one statement. A row per batch completed, with
 * `deliveries`: the ids of its organisation's deliveries.
 */
export function completeBatchesSql(webhooks: Pick<WebhookSink, 'deliveriesSql'>, which: string): string {
  return `WITH closed AS (
       UPDATE batches b SET status = 'completed', completed_at = now()
        WHERE ${which} AND b.status = 'open'
          AND ${OPEN_WORK} IS NULL
        RETURNING b.id, b.org_id, b.project_id, b.created_by, b.name),
     deliveries AS (${webhooks.deliveriesSql(
       `(SELECT org_id, 'batch.completed'::text AS event, jsonb_build_object('batchId', id, 'projectId', project_id, 'name', name) AS payload FROM closed)`)})
     SELECT c.*, ARRAY(SELECT d.id FROM deliveries d WHERE d.org_id = c.org_id) AS deliveries FROM closed c`;
}

export interface CompletedBatch { id: string; org_id: string; project_id: string; created_by: string | null; name: string; deliveries: string[] }

/** The in-app notice to the maker of a batch just completed; none when the maker's account is gone. */
export function completionNotice(b: CompletedBatch, at: string): { userIds: string[]; n: Notification } | null {
  return b.created_by ? { userIds: [b.created_by], n: { kind: 'batch.completed', projectId: b.project_id, batchId: b.id, message: b.name, at } } : null;
}

/**
 * In the worker: every BATCH_SWEEP_MS, completes the work batches whose annotate tasks are all accepted and which are
 * still open, with their `batch.completed` webhook rows in the same statement. An accept closes its batch itself
 * when it is the last (TasksService, `accepted`), but two last accepts at once each check before the other commits,
 * see the other's task open, and neither closes it; only a look after both commits can. The batch's maker hears of
 * it as of any completed batch: the worker has no sockets, so the notification goes to the API processes over Redis.
 */
@Injectable()
export class BatchSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('BatchSweeper');
  private passes?: Repeating;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly outbox: WebhookOutbox,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(this.config.BATCH_SWEEP_MS, this.log, 'batch sweep', async () => {
      const n = await this.sweep();
      if (n) this.log.log(`completed ${n} batches whose last accepts came at once`);
    });
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }

  /** Completes every batch left open with all its work accepted; answers how many. */
  async sweep(): Promise<number> {
    // An accept completing the same batch at the same moment holds its row: this statement then finds it completed.
    const closed = await this.db.query<CompletedBatch[]>(completeBatchesSql(this.outbox,
      `b.purpose = 'work' AND EXISTS (SELECT 1 FROM tasks t WHERE t.batch_id = b.id AND t.stage = 'annotate')`));
    const deliveries = new Map(closed.map((b) => [b.org_id, b.deliveries]));
    // Not queued now (Redis away): the webhook sweep queues them.
    for (const [orgId, ids] of deliveries) await this.outbox.dispatch(orgId, ids).catch(() => undefined);
    const at = new Date().toISOString();
    for (const b of closed) {
      const notice = completionNotice(b, at);
      if (!notice) continue;
      const note: NotificationAnnouncement = { orgId: b.org_id, ...notice };
      await this.redis.publish(notificationChannel(this.config), JSON.stringify(note)).catch(() => undefined);
    }
    return closed.length;
  }
}
