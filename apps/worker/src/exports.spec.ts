import { createHash, randomUUID } from 'node:crypto';
import { FORMATS, openZip } from '@tessera/formats';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let projectId: string;
const assets: string[] = [];

const box = (x: number, y: number, extra: Record<string, unknown> = {}) => ({ id: randomUUID(), labelId: 'car', geometry: { type: 'box', x, y, width: 40.5, height: 20.25, rotation: 0 }, attributes: { kind: 'van' }, ...extra });

async function waitForRun(token: string, id: string, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`job run still ${run.state}:\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function exportAndDownload(token: string, body: Record<string, unknown>) {
  const started = await api(server.url, 'POST', `/api/v1/projects/${projectId}/exports`, { token, body });
  expect(started.status).toBe(202);
  const run = await waitForRun(token, started.json.id);
  expect(run.state).toBe('succeeded');
  const file = await fetch(`${server.url}/api/v1/job-runs/${run.id}/download`, { headers: { authorization: `Bearer ${token}` } });
  expect(file.status).toBe(200);
  const bytes = Buffer.from(await file.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.result.sha256);
  return { run, zip: await openZip(bytes) };
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Export Org', 'export.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-export.test');
  const first = await createAnnotatableAsset(server.db, org, 'image');
  projectId = first.projectId;
  assets.push(first.assetId);
  for (const name of ['b.jpg', 'fixture']) {
    const [{ id }] = await server.db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', $3, 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`,
      [org.orgId, projectId, name],
    );
    assets.push(id);
  }
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const ops = (list: unknown[]) => ({ ops: list.map((annotation, i) => ({ type: 'create', clientId: 'export-test', clientSeq: i + 1, annotation })) });
  expect((await api(server.url, 'POST', `/api/v1/assets/${assets[0]}/annotations/ops`, { token: manager, body: ops([box(10, 10), box(100, 50, { labelId: 'person', attributes: {} }), box(300, 300, { geometry: { type: 'polygon', points: [[1, 1], [50, 2], [25, 40]] } })]) })).status).toBe(200);
  expect((await api(server.url, 'POST', `/api/v1/assets/${assets[1]}/annotations/ops`, { token: manager, body: ops([box(5, 6)]) })).status).toBe(200);
}, 60000);
afterAll(() => server.close());

it('exports COCO through a real worker: one image per asset (same names made unique), every annotation, a checksummed and audited download', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const { run, zip } = await exportAndDownload(manager, { format: 'coco' });
  expect(run.result.fileName).toMatch(/^image-project-.*-coco-\d{4}-\d\d-\d\d\.zip$/);
  expect(zip.tree.paths().sort()).toEqual(['annotations/instances_default.json', 'tessera-export.json']);
  const json = JSON.parse(Buffer.concat(await (await zip.tree.open('annotations/instances_default.json')).toArray()).toString());
  expect(json.images.map((i: { file_name: string }) => i.file_name)).toEqual([`${assets[0].slice(0, 8)}_fixture`, 'b.jpg', `${assets[2].slice(0, 8)}_fixture`]);
  expect(json.categories.map((c: { name: string }) => c.name)).toEqual(['Car', 'Person']);
  expect(json.annotations).toHaveLength(4);
  const items = [];
  for await (const i of FORMATS.coco.reader(zip.tree)) items.push(i);
  // Within an image, objects come in z-order, then as they were made (these three were made at one moment).
  expect(items[0].annotations.map((a) => [a.category, a.geometry.type, a.attributes]).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([['Car', 'box', { kind: 'van' }], ['Car', 'polygon', { kind: 'van' }], ['Person', 'box', {}]]);
  const [audit] = await server.db.query(`SELECT actor_id, details FROM audit_events WHERE action = 'job_run.downloaded' AND resource_id = $1`, [run.id]);
  expect(audit).toMatchObject({ actor_id: org.users.manager.id, details: { type: 'exports.run', sha256: run.result.sha256, projectId } });
});

it('reports what a format cannot hold (a polygon in YOLO detect) and keeps the rest', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const { run, zip } = await exportAndDownload(manager, { format: 'yolo-detect', filter: { labelIds: ['car'] } });
  expect(run.errors).toEqual([expect.objectContaining({ code: 'export.skipped', message: expect.stringMatching(/fixture: polygon .*: yolo-detect holds boxes/) })]);
  expect(zip.tree.paths()).toContain('data.yaml');
  const label = Buffer.concat(await (await zip.tree.open('labels/train/b.txt')).toArray()).toString();
  expect(label.trim().split('\n')).toHaveLength(1);
});

it('filters by status, and accepted work is empty when nothing was accepted', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const annotated = await exportAndDownload(manager, { format: 'cvat-images', filter: { status: 'annotated' } });
  const xml = Buffer.concat(await (await annotated.zip.tree.open('annotations.xml')).toArray()).toString();
  expect(xml.match(/<image /g)).toHaveLength(2);
  const accepted = await exportAndDownload(manager, { format: 'coco', annotations: 'accepted' });
  const json = JSON.parse(Buffer.concat(await (await accepted.zip.tree.open('annotations/instances_default.json')).toArray()).toString());
  expect(json.images).toHaveLength(3);
  expect(json.annotations).toHaveLength(0);
});

it('exports the consensus of agreed and accepted assets from their quality results, written into the result or not', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const consensus = { id: randomUUID(), key: 'k', labelId: 'car', geometry: { type: 'box', x: 7, y: 8, width: 30, height: 20, rotation: 0 }, attributes: { kind: 'van' }, support: 2, members: [], tie: false };
  const other = { ...consensus, id: randomUUID(), labelId: 'person', attributes: {} };
  const result = (assetId: string, state: string, objects: unknown[]) => server.db.query(
    `INSERT INTO quality_asset_results (asset_id, org_id, project_id, version, input, state, agreement, ties, dropped, details, computed_at)
     VALUES ($1, $2, $3, 1, 'input', $4, 1, 0, 0, $5, now())`, [assetId, org.orgId, projectId, state, JSON.stringify({ pairwise: [], disagreements: [], objects, tasks: [] })]);
  await result(assets[1], 'agreed', [consensus, other]);
  // Still to review: its consensus is not one yet.
  await result(assets[2], 'review', [{ ...consensus, id: randomUUID() }]);
  try {
    const all = await exportAndDownload(manager, { format: 'coco', annotations: 'consensus' });
    const json = JSON.parse(Buffer.concat(await (await all.zip.tree.open('annotations/instances_default.json')).toArray()).toString());
    expect(json.images).toHaveLength(3);
    expect(json.annotations.map((a: { bbox: number[] }) => a.bbox)).toEqual([[7, 8, 30, 20], [7, 8, 30, 20]]);
    const cars = await exportAndDownload(manager, { format: 'coco', annotations: 'consensus', filter: { labelIds: ['car'], status: 'annotated' } });
    const carJson = JSON.parse(Buffer.concat(await (await cars.zip.tree.open('annotations/instances_default.json')).toArray()).toString());
    expect(carJson.images.map((i: { file_name: string }) => i.file_name)).toEqual(['b.jpg']);
    expect(carJson.annotations).toHaveLength(1);
  } finally {
    await server.db.query(`DELETE FROM quality_asset_results WHERE project_id = $1`, [projectId]);
  }
});

it('refuses what it cannot do with a problem, and starts nothing', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const before = (await server.db.query(`SELECT count(*)::int AS n FROM job_runs`))[0].n;
  const cases: [Record<string, unknown>, number, RegExp][] = [
    [{ format: 'conll' }, 422, /not a format for image projects/],
    [{ format: 'coco', filter: { labelIds: ['nope'] } }, 422, /not labels of this project/],
    [{ format: 'coco', filter: { batchId: randomUUID() } }, 422, /no such batch/],
    [{ format: 'coco', extra: 1 }, 400, /./],
    [{ format: 'gif' }, 400, /./],
  ];
  for (const [body, status, detail] of cases) {
    const res = await api(server.url, 'POST', `/api/v1/projects/${projectId}/exports`, { token: manager, body });
    expect([res.status, res.headers.get('content-type')]).toEqual([status, expect.stringMatching(/problem\+json/)]);
    expect(JSON.stringify(res.json)).toMatch(detail);
  }
  const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  expect((await api(server.url, 'POST', `/api/v1/projects/${projectId}/exports`, { token: annotator, body: { format: 'coco' } })).status).toBe(403);
  const stranger = await server.tokenFor(other.users.manager.id, other.orgId);
  expect((await api(server.url, 'POST', `/api/v1/projects/${projectId}/exports`, { token: stranger, body: { format: 'coco' } })).status).toBe(404);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM job_runs`))[0].n).toBe(before);
});
