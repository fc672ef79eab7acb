import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

let s3: S3rver;
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-s3-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'tessera-e2e', configs: [] }] });
  const { port } = await s3.run();
  server = await startTestServer({
    worker: true,
    env: { BLOB_STORE_DRIVER: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: 'tessera-e2e', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
  });
}, 60000);
afterAll(async () => {
  await server?.close();
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

it('runs upload, ingest and download against an S3 store', async () => {
  const ready = await api(server.url, 'GET', '/readyz');
  expect(ready.json.checks.blobStore.ok).toBe(true);
  const org = await createOrgWithRoles(server.db, 'S3 Org', 's3.test');
  const token = await server.tokenFor(org.users.manager.id, org.orgId);
  const project = (await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'On S3', mediaType: 'image' } })).json;
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#00aa00' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([png]), 'green.png');
  const uploaded = await (await fetch(`${server.url}/api/v1/projects/${project.id}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } })).json() as any;
  let run;
  for (let i = 0; i < 200; i++) {
    run = (await api(server.url, 'GET', `/api/v1/job-runs/${uploaded.jobRunId}`, { token })).json;
    if (run.state !== 'queued' && run.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(run).toMatchObject({ state: 'succeeded', counts: { processed: 1 } });
  const content = await fetch(`${server.url}/api/v1/assets/${uploaded.accepted[0].assetId}/content`, { headers: { authorization: `Bearer ${token}` } });
  expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);
  const thumb = await fetch(`${server.url}/api/v1/assets/${uploaded.accepted[0].assetId}/thumbnail`, { headers: { authorization: `Bearer ${token}` } });
  expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe('webp');
});
