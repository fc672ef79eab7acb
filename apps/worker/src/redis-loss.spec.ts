import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { createServer, type Server } from 'node:http';
import sharp from 'sharp';
import { api, createOrgWithRoles, freePort, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * Redis comes back empty (a fresh redis-server on the test's own port) while
 * jobs are queued and not yet run: Postgres is the truth, so the worker's
 * reconciler (whole runs, and the jobs of item runs: an upload's files) and
 * the webhook sweep (the outbox) queue them again
 * under their own ids, and the API and worker reconnect. (Edits acknowledged
 * across a Redis restart: sync-reliability.spec.ts, "a Redis restart".)
 */
let server: TestServer;
let org: TestOrg;
let redis: ChildProcess;
let redisPort: number;
let receiver: Server;
let hookPort: number;
const received: string[] = [];
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs()}`);
    await wait(100);
  }
}

const listening = () => new Promise<boolean>((resolve) => {
  const c = createConnection(redisPort, '127.0.0.1', () => (c.end(), resolve(true)));
  c.on('error', () => resolve(false));
});
async function startRedis() {
  // No persistence: a restart is a Redis with its data gone.
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await eventually(listening, 'redis to listen', 10000);
}
async function replaceRedis() {
  const old = redis;
  old.kill('SIGKILL');
  await new Promise((r) => old.once('exit', r));
  await startRedis();
}
const redisCli = (...args: string[]) => execFileSync('redis-cli', ['-p', String(redisPort), ...args], { encoding: 'utf8' }).trim();

/** Two images in one upload: one ingest run, one job carrying both. */
async function uploadImages(token: string) {
  const project = await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'Lost uploads', mediaType: 'image' } });
  expect(project.status).toBe(201);
  const files = await Promise.all([['one.png', '#204060'], ['two.png', '#604020']].map(async ([name, background]) =>
    ({ name, bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background } }).png().toBuffer() })));
  const res = await server.upload(token, project.json.id, files);
  expect(res.status).toBe(202);
  return { runId: res.json.jobRunId!, assetIds: res.json.accepted.map((a) => a.assetId) };
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    received.push(String(req.headers['x-tessera-delivery']));
    req.resume().on('end', () => res.writeHead(200).end('thanks'));
  });
  hookPort = await new Promise<number>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve((receiver.address() as { port: number }).port)));
  redisPort = await freePort();
  await startRedis();
  server = await startTestServer({
    worker: true,
    env: {
      REDIS_URL: `redis://127.0.0.1:${redisPort}`, JOB_RECONCILE_MS: '500', WEBHOOK_SWEEP_MS: '500',
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '100', JOB_LOCK_MS: '2000',
    },
  });
  org = await createOrgWithRoles(server.db, 'Redis Loss Org', 'redis-loss.test');
}, 60000);
afterAll(async () => {
  await server?.close();
  redis?.kill('SIGKILL');
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

it('queues again from Postgres the jobs an emptied Redis lost, and the API and worker carry on', async () => {
  const owner = await server.tokenFor(org.users.owner.id, org.orgId);
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const hook = await api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body: { url: `http://127.0.0.1:${hookPort}/hook`, events: ['task.submitted'] } });
  expect(hook.status).toBe(201);
  const exportRun = async () => {
    const res = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' } });
    expect(res.status).toBe(202);
    return res.json.id as string;
  };
  const ping = async () => {
    const res = await api(server.url, 'POST', `/api/v1/webhooks/${hook.json.id}/test`, { token: owner });
    expect(res.status).toBe(202);
    return res.json.id as string;
  };
  const runState = async (id: string) => (await server.db.query(`SELECT state FROM job_runs WHERE id = $1`, [id]))[0].state as string;
  const deliveryState = async (id: string) => (await server.db.query(`SELECT state FROM webhook_deliveries WHERE id = $1`, [id]))[0].state as string;

  // Nobody runs jobs: what the API queues now waits in Redis.
  const dead = server.worker!;
  dead.kill('SIGKILL');
  await new Promise((r) => dead.once('exit', r));
  const exportId = await exportRun();
  const deliveryId = await ping();
  const { runId: ingestId, assetIds } = await uploadImages(owner);
  const prefix = `${server.env.REDIS_PREFIX}:bull`;
  expect(redisCli('EXISTS', `${prefix}:exports:${exportId}`)).toBe('1');
  expect(redisCli('EXISTS', `${prefix}:ingest:${ingestId}-0`)).toBe('1');

  // Redis comes back with nothing: the jobs are gone, the rows still say they are owed.
  await replaceRedis();
  expect(redisCli('EXISTS', `${prefix}:exports:${exportId}`)).toBe('0');
  expect(redisCli('KEYS', `${prefix}:webhooks:*`)).toBe('');
  expect(await runState(exportId)).toBe('queued');
  expect(await deliveryState(deliveryId)).toBe('pending');
  expect(redisCli('KEYS', `${prefix}:ingest:*`)).toBe('');

  await server.startWorker();
  await eventually(async () => (await runState(exportId)) === 'succeeded', 'the lost export to run');
  await eventually(async () => (await deliveryState(deliveryId)) === 'delivered', 'the lost delivery to be sent');
  // The upload's files: their run keeps its jobs, so the one carrying both images is queued again and they are ingested.
  await eventually(async () => (await runState(ingestId)) === 'succeeded', 'the lost ingest to run');
  const assets = await server.db.query(`SELECT status FROM assets WHERE id = ANY($1::uuid[])`, [assetIds]);
  expect(assets).toEqual([{ status: 'ready' }, { status: 'ready' }]);
  const [ingestRun] = await server.db.query(`SELECT counts, item_jobs FROM job_runs WHERE id = $1`, [ingestId]);
  // Counted once each, and a closed run keeps no jobs.
  expect(ingestRun).toEqual({ counts: { total: 2, processed: 2, failed: 0 }, item_jobs: null });
  // Sent once, counted once, under its own id.
  expect(received).toEqual([deliveryId]);
  // The row is marked delivered just before the run counts it: wait for the run to settle, then check it.
  const deliveryRun = await eventually(async () => {
    const [r] = await server.db.query(`SELECT r.state, r.counts FROM job_runs r JOIN webhook_deliveries d ON d.job_run_id = r.id WHERE d.id = $1`, [deliveryId]);
    return r.state !== 'running' && r;
  }, 'the delivery run to settle');
  expect(deliveryRun).toEqual({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
  const file = await fetch(`${server.url}/api/v1/job-runs/${exportId}/download`, { headers: { authorization: `Bearer ${auditor}` } });
  expect(file.status).toBe(200);

  // And again with the worker up: both processes reconnect to the new Redis and new work flows.
  await replaceRedis();
  const after = await eventually(() => exportRun(), 'the API to queue again');
  const ping2 = await ping();
  await eventually(async () => (await runState(after)) === 'succeeded', 'an export queued after the second restart');
  await eventually(async () => (await deliveryState(ping2)) === 'delivered', 'a delivery queued after the second restart');
  // Finished runs are not queued again by the reconciler: nothing is sent twice.
  await wait(1500);
  expect(received).toEqual([deliveryId, ping2]);
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE org_id = $1 AND type = 'audit.export' AND state <> 'succeeded'`, [org.orgId]);
  expect(n).toBe(0);
}, 120000);
