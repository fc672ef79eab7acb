/**
 * Socket authorization after removal, demotion, a password change and a hand-in
 * (issue 14, hole 1). A connection lives longer than the facts it was opened
 * with: every join and every op batch must be decided with the membership,
 * role and task state of now, and losing the organisation or a role closes the
 * person's connections at once. The clients here are real /sync sockets that
 * ignore every hint (`access:changed`, `bye`) and keep sending, as a hostile
 * client would.
 */
import { randomUUID } from 'node:crypto';
import {
  api, connected, createAnnotatableAsset, createOrgWithRoles, request, startTestServer, syncSocket, TEST_PASSWORD,
  type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';

let server: TestServer;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

let orgs = 0;
const newOrg = () => createOrgWithRoles(server.db, `Access Org ${++orgs}`, `access${orgs}.test`);
const call = (token: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token, body });
const box = () => ({ id: randomUUID(), labelId: 'car', geometry: { type: 'box' as const, x: 10, y: 10, width: 40, height: 30 } });
let clientSeq = 0;
const createOp = () => ({ type: 'create' as const, clientId: 'access-client', clientSeq: ++clientSeq, annotation: box() });

async function open(token: string, url = server.url) {
  const s = syncSocket(url, token);
  sockets.push(s);
  await connected(s);
  const closed = new Promise<void>((resolve) => s.once('disconnect', () => resolve()));
  return { s, closed };
}

/** The reply, or 'closed' when the server ended the connection instead of answering. */
async function ask<E extends 'join' | 'ops'>(s: TestSocket, event: E, payload: Parameters<typeof request<E>>[2]) {
  if (!s.connected) return 'closed' as const;
  const closed = new Promise<'closed'>((resolve) => s.once('disconnect', () => resolve('closed')));
  return Promise.race([request(s, event, payload, 5000).catch(() => 'closed' as const), closed]);
}

async function opsIn(setId: string): Promise<number> {
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM annotation_ops WHERE set_id = $1`, [setId]);
  return n;
}

async function until(check: () => boolean, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True when the connection was closed by the server within the time. */
const closedWithin = (closed: Promise<void>, ms = 3000) => Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('socket authorization after removal, demotion and submit', () => {
  let org: TestOrg;
  beforeEach(async () => {
    org = await newOrg();
  });

  it('a manager removed from the organisation is disconnected, and the token they hold neither joins nor commits', async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const other = await createAnnotatableAsset(server.db, org);
    const manager = await server.tokenFor(org.users.manager.id, org.orgId);
    const { s, closed } = await open(manager);
    const joined = await request(s, 'join', { assetId });
    expect(joined).toMatchObject({ ok: true, canEdit: true });
    if (!joined.ok) return;
    expect(await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] })).toMatchObject({ ok: true, results: [{ status: 'committed' }] });

    expect((await call(await server.tokenFor(org.users.admin.id, org.orgId), 'DELETE', `/members/${org.users.manager.id}`)).status).toBe(204);
    expect((await call(manager, 'GET', '/auth/me')).status).toBe(401);
    // At once, before any hint could have arrived: one more batch, and a join of another asset.
    const late = await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] });
    const rejoin = await ask(s, 'join', { assetId: other.assetId });
    expect(late === 'closed' || !late.ok).toBe(true);
    expect(rejoin === 'closed' || !rejoin.ok).toBe(true);
    expect(await opsIn(joined.setId)).toBe(1);
    expect(await closedWithin(closed)).toBe(true);
  });

  it('an organisation-wide role taken away closes the connection; the next batch is refused', async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    // The manager is not a member of the project: only the organisation-wide role let them edit.
    const manager = await server.tokenFor(org.users.manager.id, org.orgId);
    const { s, closed } = await open(manager);
    const joined = await request(s, 'join', { assetId });
    expect(joined).toMatchObject({ ok: true, canEdit: true });
    if (!joined.ok) return;

    const demoted = await call(await server.tokenFor(org.users.admin.id, org.orgId), 'PATCH', `/members/${org.users.manager.id}`, { role: 'consumer' });
    expect(demoted.json).toMatchObject({ role: 'consumer' });
    const late = await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] });
    expect(late === 'closed' || !late.ok || late.results.every((r) => r.status !== 'committed')).toBe(true);
    expect(await opsIn(joined.setId)).toBe(0);
    expect(await closedWithin(closed)).toBe(true);
  });

  it('a password change closes every connection of the person', async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const token = await server.tokenFor(org.users.annotator.id, org.orgId);
    const a = await open(token);
    const b = await open(token);
    expect(await request(a.s, 'join', { assetId })).toMatchObject({ ok: true });
    const changed = await call(token, 'POST', '/auth/password', { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD} and more` });
    expect(changed.status).toBe(200);
    expect(await closedWithin(a.closed)).toBe(true);
    expect(await closedWithin(b.closed)).toBe(true);
    // The new session's token connects as before.
    const again = await open(changed.json.accessToken);
    expect(await request(again.s, 'join', { assetId })).toMatchObject({ ok: true, canEdit: true });
  });

  it('pushes edit rights as they change: taken out of the project, the connection is told and leaves the set', async () => {
    const { projectId, assetId } = await createAnnotatableAsset(server.db, org);
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    const { s } = await open(annotator);
    const rights: unknown[] = [];
    s.on('rights', (r) => rights.push(r));
    const joined = await request(s, 'join', { assetId });
    expect(joined).toMatchObject({ ok: true, canEdit: true });
    if (!joined.ok) return;

    const manager = await server.tokenFor(org.users.manager.id, org.orgId);
    expect((await call(manager, 'DELETE', `/projects/${projectId}/members/${org.users.annotator.id}`)).status).toBe(204);
    await until(() => rights.length > 0, 'the pushed rights');
    expect(rights).toEqual([{ setId: joined.setId, canEdit: false, open: false }]);
    const late = await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] });
    expect(late).toMatchObject({ ok: false, problem: { status: 404 } });
    expect(await opsIn(joined.setId)).toBe(0);
  });

  it("a keeper of gold demoted while watching a gold asset's reference is cut off, and joins the working set after, never the reference", async () => {
    const { projectId, assetId } = await createAnnotatableAsset(server.db, org);
    await server.db.query(`INSERT INTO gold_assets (asset_id, org_id, project_id) VALUES ($1, $2, $3)`, [assetId, org.orgId, projectId]);
    // A project member too, so that as an annotator they still reach the asset (its working set).
    await server.db.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, 'annotator') ON CONFLICT DO NOTHING`, [projectId, org.users.manager.id, org.orgId]);
    const admin = await server.tokenFor(org.users.admin.id, org.orgId);
    const manager = await server.tokenFor(org.users.manager.id, org.orgId);
    const { s, closed } = await open(manager);
    const reference = await request(s, 'join', { assetId });
    expect(reference).toMatchObject({ ok: true });
    if (!reference.ok) return;
    const [{ purpose }] = await server.db.query(`SELECT purpose FROM annotation_sets WHERE id = $1`, [reference.setId]);
    expect(purpose).toBe('gold');

    expect((await call(admin, 'PATCH', `/members/${org.users.manager.id}`, { role: 'annotator' })).status).toBe(200);
    expect(await closedWithin(closed)).toBe(true);

    // Back with the same token: the asset now opens its working set, and the keeper's edits to the reference are not heard.
    const { s: again } = await open(manager);
    const heard: string[] = [];
    again.on('ops', (m) => heard.push(m.setId));
    const work = await request(again, 'join', { assetId });
    expect(work).toMatchObject({ ok: true });
    if (!work.ok) return;
    expect(work.setId).not.toBe(reference.setId);
    const { s: keeper } = await open(admin);
    expect(await request(keeper, 'join', { assetId })).toMatchObject({ ok: true, setId: reference.setId });
    expect(await request(keeper, 'ops', { setId: reference.setId, ops: [createOp()] })).toMatchObject({ ok: true });
    expect(await ask(again, 'ops', { setId: reference.setId, ops: [createOp()] })).toMatchObject({ ok: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).not.toContain(reference.setId);
    expect(await opsIn(reference.setId)).toBe(1);
  });

  async function taskProject() {
    const { projectId, assetId } = await createAnnotatableAsset(server.db, org);
    await server.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 1, reviewSampling: 1, emptyAnnotations: 'allow' })]);
    const manager = await server.tokenFor(org.users.manager.id, org.orgId);
    const batch = await call(manager, 'POST', `/projects/${projectId}/batches`, { name: 'access', selection: { filter: {} } });
    expect(batch.status).toBe(201);
    return { projectId, assetId };
  }

  it('after a submit, a client that ignores access:changed cannot commit one more batch', async () => {
    const { projectId } = await taskProject();
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    const task = (await call(annotator, 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    expect(task).toMatchObject({ id: expect.any(String), stage: 'annotate' });
    const { s } = await open(annotator);
    const joined = await request(s, 'join', { taskId: task.id });
    expect(joined).toMatchObject({ ok: true, canEdit: true });
    if (!joined.ok) return;
    expect(await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] })).toMatchObject({ ok: true, results: [{ status: 'committed' }] });

    const rights: unknown[] = [];
    s.on('rights', (r) => rights.push(r));
    // A manager watches the same work: their list of people shows who edits.
    const watcher = await open(await server.tokenFor(org.users.manager.id, org.orgId));
    const peers: { userId: string; canEdit: boolean }[] = [];
    watcher.s.on('presence', ({ peer }) => peers.push(peer));
    expect(await request(watcher.s, 'join', { taskId: task.id })).toMatchObject({ ok: true, setId: joined.setId });
    expect((await call(annotator, 'POST', `/tasks/${task.id}/submit`)).status).toBe(200);
    const late = await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] });
    expect(late).not.toBe('closed');
    // And the client is told, without asking: it watches now.
    await until(() => rights.length > 0, 'the pushed rights');
    expect(rights[0]).toEqual({ setId: joined.setId, canEdit: false, open: true });
    await until(() => peers.some((p) => p.userId === org.users.annotator.id && !p.canEdit), 'the annotator shown as watching');
    expect(late === 'closed' || !late.ok || late.results.every((r) => r.status === 'rejected' && r.code === 'forbidden')).toBe(true);
    expect(await opsIn(joined.setId)).toBe(1);
  });

  /** Another annotator of the organisation, a member of the project. */
  async function anotherAnnotator(projectId: string, key: string): Promise<string> {
    const [{ id }] = await server.db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'x') RETURNING id`, [`${key}@access${orgs}.test`, `Annotator ${key}`]);
    await server.db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'annotator')`, [org.orgId, id]);
    await server.db.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, 'annotator')`, [projectId, id, org.orgId]);
    return id;
  }

  /** A connection of the token's person joined to the task's work, one batch committed through it. */
  async function editing(token: string, taskId: string) {
    const { s } = await open(token);
    const joined = await request(s, 'join', { taskId });
    expect(joined).toMatchObject({ ok: true, canEdit: true });
    if (!joined.ok) throw new Error('not joined');
    expect(await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] })).toMatchObject({ ok: true, results: [{ status: 'committed' }] });
    return { s, setId: joined.setId };
  }

  it('a holder whose lease ran out and whose task someone else claimed cannot commit one more batch', async () => {
    const { projectId } = await taskProject();
    const otherId = await anotherAnnotator(projectId, 'second');
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    const task = (await call(annotator, 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    const joined = await editing(annotator, task.id);

    // The holder went quiet; their lease ran out, and the next person's claim takes the task.
    await server.db.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 minute' WHERE id = $1`, [task.id]);
    const taken = (await call(await server.tokenFor(otherId, org.orgId), 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    expect(taken).toMatchObject({ id: task.id, assignee: { id: otherId } });
    const late = await ask(joined.s, 'ops', { setId: joined.setId, ops: [createOp()] });
    expect(late === 'closed' || !late.ok || late.results.every((r) => r.status === 'rejected' && r.code === 'forbidden')).toBe(true);
    expect(await opsIn(joined.setId)).toBe(1);
  });

  it('a lapsed lease that a claim returns to the pool, handing out another task, closes its holder’s connection too', async () => {
    // Two people on one asset (overlap 2): the second one's claim answers with the task they hold and, in the same
    // statement, returns the first one's lapsed lease to the pool.
    const { projectId, assetId } = await createAnnotatableAsset(server.db, org);
    await server.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 2, reviewSampling: 1, emptyAnnotations: 'allow' })]);
    const manager = await server.tokenFor(org.users.manager.id, org.orgId);
    expect((await call(manager, 'POST', `/projects/${projectId}/batches`, { name: 'lapsed', selection: { filter: {} } })).status).toBe(201);
    const otherId = await anotherAnnotator(projectId, 'third');
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    const other = await server.tokenFor(otherId, org.orgId);
    const task = (await call(annotator, 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    const held = (await call(other, 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    expect(held).toMatchObject({ assetId, assignee: { id: otherId } });
    expect(held.id).not.toBe(task.id);
    const joined = await editing(annotator, task.id);

    await server.db.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 minute' WHERE id = $1`, [task.id]);
    expect((await call(other, 'POST', `/projects/${projectId}/tasks/next`, {})).json).toMatchObject({ id: held.id });
    expect((await server.db.query(`SELECT state, assignee_id FROM tasks WHERE id = $1`, [task.id]))[0]).toEqual({ state: 'queued', assignee_id: null });
    const late = await ask(joined.s, 'ops', { setId: joined.setId, ops: [createOp()] });
    expect(late === 'closed' || !late.ok || late.results.every((r) => r.status === 'rejected' && r.code === 'forbidden')).toBe(true);
    expect(await opsIn(joined.setId)).toBe(1);
  });

  it('after an accept, the reviewer’s connection cannot commit one more batch to the accepted work', async () => {
    const { projectId } = await taskProject();
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    const reviewer = await server.tokenFor(org.users.reviewer.id, org.orgId);
    const task = (await call(annotator, 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    expect((await call(annotator, 'POST', `/tasks/${task.id}/submit`)).status).toBe(200);
    const review = (await call(reviewer, 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' })).json;
    expect(review).toMatchObject({ stage: 'review', reviewOf: task.id });

    const { s } = await open(reviewer);
    const joined = await request(s, 'join', { taskId: review.id });
    expect(joined).toMatchObject({ ok: true, canEdit: true });
    if (!joined.ok) return;
    expect(await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] })).toMatchObject({ ok: true, results: [{ status: 'committed' }] });

    expect((await call(reviewer, 'POST', `/tasks/${review.id}/review`, { decision: 'accept' })).status).toBe(200);
    const late = await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] });
    expect(late === 'closed' || !late.ok || late.results.every((r) => r.status === 'rejected' && r.code === 'forbidden')).toBe(true);
    expect(await opsIn(joined.setId)).toBe(1);
  });

  it('holds across API processes: a submit on one closes the work on another, and a removal there disconnects', async () => {
    const second = await server.startSecondApi();
    try {
      const { projectId } = await taskProject();
      const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
      const task = (await call(annotator, 'POST', `/projects/${projectId}/tasks/next`, {})).json;
      // The connection is on the second process; every REST call goes to the first.
      const { s, closed } = await open(annotator, second.url);
      const joined = await request(s, 'join', { taskId: task.id });
      expect(joined).toMatchObject({ ok: true, canEdit: true });
      if (!joined.ok) return;
      const rights: unknown[] = [];
      s.on('rights', (r) => rights.push(r));

      expect((await call(annotator, 'POST', `/tasks/${task.id}/submit`)).status).toBe(200);
      const late = await ask(s, 'ops', { setId: joined.setId, ops: [createOp()] });
      expect(late !== 'closed' && late.ok && late.results.every((r) => r.status === 'rejected' && r.code === 'forbidden')).toBe(true);
      expect(await opsIn(joined.setId)).toBe(0);
      await until(() => rights.length > 0, 'the rights pushed by the other process');

      expect((await call(await server.tokenFor(org.users.admin.id, org.orgId), 'DELETE', `/members/${org.users.annotator.id}`)).status).toBe(204);
      expect(await closedWithin(closed)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
