import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as lookupAll } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/** Addresses no outbound request of ours may reach unless an operator allows it. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
// IPv6 ranges that reach IPv4 hosts are refused whole: a gateway turns them into the IPv4 address inside
// (NAT64 64:ff9b::/96 and its local-use 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32), or a
// stack reads them as one (IPv4-compatible ::/96, IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96).
for (const [net, prefix] of [
  ['::', 96], ['::1', 128], ['::ffff:0:0', 96], ['::ffff:0:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48],
  ['100::', 64], ['2001::', 32], ['2001:db8::', 32], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  return family === 4 ? PRIVATE.check(address, 'ipv4') : family === 6 ? PRIVATE.check(address, 'ipv6') : true;
}

export class OutboundRefused extends Error {}

/**
 * HTTP(S) agents whose every connection checks the address the name resolved
 * to, so neither DNS tricks nor a redirect can point a request at loopback,
 * private or link-local targets (SSRF). `allowPrivate` may decide per host name
 * (an operator's allowlist). IP literals never reach the lookup: check them
 * before connecting.
 */
export function guardedAgents(allowPrivate: boolean | ((hostname: string) => boolean)) {
  const allowed = typeof allowPrivate === 'function' ? allowPrivate : () => allowPrivate;
  const lookup = (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => isPrivateAddress(a.address));
      if (bad && !allowed(hostname.toLowerCase())) return callback(new OutboundRefused(`${hostname} resolves to ${bad.address}, a private or local address`), []);
      const all = (options as { all?: boolean }).all;
      return all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family);
    });
  };
  return { httpAgent: new HttpAgent({ lookup: lookup as never }), httpsAgent: new HttpsAgent({ lookup: lookup as never }) };
}

/** Why a target is refused, with what a client needs to say so in its own language. */
export type TargetRefusal =
  | { reason: 'scheme'; scheme: string }
  | { reason: 'private'; host: string }
  | { reason: 'unresolved'; host: string }
  | { reason: 'resolves_private'; host: string; address: string };

function describe(refusal: TargetRefusal): string {
  switch (refusal.reason) {
    case 'scheme': return `${refusal.scheme} URLs are not called`;
    case 'private': return `${refusal.host} is a loopback, private or link-local address (not in OUTBOUND_ALLOW_HOSTS)`;
    case 'unresolved': return `${refusal.host} does not resolve`;
    case 'resolves_private': return `${refusal.host} resolves to ${refusal.address}, a loopback, private or link-local address (not in OUTBOUND_ALLOW_HOSTS)`;
  }
}

/** A target no outbound call may reach (a scheme other than http(s), or a private address not allowlisted): permanent. */
export class OutboundTargetRefused extends OutboundRefused {
  constructor(readonly refusal: TargetRefusal) {
    super(describe(refusal));
  }
}

/** The host as an allowlist names it: lower case, IPv6 without brackets. */
export const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^\[|\]$/g, '');

/**
 * What is checked before every connection, first hop and each redirect: the
 * scheme, and an IP literal (which no DNS lookup sees, so the guarded agents
 * cannot). Names are checked by the agents, on the address they resolve to.
 */
export function assertTargetBeforeConnect(allowHosts: readonly string[], url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundTargetRefused({ reason: 'scheme', scheme: url.protocol });
  const host = hostOf(url);
  if (isIP(host) && isPrivateAddress(host) && !allowHosts.includes(host)) {
    throw new OutboundTargetRefused({ reason: 'private', host });
  }
}

/**
 * When a URL is saved (a webhook, a remote model): the same, and the name
 * resolved now, so a target aimed inside is refused when it is made rather than
 * at its first call. (Calls check again on every connection: a name may
 * resolve elsewhere later.)
 */
export async function assertPublicTarget(allowHosts: readonly string[], url: URL): Promise<void> {
  assertTargetBeforeConnect(allowHosts, url);
  const host = hostOf(url);
  if (isIP(host) || allowHosts.includes(host)) return;
  let addresses: { address: string }[];
  try {
    addresses = await lookupAll(host, { all: true });
  } catch {
    throw new OutboundTargetRefused({ reason: 'unresolved', host });
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad) throw new OutboundTargetRefused({ reason: 'resolves_private', host, address: bad.address });
}

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** The whole call, redirects included; 30 s unless given. */
  timeoutMs?: number;
}

/** A fetch-shaped function whose every hop goes through the outbound guard (remote models take one injected). */
export type OutboundFetch = (url: string | URL, init?: OutboundInit) => Promise<Response>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * `fetch` as outbound calls must make it: node:http with the guarded agents
 * (fetch's own DNS cannot be guarded), at most `maxRedirects` redirects, each
 * hop checked again, one deadline for all of it, and at most `maxBytes` of
 * answer read. Refusals throw OutboundRefused (permanent); the rest are
 * ordinary errors a caller may retry.
 */
export function guardedFetch(allowHosts: readonly string[], opts: { maxRedirects?: number; maxBytes?: number } = {}): OutboundFetch {
  const agents = guardedAgents((host) => allowHosts.includes(host));
  const maxRedirects = opts.maxRedirects ?? 3;
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  return async (input, init = {}) => {
    const deadline = Date.now() + (init.timeoutMs ?? 30_000);
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    for (let hop = 0; ; hop++) {
      assertTargetBeforeConnect(allowHosts, url);
      const answer = await once(url, method, init.headers ?? {}, body, deadline, init.signal, agents, maxBytes);
      const location = answer.headers.location;
      if (!REDIRECT_STATUSES.has(answer.status) || !location) {
        const headers = new Headers();
        for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        const empty = answer.status === 204 || answer.status === 304 || method === 'HEAD';
        return new Response(empty ? null : new Uint8Array(answer.body), { status: answer.status, headers });
      }
      if (hop >= maxRedirects) throw new Error(`more than ${maxRedirects} redirects`);
      url = new URL(String(location), url);
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
    }
  };
}

function once(
  url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, deadline: number,
  signal: AbortSignal | undefined, agents: ReturnType<typeof guardedAgents>, maxBytes: number,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const https = url.protocol === 'https:';
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const req = (https ? httpsRequest : httpRequest)(url, {
      method,
      headers: { ...headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) },
      agent: https ? agents.httpsAgent : agents.httpAgent,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(new Error(`the answer is larger than ${maxBytes} bytes`));
        chunks.push(chunk);
      });
      res.on('end', () => finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    const timer = setTimeout(() => fail(new Error(`no answer from ${url.host} in time`)), Math.max(1, deadline - Date.now()));
    const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    function finish(v: { status: number; headers: IncomingHttpHeaders; body: Buffer }) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(v);
    }
    function fail(e: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(e);
    }
    req.on('error', fail);
    req.end(payload);
  });
}
