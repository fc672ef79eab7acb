import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
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
