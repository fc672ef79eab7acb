import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

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
  expect((await api(server.url, 'PATCH', `/api/v1/members/${org.users.owner.id}`, { token: admin, body: { role: 'annotator' } })).status).toBe(403);
  expect((await api(server.url, 'PATCH', `/api/v1/members/${org.users.consumer.id}`, { token: admin, body: { role: 'admin' } })).status).toBe(403);
  // The demoted person's next request already carries the new role.
  const reviewerNow = await server.tokenFor(org.users.annotator.id, org.orgId);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: reviewerNow })).json.role).toBe('reviewer');
});

it('the organisation always keeps an owner', async () => {
  const owner = await as('owner');
  expect((await api(server.url, 'PATCH', `/api/v1/members/${org.users.owner.id}`, { token: owner, body: { role: 'admin' } })).status).toBe(409);
  expect((await api(server.url, 'DELETE', `/api/v1/members/${org.users.owner.id}`, { token: owner })).status).toBe(409);
});

it('removing a member ends their access at once', async () => {
  const consumer = await as('consumer');
  expect((await api(server.url, 'DELETE', `/api/v1/members/${org.users.consumer.id}`, { token: await as('admin') })).status).toBe(204);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: consumer })).status).toBe(401);
});
