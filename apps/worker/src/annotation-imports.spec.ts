import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, zip, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let projectId: string;
const assetIds: Record<string, string> = {};

const coco = (extra: Record<string, unknown>[] = []) => JSON.stringify({
  images: [{ id: 1, file_name: 'a.jpg', width: 640, height: 480 }, { id: 2, file_name: 'images/b.jpg', width: 640, height: 480 }, { id: 3, file_name: 'missing.jpg', width: 10, height: 10 }],
  categories: [{ id: 1, name: 'car' }, { id: 2, name: 'Vehicle' }],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, bbox: [10, 20, 30, 40], segmentation: [], attributes: { kind: 'van', occluded: true }, score: 0.9 },
    { id: 2, image_id: 1, category_id: 2, bbox: [1, 2, 3, 4], segmentation: [[1, 1, 50, 1, 25, 40]] },
    { id: 3, image_id: 2, category_id: 1, bbox: [100, 100, 10, 10], segmentation: [] },
    { id: 4, image_id: 3, category_id: 1, bbox: [1, 1, 2, 2], segmentation: [] },
    ...extra,
  ],
});

async function send(token: string, file: Buffer | string, fields: Record<string, string>, name = 'peer.json') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([typeof file === 'string' ? Buffer.from(file) : file]), name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/annotation-imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as any };
}

async function waitForRun(token: string, id: string) {
  for (let i = 0; i < 300; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`import still running:\n${server.logs()}`);
}

const annotationsOf = async (assetId: string) => (await server.db.query(`SELECT a.label_id, a.geometry, a.attributes, a.source, a.score FROM annotations a JOIN annotation_sets s ON s.id = a.set_id WHERE s.asset_id = $1 ORDER BY a.label_id, a.geometry->>'type'`, [assetId]));

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Import Org', 'import.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-import.test');
  const first = await createAnnotatableAsset(server.db, org, 'image');
  projectId = first.projectId;
  await server.db.query(`UPDATE assets SET name = 'a.jpg' WHERE id = $1`, [first.assetId]);
  assetIds.a = first.assetId;
  const [{ id }] = await server.db.query(`INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', 'b.jpg', 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`, [org.orgId, projectId]);
  assetIds.b = id;
}, 60000);
afterAll(() => server.close());

it('a dry run reports matches, categories to map, what does not fit, and changes nothing', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const res = await send(manager, coco(), { format: 'coco', dryRun: 'true' });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({
    dryRun: true, items: 3, matchedItems: 2, unmatchedCount: 1, acceptable: false,
    categories: expect.arrayContaining([{ name: 'car', count: 3, labelId: 'car', mapped: 'auto' }, { name: 'Vehicle', count: 1, labelId: null, mapped: 'none' }]),
  });
  expect(res.json.problems).toEqual([{ where: 'peer.json: annotations[1]', message: '"Vehicle" matches no label of the schema; map it to one, or leave it out' }]);
  expect(res.json.unmatched[0]).toMatchObject({ reason: 'no asset of the project is "missing.jpg" / id 3' });
  const mapped = await send(manager, coco(), { format: 'coco', dryRun: 'true', mapping: JSON.stringify({ Vehicle: 'car' }), skipBad: 'true' });
  expect(mapped.json).toMatchObject({ annotations: 3, problemCount: 0, acceptable: true });
  expect(await annotationsOf(assetIds.a)).toEqual([]);
});

it('imports all or nothing: a refused item stops the run and nothing is written; skipping bad items imports the rest, once', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const strict = await send(manager, coco(), { format: 'coco' });
  expect(strict.status).toBe(202);
  const failed = await waitForRun(manager, strict.json.id);
  expect(failed.state).toBe('failed');
  expect(failed.errors.map((e: { code?: string }) => e.code)).toEqual(expect.arrayContaining(['import.unmatched', 'import.refused']));
  expect(await annotationsOf(assetIds.a)).toEqual([]);

  const fields = { format: 'coco', mapping: JSON.stringify({ Vehicle: 'car' }), skipBad: 'true' };
  const run = await waitForRun(manager, (await send(manager, coco(), fields)).json.id);
  expect(run.state).toBe('succeeded');
  const a = await annotationsOf(assetIds.a);
  expect(a).toEqual([
    { label_id: 'car', geometry: { type: 'box', x: 10, y: 20, width: 30, height: 40, rotation: 0 }, attributes: { kind: 'van', occluded: true }, source: 'import', score: 0.9 },
    { label_id: 'car', geometry: { type: 'polygon', points: [[1, 1], [50, 1], [25, 40]] }, attributes: {}, source: 'import', score: null },
  ]);
  expect(await annotationsOf(assetIds.b)).toHaveLength(1);
  // The same file again changes nothing.
  const again = await waitForRun(manager, (await send(manager, coco(), fields)).json.id);
  expect(again.state).toBe('succeeded');
  expect(await annotationsOf(assetIds.a)).toHaveLength(2);
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'annotations.import_requested'`);
  expect(n).toBe(3);
});

it('imports predictions as a model, with their scores', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const file = JSON.stringify([{ image_id: 2, category_id: 1, bbox: [300, 300, 20, 20], score: 0.42 }]);
  expect((await send(manager, file, { format: 'coco', as: 'predictions' })).status).toBe(400);
  // A results file names images by id: the dataset it was made on, beside it, says which.
  const both = zip([{ name: 'instances.json', data: Buffer.from(coco()) }, { name: 'results.json', data: Buffer.from(file) }]);
  const run = await waitForRun(manager, (await send(manager, both, { format: 'coco', as: 'predictions', modelName: 'detector', modelVersion: '3', skipBad: 'true', mapping: JSON.stringify({ Vehicle: 'car' }) }, 'results.zip')).json.id);
  expect(run.state).toBe('succeeded');
  expect((await annotationsOf(assetIds.b)).filter((x: { source: string }) => x.source === 'model').map((x: { score: number }) => x.score)).toEqual(expect.arrayContaining([expect.closeTo(0.42, 5)]));
});

it('refuses broken files with where, unsafe archives, entity tricks, and other tenants', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const broken = await send(manager, '{"images": [{"id": 1,}]}', { format: 'coco', dryRun: 'true' });
  expect(broken.json).toMatchObject({ acceptable: false, problems: [expect.objectContaining({ where: 'peer.json: line 1', message: expect.stringMatching(/malformed JSON/) })] });
  const xml = await send(manager, '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><annotations/>', { format: 'cvat-images', dryRun: 'true' }, 'a.xml');
  expect(xml.json.problems[0].message).toMatch(/DOCTYPE/);
  const archive = zip([{ name: '../evil.json', data: Buffer.from(coco()) }, { name: 'ok.json', data: Buffer.from('{"images":[],"annotations":[]}') }]);
  const unsafe = await send(manager, archive, { format: 'coco', dryRun: 'true' }, 'up.zip');
  expect(unsafe.json.problems[0]).toEqual({ where: '../evil.json', message: 'an unsafe path (absolute, or climbing out of the archive)' });
  expect((await send(manager, coco(), { format: 'conll', dryRun: 'true' })).status).toBe(422);
  expect((await send(manager, coco(), { format: 'coco', mapping: '{nope' })).status).toBe(400);
  const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  expect((await send(annotator, coco(), { format: 'coco', dryRun: 'true' })).status).toBe(403);
  const stranger = await server.tokenFor(other.users.manager.id, other.orgId);
  expect((await send(stranger, coco(), { format: 'coco', dryRun: 'true' })).status).toBe(404);
});
