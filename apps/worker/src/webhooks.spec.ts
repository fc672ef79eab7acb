import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * Webhooks end to end: the API records a test delivery (`ping`) and starts a run,
 * the real worker POSTs it to a real HTTP receiver on loopback, which is allowed
 * here only because WEBHOOK_ALLOW_HOSTS names 127.0.0.1 (and nothing else).
 */
interface Received { path: string; headers: IncomingMessage['headers']; body: string; at: string }

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let owner: string;
let receiver: Server;
let elsewhere: Server;
let port: number;
const received: Received[] = [];
const hits = new Map<string, number>();

function listen(srv: Server, host: string, p = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(p, host, () => resolve((srv.address() as { port: number }).port));
  });
}

function handler(host: string) {
  return (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const n = (hits.get(`${host}${path}`) ?? 0) + 1;
      hits.set(`${host}${path}`, n);
      received.push({ path: `${host}${path}`, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: new Date().toISOString() });
      if (path === '/ok' || path === '/hopped') return res.writeHead(200).end('thanks');
      if (path === '/flaky') return n <= 2 ? res.writeHead(500).end('not yet') : res.writeHead(204).end();
      if (path === '/down') return res.writeHead(503).end('down for maintenance');
      if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('took my time'), 2000);
      if (path === '/hop') return res.writeHead(307, { location: '/hopped' }).end();
      if (path === '/to-other-loopback') return res.writeHead(302, { location: `http://127.0.0.2:${port}/ok` }).end();
      if (path === '/to-ipv6-loopback') return res.writeHead(308, { location: `http://[::1]:${port}/ok` }).end();
      if (path === '/to-localhost') return res.writeHead(302, { location: `http://localhost:${port}/ok` }).end();
      if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      return res.writeHead(404).end();
    });
  };
}

beforeAll(async () => {
  receiver = createServer(handler('127.0.0.1'));
  port = await listen(receiver, '127.0.0.1');
  // The same port on another loopback address: where a redirect tries to lead. Nothing may arrive here.
  elsewhere = createServer(handler('127.0.0.2'));
  await listen(elsewhere, '127.0.0.2', port);
  server = await startTestServer({ worker: true, env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_SWEEP_MS: '500' } });
  org = await createOrgWithRoles(server.db, 'Hook Org', 'hooks.test');
  other = await createOrgWithRoles(server.db, 'Other Hook Org', 'other-hooks.test');
  owner = await server.tokenFor(org.users.owner.id, org.orgId);
}, 60000);
afterAll(async () => {
  await server?.close();
  await new Promise((r) => receiver?.close(r));
  await new Promise((r) => elsewhere?.close(r));
});

async function createHook(path: string, events = ['task.submitted']) {
  const res = await api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body: { url: `http://127.0.0.1:${port}${path}`, events } });
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string; url: string };
}

async function ping(hookId: string) {
  const res = await api(server.url, 'POST', `/api/v1/webhooks/${hookId}/test`, { token: owner });
  expect(res.status).toBe(202);
  expect(res.json).toMatchObject({ event: 'ping', state: 'pending', attempts: 0 });
  return res.json as { id: string };
}

async function settled(hookId: string, deliveryId: string, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await api(server.url, 'GET', `/api/v1/webhooks/${hookId}/deliveries`, { token: owner });
    expect(list.status).toBe(200);
    const d = list.json.items.find((i: { id: string }) => i.id === deliveryId);
    if (d && d.state !== 'pending') return d;
    if (Date.now() > deadline) throw new Error(`delivery still ${d?.state}:\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('delivers a signed test delivery whose body and signature verify with the secret shown once', async () => {
  const hook = await createHook('/ok');
  expect(hook.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // The secret is never shown again, and does not rest in the clear.
  const listed = await api(server.url, 'GET', '/api/v1/webhooks', { token: owner });
  expect(listed.json.items.find((h: { id: string }) => h.id === hook.id)).toEqual({ id: hook.id, url: hook.url, events: ['task.submitted'], active: true, createdAt: expect.any(String) });
  expect(listed.text).not.toContain(hook.secret);
  const [row] = await server.db.query(`SELECT secret_sealed FROM webhooks WHERE id = $1`, [hook.id]);
  expect(row.secret_sealed).not.toContain(hook.secret);

  const before = Math.floor(Date.now() / 1000);
  const { id } = await ping(hook.id);
  const d = await settled(hook.id, id);
  expect(d).toMatchObject({ id, event: 'ping', state: 'delivered', attempts: 1, lastStatus: 200, lastError: null, deliveredAt: expect.any(String) });

  const got = received.filter((r) => r.path === '127.0.0.1/ok');
  expect(got).toHaveLength(1);
  const { headers, body } = got[0];
  expect(headers['content-type']).toBe('application/json');
  expect(headers['user-agent']).toBe('Tessera-Webhooks');
  expect(headers['x-tessera-event']).toBe('ping');
  expect(headers['x-tessera-delivery']).toBe(id);
  const ts = Number(headers['x-tessera-timestamp']);
  expect(ts).toBeGreaterThanOrEqual(before - 1);
  expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
  const expected = `sha256=${createHmac('sha256', hook.secret).update(`${ts}.${body}`).digest('hex')}`;
  expect(headers['x-tessera-signature']).toBe(expected);
  expect(JSON.parse(body)).toEqual({ id, event: 'ping', createdAt: d.createdAt, data: { webhookId: hook.id, url: hook.url, events: ['task.submitted'], sentBy: org.users.owner.email } });
});

it('retries with backoff: a receiver that answers 500 twice, then 2xx, has it delivered at the third attempt', async () => {
  const hook = await createHook('/flaky');
  const { id } = await ping(hook.id);
  const d = await settled(hook.id, id);
  expect(d).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 204, lastError: null });
  expect(hits.get('127.0.0.1/flaky')).toBe(3);
  // Every attempt carried the same delivery and body, signed afresh.
  const tries = received.filter((r) => r.path === '127.0.0.1/flaky');
  expect(new Set(tries.map((t) => t.body)).size).toBe(1);
  expect(new Set(tries.map((t) => t.headers['x-tessera-delivery']))).toEqual(new Set([id]));
});

it('gives up after the last attempt: a receiver that always fails leaves the delivery failed, with its answer', async () => {
  const hook = await createHook('/down');
  const { id } = await ping(hook.id);
  const d = await settled(hook.id, id);
  expect(d).toMatchObject({ state: 'failed', attempts: 5, lastStatus: 503, lastError: 'HTTP 503: down for maintenance', deliveredAt: null });
  expect(hits.get('127.0.0.1/down')).toBe(5);
  // The run says so with a code the web app translates, the receiver's answer beside it (each retry is on record too).
  const deadline = Date.now() + 10000;
  let run: { errors: { item: string; code: string; message: string }[] } | undefined;
  while (!run?.errors.length && Date.now() < deadline) {
    [run] = await server.db.query(`SELECT errors FROM job_runs WHERE type = 'webhooks.deliver' AND errors @> $1::jsonb`, [JSON.stringify([{ item: id }])]);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(run?.errors).toContainEqual(expect.objectContaining({ item: id, code: 'webhook.failed', message: 'HTTP 503: down for maintenance' }));
});

it('follows a redirect to an allowed place, and refuses for good one that leads to another loopback address or name', async () => {
  const ok = await createHook('/hop');
  const hopped = await settled(ok.id, (await ping(ok.id)).id);
  expect(hopped).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200 });
  expect(hits.get('127.0.0.1/hopped')).toBe(1);

  for (const [path, why] of [
    ['/to-other-loopback', /refused: 127\.0\.0\.2 is a loopback, private or link-local address/],
    ['/to-ipv6-loopback', /refused: ::1 is a loopback, private or link-local address/],
    // A name is checked by the guarded agents on the address it resolves to.
    ['/to-localhost', /refused: localhost resolves to (127\.0\.0\.1|::1), a private or local address/],
  ] as const) {
    const hook = await createHook(path);
    const d = await settled(hook.id, (await ping(hook.id)).id);
    // A refused target is refused every time: one attempt, no retries.
    expect(d).toMatchObject({ state: 'failed', attempts: 1, lastStatus: null, deliveredAt: null });
    expect(d.lastError).toMatch(why);
    expect(hits.get(`127.0.0.1${path}`)).toBe(1);
  }
  expect(received.filter((r) => r.path.startsWith('127.0.0.2'))).toEqual([]);
  expect(hits.get('127.0.0.1/ok')).toBe(1); // the localhost hop never arrived either

  const loop = await createHook('/loop');
  const looped = await settled(loop.id, (await ping(loop.id)).id);
  expect(looped).toMatchObject({ state: 'failed', lastStatus: 302, lastError: 'more than 3 redirects' });
}, 60000);

it('does not POST again when a delivered job is delivered again', async () => {
  const hook = await createHook('/ok');
  const before = hits.get('127.0.0.1/ok') ?? 0;
  const { id } = await ping(hook.id);
  await settled(hook.id, id);
  expect(hits.get('127.0.0.1/ok')).toBe(before + 1);
  // The delivery is marked before the job ends: its run is settled a moment later.
  const lastRun = async () => (await server.db.query(`SELECT id, counts, state FROM job_runs WHERE type = 'webhooks.deliver' AND params->>'event' = 'ping' ORDER BY created_at DESC LIMIT 1`))[0];
  const settleBy = Date.now() + 15000;
  let run = await lastRun();
  while (run.state === 'running' && Date.now() < settleBy) {
    await new Promise((r) => setTimeout(r, 50));
    run = await lastRun();
  }
  expect(run.state).toBe('succeeded');

  // The same job once more, as a crash between the POST and the acknowledgement would bring it.
  const { Queue } = await import('bullmq');
  const queue = new Queue('webhooks', { connection: { url: server.env.REDIS_URL }, prefix: `${server.env.REDIS_PREFIX}:bull` });
  const jobId = `${run.id}-${id}`;
  const done = await queue.getJob(jobId);
  expect(done).toBeDefined();
  const data = done!.data;
  await done!.remove();
  const again = await queue.add('webhooks.deliver', data, { jobId });
  const deadline = Date.now() + 15000;
  while (!(await again.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await again.isCompleted()).toBe(true);
  await queue.close();
  expect(hits.get('127.0.0.1/ok')).toBe(before + 1);
  const [after] = await server.db.query(`SELECT counts, state FROM job_runs WHERE id = $1`, [run.id]);
  expect(after).toEqual({ counts: run.counts, state: 'succeeded' });
});

it('queues a delivery whose event committed but whose job never was (the API died, or Redis was away)', async () => {
  const hook = await createHook('/ok');
  const before = hits.get('127.0.0.1/ok') ?? 0;
  // What the outbox writes in the event's transaction, with nothing queued after it.
  const [{ id }] = await server.db.query(
    `INSERT INTO webhook_deliveries (org_id, webhook_id, event, payload) VALUES ($1, $2, 'task.submitted', '{"taskId":"t-1"}') RETURNING id`,
    [org.orgId, hook.id],
  );
  const d = await settled(hook.id, id);
  expect(d).toMatchObject({ state: 'delivered', attempts: 1 });
  expect(hits.get('127.0.0.1/ok')).toBe(before + 1);
  const [row] = await server.db.query(`SELECT dispatched_at, sending_until FROM webhook_deliveries WHERE id = $1`, [id]);
  expect(row.dispatched_at).not.toBeNull();
  expect(row.sending_until).toBeNull();
  // Swept once: later sweeps leave it alone.
  await new Promise((r) => setTimeout(r, 1500));
  expect(hits.get('127.0.0.1/ok')).toBe(before + 1);
});

it('POSTs once when two jobs hold one delivery: the second waits for the first one\'s outcome', async () => {
  const hook = await createHook('/slow');
  const { id } = await ping(hook.id);
  const [{ id: runId }] = await server.db.query(`SELECT id FROM job_runs WHERE type = 'webhooks.deliver' AND params->>'event' = 'ping' ORDER BY created_at DESC LIMIT 1`);
  const deadline = Date.now() + 15000;
  while ((await server.db.query(`SELECT attempts FROM webhook_deliveries WHERE id = $1`, [id]))[0].attempts === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  // While the first is on the wire, a second job for the same delivery (as a sweep after a crash would queue).
  const { Queue } = await import('bullmq');
  const queue = new Queue('webhooks', { connection: { url: server.env.REDIS_URL }, prefix: `${server.env.REDIS_PREFIX}:bull` });
  const twin = await queue.add('webhooks.deliver', { deliveryId: id, orgId: org.orgId, jobRunId: runId }, { jobId: `twin-${id}` });
  const d = await settled(hook.id, id);
  while (!(await twin.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await twin.isCompleted()).toBe(true);
  await queue.close();
  expect(d).toMatchObject({ state: 'delivered', attempts: 1 });
  expect(hits.get('127.0.0.1/slow')).toBe(1);
});

it('keeps a delivery log per hook, newest first, paged; other organisations see none of it', async () => {
  const hook = await createHook('/ok', ['task.accepted', 'batch.completed']);
  const first = await ping(hook.id);
  await settled(hook.id, first.id);
  const second = await ping(hook.id);
  await settled(hook.id, second.id);
  const log = await api(server.url, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: owner });
  expect(log.json.total).toBe(2);
  expect(log.json.items.map((d: { id: string }) => d.id)).toEqual([second.id, first.id]);
  const paged = await api(server.url, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=1&offset=1`, { token: owner });
  expect(paged.json).toMatchObject({ total: 2, items: [{ id: first.id }] });

  const stranger = await server.tokenFor(other.users.owner.id, other.orgId);
  expect((await api(server.url, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: stranger })).status).toBe(404);
  expect((await api(server.url, 'POST', `/api/v1/webhooks/${hook.id}/test`, { token: stranger })).status).toBe(404);
  expect((await api(server.url, 'DELETE', `/api/v1/webhooks/${hook.id}`, { token: stranger })).status).toBe(404);
  expect((await api(server.url, 'GET', '/api/v1/webhooks', { token: stranger })).json.items).toEqual([]);

  // Deleting the hook takes its log with it.
  expect((await api(server.url, 'DELETE', `/api/v1/webhooks/${hook.id}`, { token: owner })).status).toBe(204);
  expect((await api(server.url, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token: owner })).status).toBe(404);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1`, [hook.id]))[0].n).toBe(0);
  const audit = await server.db.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY at`, [hook.id]);
  expect(audit.map((a: { action: string }) => a.action)).toEqual(['webhook.created', 'webhook.deleted']);
});

it('pauses and resumes a hook, moves it, and changes its events; the secret stays; bad changes are refused whole', async () => {
  const hook = await createHook('/ok', ['task.submitted']);
  const patch = (body: unknown, token = owner) => api(server.url, 'PATCH', `/api/v1/webhooks/${hook.id}`, { token, body });
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  // A real event: an annotator submits the one task of a fresh project.
  const submitOne = async () => {
    const { projectId } = await createAnnotatableAsset(server.db, org);
    expect((await api(server.url, 'POST', `/api/v1/projects/${projectId}/batches`, { token: manager, body: { name: 'b', selection: { filter: {} } } })).status).toBe(201);
    const task = (await api(server.url, 'POST', `/api/v1/projects/${projectId}/tasks/next`, { token: annotator, body: {} })).json;
    expect((await api(server.url, 'POST', `/api/v1/tasks/${task.id}/submit`, { token: annotator })).status).toBe(200);
  };
  const submitted = async () => (await server.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND event = 'task.submitted'`, [hook.id]))[0].n as number;

  const paused = await patch({ active: false });
  expect(paused.status).toBe(200);
  expect(paused.json).toMatchObject({ id: hook.id, active: false, url: hook.url, events: ['task.submitted'] });
  expect(paused.json.secret).toBeUndefined();
  await submitOne();
  expect(await submitted()).toBe(0); // paused: nothing recorded for it

  // Moved to another path, listening to more, and resumed: the next event goes there, signed with the same secret.
  const moved = await patch({ url: `http://127.0.0.1:${port}/hopped`, events: ['task.submitted', 'task.accepted'], active: true });
  expect(moved.json).toMatchObject({ active: true, url: `http://127.0.0.1:${port}/hopped`, events: ['task.submitted', 'task.accepted'] });
  const { id } = await ping(hook.id);
  await settled(hook.id, id);
  const got = received.find((r) => r.headers['x-tessera-delivery'] === id)!;
  expect(got.path).toBe('127.0.0.1/hopped');
  const [t, sig] = [got.headers['x-tessera-timestamp'], got.headers['x-tessera-signature']];
  expect(sig).toBe(`sha256=${createHmac('sha256', hook.secret).update(`${t}.${got.body}`).digest('hex')}`);
  await submitOne();
  expect(await submitted()).toBe(1); // resumed: heard again

  // Refused whole: a private target, nothing to change, unknown or wrong fields; another organisation's hook is not there.
  const before = (await api(server.url, 'GET', '/api/v1/webhooks', { token: owner })).json.items.find((h: { id: string }) => h.id === hook.id);
  const refused = await patch({ url: 'http://10.1.2.3/hook', active: false });
  expect(refused.status).toBe(422);
  // With what a client needs to say why in its own language.
  expect(refused.json.errors).toEqual([expect.objectContaining({ path: 'url', code: 'refused_target', params: { reason: 'private', host: '10.1.2.3' } })]);
  for (const body of [{}, { secret: 'mine' }, { events: [] }, { events: ['ping'] }, { active: 'no' }, { url: 'ftp://example.com/x' }]) expect([body, (await patch(body)).status]).toEqual([body, 400]);
  expect((await patch({ active: false }, await server.tokenFor(other.users.owner.id, other.orgId))).status).toBe(404);
  expect((await patch({ active: false }, manager)).status).toBe(403);
  expect((await api(server.url, 'GET', '/api/v1/webhooks', { token: owner })).json.items.find((h: { id: string }) => h.id === hook.id)).toEqual(before);
  const audit = await server.db.query(`SELECT action, details FROM audit_events WHERE resource_id = $1 ORDER BY at`, [hook.id]);
  expect(audit.map((a: { action: string }) => a.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.updated']);
  expect(audit[1].details).toEqual({ active: false });
});

it('refuses at creation URLs that are or resolve to loopback, private or link-local addresses not allowlisted', async () => {
  for (const url of [
    `http://localhost:${port}/ok`, // resolves to loopback
    `http://127.0.0.2:${port}/ok`, `http://[::1]:${port}/ok`, 'http://10.1.2.3/hook', 'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://0.0.0.0/hook',
  ]) {
    const res = await api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body: { url, events: ['task.submitted'] } });
    expect([url, res.status]).toEqual([url, 422]);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'url', code: 'refused_target' })]);
  }
  // A name is refused for the address it resolves to, and says which.
  const byName = await api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body: { url: `http://localhost:${port}/ok`, events: ['task.submitted'] } });
  expect(byName.json.errors[0].params).toEqual({ reason: 'resolves_private', host: 'localhost', address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
  for (const body of [
    { url: 'ftp://example.com/hook', events: ['task.submitted'] },
    { url: 'file:///etc/passwd', events: ['task.submitted'] },
    { url: 'https://user:pass@example.com/hook', events: ['task.submitted'] },
    { url: `https://example.com/${'x'.repeat(2048)}`, events: ['task.submitted'] },
    { url: 'https://example.com/hook', events: [] },
    { url: 'https://example.com/hook', events: ['ping'] },
    { url: 'https://example.com/hook', events: ['task.submitted'], secret: 'mine' },
  ]) {
    const res = await api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body });
    expect([body, res.status]).toEqual([body, 400]);
  }
  // Managers may not manage hooks.
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  expect((await api(server.url, 'POST', '/api/v1/webhooks', { token: manager, body: { url: `http://127.0.0.1:${port}/ok`, events: ['task.submitted'] } })).status).toBe(403);
});

it('without the allowlist, loopback itself is refused', async () => {
  const plain = await startTestServer();
  try {
    const o = await createOrgWithRoles(plain.db, 'Plain Org', 'plain.test');
    const token = await plain.tokenFor(o.users.admin.id, o.orgId);
    for (const url of [`http://127.0.0.1:${port}/ok`, `http://localhost:${port}/ok`]) {
      const res = await api(plain.url, 'POST', '/api/v1/webhooks', { token, body: { url, events: ['task.submitted'] } });
      expect([url, res.status]).toEqual([url, 422]);
      expect(res.json.detail).toMatch(/loopback, private or link-local/);
    }
    expect((await plain.db.query(`SELECT count(*)::int AS n FROM webhooks`))[0].n).toBe(0);
  } finally {
    await plain.close();
  }
}, 60000);
