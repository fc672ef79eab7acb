import { ROLES, type Role } from '@tessera/contracts';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * The queue board (bull-board at /admin/queues) behind the normal login:
 * owners and admins see it, every other role is refused, anonymous visitors
 * are asked to sign in, and a browser gets there through a cookie the app
 * trades for its access token. Access is read again on every request.
 */

let server: TestServer;
let org: TestOrg;
const token = (role: Role) => server.tokenFor(org.users[role].id, org.orgId);

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Board Org', 'board.test');
});
afterAll(() => server?.close());

it('asks anonymous visitors to sign in, with problem+json', async () => {
  for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/js/nothing.js']) {
    const res = await api(server.url, 'GET', path);
    expect({ path, status: res.status }).toEqual({ path, status: 401 });
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  }
  expect((await api(server.url, 'GET', '/admin/queues', { token: 'not-a-token' })).status).toBe(401);
});

it('shows owners and admins every queue, and refuses every other role', async () => {
  for (const role of ROLES) {
    const page = await api(server.url, 'GET', '/admin/queues', { token: await token(role) });
    const queues = await api(server.url, 'GET', '/admin/queues/api/queues', { token: await token(role) });
    if (role === 'owner' || role === 'admin') {
      expect({ role, status: page.status }).toEqual({ role, status: 200 });
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.text).toContain('<base href="/admin/queues/"');
      expect(queues.status).toBe(200);
      expect(queues.json.queues.map((q: { name: string }) => q.name).sort()).toEqual(expect.arrayContaining(['exports', 'ingest', 'quality']));
      expect(queues.headers.get('cache-control')).toBe('no-store');
    } else {
      expect({ role, page: page.status, api: queues.status }).toEqual({ role, page: 403, api: 403 });
      expect(queues.text).not.toContain('"queues"');
    }
  }
});

it("is the installation's own organisation's: another organisation's owner is refused", async () => {
  const other = await createOrgWithRoles(server.db, 'Board Tenant', 'tenant.board.test');
  const tenantOwner = await server.tokenFor(other.users.owner.id, other.orgId);
  expect((await api(server.url, 'GET', '/admin/queues/api/queues', { token: tenantOwner })).status).toBe(403);
  const session = await api(server.url, 'POST', '/api/v1/admin/queues/session', { token: tenantOwner });
  expect(session.status).toBe(403);
  expect(session.headers.get('set-cookie')).toBeNull();
  expect((await api(server.url, 'GET', '/admin/queues/api/queues', { token: await token('owner') })).status).toBe(200);
});

it('only shows jobs unless QUEUE_BOARD_ACTIONS allows acting on them', async () => {
  const t = await token('owner');
  const queues = (await api(server.url, 'GET', '/admin/queues/api/queues', { token: t })).json.queues;
  expect(queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toBe(true);
  const retry = await api(server.url, 'PUT', '/admin/queues/api/queues/exports/retry/failed', { token: t });
  expect(retry.status).toBe(405);
});

it('lets the app open the board in a browser through a cookie for the board’s paths only', async () => {
  const refused = await api(server.url, 'POST', '/api/v1/admin/queues/session', { token: await token('manager') });
  expect(refused.status).toBe(403);
  expect(refused.headers.get('set-cookie')).toBeNull();

  const opened = await api(server.url, 'POST', '/api/v1/admin/queues/session', { token: await token('admin') });
  expect(opened.status).toBe(204);
  const cookie = opened.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^tessera_queues=/);
  expect(cookie).toMatch(/Path=\/admin\/queues/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(cookie).toMatch(/Expires=/);
  const pair = cookie.split(';')[0];
  expect((await api(server.url, 'GET', '/admin/queues', { cookie: pair })).status).toBe(200);
  expect((await api(server.url, 'GET', '/admin/queues/api/queues', { cookie: pair })).status).toBe(200);
  // The cookie is no key to the rest of the API.
  expect((await api(server.url, 'GET', '/api/v1/projects', { cookie: pair })).status).toBe(401);
});

it('reads the role again on every request: an admin made annotator is refused with the same token', async () => {
  const [{ id: userId }] = await server.db.query(`SELECT id FROM users WHERE email = 'admin@board.test'`);
  const opened = await api(server.url, 'POST', '/api/v1/admin/queues/session', { token: await token('admin') });
  const pair = (opened.headers.get('set-cookie') ?? '').split(';')[0];
  expect((await api(server.url, 'GET', '/admin/queues/api/queues', { cookie: pair })).status).toBe(200);
  // Changed through the application, which tells every process's cache of standings.
  const owner = await token('owner');
  const setRole = (role: Role) => api(server.url, 'PATCH', `/api/v1/members/${userId}`, { token: owner, body: { role } });
  expect((await setRole('annotator')).status).toBe(200);
  try {
    expect((await api(server.url, 'GET', '/admin/queues/api/queues', { cookie: pair })).status).toBe(403);
  } finally {
    expect((await setRole('admin')).status).toBe(200);
  }
  expect((await api(server.url, 'DELETE', `/api/v1/members/${userId}`, { token: owner })).status).toBe(204);
  expect((await api(server.url, 'GET', '/admin/queues/api/queues', { cookie: pair })).status).toBe(401);
});
