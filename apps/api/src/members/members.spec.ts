import { TEST_PASSWORD, api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
const as = async (role: keyof TestOrg['users']) => server.tokenFor(org.users[role].id, org.orgId);

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Members Org', 'members.test');
});
afterAll(() => server.close());

it('lists members with roles for managers', async () => {
  const res = await api(server.url, 'GET', '/api/v1/members', { token: await as('manager') });
  expect(res.status).toBe(200);
  expect(res.json.items).toHaveLength(8);
  expect(res.json.items.find((m: any) => m.email === 'auditor@members.test')).toMatchObject({ role: 'auditor' });
});

it('an admin changes roles below admin, but not owners or admins', async () => {
  const admin = await as('admin');
  const changed = await api(server.url, 'PATCH', `/api/v1/members/${org.users.annotator.id}`, { token: admin, body: { role: 'reviewer' } });
  expect(changed.json).toMatchObject({ userId: org.users.annotator.id, role: 'reviewer' });
  expect((await api(server.url, 'PATCH', `/api/v1/members/${org.users.owner.id}`, { token: admin, body: { role: 'annotator' } })).json).toMatchObject({ status: 403, code: 'owner_roles_only' });
  expect((await api(server.url, 'PATCH', `/api/v1/members/${org.users.consumer.id}`, { token: admin, body: { role: 'admin' } })).status).toBe(403);
  // The demoted person's next request already carries the new role.
  const reviewerNow = await server.tokenFor(org.users.annotator.id, org.orgId);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: reviewerNow })).json.role).toBe('reviewer');
});

it('the organisation always keeps an owner', async () => {
  const owner = await as('owner');
  // Refused with a code a client words in its own language, and nothing else in the body but the problem's own fields.
  const demoted = await api(server.url, 'PATCH', `/api/v1/members/${org.users.owner.id}`, { token: owner, body: { role: 'admin' } });
  expect(demoted.json).toEqual({
    type: 'https://tessera.dev/problems/409', title: 'Conflict', status: 409, detail: 'The organisation must keep at least one owner.', code: 'last_owner', requestId: expect.any(String),
  });
  expect((await api(server.url, 'DELETE', `/api/v1/members/${org.users.owner.id}`, { token: owner })).json.code).toBe('last_owner');
});

it('removing a member ends their access at once', async () => {
  const consumer = await as('consumer');
  expect((await api(server.url, 'DELETE', `/api/v1/members/${org.users.consumer.id}`, { token: await as('admin') })).status).toBe(204);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: consumer })).status).toBe(401);
});

describe('on another API process', () => {
  let second: Awaited<ReturnType<TestServer['startSecondApi']>>;
  beforeAll(async () => {
    second = await server.startSecondApi();
  });
  afterAll(() => second.stop());

  // Each process caches a person's standing; the change is made on the first and heard on the second through Redis.
  it('a demotion takes effect at once, though the second process had the old role cached', async () => {
    const { orgId, users: { manager, owner } } = await createOrgWithRoles(server.db, 'Demotion Org', 'demotion.test');
    const token = await server.tokenFor(manager.id, orgId);
    for (let i = 0; i < 3; i++) {
      expect((await api(second.url, 'GET', '/api/v1/members', { token })).status).toBe(200);
      expect((await api(second.url, 'GET', '/api/v1/auth/me', { token })).json.role).toBe('manager');
    }
    const demoted = await api(server.url, 'PATCH', `/api/v1/members/${manager.id}`, { token: await server.tokenFor(owner.id, orgId), body: { role: 'annotator' } });
    expect(demoted.json).toMatchObject({ role: 'annotator' });
    // The very next request, on the other process, with the same token.
    expect((await api(second.url, 'GET', '/api/v1/members', { token })).status).toBe(403);
    expect((await api(second.url, 'GET', '/api/v1/auth/me', { token })).json.role).toBe('annotator');
  });

  it('a removal and a password change end access at once there too', async () => {
    const o = await createOrgWithRoles(server.db, 'Removal Org', 'removal.test');
    const reviewer = await server.tokenFor(o.users.reviewer.id, o.orgId);
    const annotator = await server.tokenFor(o.users.annotator.id, o.orgId);
    expect((await api(second.url, 'GET', '/api/v1/auth/me', { token: reviewer })).status).toBe(200);
    expect((await api(second.url, 'GET', '/api/v1/auth/me', { token: annotator })).status).toBe(200);
    const admin = await server.tokenFor(o.users.admin.id, o.orgId);
    expect((await api(server.url, 'DELETE', `/api/v1/members/${o.users.reviewer.id}`, { token: admin })).status).toBe(204);
    expect((await api(second.url, 'GET', '/api/v1/auth/me', { token: reviewer })).status).toBe(401);
    // A token issued before the password changed stops working (the guard compares iat with the cached change time).
    await new Promise((r) => setTimeout(r, 1100));
    const changed = await api(server.url, 'POST', '/api/v1/auth/password', { token: annotator, body: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-password-0123' } });
    expect(changed.status).toBe(200);
    expect((await api(second.url, 'GET', '/api/v1/auth/me', { token: annotator })).status).toBe(401);
  });
});
