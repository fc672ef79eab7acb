/**
 * S3 import never acts with the server's own identity (issue 14, hole 3). The API runs with AWS
 * credentials in its environment, as on a machine with an instance role, and stores its blobs in a
 * bucket on the same S3 endpoint the import may read from. A small real HTTP proxy in front of a
 * real S3 implementation (s3rver) records how every request was signed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

let s3: S3rver;
let dir: string;
let proxy: Server;
let endpoint: string;
let server: TestServer;
let token: string;
let projectId: string;
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];

const importFrom = (bucket: string, over: Record<string, unknown> = {}, dryRun = true) =>
  api(server.url, 'POST', `/api/v1/projects/${projectId}/imports`, { token, body: { source: { type: 's3', endpoint, bucket, ...over }, dryRun } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-s3-identity-'));
  s3 = new S3rver({
    port: 0, address: '127.0.0.1', silent: true, directory: dir,
    configureBuckets: [{ name: 'tessera-blobs', configs: [] }, { name: 'public-data', configs: [] }],
  });
  const s3port = (await s3.run()).port;
  proxy = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    const out = request({ host: '127.0.0.1', port: s3port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new PutObjectCommand({ Bucket: 'public-data', Key: 'open/a.txt', Body: 'open data' }));
  await client.send(new PutObjectCommand({ Bucket: 'tessera-blobs', Key: 'sha256/other-tenant', Body: 'another tenant\'s data' }));
  server = await startTestServer({
    env: {
      BLOB_STORE_DRIVER: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: 'tessera-blobs', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_IMPORT_ENDPOINTS: endpoint, S3_IMPORT_ALLOW_PRIVATE: 'true',
      // The machine's own identity, as the SDK's default chain would find it.
      AWS_ACCESS_KEY_ID: 'SERVER-OWN-IDENTITY', AWS_SECRET_ACCESS_KEY: 'server-own-secret',
    },
  });
  const org = await createOrgWithRoles(server.db, 'S3 Identity Org', 's3-identity.test');
  token = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'Import', mediaType: 'text' } })).json.id;
}, 60000);
afterAll(async () => {
  await server?.close();
  proxy?.close();
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

it('an import without keys is sent unsigned, never with the server\'s own identity', async () => {
  const from = seen.length;
  const res = await importFrom('public-data');
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ dryRun: true, files: 1 });
  const sent = seen.slice(from).filter((r) => r.path.startsWith('/public-data'));
  expect(sent.length).toBeGreaterThan(0);
  for (const r of sent) {
    expect(r.headers.authorization).toBeUndefined();
    expect(JSON.stringify(r.headers)).not.toContain('SERVER-OWN-IDENTITY');
  }
});

it('an import with keys is signed with those keys', async () => {
  const from = seen.length;
  expect((await importFrom('public-data', { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' })).status).toBe(200);
  const sent = seen.slice(from).filter((r) => r.path.startsWith('/public-data'));
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.every((r) => /Credential=S3RVER\//.test(String(r.headers.authorization)))).toBe(true);
});

it('half a key pair is refused, not completed from the environment', async () => {
  const res = await importFrom('public-data', { accessKeyId: 'S3RVER' });
  expect(res.status).toBe(400);
});

it.each([
  ['without keys', {}],
  ['with keys', { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }],
  ['with a prefix', { prefix: 'sha256/' }],
])('the bucket Tessera keeps its own blobs in is never an import source (%s)', async (_what, over) => {
  const from = seen.length;
  for (const dryRun of [true, false]) {
    const res = await importFrom('tessera-blobs', over, dryRun);
    expect([dryRun, res.status]).toEqual([dryRun, 403]);
    expect(res.json.detail).toMatch(/blob/i);
  }
  expect(seen.slice(from).filter((r) => r.path.startsWith('/tessera-blobs'))).toEqual([]);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE type = 'assets.import'`))[0].n).toBe(0);
});
