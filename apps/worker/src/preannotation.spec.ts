import { randomUUID } from 'node:crypto';
import { liverCtSeries } from '@tessera/seeds';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * Models and pre-annotation through the real API and worker: the built-in
 * English entity model on real sentences, and the CT threshold model on the
 * seed CT uploaded and ingested like any series. Predictions are annotations
 * with `source: model`, their score and the model's id and version; a re-run
 * of a version replaces its predictions and never touches people's work.
 */
let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let manager: string;
let textProject: string;
const DOCS = [
  'Tim Cook met Angela Merkel in Berlin on 5 March 2024. Write to press@example.com for the transcript.',
  'The United Nations paid $1,200 to Maria Garcia in Madrid. Details at https://example.org/report.',
  'Nothing to find here, only words in a row.',
];
const SCHEMA = {
  labels: [
    { id: 'per', name: 'Person', color: '#f5222d', tools: ['span'] },
    { id: 'loc', name: 'Place', color: '#52c41a', tools: ['span'] },
    { id: 'mail', name: 'E-mail', color: '#1677ff', tools: ['span'] },
  ],
};

async function upload(projectId: string, files: { name: string; bytes: Buffer }[], token = manager) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as any };
}
async function settled(runId: string, token = manager) {
  for (let i = 0; i < 1200; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token })).json;
    if (['succeeded', 'failed', 'cancelled'].includes(run.state)) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} did not finish\n${server.logs()}`);
}
const predictionsOf = (projectId: string) => server.db.query(
  `SELECT n.id, n.label_id, n.geometry, n.score, n.prediction_id, n.source, s.asset_id, pm.model_id, pm.model_version, pm.job_run_id
     FROM annotations n JOIN annotation_sets s ON s.id = n.set_id LEFT JOIN prediction_models pm ON pm.annotation_id = n.id
    WHERE s.project_id = $1 AND n.source = 'model' ORDER BY s.asset_id, (n.geometry->>'start')::int`, [projectId]);

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Models Org', 'models.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-models.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  textProject = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'News', mediaType: 'text', labelSchema: SCHEMA } })).json.id;
  await server.db.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, 'annotator')`, [textProject, org.users.annotator.id, org.orgId]);
  const up = await upload(textProject, DOCS.map((d, i) => ({ name: `doc${i}.txt`, bytes: Buffer.from(d) })));
  expect(up.status).toBe(202);
  expect((await settled(up.json.jobRunId)).state).toBe('succeeded');
}, 120000);
afterAll(() => server?.close());

describe('models', () => {
  it('are managed by owners, admins and managers, checked and audited, and another organisation’s are not found', async () => {
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    expect((await api(server.url, 'GET', '/api/v1/models', { token: annotator })).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/v1/models', { token: annotator, body: { name: 'x', kind: 'ner-en', version: '1', mediaType: 'text' } })).status).toBe(403);

    const bad = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'x', kind: 'no-such-kind', version: '1', mediaType: 'text' } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.json.errors[0].path).toBe('kind');
    const wrongMedia = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'x', kind: 'ner-en', version: '1', mediaType: 'image' } });
    expect(wrongMedia.status).toBe(422);
    const withUrl = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'x', kind: 'ner-en', version: '1', mediaType: 'text', url: 'http://127.0.0.1:9/' } });
    expect(withUrl.status).toBe(422);
    const threshold = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'x', kind: 'ner-en', version: '1', mediaType: 'text', scoreThreshold: 2 } });
    expect(threshold.status).toBe(400);
    const otherProject = (await api(server.url, 'POST', '/api/v1/projects', { token: await server.tokenFor(other.users.manager.id, other.orgId), body: { name: 'Theirs', mediaType: 'text' } })).json.id;
    const foreign = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'x', kind: 'ner-en', version: '1', mediaType: 'text', projectIds: [otherProject] } });
    expect(foreign.status).toBe(422);

    const made = await api(server.url, 'POST', '/api/v1/models', {
      token: manager, body: { name: 'Entities', kind: 'ner-en', version: '1.0', mediaType: 'text', labelMap: { person: 'per', place: 'Place' }, projectIds: [textProject] },
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: 'Entities', kind: 'ner-en', version: '1.0', mediaType: 'text', url: null, scoreThreshold: 0.5, maxObjects: 100, projectIds: [textProject] });
    const id = made.json.id;
    const patched = await api(server.url, 'PATCH', `/api/v1/models/${id}`, { token: manager, body: { labelMap: { person: 'per', place: 'Place', email: 'mail' } } });
    expect(patched.status).toBe(200);
    expect(patched.json.labelMap).toEqual({ person: 'per', place: 'Place', email: 'mail' });
    expect((await api(server.url, 'GET', '/api/v1/models', { token: manager })).json.items.map((m: any) => m.id)).toEqual([id]);
    expect((await api(server.url, 'GET', '/api/v1/model-kinds', { token: manager })).json.items.map((k: any) => k.kind)).toEqual(expect.arrayContaining(['ner-en', 'ner-zh', 'ct-threshold']));

    // Another organisation's manager finds nothing.
    const theirs = await server.tokenFor(other.users.manager.id, other.orgId);
    expect((await api(server.url, 'GET', `/api/v1/models/${id}`, { token: theirs })).status).toBe(404);
    expect((await api(server.url, 'PATCH', `/api/v1/models/${id}`, { token: theirs, body: { version: '9' } })).status).toBe(404);
    expect((await api(server.url, 'DELETE', `/api/v1/models/${id}`, { token: theirs })).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/v1/models/${id}/accuracy`, { token: theirs })).status).toBe(404);
    expect((await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: theirs, body: { modelId: id } })).status).toBe(404);

    const audit = await server.db.query(`SELECT action, details FROM audit_events WHERE resource_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: any) => a.action)).toEqual(['model.created', 'model.updated']);
    expect(audit[1].details.changed.labelMap).toEqual({ person: 'per', place: 'Place', email: 'mail' });

    const gone = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'Old', kind: 'ner-zh', version: '1', mediaType: 'text' } });
    expect((await api(server.url, 'DELETE', `/api/v1/models/${gone.json.id}`, { token: manager })).status).toBe(204);
    expect((await api(server.url, 'GET', `/api/v1/models/${gone.json.id}`, { token: manager })).status).toBe(404);
    expect((await server.db.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id`, [gone.json.id])).map((a: any) => a.action)).toEqual(['model.created', 'model.deleted']);
  });
});

describe('pre-annotation', () => {
  let modelId: string;
  beforeAll(async () => {
    modelId = (await api(server.url, 'GET', '/api/v1/models', { token: manager })).json.items.find((m: any) => m.name === 'Entities').id;
  });

  it('refuses bad requests with problem+json', async () => {
    const unknownModel = await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: manager, body: { modelId: randomUUID() } });
    expect(unknownModel.status).toBe(422);
    expect(unknownModel.json.errors[0].path).toBe('modelId');
    const badBatch = await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: manager, body: { modelId, selection: { batchId: randomUUID() } } });
    expect(badBatch.status).toBe(422);
    const badShape = await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: manager, body: { modelId, selection: { everything: true } } });
    expect(badShape.status).toBe(400);
    const reviewer = await server.tokenFor(org.users.reviewer.id, org.orgId);
    expect((await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: reviewer, body: { modelId } })).status).toBe(403);
  });

  it('stores predictions as model annotations with score, model id and version, mapped to labels (unmapped classes dropped)', async () => {
    const started = await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: manager, body: { modelId } });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ type: 'preannotate.run', counts: { total: 3 } });
    const run = await settled(started.json.id);
    expect(run).toMatchObject({ state: 'succeeded', counts: { total: 3, processed: 3, failed: 0 } });

    const rows = await predictionsOf(textProject);
    const assets = await server.db.query(`SELECT id, name FROM assets WHERE project_id = $1 ORDER BY name`, [textProject]);
    const textOf = (r: any) => DOCS[assets.findIndex((a: any) => a.id === r.asset_id)].slice(r.geometry.start, r.geometry.end);
    expect(rows.map((r: any) => [r.label_id, textOf(r)])).toEqual(expect.arrayContaining([
      ['per', 'Tim Cook'], ['per', 'Angela Merkel'], ['loc', 'Berlin'], ['mail', 'press@example.com'], ['per', 'Maria Garcia'], ['loc', 'Madrid'],
    ]));
    // Dates, money, URLs and organisations are not mapped: dropped.
    expect(rows.every((r: any) => ['per', 'loc', 'mail'].includes(r.label_id))).toBe(true);
    for (const r of rows) {
      expect(r).toMatchObject({ source: 'model', model_id: modelId, model_version: '1.0', job_run_id: run.id });
      expect(r.prediction_id).toBe(r.id);
      expect(r.score).toBeGreaterThanOrEqual(0.5);
    }
    const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM model_predictions WHERE model_id = $1 AND superseded_at IS NULL`, [modelId]);
    expect(n).toBe(rows.length);
    expect((await server.db.query(`SELECT 1 FROM audit_events WHERE action = 'preannotation.requested' AND details->>'jobRunId' = $1`, [run.id]))).toHaveLength(1);
  });

  it('a re-run of the version replaces its predictions, keeps what people accepted, and accuracy counts it', async () => {
    const before = await predictionsOf(textProject);
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    const firstAsset = before[0].asset_id;
    const onFirst = before.filter((r: any) => r.asset_id === firstAsset);
    // The annotator accepts the first prediction and rejects the rest on the first document, as the editor does.
    const [accept, ...reject] = onFirst;
    const acceptedId = randomUUID();
    const ops = [
      { type: 'delete', clientId: 'person-0001', clientSeq: 1, id: accept.id },
      { type: 'create', clientId: 'person-0001', clientSeq: 2, annotation: { id: acceptedId, labelId: accept.label_id, geometry: accept.geometry, attributes: {}, source: 'human', score: accept.score, predictionId: accept.prediction_id } },
      ...reject.map((r: any, i: number) => ({ type: 'delete', clientId: 'person-0001', clientSeq: 3 + i, id: r.id })),
    ];
    const applied = await api(server.url, 'POST', `/api/v1/assets/${firstAsset}/annotations/ops`, { token: annotator, body: { ops } });
    expect(applied.status).toBe(200);
    expect(applied.json.results.every((r: any) => r.status === 'committed')).toBe(true);

    const again = await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: manager, body: { modelId } });
    expect((await settled(again.json.id)).state).toBe('succeeded');
    const after = await predictionsOf(textProject);
    // As many predictions as before (the model and documents are the same), none of them the first run's.
    expect(after).toHaveLength(before.length);
    expect(after.every((r: any) => r.job_run_id === again.json.id)).toBe(true);
    expect(after.some((r: any) => before.some((b: any) => b.id === r.id))).toBe(false);
    // The person's accepted annotation is untouched.
    const [kept] = await server.db.query(`SELECT source, prediction_id, label_id FROM annotations WHERE id = $1`, [acceptedId]);
    expect(kept).toEqual({ source: 'human', prediction_id: accept.prediction_id, label_id: accept.label_id });

    // The first run's predictions were superseded, so the second run's are the version's: none accepted yet, none compared.
    const acc = await api(server.url, 'GET', `/api/v1/models/${modelId}/accuracy`, { token: manager });
    expect(acc.status).toBe(200);
    expect(acc.json.versions).toHaveLength(1);
    expect(acc.json.versions[0]).toMatchObject({ version: '1.0', assets: 2, predictions: after.length, comparedAssets: 0 });
    const csv = await fetch(`${server.url}/api/v1/models/${modelId}/accuracy.csv`, { headers: { authorization: `Bearer ${manager}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^Entities,1\.0,2,0,/);
  });

  it('measures a version against the work people accepted: spans and share accepted', async () => {
    // Version 2: people go through every prediction on the first document.
    await api(server.url, 'PATCH', `/api/v1/models/${modelId}`, { token: manager, body: { version: '2.0' } });
    const assets = await server.db.query(`SELECT id FROM assets WHERE project_id = $1 ORDER BY name`, [textProject]);
    const started = await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: manager, body: { modelId, selection: { assetIds: [assets[0].id] } } });
    expect((await settled(started.json.id)).state).toBe('succeeded');
    const mine = (await predictionsOf(textProject)).filter((r: any) => r.model_version === '2.0');
    expect(mine.map((r: any) => DOCS[0].slice(r.geometry.start, r.geometry.end))).toEqual(['Tim Cook', 'Angela Merkel', 'Berlin', 'press@example.com']);
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    // Accept Tim Cook, Angela Merkel and the e-mail address, reject Berlin, and draw one the model missed ("March", by hand).
    const ops: any[] = [];
    let seq = 1;
    for (const r of mine) {
      ops.push({ type: 'delete', clientId: 'person-0002', clientSeq: seq++, id: r.id });
      if (DOCS[0].slice(r.geometry.start, r.geometry.end) !== 'Berlin') {
        ops.push({ type: 'create', clientId: 'person-0002', clientSeq: seq++, annotation: { id: randomUUID(), labelId: r.label_id, geometry: r.geometry, attributes: {}, source: 'human', score: r.score, predictionId: r.prediction_id } });
      }
    }
    const at = DOCS[0].indexOf('March');
    ops.push({ type: 'create', clientId: 'person-0002', clientSeq: seq++, annotation: { id: randomUUID(), labelId: 'loc', geometry: { type: 'span', start: at, end: at + 5 }, attributes: {} } });
    const applied = await api(server.url, 'POST', `/api/v1/assets/${assets[0].id}/annotations/ops`, { token: annotator, body: { ops } });
    expect(applied.json.results.map((r: any) => r.status)).toEqual(ops.map(() => 'committed'));

    const acc = (await api(server.url, 'GET', `/api/v1/models/${modelId}/accuracy`, { token: manager })).json;
    const v2 = acc.versions.find((v: any) => v.version === '2.0');
    // The reference on the first document: the three accepted spans, the one from version 1.0's run people accepted
    // earlier (Tim Cook again, which now overlaps exactly), and "March": 3 of 4 predictions right.
    expect(v2).toMatchObject({ assets: 1, comparedAssets: 1, predictions: 4, accepted: 3, acceptedShare: 0.75, boxes: null, masks: null, ocr: null });
    const refs = await server.db.query(`SELECT n.geometry FROM annotations n JOIN annotation_sets s ON s.id = n.set_id WHERE s.asset_id = $1 AND n.source = 'human'`, [assets[0].id]);
    const tp = 3;
    expect(v2.spans.exact).toEqual({ precision: tp / 4, recall: Math.round((tp / refs.length) * 1e6) / 1e6, f1: Math.round(((2 * tp) / (4 + refs.length)) * 1e6) / 1e6 });
  });
});

describe('CT', () => {
  it('segments the seed CT, uploaded and ingested, into bone, air and vessels as segments', async () => {
    const ctProject = (await api(server.url, 'POST', '/api/v1/projects', {
      token: manager, body: { name: 'Liver CT', mediaType: 'dicom', labelSchema: { labels: [{ id: 'bone', name: 'Bone', color: '#fadb14', tools: ['segment'] }, { id: 'vessel', name: 'Vessel', color: '#f5222d', tools: ['segment'] }] } },
    })).json.id;
    const files = liverCtSeries({ slices: 16, size: 128 });
    const up = await upload(ctProject, files.map((f) => ({ name: f.name, bytes: f.bytes })));
    expect(up.status).toBe(202);
    expect((await settled(up.json.dicomRunId)).state).toBe('succeeded');
    const model = await api(server.url, 'POST', '/api/v1/models', {
      token: manager, body: { name: 'CT threshold', kind: 'ct-threshold', version: '1', mediaType: 'dicom', labelMap: { bone: 'bone', vessel: 'vessel' }, projectIds: [ctProject] },
    });
    expect(model.status).toBe(201);
    const started = await api(server.url, 'POST', `/api/v1/projects/${ctProject}/preannotations`, { token: manager, body: { modelId: model.json.id } });
    expect(started.status).toBe(202);
    expect(await settled(started.json.id)).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1 } });
    const rows = await predictionsOf(ctProject);
    const labels = rows.map((r: any) => r.label_id).sort();
    // The vertebral body and arch (apart at this resolution) and the aorta; air is not mapped, so dropped.
    expect(labels).toEqual(['bone', 'bone', 'vessel']);
    for (const r of rows) {
      expect(r.geometry.type).toBe('segment');
      expect(Object.keys(r.geometry.slices)).toHaveLength(16);
      for (const rle of Object.values(r.geometry.slices) as any[]) expect(rle.size).toEqual([128, 128]);
    }
  }, 180000);
});

describe('cancel', () => {
  it('a cancelled run stays cancelled and leaves the assets not begun', async () => {
    const modelId = (await api(server.url, 'GET', '/api/v1/models', { token: manager })).json.items.find((m: any) => m.name === 'Entities').id;
    const started = await api(server.url, 'POST', `/api/v1/projects/${textProject}/preannotations`, { token: manager, body: { modelId } });
    const cancelled = await api(server.url, 'POST', `/api/v1/job-runs/${started.json.id}/cancel`, { token: manager });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
    // Whatever the worker had begun finishes, counted; the run stays cancelled.
    await new Promise((r) => setTimeout(r, 1500));
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${started.json.id}`, { token: manager })).json;
    expect(run.state).toBe('cancelled');
    expect(run.counts.processed + run.counts.failed).toBeLessThanOrEqual(3);
  });
});
