import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { API_TOKENS_MAX } from '@tessera/contracts';
import { TEST_PASSWORD, api, createOrgWithRoles, syncSocket, connected, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let second: Awaited<ReturnType<TestServer['startSecondApi']>>;

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Tokens Org', 'tokens.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-tokens.test');
  second = await server.startSecondApi();
}, 60000);
afterAll(async () => {
  await second?.stop();
  await server?.close();
});

const session = (who: TestOrg['users'][keyof TestOrg['users']], o = org) => server.tokenFor(who.id, o.orgId);
async function makeToken(who: TestOrg['users'][keyof TestOrg['users']], body: Record<string, unknown> = { name: 'script' }, o = org) {
  const made = await api(server.url, 'POST', '/api/v1/api-tokens', { token: await session(who, o), body: { currentPassword: TEST_PASSWORD, ...body } });
  expect(made.status).toBe(201);
  return made.json as { id: string; token: string; hint: string; expiresAt: string | null };
}
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

it('is made in a session, shown once, stored as its hash, and acts as its maker with what it changes audited as its own', async () => {
  const before = Date.now();
  const made = await makeToken(org.users.manager, { name: 'nightly export', expiresInDays: 30 });
  expect(made.token).toMatch(/^tsr_[\w-]{43}$/);
  expect(made.hint).toBe(made.token.slice(0, 8));
  expect(Date.parse(made.expiresAt!) - before).toBeGreaterThan(29.9 * 86_400_000);

  const listed = await api(server.url, 'GET', '/api/v1/api-tokens', { token: await session(org.users.manager) });
  expect(listed.json.items).toEqual([expect.objectContaining({ id: made.id, name: 'nightly export', hint: made.hint, lastUsedAt: null, owner: expect.objectContaining({ id: org.users.manager.id }) })]);
  expect(JSON.stringify(listed.json)).not.toContain(made.token);
  const [row] = await server.db.query(`SELECT * FROM api_tokens WHERE id = $1`, [made.id]);
  expect(row.secret_hash).toBe(sha256(made.token));
  expect(JSON.stringify(row)).not.toContain(made.token.slice(8));

  const me = await api(server.url, 'GET', '/api/v1/auth/me', { token: made.token });
  expect(me.json).toMatchObject({ id: org.users.manager.id, role: 'manager' });
  const project = await api(server.url, 'POST', '/api/v1/projects', { token: made.token, body: { name: 'Made by a script', mediaType: 'text' } });
  expect(project.status).toBe(201);
  const [used] = await server.db.query(`SELECT last_used_at FROM api_tokens WHERE id = $1`, [made.id]);
  expect(used.last_used_at).not.toBeNull();

  const audit = await server.db.query(`SELECT action, actor_id, api_token_id, details::text AS details FROM audit_events WHERE org_id = $1 AND action IN ('api_token.created', 'project.created') ORDER BY id`, [org.orgId]);
  expect(audit).toEqual([
    expect.objectContaining({ action: 'api_token.created', actor_id: org.users.manager.id, api_token_id: null }),
    expect.objectContaining({ action: 'project.created', actor_id: org.users.manager.id, api_token_id: made.id }),
  ]);
  expect(audit.map((a: { details: string }) => a.details).join()).not.toContain(made.token.slice(8));
  // The auditor reads which token it was.
  const events = await api(server.url, 'GET', '/api/v1/audit-events?action=project.created', { token: await session(org.users.auditor) });
  expect(events.json.items[0]).toMatchObject({ apiTokenId: made.id });
});

it('refuses malformed requests with a problem, and makes nothing', async () => {
  const token = await session(org.users.reviewer);
  for (const body of [{}, { name: 'no password' }, { currentPassword: TEST_PASSWORD, name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'a', expiresInDays: 0 }, { name: 'a', expiresInDays: 367 },
    { name: 'a', expiresInDays: '30' }, { name: 'a', expiresInDays: 1.5 }, { name: 'a', role: 'owner' }, { name: 'a', userId: org.users.owner.id }].map((b, i) => (i < 2 ? b : { currentPassword: TEST_PASSWORD, ...b }))) {
    const res = await api(server.url, 'POST', '/api/v1/api-tokens', { token, body });
    expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  }
  // A session's access token alone does not make one: the password is asked again, and a wrong one is said on its field.
  const wrong = await api(server.url, 'POST', '/api/v1/api-tokens', { token, body: { currentPassword: 'not the password', name: 'stolen session' } });
  expect([wrong.status, wrong.json.errors]).toEqual([400, [expect.objectContaining({ path: 'body.currentPassword', code: 'wrong_password' })]]);
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1`, [org.users.reviewer.id]);
  expect(n).toBe(0);
  // Unknown, forged and malformed tokens.
  for (const bearer of ['tsr_' + 'A'.repeat(43), 'tsr_', 'tsr_!!']) {
    const res = await api(server.url, 'GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${bearer}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  }
});

it('cannot manage tokens, change the password, open the queue board or the realtime protocol', async () => {
  const { id, token } = await makeToken(org.users.owner);
  for (const [method, path, body] of [
    ['GET', '/api/v1/api-tokens'], ['POST', '/api/v1/api-tokens', { currentPassword: TEST_PASSWORD, name: 'another' }], ['DELETE', `/api/v1/api-tokens/${id}`],
    ['POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' }], ['POST', '/api/v1/admin/queues/session'],
  ] as const) {
    const res = await api(server.url, method, path, { token, body });
    expect([path, res.status, res.json.code]).toEqual([path, 403, 'session_required']);
  }
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
  const socket = syncSocket(server.url, token);
  await expect(connected(socket)).rejects.toThrow(/API tokens are for the REST API/);
  socket.close();
});

it('takes a demotion and a revocation at once on every API process, and only its maker or an operator revokes it', async () => {
  const { id, token } = await makeToken(org.users.manager);
  // The second process caches the token and the manager's standing.
  expect((await api(second.url, 'GET', '/api/v1/members', { token })).status).toBe(200);
  const owner = await session(org.users.owner);
  expect((await api(server.url, 'PATCH', `/api/v1/members/${org.users.manager.id}`, { token: owner, body: { role: 'annotator' } })).status).toBe(200);
  expect((await api(second.url, 'GET', '/api/v1/members', { token })).status).toBe(403);
  expect((await api(second.url, 'GET', '/api/v1/auth/me', { token })).json.role).toBe('annotator');
  await api(server.url, 'PATCH', `/api/v1/members/${org.users.manager.id}`, { token: owner, body: { role: 'manager' } });

  // Not another member's to revoke, nor another organisation's operator's: 404, as if it did not exist.
  expect((await api(server.url, 'DELETE', `/api/v1/api-tokens/${id}`, { token: await session(org.users.annotator) })).status).toBe(404);
  expect((await api(server.url, 'DELETE', `/api/v1/api-tokens/${id}`, { token: await session(other.users.owner, other) })).status).toBe(404);
  expect((await api(server.url, 'GET', '/api/v1/api-tokens', { token: await session(other.users.owner, other) })).json.items).toEqual([]);
  // The annotator's list holds only their own; the admin's everyone's.
  expect((await api(server.url, 'GET', '/api/v1/api-tokens', { token: await session(org.users.annotator) })).json.items).toEqual([]);
  const admin = await session(org.users.admin);
  const all = (await api(server.url, 'GET', '/api/v1/api-tokens', { token: admin })).json.items as { id: string }[];
  expect(all.map((t) => t.id)).toContain(id);

  expect((await api(second.url, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
  const revoked = await api(server.url, 'DELETE', `/api/v1/api-tokens/${id}`, { token: admin });
  expect(revoked.status).toBe(204);
  expect((await api(second.url, 'GET', '/api/v1/auth/me', { token })).status).toBe(401);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token })).status).toBe(401);
  expect((await api(server.url, 'DELETE', `/api/v1/api-tokens/${id}`, { token: admin })).status).toBe(404);
  const [audit] = await server.db.query(`SELECT actor_id, details FROM audit_events WHERE action = 'api_token.revoked' AND resource_id = $1`, [id]);
  expect(audit).toMatchObject({ actor_id: org.users.admin.id, details: { owner: org.users.manager.id } });
});

it('read-only: reads, and takes a release\'s download link, but changes nothing', async () => {
  const manager = await session(org.users.manager);
  const project = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Read-only data', mediaType: 'image' } })).json;
  const [{ id: releaseId }] = await server.db.query(
    `INSERT INTO releases (org_id, project_id, number, name, state, params, schema_version) VALUES ($1, $2, 1, 'First', 'ready', $3, 1) RETURNING id`,
    [org.orgId, project.id, JSON.stringify({ formats: ['coco'], licence: 'CC0-1.0', annotations: 'latest', description: '', includeMedia: false })]);
  await server.db.query(`INSERT INTO release_grants (org_id, release_id, user_id) VALUES ($1, $2, $3)`, [org.orgId, releaseId, org.users.consumer.id]);

  const reader = await makeToken(org.users.consumer, { name: 'training pipeline', readOnly: true });
  expect(reader).toMatchObject({ readOnly: true });
  expect((await api(server.url, 'GET', '/api/v1/me/releases', { token: reader.token })).json.items.map((r: { id: string }) => r.id)).toEqual([releaseId]);
  const link = await api(server.url, 'POST', `/api/v1/releases/${releaseId}/download`, { token: reader.token });
  expect([link.status, typeof link.json.url]).toEqual([200, 'string']);

  const managerReader = await makeToken(org.users.manager, { name: 'dashboard', readOnly: true });
  expect((await api(server.url, 'GET', `/api/v1/projects/${project.id}`, { token: managerReader.token })).status).toBe(200);
  expect((await api(server.url, 'POST', `/api/v1/projects/${project.id}/batches/preview`, { token: managerReader.token, body: { selection: { filter: {} } } })).status).toBe(200);
  for (const [method, path, body] of [
    ['POST', '/api/v1/projects', { name: 'not by a reader', mediaType: 'text' }], ['PATCH', `/api/v1/projects/${project.id}`, { description: 'changed' }],
    ['DELETE', `/api/v1/releases/${releaseId}/grants/${org.users.consumer.id}`], ['POST', `/api/v1/projects/${project.id}/archive`],
  ] as const) {
    const res = await api(server.url, method, path, { token: managerReader.token, body });
    expect([path, res.status, res.json.code]).toEqual([path, 403, 'token_read_only']);
  }
  const [{ description }] = await server.db.query(`SELECT description FROM projects WHERE id = $1`, [project.id]);
  expect(description).not.toBe('changed');
  // The same person's full token does what the reader may not.
  const full = await makeToken(org.users.manager, { name: 'full' });
  expect((await api(server.url, 'PATCH', `/api/v1/projects/${project.id}`, { token: full.token, body: { description: 'changed' } })).status).toBe(200);
});

it('stops at its expiry', async () => {
  const { id, token } = await makeToken(org.users.provider, { name: 'short', expiresInDays: 1 });
  await server.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
  const res = await api(server.url, 'GET', '/api/v1/auth/me', { token });
  expect([res.status, res.json.detail]).toEqual([401, 'The API token is unknown, revoked or expired.']);
  const forever = await makeToken(org.users.provider, { name: 'forever', expiresInDays: null });
  expect(forever.expiresAt).toBeNull();
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: forever.token })).status).toBe(200);
});

it(`holds at most ${API_TOKENS_MAX} a person, even when the last are made at once`, async () => {
  const token = await session(org.users.consumer);
  const make = (name: string) => api(server.url, 'POST', '/api/v1/api-tokens', { token, body: { currentPassword: TEST_PASSWORD, name } });
  const [{ held }] = await server.db.query(`SELECT count(*)::int AS held FROM api_tokens WHERE user_id = $1`, [org.users.consumer.id]);
  for (let i = held; i < API_TOKENS_MAX - 3; i++) expect((await make(`t${i}`)).status).toBe(201);
  // Five at once (as many password checks as the throttle lets run together) for the last three places.
  const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => make(`last ${i}`)));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(3);
  expect(statuses.filter((s) => s === 409)).toHaveLength(2);
  expect(answers.find((a) => a.status === 409)!.json).toMatchObject({ code: 'too_many_tokens', params: { max: String(API_TOKENS_MAX) } });
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1`, [org.users.consumer.id]);
  expect(n).toBe(API_TOKENS_MAX);
  // An expired one takes no place.
  await server.db.query(
    `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = (SELECT id FROM api_tokens WHERE user_id = $1 ORDER BY created_at LIMIT 1)`,
    [org.users.consumer.id]);
  expect((await make('in its place')).status).toBe(201);
  expect((await make('one more')).status).toBe(409);
});

it('ends with a password change (in every organisation) and with the membership', async () => {
  // The auditor of one organisation is also a member of the other, with a token in each.
  await server.db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'auditor')`, [other.orgId, org.users.auditor.id]);
  const here = await makeToken(org.users.auditor);
  const there = await makeToken(org.users.auditor, { name: 'there' }, other);
  const changed = await api(server.url, 'POST', '/api/v1/auth/password', { token: await session(org.users.auditor), body: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' } });
  expect(changed.status).toBe(200);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: here.token })).status).toBe(401);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: there.token })).status).toBe(401);
  const [audit] = await server.db.query(`SELECT details FROM audit_events WHERE action = 'auth.password_changed' AND actor_id = $1`, [org.users.auditor.id]);
  expect(audit.details).toEqual({ apiTokensRevoked: 2 });

  const kept = await makeToken(org.users.reviewer);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: kept.token })).status).toBe(200);
  expect((await api(server.url, 'DELETE', `/api/v1/members/${org.users.reviewer.id}`, { token: await session(org.users.owner) })).status).toBe(204);
  expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: kept.token })).status).toBe(401);
  expect(await server.db.query(`SELECT id FROM api_tokens WHERE id = $1`, [kept.id])).toEqual([]);
});

it('works in the CLI (TESSERA_TOKEN), and the CLI stops when it is revoked', async () => {
  const { id, token } = await makeToken(org.users.owner, { name: 'cli' });
  const project = await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'Released by a script', mediaType: 'text' } });
  const bin = join(__dirname, '..', '..', '..', '..', 'libs', 'client', 'bin', 'tessera.cjs');
  const cli = () => promisify(execFile)(process.execPath, [bin, 'release', 'list', '--project', project.json.id], { env: { ...process.env, TESSERA_URL: server.url, TESSERA_TOKEN: token } });
  expect(JSON.parse((await cli()).stdout)).toEqual([]);
  await api(server.url, 'DELETE', `/api/v1/api-tokens/${id}`, { token: await session(org.users.owner) });
  await expect(cli()).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/revoked or expired/) });
}, 60000);
