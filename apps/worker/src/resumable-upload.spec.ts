import * as tus from 'tus-js-client';
import sharp from 'sharp';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let manager: string;
let projectId: string;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Big Data Org', 'big.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Large files', mediaType: 'image' } })).json.id;
}, 60000);
afterAll(() => server?.close());

/** A real tus client, sending in 256 kB chunks. */
function upload(bytes: Buffer, opts: { token?: string; metadata?: Record<string, string>; uploadUrl?: string; stopAfterChunks?: number } = {}) {
  return new Promise<{ url: string | null; body: any; stopped: boolean }>((resolve, reject) => {
    let chunks = 0;
    const u: tus.Upload = new tus.Upload(bytes, {
      endpoint: `${server.url}/api/v1/uploads`,
      uploadUrl: opts.uploadUrl,
      chunkSize: 256 * 1024,
      retryDelays: [],
      headers: { Authorization: `Bearer ${opts.token ?? manager}` },
      metadata: opts.metadata ?? { projectId, filename: 'big.png' },
      onChunkComplete: () => {
        if (opts.stopAfterChunks && ++chunks === opts.stopAfterChunks) {
          u.abort().then(() => resolve({ url: u.url, body: null, stopped: true }));
        }
      },
      onSuccess: (payload) => resolve({ url: u.url, body: payload.lastResponse.getBody() ? JSON.parse(payload.lastResponse.getBody()) : null, stopped: false }),
      onError: reject,
    });
    u.start();
  });
}

async function bigPng() {
  // Noise does not compress: about 1.2 MB of PNG.
  const raw = Buffer.alloc(640 * 640 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width: 640, height: 640, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

it('takes a file in chunks, resumes where it stopped, and ingests it like any upload', async () => {
  const png = await bigPng();
  expect(png.length).toBeGreaterThan(1024 * 1024);
  const first = await upload(png, { stopAfterChunks: 2 });
  expect(first.stopped).toBe(true);
  const head = await fetch(first.url!, { method: 'HEAD', headers: { Authorization: `Bearer ${manager}`, 'Tus-Resumable': '1.0.0' } });
  expect(Number(head.headers.get('upload-offset'))).toBe(512 * 1024);

  const done = await upload(png, { uploadUrl: first.url! });
  expect(done.body).toMatchObject({ accepted: [{ name: 'big.png' }], rejected: [] });
  const assetId = done.body.accepted[0].assetId;
  for (let i = 0; i < 100; i++) {
    const a = (await api(server.url, 'GET', `/api/v1/assets/${assetId}`, { token: manager })).json;
    if (a.status !== 'pending') {
      expect(a).toMatchObject({ status: 'ready', width: 640, height: 640, size: png.length });
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('never ingested');
});

it("does not let anyone else see or continue someone's upload", async () => {
  const png = await bigPng();
  const started = await upload(png, { stopAfterChunks: 1 });
  for (const [who, token] of [
    ['a colleague', await server.tokenFor(org.users.admin.id, org.orgId)],
    ['another organisation', await server.tokenFor((await createOrgWithRoles(server.db, 'Else', 'else.test')).users.owner.id, (await server.db.query(`SELECT id FROM organizations WHERE name = 'Else'`))[0].id)],
  ] as const) {
    const res = await fetch(started.url!, { method: 'HEAD', headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' } });
    expect([who, res.status]).toEqual([who, 404]);
  }
});

it('refuses uploads without a project, to a project one may not upload to, or without a token', async () => {
  const png = Buffer.from('tiny');
  await expect(upload(png, { metadata: { filename: 'x.png' } })).rejects.toThrow(/400/);
  const stranger = await createOrgWithRoles(server.db, 'Stranger', 'stranger.test');
  await expect(upload(png, { token: await server.tokenFor(stranger.users.manager.id, stranger.orgId) })).rejects.toThrow(/404/);
  await expect(upload(png, { token: await server.tokenFor(org.users.annotator.id, org.orgId) })).rejects.toThrow(/403/);
  const anonymous = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '4' } });
  expect(anonymous.status).toBe(401);
});
