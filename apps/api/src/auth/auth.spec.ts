import { SignJWT } from 'jose';
import { api, createOrgWithRoles, passwordStamp, startTestServer, TEST_PASSWORD, type TestServer } from '@tessera/server/testing';

let server: TestServer;
const secret = () => new TextEncoder().encode(server.jwtSecret);
const call = (method: string, path: string, opts: Parameters<typeof api>[3] = {}) => api(server.url, method, path, opts);
const refreshCookie = (res: { headers: Headers }) => {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /tessera_refresh=([^;]+)/.exec(set);
  return m ? `tessera_refresh=${m[1]}` : undefined;
};

beforeAll(async () => {
  server = await startTestServer({ env: { LOGIN_MAX_FAILURES: '3' } });
});
afterAll(() => server.close());

describe('first-run setup', () => {
  it('creates the organisation and its owner once, then refuses', async () => {
    expect((await call('GET', '/api/v1/setup')).json).toEqual({ needsSetup: true });
    const body = { organizationName: 'Acme Labs', name: 'Ada Owner', email: 'Ada@Acme.test', password: 'a long enough password' };
    const res = await call('POST', '/api/v1/setup', { body });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ email: 'ada@acme.test', role: 'owner', orgName: 'Acme Labs' });
    expect(res.json.accessToken).toEqual(expect.any(String));
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect((await call('GET', '/api/v1/setup')).json).toEqual({ needsSetup: false });

    const again = await call('POST', '/api/v1/setup', { body: { ...body, email: 'eve@evil.test' } });
    expect([again.status, again.json.code]).toEqual([409, 'already_set_up']);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM organizations`);
    expect(n).toBe(1);
  });

  it('stores passwords as argon2id, never in the clear', async () => {
    const [row] = await server.db.query(`SELECT password_hash FROM users WHERE email = 'ada@acme.test'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});

describe('sessions', () => {
  let org: Awaited<ReturnType<typeof createOrgWithRoles>>;
  let reviewer2: string;
  beforeAll(async () => {
    org = await createOrgWithRoles(server.db, 'Sessions Org', 'sessions.test');
    // One more person, so these tests do not meet the throttle or revocations of the others.
    const [{ password_hash }] = await server.db.query(`SELECT password_hash FROM users WHERE id = $1`, [org.users.reviewer.id]);
    [{ id: reviewer2 }] = await server.db.query(`INSERT INTO users (email, name, password_hash) VALUES ('reviewer2@sessions.test', 'Second Reviewer', $1) RETURNING id`, [password_hash]);
    await server.db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'reviewer')`, [org.orgId, reviewer2]);
  });

  const login = (email: string, password = TEST_PASSWORD) => call('POST', '/api/v1/auth/login', { body: { email, password } });

  it('logs in, reads /me, and refuses a wrong password with a problem', async () => {
    const ok = await login('annotator@sessions.test');
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { role: 'annotator', orgId: org.orgId } });
    const me = await call('GET', '/api/v1/auth/me', { token: ok.json.accessToken });
    expect(me.json).toMatchObject({ email: 'annotator@sessions.test', role: 'annotator', orgName: 'Sessions Org' });

    const bad = await login('annotator@sessions.test', 'wrong password!!');
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(bad.text).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('throttles repeated failures per account and address, and says when to retry', async () => {
    for (let i = 0; i < 3; i++) expect((await login('reviewer@sessions.test', 'not the password')).status).toBe(401);
    const locked = await login('reviewer@sessions.test');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is unaffected.
    expect((await login('consumer@sessions.test')).status).toBe(200);
  });

  it('counts attempts atomically: 50 parallel wrong passwords get at most the limit through', async () => {
    const attempts = await Promise.all(Array.from({ length: 50 }, () => login('annotator@sessions.test', 'not the password either')));
    const statuses = attempts.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(47);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // The right password is refused too while the pair is locked.
    expect((await login('annotator@sessions.test')).status).toBe(429);
  });

  it('audits a failed login on a real account with its organisation, and an unknown email without one', async () => {
    expect((await login('owner@sessions.test', 'a wrong password here')).status).toBe(401);
    const [real] = await server.db.query(
      `SELECT org_id FROM audit_events WHERE action = 'auth.login_failed' AND resource_id = $1 ORDER BY id DESC LIMIT 1`,
      [org.users.owner.id],
    );
    expect(real.org_id).toBe(org.orgId);
    expect((await login('nobody-here@sessions.test', 'a wrong password here')).status).toBe(401);
    const [unknown] = await server.db.query(
      `SELECT org_id, resource_id FROM audit_events WHERE action = 'auth.login_failed' AND details->>'email' = 'nobody-here@sessions.test'`,
    );
    expect(unknown).toEqual({ org_id: null, resource_id: null });
  });

  it('rotates the refresh token, and a replayed one revokes the whole family', async () => {
    const first = await login('manager@sessions.test');
    const c1 = refreshCookie(first)!;
    const r1 = await call('POST', '/api/v1/auth/refresh', { cookie: c1 });
    expect(r1.status).toBe(200);
    const c2 = refreshCookie(r1)!;
    expect(c2).not.toEqual(c1);

    // Past the grace window that two tabs refreshing at once get, the old token is a replay.
    await server.db.query(`UPDATE refresh_tokens SET rotated_at = rotated_at - interval '1 minute' WHERE user_id = $1 AND rotated_at IS NOT NULL`, [org.users.manager.id]);
    const replay = await call('POST', '/api/v1/auth/refresh', { cookie: c1 });
    expect(replay.status).toBe(401);
    // The thief's replay also ends the legitimate holder's newer token.
    expect((await call('POST', '/api/v1/auth/refresh', { cookie: c2 })).status).toBe(401);
    const [{ n }] = await server.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.refresh_reuse' AND resource_id = $1`,
      [org.users.manager.id],
    );
    expect(n).toBe(2); // the replay, and the now-revoked newer token presented after it
  });

  it('two tabs refreshing with the same token at once both get the same new pair, and stay signed in', async () => {
    const first = await login('reviewer2@sessions.test');
    expect(first.status).toBe(200);
    const c1 = refreshCookie(first)!;
    const [a, b] = await Promise.all([call('POST', '/api/v1/auth/refresh', { cookie: c1 }), call('POST', '/api/v1/auth/refresh', { cookie: c1 })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(refreshCookie(a)).toEqual(refreshCookie(b));
    expect(a.json.accessToken).toEqual(b.json.accessToken);
    expect(refreshCookie(a)).not.toEqual(c1);
    // A third tab a moment later, still inside the window: the same answer again.
    const c = await call('POST', '/api/v1/auth/refresh', { cookie: c1 });
    expect(c.status).toBe(200);
    expect(refreshCookie(c)).toEqual(refreshCookie(a));
    // Nothing was revoked: the new token works, and rotates as usual.
    const next = await call('POST', '/api/v1/auth/refresh', { cookie: refreshCookie(a) });
    expect(next.status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { token: next.json.accessToken })).status).toBe(200);
    const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.refresh_reuse' AND resource_id = $1`, [reviewer2]);
    expect(n).toBe(0);
    // The new secret rests sealed beside the old token for the window, never in the clear.
    const rows = await server.db.query(`SELECT successor_sealed FROM refresh_tokens WHERE user_id = $1 AND successor_sealed IS NOT NULL`, [reviewer2]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(JSON.stringify(r)).not.toContain(refreshCookie(a)!.split('=')[1]);
  });

  it('after the grace window, the previous token is a replay and revokes the family', async () => {
    const first = await login('reviewer2@sessions.test');
    const c1 = refreshCookie(first)!;
    const r1 = await call('POST', '/api/v1/auth/refresh', { cookie: c1 });
    expect(r1.status).toBe(200);
    await server.db.query(`UPDATE refresh_tokens SET rotated_at = now() - interval '31 seconds' WHERE user_id = $1 AND rotated_at IS NOT NULL`, [reviewer2]);
    expect((await call('POST', '/api/v1/auth/refresh', { cookie: c1 })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/refresh', { cookie: refreshCookie(r1) })).status).toBe(401);
  });

  it('inside the window, a previous token whose successor was revoked (signed out) is refused too', async () => {
    const first = await login('reviewer2@sessions.test');
    const c1 = refreshCookie(first)!;
    const r1 = await call('POST', '/api/v1/auth/refresh', { cookie: c1 });
    expect((await call('POST', '/api/v1/auth/logout', { cookie: refreshCookie(r1) })).status).toBe(204);
    expect((await call('POST', '/api/v1/auth/refresh', { cookie: c1 })).status).toBe(401);
  });

  it('stores refresh tokens hashed', async () => {
    const res = await login('provider@sessions.test');
    const secret = refreshCookie(res)!.split('=')[1];
    const rows = await server.db.query(`SELECT token_hash FROM refresh_tokens WHERE token_hash = $1`, [secret]);
    expect(rows).toHaveLength(0);
  });

  it('logout revokes the session', async () => {
    const res = await login('auditor@sessions.test');
    const cookie = refreshCookie(res)!;
    expect((await call('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    expect((await call('POST', '/api/v1/auth/refresh', { cookie })).status).toBe(401);
    const [event] = await server.db.query(`SELECT actor_email FROM audit_events WHERE action = 'auth.logout' ORDER BY id DESC LIMIT 1`);
    expect(event.actor_email).toBe('auditor@sessions.test');
  });

  it('a password change ends other sessions and old access tokens', async () => {
    const a = await login('admin@sessions.test');
    const b = await login('admin@sessions.test');
    // Issued under the old password with a later iat than the change: still refused.
    const racing = await new SignJWT({ org: org.orgId, pwd: await passwordStamp(server.db, org.users.admin.id) }).setProtectedHeader({ alg: 'HS256' })
      .setSubject(org.users.admin.id).setIssuer('tessera').setAudience('tessera-api').setIssuedAt(Math.floor(Date.now() / 1000) + 2).setExpirationTime('5m').sign(secret());
    const changed = await call('POST', '/api/v1/auth/password', {
      token: a.json.accessToken,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { token: b.json.accessToken })).status).toBe(401);
    expect((await call('GET', '/api/v1/auth/me', { token: racing })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/refresh', { cookie: refreshCookie(b) })).status).toBe(401);
    expect((await call('GET', '/api/v1/auth/me', { token: changed.json.accessToken })).status).toBe(200);
    expect((await login('admin@sessions.test', 'a brand new passphrase')).status).toBe(200);
  });

  it('guessing the current password through a password change is limited per person, from any address', async () => {
    const token = await server.tokenFor(org.users.provider.id, org.orgId);
    const change = (currentPassword: string, ip: string) =>
      call('POST', '/api/v1/auth/password', { token, body: { currentPassword, newPassword: 'a brand new passphrase 2' }, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) expect((await change(`guess number ${i}!`, `198.51.100.${i}`)).status).toBe(400);
    const locked = await change(TEST_PASSWORD, '198.51.100.99');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login('provider@sessions.test')).status).toBe(200);
  });

  it('a wrong current password changes nothing', async () => {
    const a = await login('owner@sessions.test');
    const res = await call('POST', '/api/v1/auth/password', { token: a.json.accessToken, body: { currentPassword: 'nope nope nope', newPassword: 'another new passphrase' } });
    expect([res.status, res.json.errors]).toEqual([400, [{ path: 'body.currentPassword', message: 'wrong password', code: 'wrong_password' }]]);
    expect((await login('owner@sessions.test')).status).toBe(200);
  });
});

describe('access tokens', () => {
  let org: Awaited<ReturnType<typeof createOrgWithRoles>>;
  beforeAll(async () => {
    org = await createOrgWithRoles(server.db, 'Token Org', 'token.test');
    pwd = await passwordStamp(server.db, org.users.owner.id);
  });
  const me = (token: string) => call('GET', '/api/v1/auth/me', { token });
  // Valid but for the one thing each case gets wrong.
  let pwd = 0;
  const claims = () => ({ org: org.orgId, pwd });

  it('refuses expired tokens', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setSubject(org.users.owner.id)
      .setIssuer('tessera').setAudience('tessera-api').setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret());
    expect((await me(token)).status).toBe(401);
  });

  it('refuses tokens signed with another key', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setSubject(org.users.owner.id)
      .setIssuer('tessera').setAudience('tessera-api').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(40)));
    expect((await me(token)).status).toBe(401);
  });

  it('refuses alg: none', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: org.users.owner.id, org: org.orgId, iss: 'tessera', aud: 'tessera-api', iat: now, exp: now + 300, pwd })}.`;
    expect((await me(token)).status).toBe(401);
  });

  it('refuses tokens for another audience, and other algorithms', async () => {
    const wrongAud = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setSubject(org.users.owner.id)
      .setIssuer('tessera').setAudience('someone-else').setIssuedAt().setExpirationTime('5m').sign(secret());
    expect((await me(wrongAud)).status).toBe(401);
    const hs512 = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).setSubject(org.users.owner.id)
      .setIssuer('tessera').setAudience('tessera-api').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(server.jwtSecret.repeat(2)));
    expect((await me(hs512)).status).toBe(401);
  });

  it('refuses a token once its holder has left the organisation', async () => {
    const token = await server.tokenFor(org.users.consumer.id, org.orgId);
    expect((await me(token)).status).toBe(200);
    // Through the application, which tells every process's cache of standings (a bare SQL delete is seen within 30 s).
    const admin = await server.tokenFor(org.users.admin.id, org.orgId);
    expect((await api(server.url, 'DELETE', `/api/v1/members/${org.users.consumer.id}`, { token: admin })).status).toBe(204);
    expect((await me(token)).status).toBe(401);
  });

  it('answers a missing or malformed header with 401 problem+json', async () => {
    const res = await call('GET', '/api/v1/projects');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await call('GET', '/api/v1/projects', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});

describe('invitations', () => {
  let org: Awaited<ReturnType<typeof createOrgWithRoles>>;
  let adminToken: string;
  beforeAll(async () => {
    org = await createOrgWithRoles(server.db, 'Invite Org', 'invite.test');
    adminToken = await server.tokenFor(org.users.admin.id, org.orgId);
  });

  it('invites by link with a role; the link works once', async () => {
    const created = await call('POST', '/api/v1/invitations', { token: adminToken, body: { email: 'New.Person@invite.test', role: 'annotator' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ email: 'new.person@invite.test', role: 'annotator', acceptPath: expect.stringMatching(/^\/invite\//) });
    const token = created.json.token;
    const [stored] = await server.db.query(`SELECT token_hash FROM invitations WHERE id = $1`, [created.json.id]);
    expect(stored.token_hash).not.toEqual(token);

    const preview = await call('GET', `/api/v1/invitations/preview/${token}`);
    expect(preview.json).toMatchObject({ email: 'new.person@invite.test', role: 'annotator', orgName: 'Invite Org', existingUser: false });

    const accepted = await call('POST', '/api/v1/invitations/accept', { body: { token, name: 'New Person', password: 'my own passphrase' } });
    expect(accepted.status).toBe(200);
    expect(accepted.json.user).toMatchObject({ role: 'annotator', orgId: org.orgId });
    const twice = await call('POST', '/api/v1/invitations/accept', { body: { token, name: 'Again', password: 'my own passphrase' } });
    expect([twice.status, twice.json.code]).toEqual([409, 'invitation_used']);
  });

  it('refuses an expired link', async () => {
    const created = await call('POST', '/api/v1/invitations', { token: adminToken, body: { email: 'late@invite.test', role: 'reviewer', expiresInHours: 1 } });
    await server.db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [created.json.id]);
    const res = await call('POST', '/api/v1/invitations/accept', { body: { token: created.json.token, name: 'Late', password: 'my own passphrase' } });
    expect([res.status, res.json.code]).toEqual([410, 'invitation_expired']);
    const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM users WHERE email = 'late@invite.test'`);
    expect(n).toBe(0);
  });

  it('only an owner may invite an admin; nobody may invite an owner', async () => {
    expect((await call('POST', '/api/v1/invitations', { token: adminToken, body: { email: 'x@invite.test', role: 'admin' } })).status).toBe(403);
    expect((await call('POST', '/api/v1/invitations', { token: adminToken, body: { email: 'x@invite.test', role: 'owner' } })).status).toBe(400);
    const ownerToken = await server.tokenFor(org.users.owner.id, org.orgId);
    expect((await call('POST', '/api/v1/invitations', { token: ownerToken, body: { email: 'x@invite.test', role: 'admin' } })).status).toBe(201);
  });

  it('revoked links stop working', async () => {
    const created = await call('POST', '/api/v1/invitations', { token: adminToken, body: { email: 'gone@invite.test', role: 'consumer' } });
    expect((await call('DELETE', `/api/v1/invitations/${created.json.id}`, { token: adminToken })).status).toBe(204);
    expect((await call('GET', `/api/v1/invitations/preview/${created.json.token}`)).status).toBe(404);
  });
});

describe('client address behind a proxy (TRUST_PROXY)', () => {
  const spoof = (srv: TestServer, forwardedFor: string, email: string) =>
    api(srv.url, 'POST', '/api/v1/auth/login', { body: { email, password: 'not the password' }, headers: { 'x-forwarded-for': forwardedFor } });

  it('without it, X-Forwarded-For is ignored: a client cannot pick a fresh address per attempt', async () => {
    await createOrgWithRoles(server.db, 'Direct Org', 'direct.test');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await spoof(server, `198.51.100.${i + 1}`, 'annotator@direct.test')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const [event] = await server.db.query(`SELECT ip FROM audit_events WHERE action = 'auth.login_failed' AND details->>'email' = 'annotator@direct.test' LIMIT 1`);
    expect(event.ip).toBe('127.0.0.1');
  });

  it('with the proxy trusted, each client behind it has its own address and its own limit', async () => {
    const proxied = await startTestServer({ env: { LOGIN_MAX_FAILURES: '3', TRUST_PROXY: '127.0.0.1' } });
    try {
      await createOrgWithRoles(proxied.db, 'Proxy Org', 'proxy.test');
      for (let i = 0; i < 3; i++) expect((await spoof(proxied, '203.0.113.7', 'annotator@proxy.test')).status).toBe(401);
      expect((await spoof(proxied, '203.0.113.7', 'annotator@proxy.test')).status).toBe(429);
      // Another person behind the same proxy is not locked out by the first one's failures.
      const other = await api(proxied.url, 'POST', '/api/v1/auth/login', { body: { email: 'annotator@proxy.test', password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '203.0.113.8' } });
      expect(other.status).toBe(200);
      const ips = await proxied.db.query(`SELECT DISTINCT ip FROM audit_events WHERE action LIKE 'auth.login%'`);
      expect(ips.map((r: { ip: string }) => r.ip).sort()).toEqual(['203.0.113.7', '203.0.113.8']);
    } finally {
      await proxied.close();
    }
  });
});
