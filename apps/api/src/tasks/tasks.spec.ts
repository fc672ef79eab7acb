import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Notification } from '@tessera/contracts';
import {
  api, connected, createAnnotatableAsset, createOrgWithRoles, startTestServer, syncSocket,
  type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
const tokens: Record<string, string> = {};
const sockets: TestSocket[] = [];

/** A second annotator, a member of every project made with `project()`. */
let annotator2: { id: string; token: string };

async function project(assets: number, workflow: Record<string, unknown> = {}) {
  const { projectId, assetId } = await createAnnotatableAsset(server.db, org, 'image');
  await server.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 1, reviewSampling: 1, emptyAnnotations: 'allow', ...workflow })]);
  await server.db.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, 'annotator')`, [projectId, annotator2.id, org.orgId]);
  const ids = [assetId];
  for (let i = 1; i < assets; i++) {
    const [{ id }] = await server.db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', $3, 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`,
      [org.orgId, projectId, `asset-${i}`]);
    ids.push(id);
  }
  return { projectId, assetIds: ids };
}

const call = (who: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token: tokens[who] ?? who, body });

async function batchOf(projectId: string, name = 'batch') {
  const b = await call('manager', 'POST', `/projects/${projectId}/batches`, { name, selection: { filter: {} } });
  expect(b.status).toBe(201);
  return b.json;
}

beforeAll(async () => {
  server = await startTestServer({ worker: true, env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '200', BATCH_SWEEP_MS: '250' } });
  org = await createOrgWithRoles(server.db, 'Work Org', 'work.test');
  other = await createOrgWithRoles(server.db, 'Elsewhere', 'elsewhere.test');
  for (const role of ['manager', 'reviewer', 'annotator', 'consumer', 'owner'] as const) tokens[role] = await server.tokenFor(org.users[role].id, org.orgId);
  tokens.outsider = await server.tokenFor(other.users.manager.id, other.orgId);
  const [{ id }] = await server.db.query(`INSERT INTO users (email, name, password_hash) VALUES ('annotator2@work.test', 'Second Annotator', 'x') RETURNING id`);
  await server.db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'annotator')`, [org.orgId, id]);
  annotator2 = { id, token: await server.tokenFor(id, org.orgId) };
  tokens.annotator2 = annotator2.token;
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

describe('batches and assignment', () => {
  it('makes overlap × assets tasks, spreads them evenly, and never gives one person an asset twice', async () => {
    const { projectId } = await project(5, { overlap: 2 });
    expect((await call('manager', 'POST', `/projects/${projectId}/batches/preview`, { selection: { filter: {} } })).json).toEqual({ assets: 5, overlap: 2, annotateTasks: 10, goldTasks: 0 });
    const batch = await batchOf(projectId);
    // A second batch of the assets not yet in one selects nothing: refused, with a code a client can word.
    const none = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'none left', selection: { filter: {} } });
    expect([none.status, none.json.errors]).toEqual([400, [{ path: 'selection', message: 'selects nothing', code: 'empty_selection' }]]);
    expect(batch).toMatchObject({ assetCount: 5, overlap: 2, status: 'open', progress: { queued: 10 } });
    const spread = await call('manager', 'POST', `/batches/${batch.id}/assign`, { mode: 'spread', userIds: [org.users.annotator.id, annotator2.id] });
    expect(spread.json).toEqual({ assigned: 10, unassigned: 0, skipped: 0 });
    const rows = await server.db.query(`SELECT asset_id, assignee_id FROM tasks WHERE batch_id = $1`, [batch.id]);
    const perAsset = new Map<string, Set<string>>();
    for (const r of rows) perAsset.set(r.asset_id, (perAsset.get(r.asset_id) ?? new Set()).add(r.assignee_id));
    expect([...perAsset.values()].every((s) => s.size === 2)).toBe(true);
    const mine = await call('annotator', 'GET', `/tasks?batchId=${batch.id}`);
    expect(mine.json.total).toBe(5);
    // Paged, and past the last page the total still counts what matches.
    const pages = [0, 2, 4].map((offset) => call('annotator', 'GET', `/tasks?batchId=${batch.id}&limit=2&offset=${offset}`));
    expect((await Promise.all(pages)).flatMap((p) => p.json.items.map((t: { id: string }) => t.id))).toEqual(mine.json.items.map((t: { id: string }) => t.id));
    expect((await call('annotator', 'GET', `/tasks?batchId=${batch.id}&limit=2&offset=10`)).json).toEqual({ items: [], total: 5 });
    expect(mine.json.items.every((t: any) => t.assignee.id === org.users.annotator.id && t.isGold === undefined)).toBe(true);
    // Everything was assigned: nothing is left for a third person, and nobody may be given more of the same assets.
    const again = await call('manager', 'POST', `/batches/${batch.id}/assign`, { mode: 'pool' });
    expect(again.json.unassigned).toBe(10);
    const transitions = await call('manager', 'GET', `/tasks/${rows[0].id ?? mine.json.items[0].id}/transitions`);
    expect(transitions.status).toBe(200);
  });

  it('refuses work for people outside the project, and hides batches and tasks from other organisations', async () => {
    const { projectId } = await project(2);
    const batch = await batchOf(projectId);
    const res = await call('manager', 'POST', `/batches/${batch.id}/assign`, { mode: 'spread', userIds: [org.users.provider.id] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await call('outsider', 'GET', `/batches/${batch.id}`)).status).toBe(404);
    const [t] = await server.db.query(`SELECT id FROM tasks WHERE batch_id = $1 LIMIT 1`, [batch.id]);
    expect((await call('outsider', 'GET', `/tasks/${t.id}`)).status).toBe(404);
    // An annotator sees only their own tasks.
    expect((await call('annotator', 'GET', `/tasks/${t.id}`)).status).toBe(404);
    expect((await call('annotator', 'POST', `/projects/${projectId}/batches`, { name: 'x', selection: { filter: {} } })).status).toBe(403);
  });

  it('mixes gold tasks in at the project’s ratio, and hides which they are from annotators', async () => {
    const { projectId, assetIds } = await project(7, { goldRatio: 0.25 });
    expect((await call('manager', 'GET', `/assets/${assetIds[6]}`)).json.gold).toBe(false);
    expect((await call('manager', 'PUT', `/assets/${assetIds[6]}/gold`, { gold: true })).json).toEqual({ assetId: assetIds[6], gold: true });
    // The asset itself says so now, one by one and in the project's list.
    expect((await call('manager', 'GET', `/assets/${assetIds[6]}`)).json.gold).toBe(true);
    const listed = (await call('manager', 'GET', `/projects/${projectId}/assets?limit=500`)).json;
    expect(listed.total).toBe(7);
    expect(Object.fromEntries(listed.items.map((a: { id: string; gold: boolean }) => [a.id, a.gold]))).toEqual(Object.fromEntries(assetIds.map((id, i) => [id, i === 6])));
    // The preview says what the batch will hold, and the batch then holds that.
    const preview = (selection: unknown, who = 'manager') => call(who, 'POST', `/projects/${projectId}/batches/preview`, { selection });
    expect((await preview({ filter: {} })).json).toEqual({ assets: 6, overlap: 1, annotateTasks: 6, goldTasks: 2 });
    expect((await preview({ filter: { q: 'asset-1' } })).json).toEqual({ assets: 1, overlap: 1, annotateTasks: 1, goldTasks: 0 });
    expect((await preview({ filter: { status: 'failed' } })).json).toEqual({ assets: 0, overlap: 1, annotateTasks: 0, goldTasks: 0 });
    expect((await preview({ filter: {} }, 'annotator')).status).toBe(403);
    expect((await preview({ filter: {} }, 'outsider')).status).toBe(404);
    expect((await preview({ filter: { status: 'everything' } })).status).toBe(400);
    // The Data tab's "all but some": the filter without the assets taken out of the choice.
    expect((await preview({ filter: {}, except: [assetIds[0], assetIds[1]] })).json).toMatchObject({ assets: 4 });
    expect((await preview({ assetIds: [assetIds[0]], except: [assetIds[1]] })).status).toBe(400);
    const batch = await batchOf(projectId);
    expect(batch.assetCount).toBe(6);
    const [{ gold, regular }] = await server.db.query(
      `SELECT count(*) FILTER (WHERE is_gold)::int AS gold, count(*) FILTER (WHERE NOT is_gold)::int AS regular FROM tasks WHERE batch_id = $1`, [batch.id]);
    expect({ gold, regular }).toEqual({ gold: 2, regular: 6 });
    // Now every asset is in a batch: nothing left, unless the manager takes them again.
    expect((await preview({ filter: {} })).json).toEqual({ assets: 0, overlap: 1, annotateTasks: 0, goldTasks: 0 });
    expect((await preview({ filter: {}, onlyUnbatched: false })).json).toEqual({ assets: 6, overlap: 1, annotateTasks: 6, goldTasks: 2 });
    const claimed = await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {});
    expect(claimed.json.isGold).toBeUndefined();
    const asManager = await call('manager', 'GET', `/tasks/${claimed.json.id}`);
    expect(typeof asManager.json.isGold).toBe('boolean');
    // And back: no longer gold, and the asset says that too.
    expect((await call('manager', 'PUT', `/assets/${assetIds[6]}/gold`, { gold: false })).json).toEqual({ assetId: assetIds[6], gold: false });
    expect((await call('manager', 'GET', `/assets/${assetIds[6]}`)).json.gold).toBe(false);
    expect((await call('manager', 'GET', `/projects/${projectId}/assets?limit=500`)).json.items.some((a: { gold: boolean }) => a.gold)).toBe(false);
  });
});

describe('the pool', () => {
  it('claims with a lease, gives the held task again, returns expired leases, and refuses a lost lease', async () => {
    const { projectId } = await project(3);
    await batchOf(projectId);
    const first = await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {});
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ state: 'assigned', assignee: { id: org.users.annotator.id }, leaseExpiresAt: expect.any(String) });
    const again = await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {});
    expect(again.json.id).toBe(first.json.id);
    const beat = await call('annotator', 'POST', `/tasks/${first.json.id}/heartbeat`, { active: true });
    expect(beat.status).toBe(200);

    await server.db.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [first.json.id]);
    // The other annotator's claim first sends the expired lease back to the pool; the task may be theirs now.
    await call('annotator2', 'POST', `/projects/${projectId}/tasks/next`, {});
    const log = await server.db.query(`SELECT reason FROM task_transitions WHERE task_id = $1 ORDER BY id`, [first.json.id]);
    expect(log.map((l: any) => l.reason)).toContain('lease expired');
    expect((await call('annotator', 'POST', `/tasks/${first.json.id}/heartbeat`, { active: true })).json).toMatchObject({ status: 409, code: 'task_not_held' });
  });

  it('skips: the task goes back to the pool and is not offered to the same person again', async () => {
    const { projectId } = await project(1);
    await batchOf(projectId);
    const t = (await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    expect((await call('annotator', 'POST', `/tasks/${t.id}/skip`)).json.state).toBe('queued');
    expect((await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {})).status).toBe(204);
    expect((await call('annotator2', 'POST', `/projects/${projectId}/tasks/next`, {})).json.id).toBe(t.id);
  });

  it('200 annotators claiming at once: no task twice, nobody an asset twice', async () => {
    const { projectId } = await project(120, { overlap: 2 });
    await batchOf(projectId);
    const people = await server.db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash) SELECT 'crowd' || i || '-' || $2 || '@work.test', 'Crowd ' || i, 'x' FROM generate_series(1, 200) i RETURNING id),
            m AS (INSERT INTO memberships (org_id, user_id, role) SELECT $1, id, 'annotator' FROM u RETURNING user_id)
       INSERT INTO project_members (project_id, user_id, org_id, role) SELECT $3, user_id, $1, 'annotator' FROM m RETURNING user_id`,
      [org.orgId, randomUUID().slice(0, 8), projectId]);
    const crowd = await Promise.all(people.map(async (p: any) => ({ id: p.user_id, token: await server.tokenFor(p.user_id, org.orgId) })));
    // Each person claims and submits until the pool is dry: 240 tasks for 200 people.
    const got = await Promise.all(crowd.map(async (person) => {
      const mine: string[] = [];
      for (;;) {
        const claimed = await call(person.token, 'POST', `/projects/${projectId}/tasks/next`, {});
        if (claimed.status === 204) return mine;
        expect(claimed.status).toBe(200);
        mine.push(claimed.json.id);
        expect((await call(person.token, 'POST', `/tasks/${claimed.json.id}/submit`)).status).toBe(200);
      }
    }));
    const all = got.flat();
    expect(all).toHaveLength(240);
    expect(new Set(all).size).toBe(240);
    const [{ twice }] = await server.db.query(
      `SELECT count(*)::int AS twice FROM (SELECT asset_id, assignee_id FROM tasks WHERE project_id = $1 AND stage = 'annotate' GROUP BY 1, 2 HAVING count(*) > 1) d`, [projectId]);
    expect(twice).toBe(0);
    const [{ claims }] = await server.db.query(
      `SELECT count(*)::int AS claims FROM task_transitions tt JOIN tasks t ON t.id = tt.task_id WHERE t.project_id = $1 AND tt.reason = 'claimed from the pool'`, [projectId]);
    expect(claims).toBe(240);
  }, 120000);
});

describe('submit and review', () => {
  it('blocks a submission that breaks the schema, and reports warnings', async () => {
    const { projectId } = await project(1, { emptyAnnotations: 'block' });
    await server.db.query(
      `UPDATE label_schema_versions SET schema = jsonb_set(schema, '{labels,0,attributes,0,required}', 'true') WHERE project_id = $1`, [projectId]);
    await batchOf(projectId);
    const t = (await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    const empty = await call('annotator', 'POST', `/tasks/${t.id}/submit`);
    expect(empty.status).toBe(422);
    expect(empty.json.errors[0].message).toMatch(/no annotation/);
    const id = randomUUID();
    const op = await call('annotator', 'POST', `/tasks/${t.id}/annotations/ops`, { ops: [{ type: 'create', clientId: 'submit-client', clientSeq: 1, annotation: { id, labelId: 'car', geometry: { type: 'box', x: 1, y: 1, width: 5, height: 5 } } }] });
    expect(op.json.results[0].status).toBe('committed');
    const missing = await call('annotator', 'POST', `/tasks/${t.id}/submit`);
    expect(missing.status).toBe(422);
    expect(missing.json.errors[0]).toMatchObject({ path: 'attributes.kind', message: expect.stringMatching(/required/) });
    await call('annotator', 'POST', `/tasks/${t.id}/annotations/ops`, { ops: [{ type: 'update', clientId: 'submit-client', clientSeq: 2, id, patch: { attributes: { kind: 'van' } } }] });
    const ok = await call('annotator', 'POST', `/tasks/${t.id}/submit`);
    expect(ok.status).toBe(200);
    expect(ok.json.task.state).toBe('submitted');
    // Submitted work is not the annotator's to edit any more.
    const late = await call('annotator', 'POST', `/tasks/${t.id}/annotations/ops`, { ops: [{ type: 'delete', clientId: 'submit-client', clientSeq: 3, id }] });
    expect(late.json).toMatchObject({ status: 403, code: 'not_yours_to_edit' });
    // And it cannot be submitted twice.
    expect((await call('annotator', 'POST', `/tasks/${t.id}/submit`)).json).toMatchObject({ status: 409, code: 'task_moved_on', params: { state: 'submitted' } });
  });

  it('accepts unsampled work at once and completes the batch with its last task; a person under full review is reviewed; each submit is scored', async () => {
    const { projectId } = await project(3, { reviewSampling: 0 });
    const batch = await batchOf(projectId);
    const submitNext = async (who: string) => {
      const t = (await call(who, 'POST', `/projects/${projectId}/tasks/next`, {})).json;
      const res = await call(who, 'POST', `/tasks/${t.id}/submit`);
      expect(res.status).toBe(200);
      return res.json.task;
    };
    expect((await submitNext('annotator')).state).toBe('accepted');
    expect((await call('manager', 'GET', `/batches/${batch.id}`)).json.status).toBe('open');

    await server.db.query(
      `INSERT INTO quality_person_status (project_id, user_id, org_id, full_review, paused, reason, since, set_by, updated_at)
       VALUES ($1, $2, $3, true, false, 'gold accuracy below the mark', now(), NULL, now())`, [projectId, annotator2.id, org.orgId]);
    const reviewed = await submitNext('annotator2');
    expect(reviewed.state).toBe('submitted');
    const [{ n: reviews }] = await server.db.query(`SELECT count(*)::int AS n FROM tasks WHERE review_of = $1 AND stage = 'review'`, [reviewed.id]);
    expect(reviews).toBe(1);

    const review = (await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' })).json;
    expect((await call('reviewer', 'POST', `/tasks/${review.id}/review`, { decision: 'accept' })).json.state).toBe('accepted');
    expect((await call('manager', 'GET', `/batches/${batch.id}`)).json.status).toBe('open');

    // The batch-close check runs after the submit's moves, in the same round trip, and sees the last task accepted.
    expect((await submitNext('annotator')).state).toBe('accepted');
    expect((await call('manager', 'GET', `/batches/${batch.id}`)).json).toMatchObject({ status: 'completed', progress: { accepted: 3 } });

    // Each submit's scoring run was written with it and its job queued after COMMIT: the worker scores them, and
    // marks each run succeeded after writing its results (so both are waited for).
    const deadline = Date.now() + 15_000;
    let scored = 0;
    let states: string[] = [];
    while (Date.now() < deadline) {
      [{ n: scored }] = await server.db.query(
        `SELECT count(DISTINCT r.task_id)::int AS n FROM quality_task_results r JOIN tasks t ON t.id = r.task_id WHERE t.batch_id = $1 AND r.metric = 'rules'`, [batch.id]);
      const runs = await server.db.query(`SELECT state FROM job_runs WHERE org_id = $1 AND type = 'quality.task' AND params->>'tasks' = '1' ORDER BY created_at DESC LIMIT 3`, [org.orgId]);
      states = runs.map((r: { state: string }) => r.state);
      if (scored === 3 && states.every((s) => s === 'succeeded')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(scored).toBe(3);
    expect(states).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('completes the batch when its last two tasks are accepted at once, each submit checking before the other commits', async () => {
    const receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as { port: number }).port;
    const hook = await call('owner', 'POST', '/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['batch.completed'] });
    expect(hook.status).toBe(201);
    try {
      const { projectId } = await project(2, { reviewSampling: 0 });
      const batch = await batchOf(projectId);
      const notes: Notification[] = [];
      const makers = syncSocket(server.url, tokens.manager);
      sockets.push(makers);
      await connected(makers);
      makers.on('notification', (n) => notes.push(n));
      const first = (await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
      const second = (await call('annotator2', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
      // Each submit's scoring run is written after its batch-close check and before its COMMIT: held there for a
      // moment, both checks run while the other's accept is still uncommitted, so neither can see the batch done.
      await server.db.query(`CREATE FUNCTION held_scoring() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$`);
      await server.db.query(`CREATE TRIGGER held_scoring BEFORE INSERT ON job_runs FOR EACH ROW WHEN (NEW.type = 'quality.task') EXECUTE FUNCTION held_scoring()`);
      try {
        const submits = await Promise.all([call('annotator', 'POST', `/tasks/${first.id}/submit`), call('annotator2', 'POST', `/tasks/${second.id}/submit`)]);
        expect(submits.map((r) => r.json.task.state)).toEqual(['accepted', 'accepted']);
      } finally {
        await server.db.query(`DROP TRIGGER held_scoring ON job_runs; DROP FUNCTION held_scoring()`);
      }
      // Neither accept could close the batch; the worker's batch sweep does, with its webhook row, once, and its
      // maker hears of it (from the worker, through the API's socket).
      const deadline = Date.now() + 10_000;
      const completedNotes = () => notes.filter((n) => n.kind === 'batch.completed');
      let status = '';
      while (Date.now() < deadline && (status !== 'completed' || !completedNotes().length)) {
        status = (await call('manager', 'GET', `/batches/${batch.id}`)).json.status;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await call('manager', 'GET', `/batches/${batch.id}`)).json).toMatchObject({ status: 'completed', progress: { accepted: 2 } });
      const hooks = await server.db.query(`SELECT payload FROM webhook_deliveries WHERE webhook_id = $1 AND event = 'batch.completed'`, [hook.json.id]);
      expect(hooks.map((h: { payload: unknown }) => h.payload)).toEqual([{ batchId: batch.id, projectId, name: batch.name }]);
      expect(completedNotes()).toEqual([{ kind: 'batch.completed', projectId, batchId: batch.id, message: batch.name, at: expect.any(String) }]);
    } finally {
      await call('owner', 'DELETE', `/webhooks/${hook.json.id}`);
      receiver.close();
    }
  });

  it('rejects with a pinned comment, sends the work back, accepts the rework, and completes the batch', async () => {
    const { projectId } = await project(1, { maxReworkRounds: 1 });
    const batch = await batchOf(projectId);
    const notes: Notification[] = [];
    const s = syncSocket(server.url, tokens.annotator);
    sockets.push(s);
    await connected(s);
    s.on('notification', (n) => notes.push(n));

    const work = (await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    const box = randomUUID();
    await call('annotator', 'POST', `/tasks/${work.id}/annotations/ops`, { ops: [{ type: 'create', clientId: 'review-client', clientSeq: 1, annotation: { id: box, labelId: 'car', geometry: { type: 'box', x: 1, y: 1, width: 5, height: 5 } } }] });
    await call('annotator', 'POST', `/tasks/${work.id}/submit`);

    // Nobody reviews their own work: the annotator is not offered it even with a review role's rights.
    const review = (await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' })).json;
    expect(review).toMatchObject({ stage: 'review', reviewOf: work.id, setId: expect.any(String) });
    expect((await call('reviewer', 'GET', `/tasks/${review.id}/annotations`)).json.annotations.map((a: any) => a.id)).toEqual([box]);
    expect((await call('reviewer', 'POST', `/tasks/${review.id}/review`, { decision: 'reject' })).status).toBe(400);
    const pinned = await call('reviewer', 'POST', `/tasks/${review.id}/comments`, { body: 'The box misses the mirror.', annotationId: box });
    expect(pinned.status).toBe(201);
    expect((await call('reviewer', 'POST', `/tasks/${review.id}/review`, { decision: 'reject', comment: 'Tighten the box.' })).json.state).toBe('rejected');

    const back = (await call('annotator', 'GET', `/tasks/${work.id}`)).json;
    expect(back).toMatchObject({ state: 'rejected', openComments: 2 });
    const comments = (await call('annotator', 'GET', `/tasks/${work.id}/comments`)).json.items;
    expect(comments.map((c: any) => [c.body, c.annotationId])).toEqual([['The box misses the mirror.', box], ['Tighten the box.', null]]);
    const reply = await call('annotator', 'POST', `/tasks/${work.id}/comments`, { body: 'Fixed.', parentId: comments[0].id });
    expect(reply.status).toBe(201);
    expect((await call('annotator', 'PATCH', `/comments/${comments[0].id}`, { resolved: true })).json.resolvedAt).toEqual(expect.any(String));
    await new Promise((r) => setTimeout(r, 200));
    expect(notes.find((n) => n.kind === 'task.rejected')).toMatchObject({ taskId: work.id, message: 'Tighten the box.', by: { id: org.users.reviewer.id } });

    expect((await call('annotator', 'POST', `/tasks/${work.id}/start`)).json).toMatchObject({ state: 'in_progress', round: 1 });
    await call('annotator', 'POST', `/tasks/${work.id}/annotations/ops`, { ops: [{ type: 'update', clientId: 'review-client', clientSeq: 2, id: box, patch: { geometry: { type: 'box', x: 2, y: 2, width: 4, height: 4 } } }] });
    await call('annotator', 'POST', `/tasks/${work.id}/submit`);
    const second = (await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' })).json;
    expect(second.reviewOf).toBe(work.id);
    // The project allows one rework round, and it is spent.
    expect((await call('reviewer', 'POST', `/tasks/${second.id}/review`, { decision: 'reject', comment: 'Again.' })).json).toMatchObject({ status: 409, code: 'rework_rounds_used', params: { max: '1' } });
    expect((await call('reviewer', 'POST', `/tasks/${second.id}/review`, { decision: 'accept' })).json.state).toBe('accepted');
    expect((await call('annotator', 'GET', `/tasks/${work.id}`)).json.state).toBe('accepted');
    expect((await call('manager', 'GET', `/batches/${batch.id}`)).json).toMatchObject({ status: 'completed', progress: { accepted: 1 } });

    const dash = (await call('manager', 'GET', `/projects/${projectId}/dashboard`)).json;
    expect(dash.annotators.find((a: any) => a.user.id === org.users.annotator.id)).toMatchObject({ submitted: 2, accepted: 1, rejected: 1, rejectionRate: 0.5 });
    expect(dash.reviewers[0]).toMatchObject({ reviewed: 2, rejected: 1 });
    const me = (await call('annotator', 'GET', `/me/dashboard?projectId=${projectId}`)).json;
    expect(me.figures.submitted).toBe(2);
    // Illegal moves answer 409: an accepted task does not start again; an annotate task takes no review decision.
    expect((await call('annotator', 'POST', `/tasks/${work.id}/start`)).status).toBe(409);
    expect((await call('manager', 'POST', `/tasks/${work.id}/review`, { decision: 'accept' })).status).toBe(409);
  });

  it('does not let a manager review their own work', async () => {
    const { projectId } = await project(1);
    await batchOf(projectId);
    const mine = (await call('manager', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
    await call('manager', 'POST', `/tasks/${mine.id}/submit`);
    expect((await call('manager', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' })).status).toBe(204);
    const [review] = await server.db.query(`SELECT id FROM tasks WHERE review_of = $1`, [mine.id]);
    await server.db.query(`UPDATE tasks SET state = 'assigned', assignee_id = $2 WHERE id = $1`, [review.id, org.users.manager.id]);
    expect((await call('manager', 'POST', `/tasks/${review.id}/review`, { decision: 'accept' })).json).toMatchObject({ status: 403, code: 'own_work_review' });
  });
});

describe('webhooks on the workflow', () => {
  it('records an unsampled submit\'s webhook events once each, the batch it completes too, with its scoring run', async () => {
    const receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (receiver.address() as { port: number }).port;
      const hook = await call('owner', 'POST', '/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['task.submitted', 'task.accepted', 'batch.completed'] });
      expect(hook.status).toBe(201);
      const { projectId } = await project(1, { reviewSampling: 0 });
      const batch = await batchOf(projectId);
      const work = (await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
      const [{ t0 }] = await server.db.query(`SELECT clock_timestamp() AS t0`);
      expect((await call('annotator', 'POST', `/tasks/${work.id}/submit`)).json.task.state).toBe('accepted');
      const rows = await server.db.query(`SELECT event, payload FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY event`, [hook.json.id]);
      expect(rows.map((r: { event: string }) => r.event)).toEqual(['batch.completed', 'task.accepted', 'task.submitted']);
      expect(rows[0].payload).toMatchObject({ batchId: batch.id, projectId });
      const runs = await server.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE org_id = $1 AND type = 'quality.task' AND created_at >= $2`, [org.orgId, t0]);
      expect(runs[0].n).toBe(1);
      await call('owner', 'DELETE', `/webhooks/${hook.json.id}`);
    } finally {
      receiver.close();
    }
  });

  it('signs and delivers task.submitted, task.rejected, task.accepted and batch.completed', async () => {
    const received: { event: string; body: any; signature: string; timestamp: string; raw: string }[] = [];
    const receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        received.push({ event: String(req.headers['x-tessera-event']), body: JSON.parse(raw), signature: String(req.headers['x-tessera-signature']), timestamp: String(req.headers['x-tessera-timestamp']), raw });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as { port: number }).port;
    try {
      const hook = await call('owner', 'POST', '/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['task.submitted', 'task.rejected', 'task.accepted', 'batch.completed'] });
      expect(hook.status).toBe(201);
      const { projectId } = await project(1);
      const batch = await batchOf(projectId);
      const work = (await call('annotator', 'POST', `/projects/${projectId}/tasks/next`, {})).json;
      await call('annotator', 'POST', `/tasks/${work.id}/submit`);
      const review = (await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' })).json;
      await call('reviewer', 'POST', `/tasks/${review.id}/review`, { decision: 'reject', comment: 'Not yet.' });
      await call('annotator', 'POST', `/tasks/${work.id}/start`);
      await call('annotator', 'POST', `/tasks/${work.id}/submit`);
      const again = (await call('reviewer', 'POST', `/projects/${projectId}/tasks/next`, { stage: 'review' })).json;
      await call('reviewer', 'POST', `/tasks/${again.id}/review`, { decision: 'accept' });
      const deadline = Date.now() + 30000;
      while (received.length < 5) {
        if (Date.now() > deadline) throw new Error(`only ${received.map((r) => r.event)}\n${server.logs()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(received.map((r) => r.event).sort()).toEqual(['batch.completed', 'task.accepted', 'task.rejected', 'task.submitted', 'task.submitted']);
      const rejected = received.find((r) => r.event === 'task.rejected')!;
      expect(rejected.body.data).toMatchObject({ taskId: work.id, batchId: batch.id, comment: 'Not yet.', reviewerId: org.users.reviewer.id });
      const expected = createHmac('sha256', hook.json.secret).update(`${rejected.timestamp}.${rejected.raw}`).digest('hex');
      expect(rejected.signature).toBe(`sha256=${expected}`);
    } finally {
      receiver.close();
    }
  }, 60000);
});
