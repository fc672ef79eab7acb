import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { openZip } from '@tessera/formats';
import { api, createOrgWithRoles, startTestServer, TEST_SCHEMAS, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * A grant may ask for a visible watermark: the consumer's copy of a release
 * made with its media carries their id on every picture, the rest of the
 * archive is the release's own, and `watermark.json` says which files differ
 * from the manifest. Managers, and grants without it, get the release's exact bytes.
 */
let server: TestServer;
let org: TestOrg;
let projectId: string;
let manager: string;
let consumer: string;
const W = 320;
const H = 200;
let original: Buffer;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function download(token: string, releaseId: string) {
  const link = await api(server.url, 'POST', `/api/v1/releases/${releaseId}/download`, { token });
  expect(link.status).toBe(200);
  const res = await fetch(`${server.url}${link.json.url}`);
  expect(res.status).toBe(200);
  return { bytes: Buffer.from(await res.arrayBuffer()), digest: res.headers.get('digest') };
}

async function entries(bytes: Buffer) {
  const { tree } = await openZip(bytes);
  const files: Record<string, Buffer> = {};
  for (const p of tree.paths()) files[p] = Buffer.concat(await (await tree.open(p)).toArray());
  return files;
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Watermark Org', 'watermark.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  consumer = await server.tokenFor(org.users.consumer.id, org.orgId);
  const created = await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Watermarked', mediaType: 'image', labelSchema: TEST_SCHEMAS.image } });
  projectId = created.json.id;
  // A lossless picture, so every pixel outside the watermark can be compared exactly.
  original = await sharp({ create: { width: W, height: H, channels: 3, background: '#4a90d9' } })
    .composite([{ input: await sharp({ create: { width: 80, height: 50, channels: 3, background: '#d4380d' } }).png().toBuffer(), left: 40, top: 60 }])
    .png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(original)]), 'scene.png');
  const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  const assetId = ((await up.json()) as { accepted: { assetId: string }[] }).accepted[0].assetId;
  await until('the picture ready', async () => (await api(server.url, 'GET', `/api/v1/assets/${assetId}`, { token: manager })).json.status === 'ready');
  const ops = { ops: [{ type: 'create', clientId: 'watermark-test', clientSeq: 1, annotation: { id: randomUUID(), labelId: 'car', geometry: { type: 'box', x: 40, y: 60, width: 80, height: 50 } } }] };
  expect((await api(server.url, 'POST', `/api/v1/assets/${assetId}/annotations/ops`, { token: manager, body: ops })).status).toBe(200);
}, 120000);
afterAll(() => server.close());

it("puts the consumer's id on every picture of their copy, and only there", async () => {
  const cut = await api(server.url, 'POST', `/api/v1/projects/${projectId}/releases`, { token: manager, body: { formats: ['coco'], licence: 'CC-BY-4.0', annotations: 'latest', includeMedia: true } });
  expect(cut.status).toBe(202);
  const release = await until('the release built', async () => {
    const r = (await api(server.url, 'GET', `/api/v1/releases/${cut.json.id}`, { token: manager })).json;
    return r.state === 'ready' && r;
  });
  const manifest = new Map<string, string>(release.manifest.map((f: { path: string; sha256: string }) => [f.path, f.sha256]));
  const picture = [...manifest.keys()].find((p) => p.endsWith('scene.png'))!;
  expect(picture).toBeDefined();

  const granted = await api(server.url, 'POST', `/api/v1/releases/${release.id}/grants`, { token: manager, body: { userId: org.users.consumer.id, watermark: true } });
  expect(granted.status).toBe(201);
  expect(granted.json).toMatchObject({ userId: org.users.consumer.id, watermark: true });

  // The consumer's copy: every file but the picture is the release's own; the picture carries a band with their id.
  const mine = await download(consumer, release.id);
  expect(mine.digest).toBeNull();
  expect(sha(mine.bytes)).not.toBe(release.file.sha256);
  const files = await entries(mine.bytes);
  for (const [path, digest] of manifest) if (path !== picture) expect([path, sha(files[path])]).toEqual([path, digest]);
  const note = JSON.parse(files['watermark.json'].toString('utf8'));
  expect(note).toMatchObject({ watermark: org.users.consumer.id, files: [{ path: picture, sha256: sha(files[picture]), releasedSha256: manifest.get(picture) }] });
  const before = await sharp(original).raw().toBuffer({ resolveWithObject: true });
  const after = await sharp(files[picture]).raw().toBuffer({ resolveWithObject: true });
  expect([after.info.width, after.info.height, after.info.channels]).toEqual([W, H, before.info.channels]);
  const band = Math.max(12, Math.round(H * 0.06));
  const channels = before.info.channels;
  const top = (H - band) * W * channels;
  // Above the band, not a pixel changed; in it, the picture is visibly darker (the band and the text over it).
  expect(Buffer.compare(after.data.subarray(0, top), before.data.subarray(0, top))).toBe(0);
  const meanColour = (b: Buffer) => {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < b.length; i++) {
      if (i % channels === 3) continue;
      sum += b[i];
      n++;
    }
    return sum / n;
  };
  expect(meanColour(after.data.subarray(top))).toBeLessThan(meanColour(before.data.subarray(top)) * 0.7);
  const [audit] = await server.db.query(`SELECT details FROM audit_events WHERE action = 'release.downloaded' AND actor_id = $1`, [org.users.consumer.id]);
  expect(audit.details).toMatchObject({ watermark: true, sha256: release.file.sha256 });

  // A manager takes the release as it was built, byte for byte.
  const managers = await download(manager, release.id);
  expect(sha(managers.bytes)).toBe(release.file.sha256);
  expect(managers.digest).toBe(`sha-256=${Buffer.from(release.file.sha256, 'hex').toString('base64')}`);

  // Granted again without the watermark, the consumer gets the exact release too.
  expect((await api(server.url, 'POST', `/api/v1/releases/${release.id}/grants`, { token: manager, body: { userId: org.users.consumer.id } })).json.watermark).toBe(false);
  expect(sha((await download(consumer, release.id)).bytes)).toBe(release.file.sha256);
});
