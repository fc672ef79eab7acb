import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookDeliveryEvent, WebhookEvent } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { JobRunsService } from '@tessera/server/jobs';
import { deliveryRetry } from './rows';

/**
 * The transactional outbox for webhook events. A domain change records its
 * deliveries in its own transaction (so an event exists exactly when the change
 * committed) and dispatches them after COMMIT; the worker delivers them.
 */
@Injectable()
export class WebhookOutbox {
  constructor(private readonly runs: JobRunsService, @Inject(CONFIG) private readonly config: Config) {}

  /** Inside the caller's transaction: one pending delivery per active hook of the org subscribed to the event. */
  async record(em: EntityManager, orgId: string, event: WebhookEvent, payload: Record<string, unknown>): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO webhook_deliveries (org_id, webhook_id, event, payload)
       SELECT org_id, id, $2, $3::jsonb FROM webhooks WHERE org_id = $1 AND active AND $2 = ANY(events)
       RETURNING id`,
      [orgId, event, JSON.stringify(payload)],
    );
    return rows.map((r) => r.id);
  }

  /** After the caller's COMMIT: starts one item-mode job run delivering them (no-op for an empty list). */
  async dispatch(orgId: string, deliveryIds: string[]): Promise<void> {
    await this.start(orgId, null, deliveryIds);
  }

  /** Also the test delivery's way out, which has someone who asked for it. */
  async start(orgId: string, userId: string | null, deliveryIds: string[], event?: WebhookDeliveryEvent) {
    if (!deliveryIds.length) return null;
    return this.runs.startItems(
      { orgId, userId }, 'webhooks.deliver',
      deliveryIds.map((id) => ({ key: id, payload: { deliveryId: id } })),
      { deliveries: deliveryIds.length, ...(event ? { event } : {}) },
      deliveryRetry(this.config),
    );
  }
}
