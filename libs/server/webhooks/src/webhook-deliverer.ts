import { Inject, Injectable } from '@nestjs/common';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DataSource } from 'typeorm';
import type { JobContext, JobPayload, JobResult, WebhookDeliveryEvent, WebhookErrorCode } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { OutboundRefused, guardedAgents, openString } from '@tessera/server/storage';
import { secretKey } from './rows';
import { signWebhook } from './signature';
import { WebhookTargetRefused, assertTargetBeforeConnect } from './targets';

/** The whole delivery, redirects included, must answer within this. */
export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 3;
/** Of the receiver's answer, only this much is read (for last_error); the rest is discarded. */
const MAX_ANSWER_BYTES = 2048;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HOOK_GONE = 'the webhook was deleted before the delivery went out';
/** A settled failure's code, from the message it was recorded with. */
const failureCode = (lastError: string | null): WebhookErrorCode => (lastError?.startsWith('refused:') ? 'webhook.refused' : 'webhook.failed');

/** An attempt the receiver answered, but not with 2xx. */
class DeliveryFailed extends Error {
  constructor(readonly status: number | null, message: string) {
    super(message);
  }
}

interface Answer { status: number; headers: IncomingHttpHeaders; text: string }

/**
 * The worker side of webhooks: one delivery per job. POSTs the signed event,
 * following up to three redirects by hand, each hop checked again (IP literals
 * here, names by the guarded agents on the address they resolve to).
 * Idempotent: a delivered or failed delivery is never sent again.
 */
@Injectable()
export class WebhookDeliverer {
  private readonly agents: ReturnType<typeof guardedAgents>;

  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(CONFIG) private readonly config: Config) {
    this.agents = guardedAgents((host) => config.OUTBOUND_ALLOW_HOSTS.includes(host));
  }

  async deliver(payload: JobPayload<'webhooks.deliver'>, ctx: JobContext): Promise<JobResult> {
    const item = payload.deliveryId;
    const [d] = await this.db.query<{ state: string; event: WebhookDeliveryEvent; payload: unknown; created_at: Date; url: string; secret_sealed: string; last_error: string | null }[]>(
      `SELECT d.state, d.event, d.payload, d.created_at, d.last_error, w.url, w.secret_sealed
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.org_id = d.org_id
        WHERE d.id = $1 AND d.org_id = $2`,
      [payload.deliveryId, payload.orgId],
    );
    if (!d) {
      await ctx.itemDone({ ok: false, item, message: HOOK_GONE, code: 'webhook.hook_deleted' });
      return null;
    }
    // Two jobs for one delivery (the sweep queued it again after a crash) must not both POST: one holds it
    // while it sends, the other waits for the outcome (a holder that died lets go when its time is up).
    let seen: { state: string; last_error: string | null } | undefined = d;
    while (!(await this.claim(payload.deliveryId))) {
      if (!seen) {
        await ctx.itemDone({ ok: false, item, message: HOOK_GONE, code: 'webhook.hook_deleted' });
        return null;
      }
      // Redelivered after it settled (a crash between commit and acknowledgement): nothing is sent again.
      if (seen.state !== 'pending') {
        await ctx.itemDone(seen.state === 'delivered' ? { ok: true } : { ok: false, item, message: seen.last_error ?? 'failed', code: failureCode(seen.last_error) });
        return null;
      }
      await new Promise((r) => setTimeout(r, 250));
      [seen] = await this.db.query<{ state: string; last_error: string | null }[]>(`SELECT state, last_error FROM webhook_deliveries WHERE id = $1`, [payload.deliveryId]);
    }
    const body = JSON.stringify({ id: payload.deliveryId, event: d.event, createdAt: d.created_at.toISOString(), data: d.payload });
    try {
      const secret = openString(secretKey(this.config), d.secret_sealed);
      const timestamp = Math.floor(Date.now() / 1000);
      const answer = await this.post(new URL(d.url), body, {
        'Content-Type': 'application/json',
        'User-Agent': 'Tessera-Webhooks',
        'X-Tessera-Event': d.event,
        'X-Tessera-Delivery': payload.deliveryId,
        'X-Tessera-Timestamp': String(timestamp),
        'X-Tessera-Signature': signWebhook(secret, timestamp, body),
      });
      if (answer.status < 200 || answer.status > 299) {
        throw new DeliveryFailed(answer.status, `HTTP ${answer.status}${answer.text ? `: ${answer.text.replace(/\s+/g, ' ').trim().slice(0, 200)}` : ''}`);
      }
      await this.db.query(
        `UPDATE webhook_deliveries SET state = 'delivered', last_status = $2, last_error = NULL, delivered_at = now(), sending_until = NULL WHERE id = $1`,
        [payload.deliveryId, answer.status],
      );
      await ctx.itemDone({ ok: true });
      return null;
    } catch (e) {
      const refused = e instanceof WebhookTargetRefused || e instanceof OutboundRefused;
      const message = refused ? `refused: ${(e as Error).message}` : (e as Error).message || String(e);
      const status = e instanceof DeliveryFailed ? e.status : null;
      // A refused target is refused every time: no retry. Anything else is retried with backoff.
      const final = refused || ctx.finalAttempt;
      await this.db.query(
        `UPDATE webhook_deliveries SET last_status = $2, last_error = $3, state = CASE WHEN $4 THEN 'failed' ELSE state END, sending_until = NULL WHERE id = $1`,
        [payload.deliveryId, status, message.slice(0, 1000), final],
      );
      if (!final) throw e;
      await ctx.itemDone({ ok: false, item, message, code: refused ? 'webhook.refused' : 'webhook.failed' });
      return null;
    }
  }

  /** Takes a pending delivery for one attempt, unless another sender holds it. */
  private async claim(deliveryId: string): Promise<boolean> {
    // A SELECT around the UPDATE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const [{ n }] = await this.db.query<{ n: number }[]>(
      `WITH claimed AS (
         UPDATE webhook_deliveries SET attempts = attempts + 1, sending_until = now() + make_interval(secs => $2::float8 / 1000)
          WHERE id = $1 AND state = 'pending' AND (sending_until IS NULL OR sending_until < now()) RETURNING id)
       SELECT count(*)::int AS n FROM claimed`,
      [deliveryId, DELIVERY_TIMEOUT_MS * 3],
    );
    return n > 0;
  }

  /** The same signed POST at each hop of at most MAX_REDIRECTS redirects, within one deadline. */
  private async post(first: URL, body: string, headers: Record<string, string>): Promise<Answer> {
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    let url = first;
    for (let hop = 0; ; hop++) {
      assertTargetBeforeConnect(this.config.OUTBOUND_ALLOW_HOSTS, url);
      const answer = await this.once(url, body, headers, deadline);
      if (!REDIRECTS.has(answer.status) || !answer.headers.location) return answer;
      if (hop >= MAX_REDIRECTS) throw new DeliveryFailed(answer.status, `more than ${MAX_REDIRECTS} redirects`);
      try {
        url = new URL(answer.headers.location, url);
      } catch {
        throw new DeliveryFailed(answer.status, `redirected to an invalid URL`);
      }
    }
  }

  private once(url: URL, body: string, headers: Record<string, string>, deadline: number): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const https = url.protocol === 'https:';
      const req = (https ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: https ? this.agents.httpsAgent : this.agents.httpAgent,
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size > 64 * 1024) res.destroy(); // a receiver streaming an endless answer
        });
        const done = () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES) });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)), Math.max(0, deadline - Date.now()));
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end(body);
    });
  }
}
