/**
 * Gold answers stay secret (issue 14, hole 2): annotators and reviewers never learn which assets
 * are gold, the reference answers live in a set no annotator reaches, and which work is sampled
 * for review cannot be worked out from the task id.
 */
import { createHash, randomUUID } from 'node:crypto';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
const tokens: Record<string, string> = {};
const call = (who: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token: tokens[who], body });

let projectId: string;
const assetIds: string[] = [];
const reference = [randomUUID(), randomUUID()];
const box = (id: string, x: number) => ({ id, labelId: 'car', geometry: { type: 'box', x, y: 10, width: 40, height: 20, rotation: 0 }, attributes: { kind: 'van' } });
let seq = 0;
const op = (o: Record<string, unknown>) => ({ clientId: 'gold-spec-client', clientSeq: ++seq, ...o });

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Gold Org', 'gold.test');
  for (const role of ['manager', 'reviewer', 'annotator'] as const) tokens[role] = await server.tokenFor(org.users[role].id, org.orgId);
  const made = await createAnnotatableAsset(server.db, org, 'image');
  projectId = made.projectId;
  assetIds.push(made.assetId);
  await server.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 1, reviewSampling: 0.5, goldRatio: 0.25, emptyAnnotations: 'allow' })]);
  for (let i = 1; i < 4; i++) {
    const [{ id }] = await server.db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', $3, 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`,
      [org.orgId, projectId, `asset-${i}`]);
    assetIds.push(id);
  }
  // The manager draws the reference on the asset's live page, then marks it gold.
  const drawn = await call('manager', 'POST', `/assets/${assetIds[0]}/annotations/ops`, { ops: reference.map((id, i) => op({ type: 'create', annotation: box(id, 10 + 60 * i) })) });
  expect(drawn.json.results.map((r: { status: string }) => r.status)).toEqual(['committed', 'committed']);
  expect((await call('manager', 'PUT', `/assets/${assetIds[0]}/gold`, { gold: true })).status).toBe(200);
});
afterAll(() => server.close());

describe('which assets are gold', () => {
  it.each(['annotator', 'reviewer'])('is not told to the %s, one by one or in lists', async (who) => {
    expect((await call(who, 'GET', `/assets/${assetIds[0]}`)).json.gold).toBe(false);
    const listed = await call(who, 'GET', `/projects/${projectId}/assets?limit=100`);
    expect(listed.status).toBe(200);
    expect(listed.json.items).toHaveLength(4);
    expect(listed.json.items.every((a: { gold: boolean }) => a.gold === false)).toBe(true);
    expect(listed.text).not.toMatch(/"gold":true|isGold/);
  });

  it('is told to the manager, who keeps the reference', async () => {
    expect((await call('manager', 'GET', `/assets/${assetIds[0]}`)).json.gold).toBe(true);
    const set = await call('manager', 'GET', `/assets/${assetIds[0]}/annotations`);
    expect(set.json.annotations.map((a: { id: string }) => a.id).sort()).toEqual([...reference].sort());
  });

  it('is not told to reviewers through tasks either', async () => {
    const batch = await call('manager', 'POST', `/projects/${projectId}/batches`, { name: 'with gold', selection: { filter: {} } });
    expect(batch.status).toBe(201);
    const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM tasks WHERE batch_id = $1 AND is_gold`, [batch.json.id]);
    expect(n).toBeGreaterThan(0);
    const seen = await call('reviewer', 'GET', `/tasks?batchId=${batch.json.id}&limit=100`);
    expect(seen.status).toBe(200);
    expect(seen.json.items.length).toBeGreaterThan(0);
    expect(seen.json.items.every((t: { isGold?: boolean }) => t.isGold === undefined)).toBe(true);
    const asManager = await call('manager', 'GET', `/tasks?batchId=${batch.json.id}&limit=100`);
    expect(asManager.json.items.some((t: { isGold?: boolean }) => t.isGold === true)).toBe(true);
  });
});

describe('the reference answers', () => {
  it('are not in the set an annotator reaches through the asset', async () => {
    const read = await call('annotator', 'GET', `/assets/${assetIds[0]}/annotations`);
    expect(read.status).toBe(200);
    expect(read.json.annotations.map((a: { id: string }) => a.id)).not.toEqual(expect.arrayContaining([reference[0]]));
    expect(read.text).not.toContain(reference[1]);
  });

  it('cannot be changed or deleted by an annotator through the asset', async () => {
    const tried = await call('annotator', 'POST', `/assets/${assetIds[0]}/annotations/ops`, {
      ops: [op({ type: 'update', id: reference[0], patch: { labelId: 'person', attributes: {} } }), op({ type: 'delete', id: reference[1] })],
    });
    expect(tried.status).toBe(200);
    expect(tried.json.results.every((r: { status: string }) => r.status === 'rejected')).toBe(true);
    const set = await call('manager', 'GET', `/assets/${assetIds[0]}/annotations`);
    expect(set.json.annotations.map((a: { id: string; labelId: string }) => [a.id, a.labelId]).sort()).toEqual(reference.map((id) => [id, 'car']).sort());
  });

  it('live in a set of their own, apart from the asset working set', async () => {
    const rows = await server.db.query(`SELECT s.purpose, count(a.id)::int AS n FROM annotation_sets s LEFT JOIN annotations a ON a.set_id = s.id WHERE s.asset_id = $1 AND s.task_id IS NULL GROUP BY s.purpose ORDER BY s.purpose`, [assetIds[0]]);
    expect(rows).toEqual([{ purpose: 'gold', n: 2 }, { purpose: 'work', n: 0 }]);
  });
});

describe('review sampling', () => {
  it('cannot be predicted from the task id', async () => {
    const [{ id: batchId }] = await server.db.query(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'sampling', 1) RETURNING id`, [org.orgId, projectId]);
    const submitted: { id: string; reviewed: boolean }[] = [];
    // 24 submits at a 50 % share: were the sampling the public hash of the id, all 24 would match it.
    for (let i = 0; i < 24; i++) {
      const [{ id: assetId }] = await server.db.query(
        `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', $3, 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`,
        [org.orgId, projectId, `sampled-${i}`]);
      const [{ id }] = await server.db.query(
        `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, assignee_id, round) VALUES ($1, $2, $3, $4, 'annotate', 'in_progress', $5, 0) RETURNING id`,
        [org.orgId, projectId, batchId, assetId, org.users.annotator.id]);
      const res = await call('annotator', 'POST', `/tasks/${id}/submit`);
      expect(res.status).toBe(200);
      const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM tasks WHERE review_of = $1`, [id]);
      submitted.push({ id, reviewed: n > 0 });
    }
    const publicGuess = (id: string) => createHash('sha256').update(id).digest().readUInt32BE(0) / 0x1_0000_0000 < 0.5;
    expect(submitted.some((t) => t.reviewed)).toBe(true);
    expect(submitted.some((t) => !t.reviewed)).toBe(true);
    expect(submitted.every((t) => t.reviewed === publicGuess(t.id))).toBe(false);
  });
});
