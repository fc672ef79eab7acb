// The guard caches a person's standing only while changes can be heard through Redis. These tests run
// their own Redis (to kill it) and two API processes, and change roles in SQL, behind the application's
// back, to stand for a change whose message was lost: the cache must not be what answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { api, createOrgWithRoles, freePort, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(50);
  }
}

let server: TestServer;
let second: Awaited<ReturnType<TestServer['startSecondApi']>>;
let org: TestOrg;
let redis: ChildProcess | undefined;
let port: number;

const startRedis = async () => {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await eventually(
    () => new Promise<boolean>((resolve) => {
      const c = createConnection(port, '127.0.0.1', () => (c.end(), resolve(true)));
      c.on('error', () => resolve(false));
    }),
    10000,
    'redis to listen',
  );
};
const stopRedis = async () => {
  const r = redis;
  if (!r || r.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    r.once('exit', () => resolve());
    r.kill('SIGKILL');
  });
};

const setRole = (userId: string, role: string) =>
  server.db.query(`UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2`, [org.orgId, userId, role]);

/**
 * Waits until the process at `url` serves standings from its cache again, i.e. hears changes through
 * Redis: a role changed in SQL (no message) and still answered with the previous one came from the cache.
 */
async function cachingAt(url: string) {
  const probe = org.users.consumer.id;
  const token = await server.tokenFor(probe, org.orgId);
  let i = 0;
  await eventually(async () => {
    const role = ++i % 2 ? 'reviewer' : 'consumer';
    await setRole(probe, role);
    const seen = (await api(url, 'GET', '/api/v1/auth/me', { token })).json.role;
    return seen !== role;
  }, 20000, `${url} to cache standings again`);
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  // A long TTL, so that only the subscriber's state can explain what the second process answers.
  server = await startTestServer({ env: { REDIS_URL: `redis://127.0.0.1:${port}`, AUTH_STANDING_TTL_MS: '60000' } });
  second = await server.startSecondApi();
  org = await createOrgWithRoles(server.db, 'Standing Org', 'standing.test');
}, 60000);
afterAll(async () => {
  await second?.stop();
  await server?.close();
  await stopRedis();
});

it('with Redis down, the standing is read from Postgres on every request, and what was cached before is not trusted after', async () => {
  const { manager, reviewer } = org.users;
  await cachingAt(second.url);
  const managerToken = await server.tokenFor(manager.id, org.orgId);
  const reviewerToken = await server.tokenFor(reviewer.id, org.orgId);
  // Both cached on the second process as they are now.
  expect((await api(second.url, 'GET', '/api/v1/members', { token: managerToken })).status).toBe(200);
  expect((await api(second.url, 'GET', '/api/v1/auth/me', { token: reviewerToken })).status).toBe(200);

  await stopRedis();
  await wait(300);
  // A demotion and a removal nobody can publish now.
  await setRole(manager.id, 'annotator');
  await server.db.query(`DELETE FROM memberships WHERE org_id = $1 AND user_id = $2`, [org.orgId, reviewer.id]);
  expect((await api(second.url, 'GET', '/api/v1/members', { token: managerToken })).status).toBe(403);
  expect((await api(second.url, 'GET', '/api/v1/auth/me', { token: reviewerToken })).status).toBe(401);
  // And a demotion through the API: its publish fails, the other process still refuses at once.
  await setRole(manager.id, 'manager');
  expect((await api(second.url, 'GET', '/api/v1/members', { token: managerToken })).status).toBe(200);
  const owner = await server.tokenFor(org.users.owner.id, org.orgId);
  const demoted = await api(server.url, 'PATCH', `/api/v1/members/${manager.id}`, { token: owner, body: { role: 'annotator' } });
  expect(demoted.json).toMatchObject({ role: 'annotator' });
  expect((await api(second.url, 'GET', '/api/v1/members', { token: managerToken })).status).toBe(403);

  // The second process still holds what it cached before the outage (manager, reviewer a member) and heard
  // of no change since. Once Redis is back and it caches again, that must not be what answers.
  await startRedis();
  await cachingAt(second.url);
  expect((await api(second.url, 'GET', '/api/v1/members', { token: managerToken })).status).toBe(403);
  expect((await api(second.url, 'GET', '/api/v1/auth/me', { token: reviewerToken })).status).toBe(401);
}, 90000);

it('with Redis back, a change through one process reaches the other at once again', async () => {
  const { manager, owner } = org.users;
  const ownerToken = await server.tokenFor(owner.id, org.orgId);
  // Through the API: the second process has "annotator" cached now, and hears of this.
  expect((await api(server.url, 'PATCH', `/api/v1/members/${manager.id}`, { token: ownerToken, body: { role: 'manager' } })).json).toMatchObject({ role: 'manager' });
  const managerToken = await server.tokenFor(manager.id, org.orgId);
  // Cached on the second process (the previous test left it listening).
  for (let i = 0; i < 3; i++) expect((await api(second.url, 'GET', '/api/v1/members', { token: managerToken })).status).toBe(200);
  const demoted = await api(server.url, 'PATCH', `/api/v1/members/${manager.id}`, { token: ownerToken, body: { role: 'annotator' } });
  expect(demoted.json).toMatchObject({ role: 'annotator' });
  expect((await api(second.url, 'GET', '/api/v1/members', { token: managerToken })).status).toBe(403);
}, 30000);
