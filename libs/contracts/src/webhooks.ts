import { z } from 'zod';
import { isoDateTime, page, paginationQuery, uuid } from './common';
import { WEBHOOK_EVENTS, webhookEvent } from './tasks';
import { withoutCredentials } from './common';

/**
 * What a delivery may carry: the subscribable events, and `ping`, which only
 * the "send a test delivery" route sends (to one hook, whatever it subscribes to).
 */
export const WEBHOOK_DELIVERY_EVENTS = [...WEBHOOK_EVENTS, 'ping'] as const;
export const webhookDeliveryEvent = z.enum(WEBHOOK_DELIVERY_EVENTS);
export type WebhookDeliveryEvent = z.infer<typeof webhookDeliveryEvent>;

/** Only http and https; the server also refuses hosts that are (or resolve to) private addresses. */
export const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine(withoutCredentials, 'a webhook URL may not carry credentials');

export const webhookCreateRequest = z.strictObject({
  url: webhookUrl,
  events: z.array(webhookEvent).min(1).max(WEBHOOK_EVENTS.length).refine((e) => new Set(e).size === e.length, 'events must not repeat'),
  active: z.boolean().optional(),
});
export type WebhookCreateRequest = z.infer<typeof webhookCreateRequest>;

/** Change where a hook posts, what it hears, or pause it (`active: false`: no deliveries are recorded for it meanwhile). */
export const webhookUpdateRequest = webhookCreateRequest.partial().refine((r) => Object.keys(r).length > 0, 'say what to change: url, events or active');
export type WebhookUpdateRequest = z.infer<typeof webhookUpdateRequest>;

export const webhook = z.object({
  id: uuid,
  url: z.string(),
  events: z.array(webhookEvent),
  active: z.boolean(),
  createdAt: isoDateTime,
});
export type Webhook = z.infer<typeof webhook>;

/** The create answer is the only place the signing secret is ever shown. */
export const webhookCreated = webhook.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof webhookCreated>;

export const webhookList = z.object({ items: z.array(webhook) });
export type WebhookList = z.infer<typeof webhookList>;

export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export const webhookDeliveryState = z.enum(WEBHOOK_DELIVERY_STATES);

export const webhookDelivery = z.object({
  id: uuid,
  event: webhookDeliveryEvent,
  state: webhookDeliveryState,
  attempts: z.number().int(),
  /** the receiver's last HTTP status; null when no answer came (refused, timed out, unreachable) */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  deliveredAt: isoDateTime.nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const deliveryList = page(webhookDelivery);
export type DeliveryList = z.infer<typeof deliveryList>;
export const deliveryListQuery = paginationQuery;
