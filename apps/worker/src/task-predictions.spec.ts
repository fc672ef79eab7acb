import { randomUUID } from 'node:crypto';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * Predictions where annotators work, through the real API and worker: a run
 * on a project reaches the annotate tasks' own sets (a set made before the
 * run gets them as the run makes them, one made after gets them on opening);
 * a task is submitted only once its predictions are accepted or rejected, and
 * what is accepted counts for the model's accuracy; a rejected copy never
 * comes back; and an annotator auto-annotates their own task from the editor.
 */
let server: TestServer;
let org: TestOrg;
let manager: string;
let annotator: string;
let projectId: string;
let modelId: string;
const tasks: { id: string; assetId: string; name: string }[] = [];
const DOCS = ['Tim Cook met Angela Merkel in Berlin.', 'Maria Garcia flew from Madrid to Paris.', 'Nothing to find here, only words.'];
const SCHEMA = {
  labels: [
    { id: 'per', name: 'Person', color: '#f5222d', tools: ['span'] },
    { id: 'loc', name: 'Place', color: '#52c41a', tools: ['span'] },
  ],
};

const call = (token: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token, body });
async function settled(runId: string, token = manager) {
  for (let i = 0; i < 1200; i++) {
    const run = (await call(token, 'GET', `/job-runs/${runId}`)).json;
    if (['succeeded', 'failed', 'cancelled'].includes(run.state)) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} did not finish\n${server.logs()}`);
}
async function preannotate(model: string, assetIds?: string[]) {
  const started = await call(manager, 'POST', `/projects/${projectId}/preannotations`, { modelId: model, ...(assetIds ? { selection: { assetIds } } : {}) });
  expect(started.status).toBe(202);
  expect(await settled(started.json.id)).toMatchObject({ state: 'succeeded' });
  return started.json.id as string;
}
const taskAnnotations = async (taskId: string, token = annotator) => (await call(token, 'GET', `/tasks/${taskId}/annotations`)).json.annotations as any[];
const working = async (assetId: string) => (await call(manager, 'GET', `/assets/${assetId}/annotations`)).json.annotations as any[];
const task = (name: string) => tasks.find((t) => t.name === name)!;
async function newModel(name: string) {
  const made = await call(manager, 'POST', '/models', { name, kind: 'ner-en', version: '1', mediaType: 'text', labelMap: { person: 'per', place: 'loc' }, projectIds: [projectId] });
  expect(made.status).toBe(201);
  return made.json.id as string;
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Task Predictions Org', 'task-predictions.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  projectId = (await call(manager, 'POST', '/projects', { name: 'News', mediaType: 'text', labelSchema: SCHEMA })).json.id;
  // Every submit accepted at once, so the work is the model's reference without a review round.
  expect((await call(manager, 'PATCH', `/projects/${projectId}`, { workflow: { reviewSampling: 0 } })).status).toBe(200);
  expect((await call(manager, 'POST', `/projects/${projectId}/members`, { userId: org.users.annotator.id, role: 'annotator' })).status).toBe(201);
  const form = new FormData();
  DOCS.forEach((d, i) => form.append('file', new Blob([d]), `doc${i}.txt`));
  const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  expect((await settled(((await up.json()) as { jobRunId: string }).jobRunId)).state).toBe('succeeded');
  const batch = await call(manager, 'POST', `/projects/${projectId}/batches`, { name: 'All', selection: { filter: {} } });
  expect((await call(manager, 'POST', `/batches/${batch.json.id}/assign`, { mode: 'spread', userIds: [org.users.annotator.id] })).status).toBeLessThan(300);
  for (const t of (await call(annotator, 'GET', '/tasks?mine=true&limit=10')).json.items) tasks.push({ id: t.id, assetId: t.assetId, name: t.assetName });
  expect(tasks).toHaveLength(3);
  modelId = await newModel('Entities');
}, 180000);
afterAll(() => server?.close());

describe('predictions in annotate tasks', () => {
  it('reach a task opened before the run as the run makes them, and one opened after when it is opened', async () => {
    const early = task('doc0.txt');
    expect(await taskAnnotations(early.id)).toEqual([]);
    await preannotate(modelId);

    const originals = (await working(early.assetId)).filter((a) => a.source === 'model');
    expect(originals.length).toBeGreaterThanOrEqual(2);
    const copies = await taskAnnotations(early.id);
    expect(copies.map((c) => c.predictionId).sort()).toEqual(originals.map((o) => o.predictionId).sort());
    for (const c of copies) {
      expect(c).toMatchObject({ source: 'model', attributes: {} });
      expect(originals.some((o) => o.id === c.id)).toBe(false);
      expect(c.score).toBe(originals.find((o) => o.predictionId === c.predictionId).score);
    }

    const late = task('doc1.txt');
    const seeded = await taskAnnotations(late.id);
    const theirs = (await working(late.assetId)).filter((a) => a.source === 'model');
    expect(seeded.map((c) => [c.labelId, c.geometry.start, c.geometry.end]).sort()).toEqual(theirs.map((o) => [o.labelId, o.geometry.start, o.geometry.end]).sort());
    // Opened again: the same set, nothing copied twice.
    expect(await taskAnnotations(late.id)).toHaveLength(seeded.length);
  });

  it('a task is submitted once its predictions are accepted or rejected, and what was accepted counts for the model', async () => {
    const t = task('doc0.txt');
    expect((await call(annotator, 'POST', `/tasks/${t.id}/start`)).status).toBe(200);
    const refused = await call(annotator, 'POST', `/tasks/${t.id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const copies = await taskAnnotations(t.id);
    expect(refused.json.errors.map((e: any) => e.annotationId).sort()).toEqual(copies.map((c) => c.id).sort());
    expect(refused.json.errors.every((e: any) => e.path === 'predictions')).toBe(true);

    // Accept the first, reject the others, as the editor's buttons do.
    const [accept, ...reject] = copies;
    const ops = [
      { type: 'delete', clientId: 'task-person-01', clientSeq: 1, id: accept.id },
      { type: 'create', clientId: 'task-person-01', clientSeq: 2, annotation: { id: randomUUID(), labelId: accept.labelId, geometry: accept.geometry, attributes: {}, source: 'human', score: accept.score, predictionId: accept.predictionId } },
      ...reject.map((r, i) => ({ type: 'delete', clientId: 'task-person-01', clientSeq: 3 + i, id: r.id })),
    ];
    const applied = await call(annotator, 'POST', `/tasks/${t.id}/annotations/ops`, { ops });
    expect(applied.json.results.map((r: any) => r.status)).toEqual(ops.map(() => 'committed'));
    const submitted = await call(annotator, 'POST', `/tasks/${t.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.json.task.state).toBe('accepted');

    const v = (await call(manager, 'GET', `/models/${modelId}/accuracy`)).json.versions[0];
    // The accepted task's work is the reference for its asset: one prediction of the asset's accepted.
    expect(v).toMatchObject({ comparedAssets: 1, accepted: 1 });
    expect(v.acceptedShare).toBeCloseTo(1 / copies.length, 5);
    expect(v.spans.exact.precision).toBeCloseTo(1 / copies.length, 5);
  });

  it('a copy the annotator rejected does not come back when another model runs on the asset', async () => {
    const t = task('doc1.txt');
    const [rejected, ...kept] = await taskAnnotations(t.id);
    const gone = await call(annotator, 'POST', `/tasks/${t.id}/annotations/ops`, { ops: [{ type: 'delete', clientId: 'task-person-02', clientSeq: 1, id: rejected.id }] });
    expect(gone.json.results[0].status).toBe('committed');

    const second = await newModel('Entities again');
    await preannotate(second, [t.assetId]);
    const now = await taskAnnotations(t.id);
    expect(now.some((a) => a.id === rejected.id || a.predictionId === rejected.predictionId)).toBe(false);
    // The first model's other copies are still there, and the second model's predictions came in beside them.
    for (const k of kept) expect(now.some((a) => a.id === k.id)).toBe(true);
    expect(now.length).toBe(kept.length + kept.length + 1);
  });

  it('an annotator auto-annotates their own task and the predictions arrive in it; nobody else may', async () => {
    const t = task('doc2.txt');
    const other = await createOrgWithRoles(server.db, 'Elsewhere', 'elsewhere-tp.test');
    const stranger = await server.tokenFor(other.users.manager.id, other.orgId);
    expect((await call(stranger, 'POST', `/tasks/${t.id}/auto-annotate`, { modelId })).status).toBe(404);
    expect((await call(annotator, 'POST', `/tasks/${t.id}/auto-annotate`, { modelId: randomUUID() })).status).toBe(422);
    expect((await call(annotator, 'POST', `/tasks/${t.id}/auto-annotate`, { modelId, extra: 1 })).status).toBe(400);
    // Annotators see the project's enabled models (names and kinds only), not the organisation's model list.
    const offered = await call(annotator, 'GET', `/projects/${projectId}/models`);
    expect(offered.json.items.map((m: any) => m.name).sort()).toEqual(['Entities', 'Entities again']);
    expect(offered.json.items[0]).not.toHaveProperty('labelMap');
    expect((await call(annotator, 'GET', '/models')).status).toBe(403);
    expect((await call(annotator, 'POST', `/projects/${projectId}/preannotations`, { modelId })).status).toBe(403);

    // Their task on the second document: the first model again, on it alone. Its earlier predictions there that are still
    // predictions give way to the new run's, which arrive in the task as they are made.
    const mine = task('doc1.txt');
    const before = (await taskAnnotations(mine.id)).filter((a) => a.source === 'model');
    const firstModels = (await server.db.query(`SELECT annotation_id FROM model_predictions WHERE model_id = $1`, [modelId])).map((r: any) => r.annotation_id);
    const earlier = before.filter((a) => firstModels.includes(a.predictionId));
    expect(earlier.length).toBeGreaterThan(0);
    const started = await call(annotator, 'POST', `/tasks/${mine.id}/auto-annotate`, { modelId });
    expect(started.status).toBe(202);
    expect(await settled(started.json.id, annotator)).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
    const audit = await server.db.query(`SELECT action FROM audit_events WHERE details->>'jobRunId' = $1`, [started.json.id]);
    expect(audit.map((a: any) => a.action)).toEqual(['preannotation.auto_annotate']);
    const fresh = (await server.db.query(`SELECT annotation_id FROM model_predictions WHERE model_id = $1 AND job_run_id = $2`, [modelId, started.json.id])).map((r: any) => r.annotation_id);
    const after = await taskAnnotations(mine.id);
    expect(after.some((a) => earlier.some((e) => e.id === a.id))).toBe(false);
    expect(after.filter((a) => fresh.includes(a.predictionId))).toHaveLength(fresh.length);
    expect(fresh.length).toBe(earlier.length + 1);

    // Once the annotator has left the project, they may no longer run models on its assets.
    await server.db.query(`DELETE FROM project_members WHERE project_id = $1 AND user_id = $2`, [projectId, org.users.annotator.id]);
    expect((await call(annotator, 'POST', `/tasks/${t.id}/auto-annotate`, { modelId })).status).toBe(404);
  });

  it('a model set to pre-annotate on arrival runs on newly uploaded assets, as a run of whoever set it', async () => {
    const elsewhere = (await call(manager, 'POST', '/projects', { name: 'Other news', mediaType: 'text', labelSchema: SCHEMA })).json.id;
    const notEnabled = await call(manager, 'PATCH', `/models/${modelId}`, { arrivalProjectIds: [elsewhere] });
    expect(notEnabled.status).toBe(422);
    expect(notEnabled.json.errors[0].path).toBe('arrivalProjectIds');
    const set = await call(manager, 'PATCH', `/models/${modelId}`, { arrivalProjectIds: [projectId] });
    expect(set.status).toBe(200);
    expect(set.json.arrivalProjectIds).toEqual([projectId]);

    const form = new FormData();
    form.append('file', new Blob(['Barack Obama visited Tokyo.']), 'arrived.txt');
    const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
    expect((await settled(((await up.json()) as { jobRunId: string }).jobRunId)).state).toBe('succeeded');
    const [asset] = await server.db.query(`SELECT id FROM assets WHERE project_id = $1 AND name = 'arrived.txt'`, [projectId]);
    let run: any;
    for (let i = 0; i < 600 && !run; i++) {
      [run] = await server.db.query(`SELECT id, created_by FROM job_runs WHERE type = 'preannotate.run' AND params->'selection'->'assetIds' ? $1`, [asset.id]);
      if (!run) await new Promise((r) => setTimeout(r, 100));
    }
    expect(run).toMatchObject({ created_by: org.users.manager.id });
    expect(await settled(run.id)).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1 } });
    const predicted = (await working(asset.id)).filter((a) => a.source === 'model').map((a) => 'Barack Obama visited Tokyo.'.slice(a.geometry.start, a.geometry.end));
    expect(predicted.sort()).toEqual(['Barack Obama', 'Tokyo']);

    // Turned off: the next upload is left alone.
    expect((await call(manager, 'PATCH', `/models/${modelId}`, { arrivalProjectIds: [] })).json.arrivalProjectIds).toEqual([]);
    const again = new FormData();
    again.append('file', new Blob(['Angela Merkel stayed in Berlin.']), 'quiet.txt');
    const up2 = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: again, headers: { authorization: `Bearer ${manager}` } });
    expect((await settled(((await up2.json()) as { jobRunId: string }).jobRunId)).state).toBe('succeeded');
    const [quiet] = await server.db.query(`SELECT id FROM assets WHERE project_id = $1 AND name = 'quiet.txt'`, [projectId]);
    expect(await server.db.query(`SELECT id FROM job_runs WHERE type = 'preannotate.run' AND params->'selection'->'assetIds' ? $1`, [quiet.id])).toEqual([]);
  });
});
