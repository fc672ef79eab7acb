import { deriveKey } from '@tessera/server/storage';
import type { Config } from '@tessera/server/config';
import type { RetryOptions } from '@tessera/server/jobs';
import type { Webhook, WebhookDelivery, WebhookDeliveryEvent, WebhookEvent } from '@tessera/contracts';

export interface WebhookRow { id: string; url: string; events: WebhookEvent[]; active: boolean; created_at: Date }
export interface DeliveryRow {
  id: string; event: WebhookDeliveryEvent; state: WebhookDelivery['state']; attempts: number; last_status: number | null;
  last_error: string | null; created_at: Date; delivered_at: Date | null;
}

export const toWebhook = (r: WebhookRow): Webhook => ({ id: r.id, url: r.url, events: r.events, active: r.active, createdAt: r.created_at.toISOString() });
export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id, event: r.event, state: r.state, attempts: r.attempts, lastStatus: r.last_status, lastError: r.last_error,
  createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null,
});

/** Signing secrets rest sealed under a key of their own, derived from the deployment secret. */
export const secretKey = (config: Config) => deriveKey(config.DEID_SECRET, 'webhook-secret');

/** Five tries in all, waiting WEBHOOK_RETRY_BASE_MS, then twice as long each time. */
export const deliveryRetry = (config: Config): RetryOptions => ({ attempts: 5, backoff: { type: 'exponential', delay: config.WEBHOOK_RETRY_BASE_MS } });
