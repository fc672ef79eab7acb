import { randomUUID } from 'node:crypto';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
const tokens: Record<string, string> = {};
let careless: { id: string; token: string };

const call = (who: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token: tokens[who] ?? who, body });
type Box = [number, number, number, number];
const REFERENCE: Box[] = [[10, 10, 60, 40], [100, 20, 50, 50], [200, 200, 80, 40], [320, 60, 40, 90], [420, 300, 100, 60]];

let seq = 0;
const boxOps = (boxes: Box[], labelId = 'car') => boxes.map(([x, y, width, height]) => ({
  type: 'create', clientId: 'quality-spec-client', clientSeq: ++seq,
  annotation: { id: randomUUID(), labelId, geometry: { type: 'box', x, y, width, height } },
}));

/** Draws the boxes into a task's work and submits it, as its holder. */
async function work(who: string, taskId: string, boxes: Box[], labelId = 'car') {
  const ops = await call(who, 'POST', `/tasks/${taskId}/annotations/ops`, { ops: boxOps(boxes, labelId) });
  expect(ops.status).toBe(200);
  expect(ops.json.results.every((r: any) => r.status === 'committed')).toBe(true);
  const submitted = await call(who, 'POST', `/tasks/${taskId}/submit`);
  expect(submitted.status).toBe(200);
  return submitted.json.task;
}

/** A project whose annotators are the fixture's and `careless`, with the given workflow and `assets` plain assets. */
async function project(assets: number, workflow: Record<string, unknown>) {
  const { projectId, assetId } = await createAnnotatableAsset(server.db, org, 'image');
  await server.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ emptyAnnotations: 'allow', ...workflow })]);
  await server.db.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, 'annotator')`, [projectId, careless.id, org.orgId]);
  const ids = [assetId];
  for (let i = 1; i < assets; i++) {
    const [{ id }] = await server.db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', $3, 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`,
      [org.orgId, projectId, `asset-${i}`]);
    ids.push(id);
  }
  return { projectId, assetIds: ids };
}

/** Makes an asset gold: the reference boxes in its working set, then marked. */
async function gold(assetId: string, boxes: Box[]) {
  const ref = await call('manager', 'POST', `/assets/${assetId}/annotations/ops`, { ops: boxOps(boxes) });
  expect(ref.json.results.every((r: any) => r.status === 'committed')).toBe(true);
  expect((await call('manager', 'PUT', `/assets/${assetId}/gold`, { gold: true })).status).toBe(200);
}

async function batchFor(projectId: string, people: string[]) {
  const b = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'quality', selection: { filter: {} } });
  expect(b.status).toBe(201);
  const spread = await call('manager', 'POST', `/batches/${b.json.id}/assign`, { mode: 'spread', userIds: people });
  expect(spread.status).toBe(200);
  return b.json.id as string;
}

const tasksOf = async (batchId: string, userId: string) =>
  server.db.query<{ id: string; asset_id: string; is_gold: boolean }>(`SELECT id, asset_id, is_gold FROM tasks WHERE batch_id = $1 AND assignee_id = $2 AND stage = 'annotate' ORDER BY is_gold DESC, created_at`, [batchId, userId]);

beforeAll(async () => {
  server = await startTestServer({ worker: true, env: { QUALITY_SWEEP_MS: '500' } });
  org = await createOrgWithRoles(server.db, 'Quality Org', 'quality.test');
  other = await createOrgWithRoles(server.db, 'Elsewhere', 'elsewhere-q.test');
  for (const role of ['manager', 'reviewer', 'annotator', 'auditor'] as const) tokens[role] = await server.tokenFor(org.users[role].id, org.orgId);
  tokens.outsider = await server.tokenFor(other.users.manager.id, other.orgId);
  const [{ id }] = await server.db.query(`INSERT INTO users (email, name, password_hash) VALUES ('careless@quality.test', 'Careless Annotator', 'x') RETURNING id`);
  await server.db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'annotator')`, [org.orgId, id]);
  careless = { id, token: await server.tokenFor(id, org.orgId) };
  tokens.careless = careless.token;
});
afterAll(() => server?.close());

describe('gold scoring and the full-review policy', () => {
  it('scores gold work on submit, puts a careless annotator under full review, and reviews all their work from then on', async () => {
    const { projectId, assetIds } = await project(3, { overlap: 1, reviewSampling: 0, goldRatio: 0.5, qc: { minGoldAccuracy: 0.8 } });
    await gold(assetIds[0], REFERENCE);
    const batchId = await batchFor(projectId, [org.users.annotator.id, careless.id]);
    const mine = await tasksOf(batchId, org.users.annotator.id);
    const theirs = await tasksOf(batchId, careless.id);
    expect(mine[0].is_gold && theirs[0].is_gold).toBe(true);

    await work('annotator', mine[0].id, REFERENCE);
    // One box right, the others shifted well past IoU 0.5, and one missed.
    await work('careless', theirs[0].id, [REFERENCE[0], ...REFERENCE.slice(1, 4).map(([x, y, w, h]): Box => [x + w * 0.7, y, w, h])]);

    const scored = await server.until('both gold tasks scored', async () => {
      const rows = await server.db.query(`SELECT task_id, trials, correct FROM quality_task_results WHERE metric = 'gold' AND task_id = ANY($1::uuid[])`, [[mine[0].id, theirs[0].id]]);
      return rows.length === 2 && rows;
    });
    expect(scored.find((r: any) => r.task_id === mine[0].id)).toMatchObject({ trials: 5, correct: 5 });
    // 1 right pair, 4 references missed, 3 boxes extra: 8 objects judged.
    expect(scored.find((r: any) => r.task_id === theirs[0].id)).toMatchObject({ trials: 8, correct: 1 });

    const status = await server.until('the careless annotator flagged', async () => {
      const [s] = await server.db.query(`SELECT full_review, paused, reason FROM quality_person_status WHERE project_id = $1 AND user_id = $2`, [projectId, careless.id]);
      return s?.full_review && s;
    });
    expect(status.paused).toBe(false);
    expect(status.reason).toMatch(/below 80/);

    // Review sampling is 0, yet the careless annotator's next work goes to review; the careful one's does not.
    const next = await work('careless', theirs[1].id, [[5, 5, 20, 20]]);
    expect(next.state).toBe('submitted');
    const [review] = await server.db.query(`SELECT id FROM tasks WHERE review_of = $1`, [theirs[1].id]);
    expect(review).toBeDefined();
    expect((await work('annotator', mine[1].id, [[5, 5, 20, 20]])).state).toBe('accepted');

    // Managers see the gold findings; the annotator sees none (the project shows no gold feedback).
    const forManager = await call('manager', 'GET', `/tasks/${theirs[0].id}/quality`);
    expect(forManager.status).toBe(200);
    expect(forManager.json.gold).toMatchObject({ trials: 8, correct: 1 });
    expect(forManager.json.gold.findings.map((f: any) => f.kind).sort()).toEqual(['extra', 'extra', 'extra', 'missed', 'missed', 'missed', 'missed']);
    const forAnnotator = await call('careless', 'GET', `/tasks/${theirs[0].id}/quality`);
    expect(forAnnotator.status).toBe(200);
    expect(forAnnotator.json.gold).toBeNull();
    expect(forAnnotator.json.rules).not.toBeNull();
    expect((await call('annotator', 'GET', `/tasks/${theirs[0].id}/quality`)).status).toBe(404);
    expect((await call('outsider', 'GET', `/tasks/${theirs[0].id}/quality`)).status).toBe(404);

    // With gold feedback on, the annotator sees where they differed, and the reference.
    await server.db.query(`UPDATE projects SET workflow = jsonb_set(workflow, '{qc,showGoldFeedback}', 'true') WHERE id = $1`, [projectId]);
    const feedback = await call('careless', 'GET', `/tasks/${theirs[0].id}/quality`);
    expect(feedback.json.gold.reference).toHaveLength(5);

    // The report: scorecards with gold accuracy and its interval, and the flag.
    const report = await call('manager', 'GET', `/projects/${projectId}/quality`);
    expect(report.status).toBe(200);
    const card = report.json.annotators.find((a: any) => a.user.id === careless.id);
    expect(card.gold).toMatchObject({ successes: 1, trials: 8 });
    expect(card.gold.high).toBeLessThan(0.8);
    expect(card.status.fullReview).toBe(true);
    const good = report.json.annotators.find((a: any) => a.user.id === org.users.annotator.id);
    expect(good.gold.p).toBe(1);
    expect(good.status.fullReview).toBe(false);

    // A manager clears the flag by hand; it stands until new gold evidence.
    const cleared = await call('manager', 'PUT', `/projects/${projectId}/quality/people/${careless.id}`, { fullReview: false });
    expect(cleared.json).toMatchObject({ fullReview: false, paused: false, reason: 'cleared by a manager' });
    expect((await call('annotator', 'PUT', `/projects/${projectId}/quality/people/${careless.id}`, { fullReview: false })).status).toBe(403);
    expect((await call('outsider', 'PUT', `/projects/${projectId}/quality/people/${careless.id}`, { fullReview: false })).status).toBe(404);
    expect((await call('manager', 'PUT', `/projects/${projectId}/quality/people/${careless.id}`, {})).status).toBe(400);
  });

  it('pauses instead, where the project says so: no more tasks from the pool', async () => {
    const { projectId, assetIds } = await project(3, { overlap: 1, reviewSampling: 0, goldRatio: 0.5, qc: { minGoldAccuracy: 0.8, lowGoldAction: 'pause' } });
    await gold(assetIds[0], REFERENCE);
    const b = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'pool', selection: { filter: {} } });
    expect(b.status).toBe(201);
    // Claim until the gold task comes up, doing the rest carelessly too.
    for (let i = 0; i < 4; i++) {
      const t = await call('careless', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'annotate' });
      if (t.status === 204) break;
      expect(t.status).toBe(200);
      await work('careless', t.json.id, [[1, 1, 5, 5], [300, 300, 10, 10]]);
      const [row] = await server.db.query(`SELECT is_gold FROM tasks WHERE id = $1`, [t.json.id]);
      if (row.is_gold) break;
    }
    await server.until('paused', async () => (await server.db.query(`SELECT paused FROM quality_person_status WHERE project_id = $1 AND user_id = $2`, [projectId, careless.id]))[0]?.paused);
    const refused = await call('careless', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'annotate' });
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0].code).toBe('quality.paused');
  });
});

describe('agreement and consensus on overlapped work', () => {
  it('merges two people\'s boxes, sends a disagreement to review with its objects named, and lets a reviewer accept the consensus', async () => {
    const { projectId, assetIds } = await project(2, { overlap: 2, reviewSampling: 0, qc: { minAgreement: 0.7 } });
    const batchId = await batchFor(projectId, [org.users.annotator.id, careless.id]);
    const mine = await tasksOf(batchId, org.users.annotator.id);
    const theirs = await tasksOf(batchId, careless.id);
    const byAsset = (list: { id: string; asset_id: string }[], asset: string) => list.find((t) => t.asset_id === asset)!.id;
    // Asset 0: both draw the same three cars, a few pixels apart. Asset 1: they agree on one of four.
    await work('annotator', byAsset(mine, assetIds[0]), REFERENCE.slice(0, 3));
    await work('careless', byAsset(theirs, assetIds[0]), REFERENCE.slice(0, 3).map(([x, y, w, h]): Box => [x + 2, y + 1, w, h]));
    await work('annotator', byAsset(mine, assetIds[1]), REFERENCE.slice(0, 2));
    await work('careless', byAsset(theirs, assetIds[1]), [REFERENCE[0], [500, 400, 30, 30], [550, 10, 20, 20]]);

    const results = await server.until('both assets compared', async () => {
      const rows = await server.db.query(`SELECT asset_id, state, agreement FROM quality_asset_results WHERE project_id = $1`, [projectId]);
      return rows.length === 2 && rows;
    });
    expect(results.find((r: any) => r.asset_id === assetIds[0])).toMatchObject({ state: 'agreed', agreement: 1 });
    const bad = results.find((r: any) => r.asset_id === assetIds[1]);
    expect(bad.state).toBe('review');
    // One right pair of 2 + 3 objects: F1 = 2·1 / 5.
    expect(bad.agreement).toBeCloseTo(0.4, 5);

    const list = await call('reviewer', 'GET', `/projects/${projectId}/quality/assets`);
    expect(list.status).toBe(200);
    expect(list.json.items[0]).toMatchObject({ assetId: assetIds[1], state: 'review', people: 2 });
    const secondPage = await call('reviewer', 'GET', `/projects/${projectId}/quality/assets?limit=1&offset=1`);
    expect(secondPage.json).toMatchObject({ items: [{ assetId: assetIds[0], state: 'agreed' }], total: list.json.total });
    expect((await call('reviewer', 'GET', `/projects/${projectId}/quality/assets?state=review&limit=1&offset=5`)).json).toEqual({ items: [], total: 1 });
    const detail = await call('reviewer', 'GET', `/assets/${assetIds[1]}/quality`);
    expect(detail.status).toBe(200);
    expect(detail.json.objects).toHaveLength(1);
    expect(detail.json.objects[0]).toMatchObject({ labelId: 'car', support: 2 });
    const careless1 = detail.json.people.find((p: any) => p.user.id === careless.id);
    expect(careless1.annotations).toHaveLength(3);
    expect(careless1.disagreements.map((d: any) => d.kind)).toEqual(['extra', 'extra']);
    const agreed = await call('reviewer', 'GET', `/assets/${assetIds[0]}/quality`);
    expect(agreed.json.objects).toHaveLength(3);
    // Averaged: 1 px right and 0.5 px down of the first person's boxes.
    expect(agreed.json.objects.map((o: any) => o.geometry.x).sort((a: number, b: number) => a - b)).toEqual([11, 101, 201]);

    expect((await call('annotator', 'GET', `/assets/${assetIds[1]}/quality`)).status).toBe(403);
    expect((await call('outsider', 'GET', `/assets/${assetIds[1]}/quality`)).status).toBe(404);
    const accepted = await call('reviewer', 'POST', `/assets/${assetIds[1]}/quality/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ state: 'accepted', acceptedBy: { id: org.users.reviewer.id } });
    expect((await call('reviewer', 'POST', `/assets/${assetIds[1]}/quality/accept`)).status).toBe(409);
    // The consensus is the asset's result: consensus annotations in its working set, written by the server.
    const result = await call('manager', 'GET', `/assets/${assetIds[1]}/annotations`);
    expect(result.json.annotations.map((a: any) => [a.source, a.labelId, a.id])).toEqual([['consensus', 'car', detail.json.objects[0].id]]);
    // The agreed asset's consensus waits beside its result (the project does not accept agreed consensus automatically)…
    expect((await call('manager', 'GET', `/assets/${assetIds[0]}/annotations`)).json.annotations).toEqual([]);
    // …until a reviewer accepts every agreed one at once, as a job; an annotator may not.
    expect((await call('annotator', 'POST', `/projects/${projectId}/quality/accept`)).status).toBe(403);
    expect((await call('outsider', 'POST', `/projects/${projectId}/quality/accept`)).status).toBe(404);
    const acceptAll = await call('reviewer', 'POST', `/projects/${projectId}/quality/accept`);
    expect(acceptAll.status).toBe(202);
    expect(acceptAll.json.type).toBe('quality.accept');
    await server.until('every agreed consensus accepted', async () => (await call('reviewer', 'GET', `/job-runs/${acceptAll.json.id}`)).json.state === 'succeeded');
    const written = (await call('manager', 'GET', `/assets/${assetIds[0]}/annotations`)).json.annotations;
    expect(written.map((a: any) => a.source)).toEqual(['consensus', 'consensus', 'consensus']);
    expect((await call('reviewer', 'GET', `/assets/${assetIds[0]}/quality`)).json).toMatchObject({ state: 'accepted', acceptedBy: { id: org.users.reviewer.id } });

    // On demand: the report, with each person's agreement.
    const run = await call('manager', 'POST', `/projects/${projectId}/quality/report`);
    expect(run.status).toBe(202);
    await server.until('the report', async () => (await call('manager', 'GET', `/job-runs/${run.json.id}`)).json.state === 'succeeded');
    const report = await call('auditor', 'GET', `/projects/${projectId}/quality`);
    expect(report.status).toBe(200);
    expect(report.json.computedAt).not.toBeNull();
    expect(report.json.agreement).toMatchObject({ assets: 2, belowThreshold: 1 });
    expect(report.json.agreement.mean).toBeCloseTo(0.7, 5);
    expect(report.json.consensus).toMatchObject({ review: 0, accepted: 2, agreed: 0 });
    const card = report.json.annotators.find((a: any) => a.user.id === careless.id);
    expect(card).toMatchObject({ items: 2, sharedAssets: 2 });
    expect(card.agreement).toBeCloseTo(0.7, 5);
    expect(card.throughput.at(-1).items).toBe(2);

    const csv = await api(server.url, 'GET', `/api/v1/projects/${projectId}/quality/scorecards.csv`, { token: tokens.manager });
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toMatch(/^role,user_id,name,items,/);
    expect(csv.text).toContain('annotator,');
    expect((await call('annotator', 'GET', `/projects/${projectId}/quality`)).status).toBe(403);
    expect((await call('reviewer', 'GET', `/projects/${projectId}/quality`)).status).toBe(403);
    expect((await call('outsider', 'GET', `/projects/${projectId}/quality`)).status).toBe(404);
  });
});

describe('qualification', () => {
  it('keeps an annotator from work until they pass the set, through tasks like any other', async () => {
    const { projectId, assetIds } = await project(2, { overlap: 1, reviewSampling: 1, qualification: { required: true, passMark: 0.8, maxAttempts: 2 } });
    await gold(assetIds[0], REFERENCE.slice(0, 2));
    expect((await call('manager', 'PUT', `/projects/${projectId}/qualification/items`, { assetIds: [assetIds[1]] })).status).toBe(400);
    const set = await call('manager', 'PUT', `/projects/${projectId}/qualification/items`, { assetIds: [assetIds[0]] });
    expect(set.json).toMatchObject({ required: true, items: 1, assetIds: [assetIds[0]] });
    await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'work', selection: { filter: {} } });

    const refused = await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'annotate' });
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0].code).toBe('quality.qualification_required');
    const status = await call('annotator', 'GET', `/projects/${projectId}/qualification`);
    expect(status.json).toMatchObject({ required: true, items: 1, me: { passed: false, canAttempt: true } });
    expect(status.json.assetIds).toBeUndefined();

    expect((await call('annotator', 'POST', `/projects/${projectId}/qualification/attempts`)).status).toBe(201);
    expect((await call('annotator', 'POST', `/projects/${projectId}/qualification/attempts`)).status).toBe(409);
    const item = await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'annotate' });
    expect(item.status).toBe(200);
    expect(item.json.assetId).toBe(assetIds[0]);
    const done = await work('annotator', item.json.id, REFERENCE.slice(0, 2));
    expect(done.state).toBe('accepted');
    expect((await server.db.query(`SELECT 1 FROM tasks WHERE review_of = $1`, [item.json.id])).length).toBe(0);

    await server.until('the attempt passed', async () => (await call('annotator', 'GET', `/projects/${projectId}/qualification`)).json.me.passed);
    const after = await call('annotator', 'GET', `/projects/${projectId}/qualification`);
    expect(after.json.me.attempts[0]).toMatchObject({ state: 'passed', score: 1 });
    const workTask = await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'annotate' });
    expect(workTask.status).toBe(200);
    expect(workTask.json.assetId).toBe(assetIds[1]);
    // The attempt's batch is nobody's work: not in the project's batches.
    const batches = await call('manager', 'GET', `/projects/${projectId}/batches`);
    expect(batches.json.items.map((b: any) => b.name)).toEqual(['work']);
  });
});

describe('near-duplicates at ingest', () => {
  async function uploadFiles(projectId: string, files: { name: string; bytes: Buffer }[]) {
    const form = new FormData();
    for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
    const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.manager}` } });
    expect(res.status).toBe(202);
  }

  it('groups an image re-encoded and resized (and a later copy), and a text with a word changed, and nothing else', async () => {
    const sharp = (await import('sharp')).default;
    const { projectId } = await project(1, {});
    // A drawn scene; the same scene as a smaller JPEG; a different scene.
    const scene = (hue: string, x: number) => sharp({ create: { width: 640, height: 360, channels: 3, background: '#3a3a3a' } })
      .composite([
        { input: { create: { width: 220, height: 120, channels: 3, background: hue } }, left: x, top: 180 },
        { input: { create: { width: 90, height: 200, channels: 3, background: '#f0f0f0' } }, left: 520 - x / 2, top: 40 },
      ]);
    const original = await scene('#d4380d', 60).png().toBuffer();
    const copy = await sharp(original).resize(480, 270).jpeg({ quality: 70 }).toBuffer();
    const other = await scene('#1677ff', 330).flop().png().toBuffer();
    await uploadFiles(projectId, [{ name: 'scene.png', bytes: original }, { name: 'scene-small.jpg', bytes: copy }, { name: 'other.png', bytes: other }]);
    const group = await server.until('the image group', async () => {
      const d = await call('manager', 'GET', `/projects/${projectId}/duplicates`);
      return d.json.total > 1 && d.json;
    });
    expect(group).toMatchObject({ total: 2, groups: 1 });
    // The list says how many assets made ready lately still wait for their fingerprint (the page reads it again
    // while any do): one more for an asset made ready behind the jobs' back, none for one made ready long ago.
    await server.until('the three uploads fingerprinted', async () => (await server.db.query(
      `SELECT count(*)::int AS n FROM asset_fingerprints f JOIN assets a ON a.id = f.asset_id WHERE a.project_id = $1`, [projectId]))[0].n === 3);
    const waiting = (await call('manager', 'GET', `/projects/${projectId}/duplicates`)).json.pending;
    const late = await server.db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, updated_at)
       VALUES ($1, $2, 'image', 'ready', 'late.png', 'k-late', md5('late'), 1, now()), ($1, $2, 'image', 'ready', 'old.png', 'k-old', md5('old'), 1, now() - interval '1 day')
       RETURNING id`, [org.orgId, projectId]);
    expect((await call('manager', 'GET', `/projects/${projectId}/duplicates`)).json).toMatchObject({ pending: waiting + 1, total: 2 });
    await server.db.query(`DELETE FROM assets WHERE id = ANY($1::uuid[])`, [late.map((r: { id: string }) => r.id)]);
    const names = Object.fromEntries(group.items.map((m: { asset: { name: string }; nearest: { name: string } }) => [m.asset.name, m.nearest.name]));
    expect(names).toEqual({ 'scene.png': 'scene-small.jpg', 'scene-small.jpg': 'scene.png' });
    expect(group.items[0]).toMatchObject({ method: 'phash', group: { size: 2 } });
    expect(group.items[0].similarity).toBeGreaterThan(0.9);
    expect(['scene.png', 'scene-small.jpg']).toContain(group.items[0].group.name);
    // A later asset alike to the group joins it: a third copy, as a WebP.
    await uploadFiles(projectId, [{ name: 'scene-third.webp', bytes: await sharp(original).resize(320, 180).webp().toBuffer() }]);
    const three = await server.until('the third member', async () => {
      const d = await call('manager', 'GET', `/projects/${projectId}/duplicates`);
      return d.json.total > 2 && d.json;
    });
    expect(three).toMatchObject({ total: 3, groups: 1 });
    expect(three.items.map((m: { group: { size: number } }) => m.group.size)).toEqual([3, 3, 3]);
    // Pages of members, in a stable order.
    const pages = await Promise.all([0, 2].map((offset) => call('manager', 'GET', `/projects/${projectId}/duplicates?limit=2&offset=${offset}`)));
    expect(pages.map((p) => [p.json.items.length, p.json.total, p.json.groups])).toEqual([[2, 3, 1], [1, 3, 1]]);
    expect((await call('manager', 'GET', `/projects/${projectId}/duplicates?limit=2&offset=10`)).json).toMatchObject({ items: [], total: 3, groups: 1 });
    expect(pages.flatMap((p) => p.json.items.map((m: { asset: { id: string } }) => m.asset.id)).sort()).toEqual(three.items.map((m: { asset: { id: string } }) => m.asset.id).sort());

    const { projectId: texts } = await project(1, {});
    await server.db.query(`UPDATE projects SET media_type = 'text' WHERE id = $1`, [texts]);
    const story = 'The city council approved the new tram line on Tuesday after a debate that lasted six hours and drew hundreds of residents to the town hall, where many spoke for and against the plan.';
    const lines = [story, story.replace('Tuesday', 'Wednesday'), 'A completely different story about the weather in the mountains, where snow fell overnight and closed the pass for the first time this year.'];
    await uploadFiles(texts, [{ name: 'news.jsonl', bytes: Buffer.from(lines.map((text) => JSON.stringify({ text })).join('\n')) }]);
    const textGroup = await server.until('the text group', async () => {
      const d = await call('manager', 'GET', `/projects/${texts}/duplicates`);
      return d.json.total > 1 && d.json;
    });
    expect(textGroup).toMatchObject({ total: 2, groups: 1 });
    expect(textGroup.items[0].method).toBe('minhash');
    expect(textGroup.items[0].similarity).toBeGreaterThan(0.8);
    expect((await call('outsider', 'GET', `/projects/${texts}/duplicates`)).status).toBe(404);
    expect((await call('auditor', 'GET', `/projects/${texts}/duplicates`)).status).toBe(403);
  });

  it('checks on request the assets no fingerprint was taken of, one run at a time', async () => {
    const sharp = (await import('sharp')).default;
    const { projectId } = await project(1, {});
    const picture = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2f54eb' } })
      .composite([{ input: { create: { width: 150, height: 100, channels: 3, background: '#fadb14' } }, left: 40, top: 150 }]).png().toBuffer();
    await uploadFiles(projectId, [{ name: 'a.png', bytes: picture }, { name: 'a-copy.jpg', bytes: await sharp(picture).resize(200, 150).jpeg().toBuffer() }]);
    await server.until('the group', async () => (await call('manager', 'GET', `/projects/${projectId}/duplicates`)).json.total === 2);
    // As if ingested before near-duplicates were looked for: no fingerprint, no group, no hash kept by ingest, long ago.
    await server.db.query(`DELETE FROM asset_duplicate_groups WHERE project_id = $1`, [projectId]);
    await server.db.query(`DELETE FROM asset_fingerprints WHERE project_id = $1`, [projectId]);
    await server.db.query(`UPDATE assets SET metadata = metadata - 'phash' - 'phashVersion', updated_at = now() - interval '1 day' WHERE project_id = $1`, [projectId]);
    // The fixture's own asset has no file: failed, it is not looked at.
    await server.db.query(`UPDATE assets SET status = 'failed' WHERE project_id = $1 AND name = 'fixture'`, [projectId]);
    expect((await call('manager', 'GET', `/projects/${projectId}/duplicates`)).json).toMatchObject({ total: 0, pending: 0, unchecked: 2 });

    expect((await call('annotator', 'POST', `/projects/${projectId}/duplicates/check`)).status).toBe(403);
    expect((await call('outsider', 'POST', `/projects/${projectId}/duplicates/check`)).status).toBe(404);
    // Asked twice at once: one run.
    const [first, second] = await Promise.all([0, 1].map(() => call('manager', 'POST', `/projects/${projectId}/duplicates/check`)));
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.json.id).toBe(first.json.id);
    expect(first.json).toMatchObject({ type: 'quality.fingerprint', params: { projectId, assets: 2 } });
    const run = await server.until('the check', async () => {
      const r = await call('manager', 'GET', `/job-runs/${first.json.id}`);
      return ['succeeded', 'failed'].includes(r.json.state) && r.json;
    });
    expect(run).toMatchObject({ state: 'succeeded', counts: { total: 2, processed: 2, failed: 0 } });
    const after = (await call('manager', 'GET', `/projects/${projectId}/duplicates`)).json;
    expect(after).toMatchObject({ total: 2, groups: 1, pending: 0, unchecked: 0 });
    expect(after.items.map((m: { asset: { name: string } }) => m.asset.name).sort()).toEqual(['a-copy.jpg', 'a.png']);
    // While a check runs, the assets without a fingerprint count as pending (the page reads the list again), not as unchecked.
    await server.db.query(`UPDATE assets SET status = 'ready' WHERE project_id = $1 AND name = 'fixture'`, [projectId]);
    expect((await call('manager', 'GET', `/projects/${projectId}/duplicates`)).json).toMatchObject({ pending: 0, unchecked: 1 });
    await server.db.query(`UPDATE job_runs SET state = 'running' WHERE id = $1`, [run.id]);
    expect((await call('manager', 'GET', `/projects/${projectId}/duplicates`)).json).toMatchObject({ pending: 1, unchecked: 0 });
    await server.db.query(`UPDATE job_runs SET state = 'succeeded' WHERE id = $1`, [run.id]);
    await server.db.query(`UPDATE assets SET status = 'failed' WHERE project_id = $1 AND name = 'fixture'`, [projectId]);
    const none = await call('manager', 'POST', `/projects/${projectId}/duplicates/check`);
    expect(none.status).toBe(409);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
  });
});
