import { createHash } from 'node:crypto';
import { openZip } from '@tessera/formats';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * Predictions imported from a file remember their model and version — the
 * one given, or, when none is, the file's checksum — and an export of one
 * model version's predictions takes exactly those.
 */
let server: TestServer;
let org: TestOrg;
let projectId: string;
let manager: string;

const coco = (boxes: number[][], score: number) => JSON.stringify({
  images: [{ id: 7, file_name: 'street.jpg', width: 640, height: 480 }],
  categories: [{ id: 1, name: 'car' }],
  annotations: boxes.map((bbox, i) => ({ id: i + 1, image_id: 7, category_id: 1, bbox, score })),
});

async function importFile(file: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ format: 'coco', as: 'predictions', ...fields })) form.append(k, v);
  form.append('file', new Blob([Buffer.from(file)]), 'detections.json');
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/annotation-imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  expect(res.status).toBe(202);
  return waitForRun(((await res.json()) as { id: string }).id);
}

async function waitForRun(id: string) {
  for (let i = 0; i < 300; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token: manager })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run still going:\n${server.logs()}`);
}

async function exportedBoxes(modelVersion: string) {
  const started = await api(server.url, 'POST', `/api/v1/projects/${projectId}/exports`, { token: manager, body: { format: 'coco', annotations: 'predictions', modelVersion } });
  expect(started.status).toBe(202);
  const run = await waitForRun(started.json.id);
  expect(run.state).toBe('succeeded');
  const file = await fetch(`${server.url}/api/v1/job-runs/${run.id}/download`, { headers: { authorization: `Bearer ${manager}` } });
  const { tree } = await openZip(Buffer.from(await file.arrayBuffer()));
  const json = JSON.parse(Buffer.concat(await (await tree.open('annotations/instances_default.json')).toArray()).toString('utf8'));
  return json.annotations.map((a: { bbox: number[] }) => a.bbox[0]).sort((x: number, y: number) => x - y);
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Models Org', 'models.test');
  const asset = await createAnnotatableAsset(server.db, org, 'image');
  projectId = asset.projectId;
  await server.db.query(`UPDATE assets SET name = 'street.jpg' WHERE id = $1`, [asset.assetId]);
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
}, 60000);
afterAll(() => server.close());

it('records the model version of imported predictions (the file names it when the person does not) and exports one version alone', async () => {
  const first = coco([[10, 10, 20, 20], [40, 10, 20, 20]], 0.8);
  expect((await importFile(first, { modelName: 'detector', modelVersion: '1.0' })).state).toBe('succeeded');
  const unversioned = coco([[100, 10, 20, 20]], 0.6);
  expect((await importFile(unversioned, { modelName: 'detector' })).state).toBe('succeeded');

  const recorded = await server.db.query(`SELECT model_name, model_version, count(*)::int AS n FROM prediction_models WHERE project_id = $1 GROUP BY 1, 2 ORDER BY 2`, [projectId]);
  const fileVersion = `file-${createHash('sha256').update(unversioned).digest('hex').slice(0, 12)}`;
  expect(recorded).toEqual([{ model_name: 'detector', model_version: '1.0', n: 2 }, { model_name: 'detector', model_version: fileVersion, n: 1 }].sort((a, b) => a.model_version.localeCompare(b.model_version)));

  // The same file again is the same version: nothing new, nothing recorded twice.
  expect((await importFile(unversioned, { modelName: 'detector' })).state).toBe('succeeded');
  expect((await server.db.query(`SELECT count(*)::int AS n FROM prediction_models WHERE project_id = $1`, [projectId]))[0].n).toBe(3);

  expect(await exportedBoxes('1.0')).toEqual([10, 40]);
  expect(await exportedBoxes(`detector@${fileVersion}`)).toEqual([100]);
  expect(await exportedBoxes('2.0')).toEqual([]);
  const [audit] = await server.db.query(`SELECT details FROM audit_events WHERE action = 'annotations.import_requested' AND details->>'version' = $1`, [fileVersion]);
  expect(audit.details).toMatchObject({ model: 'detector', version: fileVersion });
});
