import { createServer, type Server } from 'node:http';
import { loadConfig } from '@tessera/server/config';
import { OutboundRefused, OutboundTargetRefused, assertPublicTarget, guardedFetch } from './outbound';

/**
 * The outbound guard that webhooks and remote models share, against a small
 * real HTTP server on loopback: refused unless allowlisted, redirects checked
 * hop by hop, one deadline. And the allowlist's two names.
 */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hop') return void res.writeHead(302, { location: `${base}/echo` }).end();
    if (req.url === '/to-ip') return void res.writeHead(302, { location: `http://127.0.0.2:${(server.address() as { port: number }).port}/echo` }).end();
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString('utf8') })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://localhost:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

it('refuses loopback unless the host is allowlisted, by name or as an IP literal', async () => {
  await expect(guardedFetch([])(`${base}/echo`)).rejects.toBeInstanceOf(OutboundRefused);
  await expect(guardedFetch([])(base.replace('localhost', '127.0.0.1') + '/echo')).rejects.toBeInstanceOf(OutboundTargetRefused);
  await expect(assertPublicTarget([], new URL(`${base}/echo`))).rejects.toBeInstanceOf(OutboundTargetRefused);
  await expect(guardedFetch([])('file:///etc/passwd')).rejects.toBeInstanceOf(OutboundTargetRefused);
  const res = await guardedFetch(['localhost'])(`${base}/echo`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ method: 'POST', body: 'hello' });
});

it('checks every redirect hop again, and keeps one deadline', async () => {
  const allowed = guardedFetch(['localhost']);
  expect(await (await allowed(`${base}/hop`)).json()).toEqual({ method: 'GET', body: '' });
  // A redirect to an address that is not allowlisted is refused at that hop.
  await expect(allowed(`${base}/to-ip`)).rejects.toBeInstanceOf(OutboundTargetRefused);
  await expect(allowed(`${base}/slow`, { timeoutMs: 200 })).rejects.toThrow(/in time/);
});

it('reads OUTBOUND_ALLOW_HOSTS, and WEBHOOK_ALLOW_HOSTS as its alias, joined', () => {
  expect(loadConfig({ OUTBOUND_ALLOW_HOSTS: 'Models.Internal, 10.0.0.5' }).OUTBOUND_ALLOW_HOSTS).toEqual(['models.internal', '10.0.0.5']);
  const both = loadConfig({ OUTBOUND_ALLOW_HOSTS: 'a.internal', WEBHOOK_ALLOW_HOSTS: 'b.internal,a.internal' });
  expect(both.OUTBOUND_ALLOW_HOSTS).toEqual(['a.internal', 'b.internal']);
  expect(both.WEBHOOK_ALLOW_HOSTS).toEqual(both.OUTBOUND_ALLOW_HOSTS);
  expect(loadConfig({}).OUTBOUND_ALLOW_HOSTS).toEqual([]);
});
