/**
 * Several API and worker processes behind one origin, as `npm run up -- --api 2 --workers 2` runs
 * them: two API processes and two workers on one Postgres, Redis and blob store, with the front
 * (apps/front) spreading connections over the API processes.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import sharp from 'sharp';
import { QUEUE_OF } from '@tessera/contracts';
import {
  api, createAnnotatableAsset, createOrgWithRoles, keepEditing, liveReplica, request, startTestServer,
  type TestOrg, type TestReplica, type TestServer,
} from '@tessera/server/testing';

let server: TestServer;
let second: Awaited<ReturnType<TestServer['startSecondApi']>>;
let front: { url: string };
let org: TestOrg;
let manager: string;
const replicas: TestReplica[] = [];
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs()}`);
    await wait(50);
  }
}

async function replica(url: string, token: string, assetId: string, opts: { reconnection?: boolean } = {}) {
  const r = await liveReplica(url, token, assetId, opts);
  replicas.push(r);
  return r;
}

const box = (id: string, x: number) => ({ id, labelId: 'car', geometry: { type: 'box' as const, x: x % 600, y: 10, width: 20, height: 20 } });

beforeAll(async () => {
  // Short job locks, so a job held by a dead worker would come back in seconds.
  server = await startTestServer({ worker: true, env: { JOB_LOCK_MS: '2000' } });
  second = await server.startSecondApi();
  server.startAnotherWorker();
  front = await server.startFront([server.url, second.url]);
  org = await createOrgWithRoles(server.db, 'Many Processes', 'many.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
}, 120000);

afterAll(async () => {
  replicas.forEach((r) => r.socket.close());
  await server?.close();
});

it('people on different API processes co-edit one asset live, and the front reaches the same room', async () => {
  const { assetId } = await createAnnotatableAsset(server.db, org);
  const onFirst = await replica(server.url, await server.tokenFor(org.users.annotator.id, org.orgId), assetId);
  const onSecond = await replica(second.url, await server.tokenFor(org.users.reviewer.id, org.orgId), assetId);
  const throughFront = await replica(front.url, await server.tokenFor(org.users.manager.id, org.orgId), assetId);

  const sent = await Promise.all([onFirst, onSecond, throughFront].map(async (r, i) => {
    const id = randomUUID();
    const reply = await request(r.socket, 'ops', { setId: r.setId, ops: [{ type: 'create', clientId: `multi-client-${i}`, clientSeq: 1, annotation: box(id, i * 50) }] });
    expect(reply).toMatchObject({ ok: true, results: [{ status: 'committed' }] });
    return id;
  }));
  for (const r of [onFirst, onSecond, throughFront]) await eventually(() => sent.every((id) => r.state.has(id)), 'every edit on every process');
});

it('never gives one pool task to two people, whichever process takes the claim', async () => {
  const { projectId } = await createAnnotatableAsset(server.db, org, 'image');
  await server.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 1, reviewSampling: 0, emptyAnnotations: 'allow' })]);
  await server.db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height)
     SELECT $1, $2, 'image', 'ready', 'pooled-' || i, 'sha256/x', md5(random()::text), 1, 640, 480 FROM generate_series(1, 59) i`, [org.orgId, projectId]);
  const batch = await api(front.url, 'POST', `/api/v1/projects/${projectId}/batches`, { token: manager, body: { name: 'pool', selection: { filter: {} } } });
  expect(batch.status).toBe(201);
  const people = await server.db.query(
    `WITH u AS (INSERT INTO users (email, name, password_hash) SELECT 'pool' || i || '-' || $2 || '@many.test', 'Pool ' || i, 'x' FROM generate_series(1, 24) i RETURNING id),
          m AS (INSERT INTO memberships (org_id, user_id, role) SELECT $1, id, 'annotator' FROM u RETURNING user_id)
     INSERT INTO project_members (project_id, user_id, org_id, role) SELECT $3, user_id, $1, 'annotator' FROM m RETURNING user_id`,
    [org.orgId, randomUUID().slice(0, 8), projectId]);
  const origins = [server.url, second.url, front.url];
  const got = await Promise.all(people.map(async (p: { user_id: string }, n: number) => {
    const token = await server.tokenFor(p.user_id, org.orgId);
    const mine: string[] = [];
    // Each person's claims and submits go to the three entrances in turn.
    for (let i = n; ; i++) {
      const base = origins[i % origins.length];
      const claimed = await api(base, 'POST', `/api/v1/projects/${projectId}/tasks/next`, { token, body: {} });
      if (claimed.status === 204) return mine;
      expect(claimed.status).toBe(200);
      mine.push(claimed.json.id);
      expect((await api(origins[(i + 1) % origins.length], 'POST', `/api/v1/tasks/${claimed.json.id}/submit`, { token })).status).toBe(200);
    }
  }));
  const all = got.flat();
  expect(all).toHaveLength(60);
  expect(new Set(all).size).toBe(60);
  const [{ claims }] = await server.db.query(
    `SELECT count(*)::int AS claims FROM task_transitions tt JOIN tasks t ON t.id = tt.task_id WHERE t.project_id = $1 AND tt.reason = 'claimed from the pool'`, [projectId]);
  expect(claims).toBe(60);
}, 120000);

it('shares jobs between the workers, and each runs once in effect', async () => {
  const projectId = (await api(front.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Shared ingest', mediaType: 'image' } })).json.id;
  const FILES = 96;
  // Noise, so every file is distinct bytes and takes a real decode.
  const noise = Buffer.alloc(320 * 240 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const form = new FormData();
  for (let i = 0; i < FILES; i++) {
    const bytes = await sharp(Buffer.from(noise.map((v) => v ^ i)), { raw: { width: 320, height: 240, channels: 3 } }).jpeg().toBuffer();
    form.append('file', new Blob([bytes]), `shared-${i}.jpg`);
  }
  const res = await fetch(`${front.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  expect(res.status).toBe(202);
  const { jobRunId } = (await res.json()) as { jobRunId: string };
  let run: { state: string } = { state: 'queued' };
  await eventually(async () => {
    run = (await api(front.url, 'GET', `/api/v1/job-runs/${jobRunId}`, { token: manager })).json;
    return run.state === 'succeeded' || run.state === 'failed';
  }, 'the ingest run', 90000);
  expect(run).toMatchObject({ state: 'succeeded', counts: { total: FILES, processed: FILES, failed: 0 } });

  const assets = await server.db.query(`SELECT status, thumbnail_key FROM assets WHERE project_id = $1`, [projectId]);
  expect(assets).toHaveLength(FILES);
  expect(assets.filter((a: { status: string; thumbnail_key: string | null }) => a.status !== 'ready' || !a.thumbnail_key)).toEqual([]);
  const [{ items }] = await server.db.query(`SELECT count(*)::int AS items FROM job_run_items WHERE run_id = $1`, [jobRunId]);
  expect(items).toBe(FILES);

  const queue = new Queue(QUEUE_OF['assets.ingest'], { connection: { url: server.env.REDIS_URL }, prefix: `${server.env.REDIS_PREFIX}:bull` });
  try {
    const done = await queue.getJobs(['completed']);
    expect(new Set(done.map((j) => j.processedBy)).size).toBe(2);
  } finally {
    await queue.close();
  }
}, 150000);

it('moves the clients of a lost API process to the other, without losing an acknowledged edit', async () => {
  const { assetId } = await createAnnotatableAsset(server.db, org);
  const token = await server.tokenFor(org.users.annotator.id, org.orgId);
  // Through the front, connection by connection: the four clients land on both processes.
  const clients = [];
  for (let i = 0; i < 4; i++) clients.push(await replica(front.url, token, assetId, { reconnection: true }));
  let dropped = 0;
  clients.forEach((c) => c.socket.on('disconnect', () => dropped++));

  const acked = new Set<string>();
  // Batches of creates as fast as acks come back; a batch without an answer is sent again as it was.
  const editors = clients.map((c, i) => keepEditing(c, `lost-client-${i}`, acked, 5));
  await eventually(() => acked.size >= 100, 'edits before the loss');
  second.process.kill('SIGKILL');
  const atLoss = acked.size;
  await eventually(() => acked.size >= atLoss + 200, '200 more acknowledged edits after the loss');
  await Promise.all(editors.map((e) => e.stop()));

  expect(dropped).toBeGreaterThan(0);
  const stored = new Set((await server.db.query(`SELECT id FROM annotations WHERE set_id = $1`, [clients[0].setId])).map((r: { id: string }) => r.id));
  expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
  for (const c of clients) await eventually(() => c.state.size === stored.size, 'every client caught up');
}, 120000);
