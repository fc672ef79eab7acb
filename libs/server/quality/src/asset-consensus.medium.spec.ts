/**
 * AssetConsensus over many assets in one round, against real Postgres and
 * Redis, composed in this process (no API, no worker): a round reads,
 * computes, stores and commits several assets together, and must store for
 * each exactly what that asset's work gives, whatever else is in the round.
 */
import { ASSET_ENTITIES } from '@tessera/server/assets';
import { AUDIT_ENTITIES } from '@tessera/server/audit';
import { AUTH_ENTITIES } from '@tessera/server/auth';
import type { JobContext } from '@tessera/contracts';
import { JOB_ENTITIES, JobRunsService } from '@tessera/server/jobs';
import { PROJECT_ENTITIES } from '@tessera/server/projects';
import { createAnnotatableAsset, createOrgWithRoles, type TestOrg } from '@tessera/server/testing';
import { startDomain, type DomainContext } from '@tessera/server/testing/domain';
import { AssetConsensus } from './asset-consensus';
import { ConsensusAcceptance } from './consensus-acceptance';
import { QualityModule } from './quality.module';

let d: DomainContext;
let org: TestOrg;

type Box = [number, number, number, number];
const BOXES: Box[] = [[10, 10, 60, 40], [200, 100, 50, 50], [400, 300, 80, 60]];

beforeAll(async () => {
  d = await startDomain([QualityModule], { entities: [...AUTH_ENTITIES, ...PROJECT_ENTITIES, ...JOB_ENTITIES, ...AUDIT_ENTITIES, ...ASSET_ENTITIES] });
  org = await createOrgWithRoles(d.db, 'Consensus Org', 'consensus.test');
});
afterAll(() => d?.close());

/** Another ready asset of the project. */
async function asset(projectId: string): Promise<string> {
  const [{ id }] = await d.db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height)
     VALUES ($1, $2, 'image', 'ready', 'more', 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`, [org.orgId, projectId]);
  return id;
}

/** A person's annotate task on the asset with these boxes in its set, in `state`. */
async function work(projectId: string, batchId: string, assetId: string, who: 'annotator' | 'reviewer', boxes: Box[], state = 'submitted') {
  const [{ id: taskId }] = await d.db.query(
    `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, assignee_id, submitted_at) VALUES ($1, $2, $3, $4, 'annotate', $5, $6, now()) RETURNING id`,
    [org.orgId, projectId, batchId, assetId, state, org.users[who].id]);
  const [{ id: setId }] = await d.db.query(
    `INSERT INTO annotation_sets (org_id, project_id, asset_id, task_id, last_seq) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [org.orgId, projectId, assetId, taskId, boxes.length]);
  for (const [k, [x, y, width, height]] of boxes.entries()) {
    await d.db.query(
      `INSERT INTO annotations (id, org_id, set_id, kind, label_id, schema_version, geometry, attributes, source, version, created_by, updated_by, created_at, updated_at, last_seq)
       VALUES (gen_random_uuid(), $1, $2, 'box', 'car', 1, $3, '{}', 'human', 1, $4, $4, now() + make_interval(secs => $5), now(), $5 + 1)`,
      [org.orgId, setId, JSON.stringify({ type: 'box', x, y, width, height, rotation: 0 }), org.users[who].id, k]);
  }
}

const consensusIn = async (assetId: string) =>
  (await d.db.query(
    `SELECT a.geometry FROM annotations a JOIN annotation_sets s ON s.id = a.set_id
      WHERE s.asset_id = $1 AND s.task_id IS NULL AND a.source = 'consensus' ORDER BY a.geometry->>'x'`, [assetId])).map((r: { geometry: unknown }) => r.geometry);

it('stores each asset of a round as its own work gives, drops pairs no longer there, and writes nothing the second time', async () => {
  const { projectId, assetId: agreed } = await createAnnotatableAsset(d.db, org);
  await d.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 2, reviewSampling: 0, qc: { minAgreement: 0.7, autoAcceptConsensus: true } })]);
  const [{ id: batchId }] = await d.db.query(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'round', 2) RETURNING id`, [org.orgId, projectId]);
  const [disputed, unfinished, alsoAgreed] = [await asset(projectId), await asset(projectId), await asset(projectId)];
  // Two people who agree within a pixel; two who agree on one box of three; one still at work.
  await work(projectId, batchId, agreed, 'annotator', BOXES);
  await work(projectId, batchId, agreed, 'reviewer', BOXES.map(([x, y, w, h]): Box => [x + 1, y, w, h]));
  await work(projectId, batchId, disputed, 'annotator', BOXES);
  await work(projectId, batchId, disputed, 'reviewer', [BOXES[0], [600, 10, 20, 20], [10, 400, 30, 30]]);
  await work(projectId, batchId, unfinished, 'annotator', BOXES);
  await work(projectId, batchId, unfinished, 'reviewer', BOXES, 'in_progress');
  await work(projectId, batchId, alsoAgreed, 'annotator', BOXES.slice(0, 2));
  await work(projectId, batchId, alsoAgreed, 'reviewer', BOXES.slice(0, 2));
  // A pair an earlier result had and this work no longer has (people who since left the asset).
  await d.db.query(
    `INSERT INTO quality_pair_results (asset_id, user_a, user_b, org_id, project_id, version, f1) VALUES ($1, $2, $3, $4, $5, 1, 0.5)`,
    [agreed, ...[org.users.manager.id, org.users.owner.id].sort(), org.orgId, projectId]);

  const consensus = d.get(AssetConsensus);
  const ready = await consensus.computeMany(org.orgId, [agreed, disputed, unfinished, alsoAgreed, agreed]);
  expect([...ready].sort()).toEqual([agreed, disputed, alsoAgreed].sort());

  const results = await d.db.query(`SELECT asset_id, state, agreement, computed_at, details FROM quality_asset_results WHERE project_id = $1`, [projectId]);
  const of = (id: string) => results.find((r: { asset_id: string }) => r.asset_id === id);
  expect(results).toHaveLength(3);
  expect(of(agreed)).toMatchObject({ state: 'agreed', agreement: 1 });
  expect(of(alsoAgreed)).toMatchObject({ state: 'agreed', agreement: 1 });
  expect(of(disputed).state).toBe('review');
  expect(of(disputed).agreement).toBeCloseTo(1 / 3, 5);
  expect(of(disputed).details.disagreements.length).toBeGreaterThan(0);

  const pair = [org.users.annotator.id, org.users.reviewer.id].sort();
  const pairs = await d.db.query(`SELECT asset_id, user_a, user_b, f1 FROM quality_pair_results WHERE project_id = $1 ORDER BY f1`, [projectId]);
  expect(pairs.map((p: { asset_id: string; user_a: string; user_b: string }) => [p.asset_id, p.user_a, p.user_b]).sort())
    .toEqual([[agreed, ...pair], [disputed, ...pair], [alsoAgreed, ...pair]].sort());

  // The agreed assets' consensus is their result: the people's boxes, averaged; the disputed one waits for review.
  expect(await consensusIn(agreed)).toEqual(BOXES.map(([x, y, width, height]) => ({ type: 'box', x: x + 0.5, y, width, height, rotation: 0 })));
  expect(await consensusIn(alsoAgreed)).toHaveLength(2);
  expect(await consensusIn(disputed)).toEqual([]);
  expect(await consensusIn(unfinished)).toEqual([]);

  // The same work again: nothing computed, stored or committed.
  const [{ n: ops }] = await d.db.query(`SELECT count(*)::int AS n FROM annotation_ops`);
  await consensus.computeMany(org.orgId, [alsoAgreed, agreed, disputed]);
  const again = await d.db.query(`SELECT asset_id, computed_at FROM quality_asset_results WHERE project_id = $1`, [projectId]);
  for (const r of again) expect(r.computed_at).toEqual(of(r.asset_id).computed_at);
  expect((await d.db.query(`SELECT count(*)::int AS n FROM annotation_ops`))[0].n).toBe(ops);

  // The last person hands in: the round that holds it computes it, and leaves the others as they were.
  await d.db.query(`UPDATE tasks SET state = 'submitted' WHERE asset_id = $1`, [unfinished]);
  expect((await consensus.computeMany(org.orgId, [agreed, unfinished])).size).toBe(2);
  expect(await consensusIn(unfinished)).toHaveLength(3);
  const [{ computed_at }] = await d.db.query(`SELECT computed_at FROM quality_asset_results WHERE asset_id = $1`, [agreed]);
  expect(computed_at).toEqual(of(agreed).computed_at);
});

/** What the job runner hands a whole job, enough for running one in this process. */
const context = (jobRunId: string): JobContext => ({
  jobRunId, attempt: 1, finalAttempt: true, progress: async () => undefined, itemDone: async () => undefined, itemsDone: async () => undefined,
  cancelled: async () => false, log: () => undefined,
});

it('keeps agreed consensus beside the result until accepted, then accepts every agreed one for someone who still may', async () => {
  const { projectId, assetId: first } = await createAnnotatableAsset(d.db, org);
  // The default: agreed consensus waits for a reviewer.
  await d.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 2, reviewSampling: 0 })]);
  const [{ id: batchId }] = await d.db.query(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'accept', 2) RETURNING id`, [org.orgId, projectId]);
  const [second, disputed] = [await asset(projectId), await asset(projectId)];
  for (const id of [first, second]) {
    await work(projectId, batchId, id, 'annotator', BOXES);
    await work(projectId, batchId, id, 'reviewer', BOXES.map(([x, y, w, h]): Box => [x, y + 1, w, h]));
  }
  await work(projectId, batchId, disputed, 'annotator', BOXES);
  await work(projectId, batchId, disputed, 'reviewer', [[600, 10, 20, 20]]);
  await d.get(AssetConsensus).computeMany(org.orgId, [first, second, disputed]);
  const states = async () => Object.fromEntries((await d.db.query(`SELECT asset_id, state, accepted_by FROM quality_asset_results WHERE project_id = $1`, [projectId]))
    .map((r: { asset_id: string; state: string; accepted_by: string | null }) => [r.asset_id, [r.state, r.accepted_by]]));
  expect(await states()).toEqual({ [first]: ['agreed', null], [second]: ['agreed', null], [disputed]: ['review', null] });
  expect(await consensusIn(first)).toEqual([]);

  const runs = d.get(JobRunsService);
  const acceptance = d.get(ConsensusAcceptance);
  // Someone without the right in this project (a reviewer taken off it before the job ran) is refused, and nothing is written.
  const [outsider] = await d.db.query(`SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2`, [projectId, org.users.manager.id]);
  expect(outsider).toBeUndefined();
  const reviewerRun = await runs.start({ orgId: org.orgId, userId: org.users.reviewer.id }, 'quality.accept', { projectId });
  await d.db.query(`DELETE FROM project_members WHERE project_id = $1 AND user_id = $2`, [projectId, org.users.reviewer.id]);
  await expect(acceptance.run({ orgId: org.orgId, jobRunId: reviewerRun.id, projectId }, context(reviewerRun.id))).rejects.toMatchObject({ permanent: true });
  expect(await consensusIn(first)).toEqual([]);

  // A manager (every project of the organisation): both agreed assets written and accepted in their name; the disputed one waits.
  const managerRun = await runs.start({ orgId: org.orgId, userId: org.users.manager.id }, 'quality.accept', { projectId });
  await acceptance.run({ orgId: org.orgId, jobRunId: managerRun.id, projectId }, context(managerRun.id));
  const averaged = BOXES.map(([x, y, width, height]) => ({ type: 'box', x, y: y + 0.5, width, height, rotation: 0 }));
  expect(await consensusIn(first)).toEqual(averaged);
  expect(await consensusIn(second)).toEqual(averaged);
  expect(await consensusIn(disputed)).toEqual([]);
  const manager = org.users.manager.id;
  expect(await states()).toEqual({ [first]: ['accepted', manager], [second]: ['accepted', manager], [disputed]: ['review', null] });
  // Run again (a redelivered job): nothing more committed.
  const [{ n: ops }] = await d.db.query(`SELECT count(*)::int AS n FROM annotation_ops`);
  await acceptance.run({ orgId: org.orgId, jobRunId: managerRun.id, projectId }, context(managerRun.id));
  expect((await d.db.query(`SELECT count(*)::int AS n FROM annotation_ops`))[0].n).toBe(ops);
});
