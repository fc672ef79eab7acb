import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryList, Webhook, WebhookCreated, WebhookCreateRequest, WebhookDelivery, WebhookList, WebhookUpdateRequest } from '@tessera/contracts';
import type { Actor } from '@tessera/server/auth';
import { AuditLog } from '@tessera/server/audit';
import { CONFIG, type Config } from '@tessera/server/config';
import { notFound, unprocessable } from '@tessera/server/errors';
import { sealString } from '@tessera/server/storage';
import { secretKey, toDelivery, toWebhook, type DeliveryRow, type WebhookRow } from './rows';
import { newWebhookSecret } from './signature';
import { WebhookTargetRefused, assertPublicTarget } from './targets';
import { WebhookOutbox } from './webhook-outbox';

const WEBHOOK_COLUMNS = 'id, url, events, active, created_at';
const DELIVERY_COLUMNS = 'id, event, state, attempts, last_status, last_error, created_at, delivered_at';

/** An organisation's webhooks (owners and admins manage them) and their delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly outbox: WebhookOutbox,
    private readonly audit: AuditLog,
  ) {}

  private async assertTarget(url: string) {
    try {
      await assertPublicTarget(this.config.OUTBOUND_ALLOW_HOSTS, new URL(url));
    } catch (e) {
      if (!(e instanceof WebhookTargetRefused)) throw e;
      throw unprocessable(`This URL cannot receive webhooks: ${e.message}.`, [{ path: 'url', message: e.message, code: 'refused_target', params: e.refusal }]);
    }
  }

  /** The secret is generated here and shown in this answer only; it rests sealed. */
  async create(actor: Actor, req: WebhookCreateRequest): Promise<WebhookCreated> {
    await this.assertTarget(req.url);
    const secret = newWebhookSecret();
    const [row] = await this.db.query<WebhookRow[]>(
      `INSERT INTO webhooks (org_id, url, secret_sealed, events, active, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WEBHOOK_COLUMNS}`,
      [actor.orgId, req.url, sealString(secretKey(this.config), secret), req.events, req.active ?? true, actor.userId],
    );
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'webhook.created', resourceType: 'webhook',
      resourceId: row.id, origin: actor.origin, details: { url: req.url, events: req.events, active: row.active },
    });
    return { ...toWebhook(row), secret };
  }

  /** A new URL is checked as at creation; the secret stays. Deliveries already recorded go out as they were. */
  async update(actor: Actor, id: string, req: WebhookUpdateRequest): Promise<Webhook> {
    if (req.url !== undefined) await this.assertTarget(req.url);
    // TypeORM answers UPDATE … RETURNING with [rows, count].
    const [[row]] = await this.db.query<[WebhookRow[], number]>(
      `UPDATE webhooks SET url = COALESCE($3, url), events = COALESCE($4, events), active = COALESCE($5, active)
        WHERE id = $1 AND org_id = $2 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, actor.orgId, req.url ?? null, req.events ?? null, req.active ?? null],
    );
    if (!row) throw notFound('webhook');
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'webhook.updated', resourceType: 'webhook',
      resourceId: id, origin: actor.origin, details: req,
    });
    return toWebhook(row);
  }

  async list(actor: Actor): Promise<WebhookList> {
    const rows = await this.db.query<WebhookRow[]>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE org_id = $1 ORDER BY created_at DESC, id`, [actor.orgId]);
    return { items: rows.map(toWebhook) };
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const [rows] = await this.db.query<[{ url: string }[], number]>(`DELETE FROM webhooks WHERE id = $1 AND org_id = $2 RETURNING url`, [id, actor.orgId]);
    if (!rows.length) throw notFound('webhook');
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'webhook.deleted', resourceType: 'webhook',
      resourceId: id, origin: actor.origin, details: { url: rows[0].url },
    });
  }

  private async assertExists(actor: Actor, id: string): Promise<void> {
    const [hook] = await this.db.query(`SELECT 1 FROM webhooks WHERE id = $1 AND org_id = $2`, [id, actor.orgId]);
    if (!hook) throw notFound('webhook');
  }

  /** The delivery log of one hook, newest first. */
  async deliveries(actor: Actor, id: string, q: { limit: number; offset: number }): Promise<DeliveryList> {
    await this.assertExists(actor, id);
    const rows = await this.db.query<(DeliveryRow & { total: number })[]>(
      `SELECT ${DELIVERY_COLUMNS}, count(*) OVER ()::int AS total FROM webhook_deliveries
        WHERE webhook_id = $1 AND org_id = $2 ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [id, actor.orgId, q.limit, q.offset],
    );
    const total = rows[0]?.total ?? (await this.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND org_id = $2`, [id, actor.orgId]))[0].n;
    return { items: rows.map(toDelivery), total };
  }

  /** "Send a test delivery": a `ping` to this hook alone, whatever it subscribes to and even if inactive. */
  async ping(actor: Actor, id: string): Promise<WebhookDelivery> {
    const [row] = await this.db.query<DeliveryRow[]>(
      `INSERT INTO webhook_deliveries (org_id, webhook_id, event, payload)
       SELECT org_id, id, 'ping', jsonb_build_object('webhookId', id, 'url', url, 'events', to_jsonb(events), 'sentBy', $3::text)
         FROM webhooks WHERE id = $1 AND org_id = $2
       RETURNING ${DELIVERY_COLUMNS}`,
      [id, actor.orgId, actor.email],
    );
    if (!row) throw notFound('webhook');
    await this.outbox.start(actor.orgId, actor.userId, [row.id], 'ping');
    return toDelivery(row);
  }
}
