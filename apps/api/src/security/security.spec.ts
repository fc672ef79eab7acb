/**
 * One suite per vulnerability class that peer tools (Label Studio, CVAT) have had advisories for,
 * each `describe` named after its class. Where a class is already proved elsewhere, its block names
 * that test rather than repeating it, and adds only what was missing.
 */
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let owner: string;
let manager: string;
let projectId: string;

/** Endpoints written as IP literals that all point inside: allowlisted on purpose, so only the address check stands. */
const INSIDE_ENDPOINTS = ['http://[64:ff9b::7f00:1]:9000', 'http://[::7f00:1]:9000', 'http://[::ffff:7f00:1]:9000', 'http://2130706433:9000', 'http://0x7f.1:9000'];

beforeAll(async () => {
  // Info level: the request log is what the secrets-in-logs class reads.
  server = await startTestServer({ env: { LOG_LEVEL: 'info', S3_IMPORT_ENDPOINTS: INSIDE_ENDPOINTS.map((e) => new URL(e).origin).join(',') } });
  org = await createOrgWithRoles(server.db, 'Security Org', 'security.test');
  owner = await server.tokenFor(org.users.owner.id, org.orgId);
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Security', mediaType: 'image' } })).json.id;
});
afterAll(() => server.close());

const createHook = (url: string) => api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body: { url, events: ['task.submitted'] } });

describe('SSRF', () => {
  // Redirects to private addresses, DNS names resolving inside, and names checked again on every
  // connection (DNS rebinding) are proved against a real receiver in apps/worker/src/webhooks.spec.ts
  // ("follows redirects … refuses …"); allowlisted S3 names resolving to loopback in
  // apps/worker/src/s3-import.spec.ts. Here: every way of writing an inside address as a literal.
  it.each([
    ['decimal IPv4', 'http://2130706433/hook'],
    ['octal IPv4', 'http://0177.0.0.1/hook'],
    ['hex IPv4', 'http://0x7f000001/hook'],
    ['short IPv4', 'http://127.1/hook'],
    ['mixed-radix IPv4 to the metadata service', 'http://0xa9.254.0251.0xfe/latest'],
    ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]/hook'],
    ['IPv4-mapped IPv6 in hex', 'http://[::ffff:a9fe:a9fe]/latest'],
    ['NAT64 (64:ff9b::/96) to loopback', 'http://[64:ff9b::7f00:1]/hook'],
    ['NAT64 to the metadata service', 'http://[64:ff9b::169.254.169.254]/latest'],
    ['local-use NAT64 (64:ff9b:1::/48)', 'http://[64:ff9b:1::a00:1]/hook'],
    ['IPv4-compatible IPv6 (::/96)', 'http://[::7f00:1]/hook'],
    ['IPv4-compatible IPv6 to a private network', 'http://[::10.0.0.1]/hook'],
    ['6to4 wrapping loopback', 'http://[2002:7f00:1::1]/hook'],
    ['unspecified address', 'http://0/hook'],
  ])('a webhook to %s is refused', async (_what, url) => {
    const res = await createHook(url);
    expect([url, res.status]).toEqual([url, 422]);
    expect(res.json.errors).toEqual([expect.objectContaining({ path: 'url', code: 'refused_target' })]);
  });

  it.each(INSIDE_ENDPOINTS)('an S3 import from the allowlisted but inside literal %s is refused before any request', async (endpoint) => {
    for (const dryRun of [true, false]) {
      const res = await api(server.url, 'POST', `/api/v1/projects/${projectId}/imports`, {
        token: manager, body: { source: { type: 's3', endpoint, bucket: 'some-bucket', accessKeyId: 'k', secretAccessKey: 's' }, dryRun },
      });
      expect([endpoint, dryRun, res.status]).toEqual([endpoint, dryRun, 403]);
    }
  });

  it('a public address is still accepted (the guard is not a blanket refusal)', async () => {
    const res = await createHook('http://[2001:4860:4860::8888]/hook');
    expect(res.status).toBe(201);
  });
});

describe('URL credentials', () => {
  // `\` is a path separator to WHATWG URL parsers but not to a regular expression, and a third slash
  // or leading blank is forgiven by the parser: each of these carries a user and password.
  it.each([
    ['a backslash after the scheme', 'http:\\\\user:pass@example.com/hook'],
    ['a slash and a backslash', 'http:/\\user:pass@example.com/hook'],
    ['a backslash inside the authority', 'http://\\user:pass@example.com/hook'],
    ['a third slash', 'http:///user:pass@example.com/hook'],
    ['a leading blank', ' http://user:pass@example.com/hook'],
    ['upper-case scheme', 'HTTP://user:pass@example.com/hook'],
  ])('a webhook URL with %s is refused as carrying credentials', async (_what, url) => {
    const res = await createHook(url);
    expect([url, res.status]).toEqual([url, 400]);
    expect((await server.db.query(`SELECT count(*)::int AS n FROM webhooks WHERE url LIKE '%pass@%'`))[0].n).toBe(0);
  });

  it('an S3 endpoint with credentials in it is refused', async () => {
    const endpoint = INSIDE_ENDPOINTS[0].replace('http://', 'http:///k:s@');
    const res = await api(server.url, 'POST', `/api/v1/projects/${projectId}/imports`, {
      token: manager, body: { source: { type: 's3', endpoint, bucket: 'some-bucket' }, dryRun: true },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ path: expect.stringMatching(/endpoint$/), message: expect.stringMatching(/credentials/) })]);
  });
});

describe('secrets in logs', () => {
  it('signed file and release links and invitation tokens in request URLs never reach the log', async () => {
    const asset = (await server.db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, content_type) VALUES ($1, $2, 'image', 'ready', 'pic.png', 'sha256/x', md5(random()::text), 1, 'image/png') RETURNING id`,
      [org.orgId, projectId],
    ))[0].id;
    const files = await api(server.url, 'GET', `/api/v1/assets/${asset}/files`, { token: manager });
    expect(files.status).toBe(200);
    const fileUrl: string = files.json.items[0].url;
    const fileToken = fileUrl.split('/files/')[1];
    const invitation = await api(server.url, 'POST', '/api/v1/invitations', { token: owner, body: { email: 'logged@security.test', role: 'annotator' } });
    const secrets = [fileToken, invitation.json.token, 'a-release-link-secret-0123456789'];
    await api(server.url, 'GET', new URL(fileUrl, server.url).pathname);
    await api(server.url, 'GET', `/api/v1/invitations/preview/${invitation.json.token}`);
    await api(server.url, 'GET', `/api/v1/release-files/${secrets[2]}`);
    await api(server.url, 'GET', `/api/v1/auth/me?access_token=${secrets[2]}`);
    await new Promise((r) => setTimeout(r, 300)); // the API's stdout arrives through a pipe
    const logs = server.logs();
    expect(logs).toMatch(/invitations\/preview\/\[redacted\]/);
    expect(logs).toMatch(/\/files\/\[redacted\]/);
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
