import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import sharp from 'sharp';
import { syntheticSeries } from '@tessera/dicom';
import { api, connected, createOrgWithRoles, request, startTestServer, syncSocket, TEST_SCHEMAS, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * Deleting an asset takes its annotations, tasks and DICOM instances with it, and its bytes once nothing else holds
 * them: blobs are content-addressed, so the same image in another project (or another organisation) keeps them.
 * Deleting an archived project takes all of that for each of its assets, and its releases and exports' files.
 * The worker's sweep deletes the bytes; its grace for bytes written a moment ago is off here (blob-store.spec tests it).
 */
let server: TestServer;
let org: TestOrg;
let other: TestOrg;
const tokens: Record<string, string> = {};
/** What the organisation's webhook was told (a real receiver; the worker delivers). */
let receiver: Server;
const told: { event: string; data: { projectId: string; assetIds?: string[]; name?: string } }[] = [];
const toldOf = (projectId: string, event: string) => told.filter((b) => b.event === event && b.data.projectId === projectId);

const call = (who: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token: tokens[who], body });
const png = (red: number) => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: red, g: 90, b: 160 } } }).png().toBuffer();
const row = async <T>(sql: string, params: unknown[]) => ((await server.db.query(sql, params)) as T[])[0];
const dropped = async () => ((await server.db.query(`SELECT blob_key FROM dropped_blobs`)) as unknown[]).length;
const box = () => ({ id: randomUUID(), labelId: 'car', geometry: { type: 'box', x: 2, y: 2, width: 10, height: 10 } });
const create = (clientId: string, annotation: object) => ({ type: 'create', clientId, clientSeq: 1, annotation });

async function project(who: 'manager' | 'outsider' | 'admin', body: object = {}): Promise<string> {
  const res = await call(who, 'POST', '/projects', { name: `Delete ${randomUUID().slice(0, 6)}`, mediaType: 'image', labelSchema: TEST_SCHEMAS.image, ...body });
  expect(res.status).toBe(201);
  return res.json.id;
}

/** Uploads one file and waits for its ingest; answers the asset's row (its blob keys). */
async function ingested(who: 'manager' | 'outsider' | 'admin', projectId: string, name: string, bytes: Buffer) {
  const { json } = await server.upload(tokens[who], projectId, [{ name, bytes }]);
  const [accepted] = [...json.accepted, ...json.duplicates];
  expect(await server.finished(tokens[who], json.jobRunId!)).toMatchObject({ state: 'succeeded' });
  return row<{ id: string; blob_key: string; thumbnail_key: string }>(`SELECT id, blob_key, thumbnail_key FROM assets WHERE id = $1`, [accepted.assetId]);
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c)).on('end', () => (told.push(JSON.parse(Buffer.concat(parts).toString())), res.writeHead(204).end()));
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  server = await startTestServer({ worker: true, env: { INGEST_SWEEP_MS: '300', DROPPED_BLOB_GRACE_MS: '0', JOB_RECONCILE_MS: '3600000', OUTBOUND_ALLOW_HOSTS: '127.0.0.1' } });
  org = await createOrgWithRoles(server.db, 'Delete Org', 'deleting-data.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'deleting-data-other.test');
  for (const role of ['owner', 'admin', 'manager', 'reviewer', 'annotator', 'provider'] as const) tokens[role] = await server.tokenFor(org.users[role].id, org.orgId);
  tokens.outsiderAdmin = await server.tokenFor(other.users.admin.id, other.orgId);
  tokens.outsider = await server.tokenFor(other.users.manager.id, other.orgId);
  const hook = await call('owner', 'POST', '/webhooks', { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, events: ['assets.deleted', 'project.deleted'] });
  expect(hook.status).toBe(201);
}, 60000);
afterAll(async () => {
  await server?.close();
  receiver?.close();
});

it('deletes an asset with its annotations and tasks, and its bytes once no other asset holds them', async () => {
  const projectId = await project('manager');
  for (const role of ['annotator', 'reviewer', 'provider'] as const) {
    expect((await call('manager', 'POST', `/projects/${projectId}/members`, { userId: org.users[role].id, role })).status).toBe(201);
  }
  const shared = await png(10);
  const own = await ingested('manager', projectId, 'own.png', await png(200));
  const mine = await ingested('manager', projectId, 'shared.png', shared);
  // The same bytes in another project of the organisation, and in another organisation.
  const twin = await ingested('manager', await project('manager'), 'twin.png', shared);
  const foreign = await ingested('outsider', await project('outsider'), 'foreign.png', shared);
  expect(twin.blob_key).toBe(mine.blob_key);
  expect(foreign.blob_key).toBe(mine.blob_key);

  const drawn = box();
  expect((await call('manager', 'POST', `/assets/${own.id}/annotations/ops`, { ops: [create('delete-spec-01', drawn)] })).status).toBe(200);
  expect((await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'work', selection: { filter: {} } })).status).toBe(201);
  expect(Number((await row<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE asset_id = $1`, [own.id])).n)).toBeGreaterThan(0);

  // Only those who run projects delete.
  for (const who of ['annotator', 'reviewer', 'provider']) expect((await call(who, 'DELETE', `/assets/${own.id}`)).status).toBe(403);
  // Another organisation's asset is not there at all, nor is a malformed id.
  const elsewhere = await call('outsider', 'DELETE', `/assets/${own.id}`);
  expect(elsewhere.status).toBe(404);
  expect(elsewhere.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect((await call('manager', 'DELETE', '/assets/not-an-id')).status).toBe(404);
  expect((await call('manager', 'GET', `/assets/${own.id}`)).status).toBe(200);

  expect((await call('manager', 'DELETE', `/assets/${own.id}`)).status).toBe(204);
  expect((await call('manager', 'GET', `/assets/${own.id}`)).status).toBe(404);
  expect((await call('manager', 'DELETE', `/assets/${own.id}`)).status).toBe(404);
  for (const table of ['tasks', 'annotation_sets']) expect(await row(`SELECT 1 FROM ${table} WHERE asset_id = $1`, [own.id])).toBeUndefined();
  expect(await row(`SELECT 1 FROM annotations WHERE id = $1`, [drawn.id])).toBeUndefined();
  expect((await call('manager', 'GET', `/projects/${projectId}/assets`)).json.items.map((a: { id: string }) => a.id)).toEqual([mine.id]);
  expect(await row(`SELECT actor_id, details FROM audit_events WHERE action = 'asset.deleted' AND resource_id = $1`, [own.id]))
    .toMatchObject({ actor_id: org.users.manager.id, details: { projectId, kind: 'image' } });
  await server.until('the deleted asset\'s bytes to go', async () => !(await server.holdsBlob(own.blob_key)) && !(await server.holdsBlob(own.thumbnail_key)));

  // Bytes other assets hold stay, for them: in the same organisation and in another.
  expect((await call('manager', 'DELETE', `/assets/${mine.id}`)).status).toBe(204);
  await server.until('the sweep to strike off what it kept', async () => (await dropped()) === 0);
  expect(await server.holdsBlob(mine.blob_key)).toBe(true);
  expect(await server.holdsBlob(mine.thumbnail_key)).toBe(true);
  expect((await call('manager', 'GET', `/assets/${twin.id}/content`)).status).toBe(200);
  expect((await call('outsider', 'GET', `/assets/${foreign.id}/content`)).status).toBe(200);
}, 120000);

it('deletes many assets at once, chosen by id or by the list\'s filters, and the work batches left empty', async () => {
  const projectId = await project('manager');
  expect((await call('manager', 'POST', `/projects/${projectId}/members`, { userId: org.users.annotator.id, role: 'annotator' })).status).toBe(201);
  const files = [
    ...await Promise.all([40, 50, 60].map(async (red, i) => ({ name: `keep-${i}.png`, bytes: await png(red) }))),
    { name: 'broken-1.jpg', bytes: Buffer.from('not a jpeg at all, one') },
    { name: 'broken-2.jpg', bytes: Buffer.from('not a jpeg at all, two') },
  ];
  const { json } = await server.upload(tokens.manager, projectId, files);
  await server.finished(tokens.manager, json.jobRunId!);
  const byName = Object.fromEntries(((await call('manager', 'GET', `/projects/${projectId}/assets`)).json.items as { name: string; id: string }[]).map((a) => [a.name, a.id]));
  const [a0, a1, a2] = ['keep-0.png', 'keep-1.png', 'keep-2.png'].map((n) => byName[n]);
  const a0Blob = (await row<{ blob_key: string }>(`SELECT blob_key FROM assets WHERE id = $1`, [a0])).blob_key;
  const emptied = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'to be emptied', selection: { assetIds: [a0, a1] } });
  const kept = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'kept', selection: { assetIds: [a2] } });
  const deleteMany = (who: string, body: unknown) => call(who, 'POST', `/projects/${projectId}/assets/delete`, body);
  const count = async () => (await call('manager', 'GET', `/projects/${projectId}/assets`)).json.total;

  expect((await deleteMany('annotator', { ids: [a0], expected: 1 })).status).toBe(403);
  expect((await deleteMany('outsider', { ids: [a0], expected: 1 })).status).toBe(404);
  for (const bad of [
    { expected: 1 }, { ids: [a0], matching: {}, expected: 1 }, { ids: [a0, a0], expected: 2 }, { ids: [a0], expected: 0 },
    { ids: [a0], except: [a1], expected: 1 }, { ids: ['not-an-id'], expected: 1 }, { matching: { status: 'gone' }, expected: 1 },
    { matching: {}, expected: 1, also: true }, { ids: Array.from({ length: 1001 }, () => randomUUID()), expected: 1001 },
  ]) {
    const res = await deleteMany('manager', bad);
    expect([res.status, res.headers.get('content-type')]).toEqual([400, expect.stringMatching(/application\/problem\+json/)]);
  }
  // Another organisation's asset is not in the choice: the number differs, and nothing is deleted.
  const foreign = await ingested('outsider', await project('outsider'), 'foreign.png', await png(70));
  const mixed = await deleteMany('manager', { ids: [a0, foreign.id], expected: 2 });
  expect([mixed.status, mixed.json.code, mixed.json.params]).toEqual([409, 'selection_changed', { matched: '1' }]);
  // Every failed asset, as the list's filter picks them, once the number seen is the number there.
  const stale = await deleteMany('manager', { matching: { status: 'failed' }, expected: 1 });
  expect([stale.status, stale.json.params]).toEqual([409, { matched: '2' }]);
  expect(await count()).toBe(5);
  expect((await deleteMany('manager', { matching: { status: 'failed' }, expected: 2 })).json).toEqual({ deleted: 2 });
  expect(await count()).toBe(3);

  // Every ready one but one taken out of the choice: the batch that held only those goes, the other stays.
  expect((await deleteMany('manager', { matching: { status: 'ready', q: 'keep' }, except: [a2], expected: 2 })).json).toEqual({ deleted: 2 });
  expect(((await call('manager', 'GET', `/projects/${projectId}/assets`)).json.items as { id: string }[]).map((a) => a.id)).toEqual([a2]);
  expect((await call('manager', 'GET', `/batches/${emptied.json.id}`)).status).toBe(404);
  expect((await call('manager', 'GET', `/batches/${kept.json.id}`)).status).toBe(200);
  const events = (await server.db.query(`SELECT action, resource_id, details FROM audit_events WHERE org_id = $1 AND details->>'projectId' = $2 AND action LIKE '%.deleted'`, [org.orgId, projectId])) as { action: string; resource_id: string; details: object }[];
  expect(events.filter((e) => e.action === 'asset.deleted').map((e) => e.resource_id).sort()).toEqual([...Object.values(byName).filter((id) => id !== a2)].sort());
  expect(events.filter((e) => e.action === 'batch.deleted')).toEqual([{ action: 'batch.deleted', resource_id: emptied.json.id, details: { projectId, name: 'to be emptied', reason: 'emptied' } }]);
  expect(events.find((e) => e.resource_id === a0)?.details).toMatchObject({ kind: 'image', status: 'ready', tasks: 1 });
  await server.until('the deleted assets\' bytes to go', async () => !(await server.holdsBlob(a0Blob)));

  // One by id, as the grid's choice sends it.
  expect((await deleteMany('manager', { ids: [a2], expected: 1 })).json).toEqual({ deleted: 1 });
  expect(await count()).toBe(0);
  expect((await call('manager', 'GET', `/batches/${kept.json.id}`)).status).toBe(404);
  // The organisation's webhook heard of each delete, with the ids.
  await server.until('the deletes\' webhooks', async () => toldOf(projectId, 'assets.deleted').length === 3);
  expect(toldOf(projectId, 'assets.deleted').flatMap((b) => b.data.assetIds!).sort()).toEqual(Object.values(byName).sort());
}, 120000);

it('deletes a DICOM series with its instances and the originals it kept', async () => {
  const projectId = await project('manager', { mediaType: 'dicom', labelSchema: TEST_SCHEMAS.dicom, workflow: { keepDicomOriginals: true } });
  const series = syntheticSeries({ slices: 3, size: 8, studyUid: '7.7.7', seriesUid: '7.7.7.1' });
  const { json } = await server.upload(tokens.manager, projectId, series.map((bytes, i) => ({ name: `IM${i}.dcm`, bytes })));
  expect(await server.finished(tokens.manager, json.dicomRunId!)).toMatchObject({ state: 'succeeded', counts: { processed: 3 } });
  const asset = await row<{ id: string; thumbnail_key: string }>(`SELECT id, thumbnail_key FROM assets WHERE project_id = $1`, [projectId]);
  const keys = ((await server.db.query(`SELECT blob_key, original_key FROM dicom_instances WHERE asset_id = $1`, [asset.id])) as { blob_key: string; original_key: string }[])
    .flatMap((r) => [r.blob_key, r.original_key]);
  expect(keys.filter(Boolean)).toHaveLength(6);
  for (const key of [...keys, asset.thumbnail_key]) expect(await server.holdsBlob(key)).toBe(true);

  expect((await call('manager', 'DELETE', `/assets/${asset.id}`)).status).toBe(204);
  expect(await row(`SELECT 1 FROM dicom_instances WHERE asset_id = $1`, [asset.id])).toBeUndefined();
  await server.until('the series\' instances, originals and thumbnail to go', async () => {
    for (const key of [...keys, asset.thumbnail_key]) if (await server.holdsBlob(key)) return false;
    return (await dropped()) === 0;
  });
}, 120000);

it('writes nothing more from an editor that had the asset open, and opens it no more', async () => {
  const projectId = await project('manager');
  const asset = await ingested('manager', projectId, 'open.png', await png(120));
  const socket = syncSocket(server.url, tokens.manager);
  try {
    await connected(socket);
    const joined = await request(socket, 'join', { assetId: asset.id });
    if (!joined.ok) throw new Error(joined.problem.detail);
    expect((await call('manager', 'DELETE', `/assets/${asset.id}`)).status).toBe(204);
    const reply = await request(socket, 'ops', { setId: joined.setId, ops: [create('delete-spec-02', box())] });
    // Nothing is written to a set that is gone; the editor is told to open the asset again, which answers that it is gone.
    expect(reply).toMatchObject({ ok: true, results: [{ status: 'rejected', code: 'forbidden' }] });
    expect(await request(socket, 'join', { assetId: asset.id })).toMatchObject({ ok: false, problem: { status: 404 } });
  } finally {
    socket.close();
  }
}, 60000);

it('deletes an archived project with its data, releases and exports, and its bytes once nothing else holds them', async () => {
  const projectId = await project('admin');
  const shared = await png(30);
  const own = await ingested('admin', projectId, 'own.png', await png(230));
  const mine = await ingested('admin', projectId, 'shared.png', shared);
  const twin = await ingested('admin', await project('admin'), 'twin.png', shared);
  expect((await call('admin', 'POST', `/assets/${own.id}/annotations/ops`, { ops: [create('delete-spec-03', box())] })).status).toBe(200);
  const release = await call('admin', 'POST', `/projects/${projectId}/releases`, { formats: ['coco'], annotations: 'latest', licence: 'CC-BY-4.0', includeMedia: true });
  expect(release.status).toBe(202);
  await server.finished(tokens.admin, release.json.jobRunId);
  const exported = await call('admin', 'POST', `/projects/${projectId}/exports`, { format: 'coco' });
  expect(exported.status).toBe(202);
  const exportRun = await server.finished(tokens.admin, exported.json.id);
  const files = [
    own.blob_key, own.thumbnail_key, `sha256/${exportRun.result!.sha256}`,
    (await row<{ blob_key: string }>(`SELECT blob_key FROM releases WHERE id = $1`, [release.json.id])).blob_key,
  ];
  for (const key of files) expect(await server.holdsBlob(key)).toBe(true);

  // The organisation's operators only, and only once it is archived; another organisation does not see it.
  for (const who of ['manager', 'annotator']) expect((await call(who, 'DELETE', `/projects/${projectId}`)).status).toBe(403);
  expect((await call('outsiderAdmin', 'DELETE', `/projects/${projectId}`)).status).toBe(404);
  const active = await call('admin', 'DELETE', `/projects/${projectId}`);
  expect(active.status).toBe(409);
  expect(active.json).toMatchObject({ code: 'project_not_archived' });
  expect((await call('admin', 'POST', `/projects/${projectId}/archive`)).status).toBe(200);

  expect((await call('owner', 'DELETE', `/projects/${projectId}`)).status).toBe(204);
  expect((await call('admin', 'GET', `/projects/${projectId}`)).status).toBe(404);
  for (const id of [own.id, mine.id]) expect((await call('admin', 'GET', `/assets/${id}`)).status).toBe(404);
  expect((await call('admin', 'GET', `/releases/${release.json.id}`)).status).toBe(404);
  for (const table of ['assets', 'batches', 'releases', 'annotation_sets', 'project_members']) {
    expect(await row(`SELECT 1 FROM ${table} WHERE project_id = $1`, [projectId])).toBeUndefined();
  }
  const gone = await fetch(`${server.url}/api/v1/job-runs/${exportRun.id}/download`, { headers: { authorization: `Bearer ${tokens.admin}` } });
  expect(gone.status).toBe(410);
  expect(await gone.json()).toMatchObject({ code: 'run_file_expired' });
  expect(await row(`SELECT actor_id, details FROM audit_events WHERE action = 'project.deleted' AND resource_id = $1`, [projectId]))
    .toMatchObject({ actor_id: org.users.owner.id, details: { assets: 2, mediaType: 'image' } });
  // One event for the project, none for each of its assets.
  const named = (await row<{ name: string }>(`SELECT details->>'name' AS name FROM audit_events WHERE action = 'project.deleted' AND resource_id = $1`, [projectId])).name;
  await server.until('the project\'s webhook', async () => toldOf(projectId, 'project.deleted').length === 1);
  expect(toldOf(projectId, 'project.deleted')[0].data).toEqual({ projectId, name: named });
  expect(toldOf(projectId, 'assets.deleted')).toEqual([]);

  await server.until('the project\'s bytes to go', async () => {
    for (const key of files) if (await server.holdsBlob(key)) return false;
    return (await dropped()) === 0;
  });
  // The same image in another project keeps its bytes.
  expect(await server.holdsBlob(mine.blob_key)).toBe(true);
  expect((await call('admin', 'GET', `/assets/${twin.id}/content`)).status).toBe(200);
}, 120000);
