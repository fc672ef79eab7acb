/**
 * Delivery of raw data: signed, short-lived file URLs that the browser can
 * fetch without an Authorization header, checked again on every fetch, and
 * every view in the audit log, written in batches.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import { T, parsePart10, str, syntheticSeries } from '@tessera/dicom';
import { api, createOrgWithRoles, freePort, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let manager: string;
let admin: string;
let imageProject: string;
let textProject: string;
let dicomProject: string;
let images: { id: string; name: string; bytes: Buffer }[];
let textAsset: string;
let series: string;
let quarantined: string;

async function upload(projectId: string, files: { name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.bytes]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  return (await res.json()) as any;
}
async function settled(runId: string) {
  for (let i = 0; i < 300; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} did not finish\n${server.logs()}`);
}
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${ms} ms\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
/** Fetches a signed URL as a browser's <img src> would: no Authorization header, no cookie. */
const fetchSigned = (url: string) => fetch(`${server.url}${url}`);

/** Signs a file URL by hand, as docs/api-routes.md describes: the test knows JWT_SECRET, as the server does. */
function handSigned(claims: { o: string; a: string; f: string; u: string; e: number }): string {
  const key = createHmac('sha256', server.jwtSecret).update('tessera:signed-file-url').digest();
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `/api/v1/files/${payload}.${createHmac('sha256', key).update(`tessera-file-url-v1.${payload}`).digest('base64url')}`;
}
const inFiveMinutes = () => Math.floor(Date.now() / 1000) + 300;

async function expectProblem(url: string, status: number, detail?: RegExp) {
  const res = await fetchSigned(url);
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as any;
  if (detail) expect(body.detail).toMatch(detail);
}

const viewRows = (userId: string) =>
  server.db.query(`SELECT resource_type, resource_id, details, ip FROM audit_events WHERE action = 'asset.viewed' AND actor_id = $1 ORDER BY id`, [userId]);

beforeAll(async () => {
  server = await startTestServer({ worker: true, env: { AUDIT_VIEW_FLUSH_MS: '1000' } });
  org = await createOrgWithRoles(server.db, 'Delivery Org', 'delivery.test');
  other = await createOrgWithRoles(server.db, 'Elsewhere Org', 'elsewhere.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  admin = await server.tokenFor(org.users.admin.id, org.orgId);
  const project = async (name: string, mediaType: string) => (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name, mediaType } })).json.id;
  [imageProject, textProject, dicomProject] = [await project('Pictures', 'image'), await project('Notes', 'text'), await project('Scans', 'dicom')];
  for (const role of ['reviewer', 'consumer'] as const) {
    expect((await api(server.url, 'POST', `/api/v1/projects/${imageProject}/members`, { token: manager, body: { userId: org.users[role].id, role } })).status).toBe(201);
  }

  const files = await Promise.all(Array.from({ length: 20 }, async (_, i) => ({
    name: `pic-${i}.png`, bytes: await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: i * 12, g: 100, b: 200 } } }).png().toBuffer(),
  })));
  const pics = await upload(imageProject, files);
  const notes = await upload(textProject, [{ name: 'note.txt', bytes: Buffer.from('\ufeffHello,\r\nworld\r\n') }]);
  // Slices uploaded in reverse: the order served must be the slice order, not the upload order.
  const scans = await upload(dicomProject, syntheticSeries({ slices: 6, size: 16 }).reverse().map((bytes, i) => ({ name: `s${i}.dcm`, bytes })));
  const burned = await upload(dicomProject, syntheticSeries({ slices: 2, size: 16, burnedIn: true, studyUid: '7.7.7', seriesUid: '7.7.7.1' }).map((bytes, i) => ({ name: `b${i}.dcm`, bytes })));
  for (const run of [pics.jobRunId, notes.jobRunId, scans.dicomRunId, burned.dicomRunId]) expect(await settled(run)).toMatchObject({ state: 'succeeded' });
  images = pics.accepted.map((a: any) => ({ id: a.assetId, name: a.name, bytes: files.find((f) => f.name === a.name)!.bytes }));
  textAsset = notes.accepted[0].assetId;
  const dicom = (await api(server.url, 'GET', `/api/v1/projects/${dicomProject}/assets`, { token: admin })).json.items;
  series = dicom.find((a: any) => a.status === 'ready').id;
  quarantined = dicom.find((a: any) => a.status === 'quarantined').id;
}, 120000);
afterAll(() => server?.close());

describe('signed file URLs', () => {
  it('serve an image without an Authorization header, with the proven type and locked-down headers', async () => {
    const [img] = images;
    const list = await api(server.url, 'GET', `/api/v1/assets/${img.id}/files`, { token: manager });
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ assetId: img.id, thumbnailUrl: expect.stringMatching(/^\/api\/v1\/files\//), items: [{ kind: 'content', contentType: 'image/png', size: img.bytes.length }] });
    const ttl = (Date.parse(list.json.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(360);

    const res = await fetchSigned(list.json.items[0].url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(img.bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(img.bytes.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${img.id}.png"`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(res.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(ttl + 1);

    const thumb = await fetchSigned(list.json.thumbnailUrl);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe('webp');
  });

  it('serve the normalised text of a text asset', async () => {
    const list = (await api(server.url, 'GET', `/api/v1/assets/${textAsset}/files`, { token: manager })).json;
    expect(list).toMatchObject({ thumbnailUrl: null, items: [{ kind: 'content', contentType: 'text/plain; charset=utf-8' }] });
    const res = await fetchSigned(list.items[0].url);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await res.text();
    expect(text).toBe('Hello,\r\nworld\r\n'); // the BOM dropped, the rest as written
    expect(list.items[0].size).toBe(Buffer.byteLength(text));
  });

  it('come with asset lists as thumbnailUrl, stable within a minute so the browser cache holds', async () => {
    const page = (await api(server.url, 'GET', `/api/v1/projects/${imageProject}/assets?limit=500`, { token: manager })).json;
    expect(page.items).toHaveLength(20);
    for (const a of page.items) expect(a.thumbnailUrl).toMatch(/^\/api\/v1\/files\/[\w-]+\.[\w-]{43}$/);
    const again = (await api(server.url, 'GET', `/api/v1/assets/${page.items[0].id}`, { token: manager })).json;
    // Same grid minute (nearly always): the same URL. Across a minute boundary it may differ; both must work.
    expect((await fetchSigned(again.thumbnailUrl)).status).toBe(200);
  });

  it('list every instance of a DICOM series in slice order, each one de-identified Part-10', async () => {
    const list = (await api(server.url, 'GET', `/api/v1/assets/${series}/files`, { token: manager })).json;
    expect(list.items).toHaveLength(6);
    expect(list.items.map((i: any) => i.instanceNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list.thumbnailUrl).toEqual(expect.any(String));
    for (const item of list.items) {
      expect(item).toMatchObject({ kind: 'instance', contentType: 'application/dicom', instanceId: expect.any(String), sopInstanceUid: expect.stringMatching(/^2\.25\./) });
      const res = await fetchSigned(item.url);
      expect(res.headers.get('content-type')).toBe('application/dicom');
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="${item.instanceId}.dcm"`);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(item.size);
      const ds = parsePart10(bytes).dataset;
      expect(str(ds.get(T.PatientIdentityRemoved))).toBe('YES');
      expect(str(ds.get(T.SOPInstanceUID))).toBe(item.sopInstanceUid);
    }
    // The bearer route gives the same order.
    const instances = (await api(server.url, 'GET', `/api/v1/assets/${series}/instances`, { token: manager })).json.items;
    expect(instances.map((i: any) => i.id)).toEqual(list.items.map((i: any) => i.instanceId));
  });

  it('refuse a tampered payload or signature, and malformed tokens, with problem+json', async () => {
    const url: string = (await api(server.url, 'GET', `/api/v1/assets/${images[0].id}/files`, { token: manager })).json.items[0].url;
    const [payload, sig] = url.slice('/api/v1/files/'.length).split('.');
    // Another asset in the payload, under the original signature.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, a: images[1].id })).toString('base64url');
    await expectProblem(`/api/v1/files/${forged}.${sig}`, 403, /not valid/);
    // Later expiry, same signature.
    await expectProblem(`/api/v1/files/${Buffer.from(JSON.stringify({ ...claims, e: claims.e + 3600 })).toString('base64url')}.${sig}`, 403, /not valid/);
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    await expectProblem(`/api/v1/files/${payload}.${flipped}`, 403, /not valid/);
    await expectProblem(`/api/v1/files/${payload}.${sig}.extra`, 404);
    await expectProblem(`/api/v1/files/not-a-token`, 404);
    await expectProblem(`/api/v1/files/${payload}.${sig.slice(0, 20)}`, 404);
    // Signed with a key derived from another secret.
    const wrongKey = createHmac('sha256', createHmac('sha256', 'another-secret-entirely-0123456789abcdef').update('tessera:signed-file-url').digest()).update(`tessera-file-url-v1.${payload}`).digest('base64url');
    await expectProblem(`/api/v1/files/${payload}.${wrongKey}`, 403);
    // The untouched URL still works.
    expect((await fetchSigned(url)).status).toBe(200);
  });

  it('refuse an expired URL, and serve a hand-signed one that is not (the format is as documented)', async () => {
    const claims = { o: org.orgId, a: images[0].id, f: 'c', u: org.users.manager.id };
    await expectProblem(handSigned({ ...claims, e: Math.floor(Date.now() / 1000) - 1 }), 403, /expired/);
    const res = await fetchSigned(handSigned({ ...claims, e: inFiveMinutes() }));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(images[0].bytes)).toBe(true);
  });

  it('re-check the viewer: another organisation, a non-member, a role without raw data, a project not theirs', async () => {
    const e = inFiveMinutes();
    // Signed for another organisation's member, naming our asset: no such asset in their organisation.
    await expectProblem(handSigned({ o: other.orgId, a: images[0].id, f: 'c', u: other.users.owner.id, e }), 404);
    // Our organisation in the claims, but the user is not a member of it.
    await expectProblem(handSigned({ o: org.orgId, a: images[0].id, f: 'c', u: other.users.owner.id, e }), 403, /no longer a member/);
    // The auditor never sees raw data.
    await expectProblem(handSigned({ o: org.orgId, a: images[0].id, f: 't', u: org.users.auditor.id, e }), 403);
    // The annotator is not in the image project.
    await expectProblem(handSigned({ o: org.orgId, a: images[0].id, f: 'c', u: org.users.annotator.id, e }), 404);
    // A DICOM instance id that belongs to no instance of this asset; content of a series.
    await expectProblem(handSigned({ o: org.orgId, a: images[0].id, f: '00000000-0000-4000-8000-000000000000', u: org.users.manager.id, e }), 404);
    await expectProblem(handSigned({ o: org.orgId, a: series, f: 'c', u: org.users.manager.id, e }), 404);
    // A URL minted for a reviewer stops working when they leave the project.
    const reviewer = await server.tokenFor(org.users.reviewer.id, org.orgId);
    const url = (await api(server.url, 'GET', `/api/v1/assets/${images[2].id}/files`, { token: reviewer })).json.items[0].url;
    expect((await fetchSigned(url)).status).toBe(200);
    await api(server.url, 'DELETE', `/api/v1/projects/${imageProject}/members/${org.users.reviewer.id}`, { token: manager });
    await expectProblem(url, 404);
    await api(server.url, 'POST', `/api/v1/projects/${imageProject}/members`, { token: manager, body: { userId: org.users.reviewer.id, role: 'reviewer' } });
  });

  it('keep a quarantined series from everyone but those who may release it', async () => {
    expect((await api(server.url, 'GET', `/api/v1/assets/${quarantined}/files`, { token: manager })).status).toBe(409);
    const listed = (await api(server.url, 'GET', `/api/v1/projects/${dicomProject}/assets?status=quarantined`, { token: manager })).json.items;
    expect(listed[0]).toMatchObject({ id: quarantined, thumbnailUrl: null });
    expect((await api(server.url, 'GET', `/api/v1/assets/${quarantined}/thumbnail`, { token: manager })).status).toBe(409);
    await expectProblem(handSigned({ o: org.orgId, a: quarantined, f: 't', u: org.users.manager.id, e: inFiveMinutes() }), 409, /quarantined/);

    // An admin must look before releasing: they get the files.
    const files = (await api(server.url, 'GET', `/api/v1/assets/${quarantined}/files`, { token: admin })).json;
    expect(files.items).toHaveLength(2);
    expect((await fetchSigned(files.items[0].url)).status).toBe(200);
    const instance = handSigned({ o: org.orgId, a: quarantined, f: files.items[0].instanceId, u: org.users.manager.id, e: inFiveMinutes() });
    await expectProblem(instance, 409, /quarantined/);
  });
});

describe('views in the audit log', () => {
  it('are written in batches: twenty thumbnails are one row with a count, not twenty', async () => {
    const consumer = await server.tokenFor(org.users.consumer.id, org.orgId);
    const page = (await api(server.url, 'GET', `/api/v1/projects/${imageProject}/assets?limit=500`, { token: consumer })).json;
    const responses = await Promise.all(page.items.map((a: any) => fetchSigned(a.thumbnailUrl)));
    expect(responses.map((r) => r.status)).toEqual(page.items.map(() => 200));
    const content = (await api(server.url, 'GET', `/api/v1/assets/${images[3].id}/files`, { token: consumer })).json.items[0].url;
    for (let i = 0; i < 3; i++) expect((await fetchSigned(content)).status).toBe(200);
    // Listing files shows nothing, so it is not a view: only the bytes fetched are.
    const rows = await until('the views flush', async () => {
      const r = await viewRows(org.users.consumer.id);
      const counted = r.reduce((n: number, x: any) => n + x.details.count, 0);
      return counted >= 23 ? r : undefined;
    });
    const thumbs = rows.filter((r: any) => r.details.file === 'thumbnail');
    // One flush or two (if the timer fell in the middle), never one per thumbnail.
    expect(thumbs.length).toBeLessThanOrEqual(2);
    expect(thumbs.reduce((n: number, r: any) => n + r.details.count, 0)).toBe(20);
    expect(thumbs.every((r: any) => r.resource_type === 'project' && r.resource_id === imageProject)).toBe(true);
    expect(new Set(thumbs.flatMap((r: any) => r.details.assets))).toEqual(new Set(images.map((i) => i.id)));
    const contents = rows.filter((r: any) => r.details.file === 'content');
    expect(contents.every((r: any) => r.resource_type === 'asset' && r.resource_id === images[3].id)).toBe(true);
    expect(contents.reduce((n: number, r: any) => n + r.details.count, 0)).toBe(3);
    expect(rows[0].ip).toBe('127.0.0.1');
  });

  it('are audited through the bearer routes as well', async () => {
    const reviewer = await server.tokenFor(org.users.reviewer.id, org.orgId);
    const before = (await viewRows(org.users.reviewer.id)).length;
    expect((await api(server.url, 'GET', `/api/v1/assets/${images[4].id}/content`, { token: reviewer })).status).toBe(200);
    const rows = await until('the bearer view flushes', async () => {
      const r = await viewRows(org.users.reviewer.id);
      return r.length > before ? r : undefined;
    });
    expect(rows.at(-1)).toMatchObject({ resource_type: 'asset', resource_id: images[4].id, details: { file: 'content', count: 1 } });
  });

  it('are flushed when the API is stopped with SIGTERM, long before the timer', async () => {
    // A second API process on the same database and storage, whose timer would wait ten minutes.
    const port = await freePort();
    const env = { ...server.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, AUDIT_VIEW_FLUSH_MS: '600000' };
    const child = spawn(process.execPath, [join(__dirname, '../../../dist/apps/api/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // Nest re-raises the signal once its shutdown hooks are done, so a clean stop ends by SIGTERM.
    const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(signal ?? `code ${code}`)));
    try {
      const base = `http://127.0.0.1:${port}`;
      await until('the second API is ready', async () => ((await fetch(`${base}/readyz`).catch(() => null))?.ok ? true : undefined), 30000);
      const e = inFiveMinutes();
      for (const img of images.slice(0, 5)) expect((await fetch(`${base}${handSigned({ o: org.orgId, a: img.id, f: 't', u: org.users.owner.id, e })}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(await viewRows(org.users.owner.id)).toEqual([]);
      child.kill('SIGTERM');
      expect(await exited).toBe('SIGTERM');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const rows = await viewRows(org.users.owner.id);
    expect(rows.map((r: any) => [r.details.file, r.details.count])).toEqual([['thumbnail', 5]]);
    expect(output).not.toMatch(/could not be written/);
  }, 60000);
});
