import { request } from 'node:http';
import sharp from 'sharp';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

/**
 * An upload cut off mid-way (the browser closed, the network dropped): the
 * files that came in whole are kept and ingested, the one cut off is not kept,
 * and the upload sent again completes, so no file is left pending for ever.
 */
let server: TestServer;
let manager: string;
let projectId: string;

const png = (background: string) => sharp({ create: { width: 8, height: 8, channels: 3, background } }).png().toBuffer();

/** Sends whole parts for `whole` and the first half of `cut`, then drops the connection. */
async function uploadCutOff(whole: { name: string; bytes: Buffer }[], cut: { name: string; bytes: Buffer }) {
  const boundary = 'cut-off-boundary';
  const part = (f: { name: string; bytes: Buffer }) => Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    f.bytes, Buffer.from('\r\n'),
  ]);
  const { hostname, port } = new URL(server.url);
  const req = request({
    hostname, port, method: 'POST', path: `/api/v1/projects/${projectId}/assets`,
    headers: { authorization: `Bearer ${manager}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
  });
  req.on('error', () => undefined);
  req.write(Buffer.concat([...whole.map(part), part(cut).subarray(0, 200)]));
  await new Promise((r) => setTimeout(r, 1000));
  req.destroy();
}

const statuses = async () =>
  Object.fromEntries(((await server.db.query(`SELECT name, status FROM assets WHERE project_id = $1`, [projectId])) as { name: string; status: string }[]).map((a) => [a.name, a.status]));

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  const org = await createOrgWithRoles(server.db, 'Cut Off Org', 'cut-off.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Images', mediaType: 'image' } })).json.id;
}, 60000);
afterAll(() => server?.close());

it('ingests the files that came in whole before the upload was cut off, and takes the rest when it is sent again', async () => {
  const files = [{ name: 'first.png', bytes: await png('#101010') }, { name: 'second.png', bytes: await png('#202020') }, { name: 'third.png', bytes: await png('#303030') }];
  await uploadCutOff(files.slice(0, 2), files[2]);
  const seen = await server.until('the whole files to be ingested', async () => {
    const s = await statuses();
    return s['first.png'] === 'ready' && s['second.png'] === 'ready' && s;
  });
  expect(seen['third.png']).toBeUndefined();

  const again = await server.upload(manager, projectId, files);
  expect(again.status).toBe(202);
  const body = again.json;
  expect(body.duplicates.map((d) => d.name).sort()).toEqual(['first.png', 'second.png']);
  expect(body.accepted.map((d) => d.name)).toEqual(['third.png']);
  await server.until('the third file to be ingested', async () => (await statuses())['third.png'] === 'ready');
}, 90000);

it('ingests a file sent again that is still pending with no run, as the process that took it first died before starting one', async () => {
  // What such a death leaves: the asset's row and bytes, pending, and no run for it.
  const bytes = await png('#404040');
  const send = async () => (await server.upload(manager, projectId, [{ name: 'orphan.png', bytes }])).json;
  expect((await send()).accepted).toHaveLength(1);
  await server.until('the orphan to be ingested once', async () => (await statuses())['orphan.png'] === 'ready');
  await server.db.query(`UPDATE assets SET status = 'pending', width = NULL, height = NULL WHERE project_id = $1 AND name = 'orphan.png'`, [projectId]);

  const again = await send();
  expect(again.duplicates.map((d) => d.name)).toEqual(['orphan.png']);
  expect(again.jobRunId).not.toBeNull();
  // Ingest settles the asset, then counts it: the run is read once it has closed.
  const run = await server.finished(manager, again.jobRunId!);
  expect({ state: run.state, counts: run.counts }).toEqual({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
  expect((await statuses())['orphan.png']).toBe('ready');
}, 90000);

it('answers a body that ends before its closing boundary with a 400, and ingests the files that came in whole before it', async () => {
  const boundary = 'short-boundary';
  const whole = { name: 'before-end.png', bytes: await png('#505050') };
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${whole.name}"\r\nContent-Type: image/png\r\n\r\n`), whole.bytes,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="never-ends.png"\r\nContent-Type: image/png\r\n\r\nabc`),
  ]);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, {
    method: 'POST', body, headers: { authorization: `Bearer ${manager}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(((await res.json()) as { detail: string }).detail).toMatch(/multipart body could not be read .*Unexpected end/);
  await server.until('the whole file to be ingested', async () => (await statuses())['before-end.png'] === 'ready');
  expect((await statuses())['never-ends.png']).toBeUndefined();
}, 90000);
