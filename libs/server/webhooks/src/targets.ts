import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '@tessera/server/storage';

/** A target no webhook may reach: a permanent failure, never retried. */
export class WebhookTargetRefused extends Error {}

/** The host as the allowlist names it: lower case, IPv6 without brackets. */
export const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^\[|\]$/g, '');

/**
 * What is checked before every connection, first hop and each redirect: the
 * scheme, and an IP literal (which no DNS lookup sees, so the guarded agents
 * cannot). Names are checked by the agents, on the address they resolve to.
 */
export function assertTargetBeforeConnect(allowHosts: string[], url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetRefused(`${url.protocol} URLs are not delivered to`);
  const host = hostOf(url);
  if (isIP(host) && isPrivateAddress(host) && !allowHosts.includes(host)) {
    throw new WebhookTargetRefused(`${host} is a loopback, private or link-local address (not in WEBHOOK_ALLOW_HOSTS)`);
  }
}

/**
 * At creation: the same, and the name resolved now, so a hook aimed inside is
 * refused when it is made rather than at its first delivery. (Delivery checks
 * again on every connection: a name may resolve elsewhere later.)
 */
export async function assertPublicTarget(allowHosts: string[], url: URL): Promise<void> {
  assertTargetBeforeConnect(allowHosts, url);
  const host = hostOf(url);
  if (isIP(host) || allowHosts.includes(host)) return;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    throw new WebhookTargetRefused(`${host} does not resolve`);
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad) throw new WebhookTargetRefused(`${host} resolves to ${bad.address}, a loopback, private or link-local address (not in WEBHOOK_ALLOW_HOSTS)`);
}
