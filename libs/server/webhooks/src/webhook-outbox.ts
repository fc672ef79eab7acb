import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { WebhookDeliveryEvent, WebhookEvent } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { JobQueues, JobRunsService } from '@tessera/server/jobs';
import { deliveryRetry } from './rows';

/**
 * The transactional outbox for webhook events. A domain change records its
 * deliveries in its own transaction (so an event exists exactly when the change
 * committed) and dispatches them after COMMIT; the worker delivers them.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly runs: JobRunsService,
    private readonly queues: JobQueues,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Inside the caller's transaction: one pending delivery per event and active hook of the org subscribed to it.
   * Every event of a change in one statement (a submit that completes its batch has three).
   */
  async record(em: EntityManager, orgId: string, events: readonly { event: WebhookEvent; payload: Record<string, unknown> }[]): Promise<string[]> {
    if (!events.length) return [];
    const rows: { id: string }[] = await em.query(
      this.deliveriesSql(`(SELECT $1::uuid AS org_id, event, payload FROM jsonb_to_recordset($2::jsonb) AS e (event text, payload jsonb))`),
      [orgId, JSON.stringify(events)],
    );
    return rows.map((r) => r.id);
  }

  /**
   * record()'s insert for events a statement makes itself (a CTE of it): `events` is a relation of (org_id, event,
   * payload jsonb) rows. Answers the deliveries' ids and organisations.
   */
  deliveriesSql(events: string): string {
    return `INSERT INTO webhook_deliveries (org_id, webhook_id, event, payload)
       SELECT w.org_id, w.id, e.event, e.payload
         FROM ${events} AS e
         JOIN webhooks w ON w.org_id = e.org_id AND w.active AND e.event = ANY (w.events)
       RETURNING id, org_id`;
  }

  /** After the caller's COMMIT: starts one item-mode job run delivering them (no-op for an empty list). */
  async dispatch(orgId: string, deliveryIds: string[]): Promise<void> {
    await this.start(orgId, null, deliveryIds);
  }

  /**
   * Also the test delivery's way out, which has someone who asked for it, and the sweep's.
   * Marks the deliveries dispatched once their jobs are queued; `via`: the sweep's transaction,
   * which holds their rows.
   */
  async start(orgId: string, userId: string | null, deliveryIds: string[], event?: WebhookDeliveryEvent, via: Pick<EntityManager, 'query'> = this.db) {
    if (!deliveryIds.length) return null;
    const run = await this.runs.startItems(
      { orgId, userId }, 'webhooks.deliver',
      deliveryIds.map((id) => ({ key: id, payload: { deliveryId: id } })),
      { deliveries: deliveryIds.length, ...(event ? { event } : {}) },
      deliveryRetry(this.config),
    );
    await via.query(`UPDATE webhook_deliveries SET dispatched_at = now(), job_run_id = $2 WHERE id = ANY($1::uuid[]) AND dispatched_at IS NULL`, [deliveryIds, run.id]);
    return run;
  }

  /**
   * Queues the deliveries that have waited WEBHOOK_SWEEP_MS without a job: their event committed,
   * and then the process died or Redis was away. Rows are locked (SKIP LOCKED), so sweeps in two
   * workers split them. Returns how many it queued.
   */
  async sweep(limit = 500): Promise<number> {
    return this.db.transaction(async (em) => {
      const rows = await em.query<{ id: string; org_id: string }[]>(
        `SELECT id, org_id FROM webhook_deliveries
          WHERE state = 'pending' AND dispatched_at IS NULL AND created_at < now() - make_interval(secs => $1::float8 / 1000)
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.config.WEBHOOK_SWEEP_MS, limit],
      );
      const byOrg = new Map<string, string[]>();
      for (const r of rows) {
        const ids = byOrg.get(r.org_id);
        if (ids) ids.push(r.id);
        else byOrg.set(r.org_id, [r.id]);
      }
      for (const [orgId, ids] of byOrg) await this.start(orgId, null, ids, undefined, em);
      return rows.length;
    });
  }

  /**
   * Queues again, under the job id they were first queued with, the deliveries still pending
   * WEBHOOK_SWEEP_MS after their dispatch and held by no sender. While BullMQ has the job (waiting,
   * retrying, running or failed) adding it again is a no-op; only a job Redis lost (a flush, a
   * Redis that came back empty) is queued anew, and the run counts its item once all the same.
   * Returns how many it offered to the queue.
   */
  async requeue(limit = 500): Promise<number> {
    const rows = await this.db.query<{ id: string; org_id: string; job_run_id: string }[]>(
      `SELECT id, org_id, job_run_id FROM webhook_deliveries
        WHERE state = 'pending' AND dispatched_at IS NOT NULL AND job_run_id IS NOT NULL
          AND dispatched_at < now() - make_interval(secs => $1::float8 / 1000)
          AND (sending_until IS NULL OR sending_until < now())
        ORDER BY dispatched_at LIMIT $2`,
      [this.config.WEBHOOK_SWEEP_MS, limit],
    );
    if (!rows.length) return 0;
    await this.queues.enqueueMany(
      'webhooks.deliver',
      rows.map((r) => ({ payload: { orgId: r.org_id, jobRunId: r.job_run_id, deliveryId: r.id }, jobId: `${r.job_run_id}-${r.id}` })),
      deliveryRetry(this.config),
    );
    return rows.length;
  }
}
