import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new signing secret: 32 random bytes, base64url. */
export const newWebhookSecret = () => randomBytes(32).toString('base64url');

/**
 * `X-Tessera-Signature`: `sha256=` and the hex HMAC-SHA256, under the secret
 * (its UTF-8 bytes), of `<X-Tessera-Timestamp>.<raw body>`. Signing the
 * timestamp lets receivers refuse replays of old deliveries.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does; here for tests and for anyone writing one in TypeScript. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const want = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
