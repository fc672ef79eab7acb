import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

let s3: S3rver;
let dir: string;
let endpoint: string;
let port: number;
let open: TestServer;
let strict: TestServer;

const source = (over: Record<string, unknown> = {}) => ({ type: 's3', endpoint, bucket: 'lab-images', prefix: 'batch-1/', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', ...over });

async function managerOf(server: TestServer, domain: string) {
  const org = await createOrgWithRoles(server.db, domain, domain);
  const token = await server.tokenFor(org.users.manager.id, org.orgId);
  const projectId = (await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'From S3', mediaType: 'image' } })).json.id;
  return { token, projectId };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-s3-import-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'lab-images', configs: [] }] });
  port = (await s3.run()).port;
  endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, requestChecksumCalculation: 'WHEN_REQUIRED' });
  for (const [key, colour] of [['batch-1/a.png', '#ff0000'], ['batch-1/sub/b.png', '#00ff00'], ['batch-2/c.png', '#0000ff']] as const) {
    await client.send(new PutObjectCommand({ Bucket: 'lab-images', Key: key, Body: await sharp({ create: { width: 10, height: 10, channels: 3, background: colour } }).png().toBuffer() }));
  }
  await client.send(new PutObjectCommand({ Bucket: 'lab-images', Key: 'batch-1/readme.pdf', Body: '%PDF' }));
  // One API that may reach a store beside it, one that keeps to the rules for the public internet.
  open = await startTestServer({ worker: true, env: { S3_IMPORT_ENDPOINTS: endpoint, S3_IMPORT_ALLOW_PRIVATE: 'true' } });
  strict = await startTestServer({ env: { S3_IMPORT_ENDPOINTS: `${endpoint},http://localhost:${port}` } });
}, 60000);
afterAll(async () => {
  await open?.close();
  await strict?.close();
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

it('counts a prefix in a dry run, then imports it through the worker', async () => {
  const { token, projectId } = await managerOf(open, 's3-lab.test');
  const dry = await api(open.url, 'POST', `/api/v1/projects/${projectId}/imports`, { token, body: { source: source(), dryRun: true } });
  expect(dry.json).toMatchObject({ dryRun: true, files: 3, byExtension: { '.png': 2, '.pdf': 1 }, sample: ['batch-1/a.png', 'batch-1/readme.pdf', 'batch-1/sub/b.png'] });
  const run = await api(open.url, 'POST', `/api/v1/projects/${projectId}/imports`, { token, body: { source: source() } });
  expect(run.status).toBe(202);
  // The credentials never rest in the queue in the clear.
  const [{ params }] = await open.db.query(`SELECT params FROM job_runs WHERE id = $1`, [run.json.jobRunId]);
  expect(JSON.stringify(params)).not.toContain('S3RVER');
  let names: string[] = [];
  for (let i = 0; i < 150 && names.filter((n) => n.endsWith('.png')).length < 2; i++) {
    await new Promise((r) => setTimeout(r, 100));
    names = (await api(open.url, 'GET', `/api/v1/projects/${projectId}/assets`, { token })).json.items.filter((a: any) => a.status === 'ready').map((a: any) => a.name);
  }
  expect(names.sort()).toEqual(['a.png', 'b.png']);
});

it('says so when the bucket or the keys are wrong, before queueing anything', async () => {
  const { token, projectId } = await managerOf(open, 's3-wrong.test');
  const res = await api(open.url, 'POST', `/api/v1/projects/${projectId}/imports`, { token, body: { source: source({ bucket: 'no-such-bucket' }) } });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/problem\+json/);
});

it.each([
  ['an endpoint that is not allowlisted', () => ({ endpoint: `http://127.0.0.2:${port}` })],
  ['an allowlisted IP literal on loopback', () => ({})],
  ['an allowlisted name that resolves to loopback', () => ({ endpoint: `http://localhost:${port}` })],
])('refuses %s with 403 (no SSRF)', async (_what, over) => {
  const { token, projectId } = await managerOf(strict, `s3-strict-${Math.random().toString(36).slice(2)}.test`);
  for (const dryRun of [true, false]) {
    const res = await api(strict.url, 'POST', `/api/v1/projects/${projectId}/imports`, { token, body: { source: source(over()), dryRun } });
    expect([dryRun, res.status]).toEqual([dryRun, 403]);
  }
  expect((await strict.db.query(`SELECT count(*)::int AS n FROM job_runs`))[0].n).toBe(0);
});
