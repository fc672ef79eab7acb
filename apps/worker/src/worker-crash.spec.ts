import { readdir, utimes } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import Redis from 'ioredis';
import { QUEUE_OF } from '@tessera/contracts';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * The worker is killed (SIGKILL: no shutdown hooks, no lock released) in the
 * middle of an audit export and of a webhook delivery; a new worker takes over
 * the jobs whose locks lapse, and each finishes exactly once in effect. (Killing
 * it mid-ingest is ingest-crash.spec.ts.)
 */
let server: TestServer;
let org: TestOrg;
let receiver: Server;
let port: number;
const EVENTS = 150_000;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 90000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs()}`);
    await wait(50);
  }
}

async function killWorker() {
  const dead = server.worker!;
  dead.kill('SIGKILL');
  await new Promise((resolve) => dead.once('exit', resolve));
}

/** Finished blobs in the local store (`blobs/xx/yy/<sha256>`), not the temporary files a killed writer leaves. */
async function storedBlobs(): Promise<string[]> {
  const root = join(server.env.DATA_DIR, 'blobs');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).filter((p) => /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p));
}

/** The receiver: holds the first POST open (so the worker dies mid-delivery), answers 200 to the rest. */
const received: { delivery: string; id: string }[] = [];
let holding: ServerResponse | null = null;
let hold = true;
function receive(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
    received.push({ delivery: String(req.headers['x-tessera-delivery']), id: body.id });
    if (hold) {
      holding = res;
      return;
    }
    res.writeHead(200).end('thanks');
  });
}

beforeAll(async () => {
  receiver = createServer(receive);
  port = await new Promise<number>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve((receiver.address() as { port: number }).port)));
  // Short job locks, so the new worker takes over the dead one's jobs in seconds rather than a minute.
  server = await startTestServer({ worker: true, env: { JOB_LOCK_MS: '2000', WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '100' } });
  org = await createOrgWithRoles(server.db, 'Worker Crash Org', 'worker-crash.test');
}, 60000);
afterAll(async () => {
  await server?.close();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

it('finishes an audit export once, with one file, when the worker is killed in the middle of it', async () => {
  // Enough events that the export is still streaming when the worker dies.
  await server.db.query(
    `INSERT INTO audit_events (org_id, at, actor_email, action, resource_type, details)
     SELECT $1, timestamptz '2026-03-01' + (i || ' seconds')::interval, 'someone@worker-crash.test', 'test.event', 'thing', jsonb_build_object('i', i)
       FROM generate_series(1, $2::int) i`,
    [org.orgId, EVENTS],
  );
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' } });
  expect(started.status).toBe(202);
  const runId = started.json.id as string;

  const progress = async () => (await server.db.query<{ state: string; progress: number }>(`SELECT state, progress FROM job_runs WHERE id = $1`, [runId]))[0];
  const atKill = await eventually(async () => {
    const r = await progress();
    return r.state === 'running' && r.progress > 0 && r.progress < 0.5 && r;
  }, 'the export to be under way');
  await killWorker();
  // Otherwise the test would prove nothing about recovery.
  expect(await progress()).toMatchObject({ state: 'running' });
  expect(atKill.progress).toBeLessThan(1);
  expect(await storedBlobs()).toEqual([]);
  // The dead writer's half file, aged past the point where a live write could still own it.
  const tmp = join(server.env.DATA_DIR, 'blobs', 'tmp');
  const halfDone = await readdir(tmp);
  expect(halfDone).toHaveLength(1);
  const twoDaysAgo = new Date(Date.now() - 2 * 86400_000);
  await utimes(join(tmp, halfDone[0]), twoDaysAgo, twoDaysAgo);

  await server.startWorker();
  const run = await eventually(async () => {
    const r = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: auditor })).json;
    return (r.state === 'succeeded' || r.state === 'failed') && r;
  }, 'the export to finish after the restart');
  expect(run).toMatchObject({ state: 'succeeded', progress: 1, counts: { total: EVENTS + 1, processed: EVENTS + 1 } });

  // One file: the run's, holding every event once.
  const blobs = await storedBlobs();
  expect(blobs).toHaveLength(1);
  expect(blobs[0].endsWith(run.result.sha256)).toBe(true);
  const file = await fetch(`${server.url}/api/v1/job-runs/${runId}/download`, { headers: { authorization: `Bearer ${auditor}` } });
  expect(file.status).toBe(200);
  const lines = (await file.text()).replace(/^\ufeff/, '').trimEnd().split('\r\n').slice(1);
  expect(lines).toHaveLength(EVENTS + 1);
  expect(new Set(lines.map((l) => l.slice(0, 36))).size).toBe(EVENTS + 1);
  // The new worker cleared the dead one's half file away.
  expect(await readdir(tmp)).toEqual([]);
  // One run of this kind, and it was not started over as a new one.
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE org_id = $1 AND type = 'audit.export'`, [org.orgId]);
  expect(n).toBe(1);
}, 180000);

it('delivers a webhook once in effect when the worker is killed while the POST is in flight', async () => {
  const owner = await server.tokenFor(org.users.owner.id, org.orgId);
  const hook = await api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body: { url: `http://127.0.0.1:${port}/hook`, events: ['task.submitted'] } });
  expect(hook.status).toBe(201);
  const ping = await api(server.url, 'POST', `/api/v1/webhooks/${hook.json.id}/test`, { token: owner });
  expect(ping.status).toBe(202);
  const deliveryId = ping.json.id as string;

  // The POST has reached the receiver, which has not answered: the worker dies waiting.
  await eventually(async () => holding !== null, 'the delivery to arrive');
  await killWorker();
  hold = false;
  holding!.socket?.destroy();
  expect(await server.db.query(`SELECT state FROM webhook_deliveries WHERE id = $1`, [deliveryId])).toEqual([{ state: 'pending' }]);

  await server.startWorker();
  // The dead sender's claim lapses (30 s), then the new worker sends it again, the same delivery.
  const row = await eventually(async () => {
    const [d] = await server.db.query(`SELECT state, attempts FROM webhook_deliveries WHERE id = $1`, [deliveryId]);
    return d.state !== 'pending' && d;
  }, 'the delivery to settle after the restart');
  expect(row.state).toBe('delivered');
  // Every POST the receiver saw was this one delivery, under its own id (a receiver deduplicates on it).
  expect(received.length).toBeGreaterThanOrEqual(1);
  expect(received.every((r) => r.delivery === deliveryId && r.id === deliveryId)).toBe(true);
  // Counted once: one item of one run, and nothing more is sent.
  // (The row is marked delivered just before the run counts it.)
  const run = await eventually(async () => {
    const [r] = await server.db.query(`SELECT state, counts FROM job_runs WHERE type = 'webhooks.deliver' AND org_id = $1`, [org.orgId]);
    return r.state !== 'running' && r;
  }, 'the delivery run to settle');
  expect(run).toEqual({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
  const seen = received.length;
  await wait(3000);
  expect(received).toHaveLength(seen);
}, 120000);

it('fails the run of a job BullMQ gives up on after it stalled too often, instead of leaving it running for ever', async () => {
  // BullMQ marks a job that stalled more than maxStalledCount times (its worker died on it each time) for failure,
  // and the next worker to pick it up fails it without running it. Here the mark is set by hand on a queued export.
  await killWorker();
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:01:00Z' } });
  expect(started.status).toBe(202);
  const runId = started.json.id as string;
  const redis = new Redis(server.env.REDIS_URL);
  try {
    const key = `${server.env.REDIS_PREFIX}:bull:${QUEUE_OF['audit.export']}:${runId}`;
    expect(await redis.exists(key)).toBe(1);
    await redis.hset(key, 'defa', 'job stalled more than allowable limit');
  } finally {
    redis.disconnect();
  }
  await server.startWorker();
  const run = await eventually(async () => {
    const r = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: auditor })).json;
    return r.state !== 'queued' && r.state !== 'running' && r;
  }, 'the given-up run to close');
  expect(run.state).toBe('failed');
  expect(JSON.stringify(run.errors)).toMatch(/stalled more than allowable limit/);
}, 120000);
