/**
 * SyncClient against the real API and gateway: those who open a task share
 * its annotation set, the asset's own set stays apart from it, and a review
 * task opens the work it reviews. (A server test: `*.server.spec.ts` runs in
 * jest's `server` project, which starts the bundled API.)
 */
import { randomUUID } from 'node:crypto';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';
import { SyncClient, type Rejection, type SyncClientOptions } from './sync-client';

let server: TestServer;
let org: TestOrg;
const tokens: Record<string, string> = {};
const clients: SyncClient[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs().slice(-3000)}`);
    await sleep(20);
  }
}

const call = async (who: string, method: string, path: string, body?: unknown) => {
  const res = await api(server.url, method, `/api/v1${path}`, { token: tokens[who], body });
  if (res.status >= 300) throw new Error(`${method} ${path} as ${who}: ${res.status} ${res.text}`);
  return res.json;
};

async function open(who: string, opts: Pick<SyncClientOptions, 'assetId' | 'taskId'>) {
  const c = await SyncClient.open({ ...opts, url: server.url, getToken: () => tokens[who], gapMs: 50 });
  clients.push(c);
  await until(() => c.status === 'online' || !!c.problem, `${who} to join`);
  expect(c.problem).toBeNull();
  return c;
}

const box = (x: number) => ({ type: 'box' as const, x, y: 5, width: 10, height: 10, rotation: 0 });
const xOf = (c: SyncClient, id: string) => (c.replica.view.get(id)?.geometry as { x: number } | undefined)?.x;
const ids = (c: SyncClient) => [...c.replica.view.keys()].sort();
async function stored(setId: string) {
  const rows = await server.db.query(`SELECT id FROM annotations WHERE set_id = $1 ORDER BY id`, [setId]);
  return rows.map((r) => r.id as string);
}
const settled = (...cs: SyncClient[]) => cs.every((c) => c.pendingCount === 0 && !c.replica.hasGap);

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Task Sets', 'task-sets.test');
  for (const role of ['annotator', 'reviewer', 'manager'] as const) tokens[role] = await server.tokenFor(org.users[role].id, org.orgId);
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});
afterAll(() => server?.close());

/** A project whose every submission is reviewed, with one asset in a batch, and the annotator's claimed task on it. */
async function claimedTask() {
  const { projectId, assetId } = await createAnnotatableAsset(server.db, org);
  await server.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 1, reviewSampling: 1, emptyAnnotations: 'allow' })]);
  await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'batch', selection: { filter: {} } });
  const task = await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {});
  expect(task).toMatchObject({ stage: 'annotate', state: 'assigned', assetId });
  return { projectId, assetId, task };
}

/** The annotator's claimed task with one box on it, acknowledged, then submitted. */
async function submittedWithABox() {
  const { projectId, assetId, task } = await claimedTask();
  const annotator = await open('annotator', { assetId, taskId: task.id });
  expect(annotator.canEdit).toBe(true);
  const id = randomUUID();
  annotator.replica.create({ id, labelId: 'car', geometry: box(1) });
  await until(() => settled(annotator), 'the box acknowledged');
  await call('annotator', 'POST', `/tasks/${task.id}/submit`);
  return { projectId, assetId, task, annotator, id };
}

test("two clients of one task see each other's ops; a client of the asset's own set sees none of them, nor they its", async () => {
  const { assetId, task } = await claimedTask();
  const annotator = await open('annotator', { assetId, taskId: task.id });
  const manager = await open('manager', { assetId, taskId: task.id });
  const own = await open('manager', { assetId });
  expect(annotator.setId).toBe(manager.setId);
  expect(own.setId).not.toBe(annotator.setId);
  expect([annotator.canEdit, manager.canEdit, own.canEdit]).toEqual([true, true, true]);
  const [setRow] = await server.db.query(`SELECT task_id, asset_id FROM annotation_sets WHERE id = $1`, [annotator.setId]);
  expect(setRow).toEqual({ task_id: task.id, asset_id: assetId });

  const inTask = randomUUID();
  const inOwn = randomUUID();
  annotator.replica.create({ id: inTask, labelId: 'car', geometry: box(1) });
  own.replica.create({ id: inOwn, labelId: 'car', geometry: box(2) });
  await until(() => xOf(manager, inTask) === 1, "the annotator's box on the manager's screen");
  manager.replica.update(inTask, { geometry: box(40) });
  await until(() => xOf(annotator, inTask) === 40, "the manager's move on the annotator's screen");
  await until(() => settled(annotator, manager, own), 'every op acknowledged and seen');

  expect(await stored(annotator.setId!)).toEqual([inTask]);
  expect(await stored(own.setId!)).toEqual([inOwn]);
  expect(ids(annotator)).toEqual([inTask]);
  expect(ids(manager)).toEqual([inTask]);
  expect(ids(own)).toEqual([inOwn]);
});

test("a reviewer who opens the review task works on the annotate task's set, live with the annotator", async () => {
  const { projectId, assetId, task, annotator, id } = await submittedWithABox();
  const review = await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' });
  expect(review).toMatchObject({ stage: 'review', reviewOf: task.id });

  const reviewer = await open('reviewer', { assetId, taskId: review.id });
  expect(reviewer.setId).toBe(annotator.setId);
  expect(reviewer.docId).toBe(`task:${review.id}`);
  expect(reviewer.canEdit).toBe(true);
  expect(ids(reviewer)).toEqual([id]);
  // The room is the set's: the reviewer and the annotator see each other.
  await until(() => annotator.peers.some((p) => p.userId === org.users.reviewer.id), 'the reviewer among the annotator’s peers');

  reviewer.replica.update(id, { geometry: box(70) });
  await until(() => xOf(annotator, id) === 70, "the reviewer's correction on the annotator's screen");
  await until(() => settled(reviewer), 'the correction acknowledged');
  const [op] = await server.db.query(`SELECT set_id, actor_id FROM annotation_ops WHERE annotation_id = $1 ORDER BY server_seq DESC LIMIT 1`, [id]);
  expect(op).toEqual({ set_id: annotator.setId, actor_id: org.users.reviewer.id });
});

test('after the gateway re-checks access (every 10 s), the reviewer holding the review still edits, and the annotator who submitted no longer does', async () => {
  const { projectId, assetId, annotator, id } = await submittedWithABox();
  const review = await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' });
  const reviewer = await open('reviewer', { assetId, taskId: review.id });
  const rejected: Rejection[] = [];
  reviewer.on('rejected', (r) => rejected.push(r));
  const annotatorRejected: Rejection[] = [];
  annotator.on('rejected', (r) => annotatorRejected.push(r));

  await sleep(10_500);
  // The first message after the interval starts the re-check and is served with the access checked at the join…
  reviewer.replica.update(id, { geometry: box(2) });
  annotator.replica.update(id, { attributes: { occluded: true } });
  await until(() => settled(reviewer, annotator), 'both first edits answered');
  await sleep(1000);
  // …the next ones with the access the re-check found.
  reviewer.replica.update(id, { geometry: box(3) });
  annotator.replica.update(id, { attributes: { occluded: false } });
  await until(() => settled(reviewer, annotator), 'both second edits answered');
  expect(rejected).toEqual([]);
  expect(xOf(reviewer, id)).toBe(3);
  // The annotator's access was checked again when the submit was announced, so neither edit is taken.
  expect(annotatorRejected.map((r) => r.code)).toEqual(['forbidden', 'forbidden']);
}, 60_000);

test('edit rights follow the task at once: gone on submit, gone for the reviewer who has decided, back with the rework', async () => {
  const { projectId, assetId, task, annotator } = await submittedWithABox();
  // Told by the gateway, not found out at the next re-check or reconnect.
  await until(() => !annotator.canEdit, 'the annotator to lose edit rights', 3000);
  expect(annotator.status).toBe('online');

  const review = await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' });
  const reviewer = await open('reviewer', { assetId, taskId: review.id });
  await call('reviewer', 'POST', `/tasks/${review.id}/start`);
  await call('reviewer', 'POST', `/tasks/${review.id}/review`, { decision: 'reject', comment: 'Too small.' });
  await until(() => !reviewer.canEdit, 'the reviewer, done, to lose edit rights', 3000);
  expect(annotator.canEdit).toBe(false); // rejected: theirs again once they start the rework
  await call('annotator', 'POST', `/tasks/${task.id}/start`);
  await until(() => annotator.canEdit, 'the annotator to edit the rework', 3000);
});

test('a join the server refuses carries its named reason, for the editor to say in its own language', async () => {
  const { assetId } = await createAnnotatableAsset(server.db, org);
  await server.db.query(`UPDATE assets SET status = 'failed' WHERE id = $1`, [assetId]);
  const c = await SyncClient.open({ assetId, url: server.url, getToken: () => tokens.annotator, gapMs: 50 });
  clients.push(c);
  await until(() => !!c.problem, 'the refusal');
  expect(c.problem).toMatchObject({ status: 409, code: 'asset_not_ready', params: { status: 'failed' } });
});
