/**
 * SyncAccess against real Postgres and Redis, composed in this process (no API,
 * no worker): the decision a long-lived connection works under, when it stands
 * and when it must be made again.
 */
import { ASSET_ENTITIES } from '@tessera/server/assets';
import { AUDIT_ENTITIES } from '@tessera/server/audit';
import { AccessChanges, AUTH_ENTITIES, AuthService, type AccessChange, type Revocation } from '@tessera/server/auth';
import { JOB_ENTITIES } from '@tessera/server/jobs';
import { PROJECT_ENTITIES, ProjectsService } from '@tessera/server/projects';
import { BatchesService, TasksModule, TasksService } from '@tessera/server/tasks';
import { createAnnotatableAsset, createOrgWithRoles, TEST_PASSWORD, type TestOrg } from '@tessera/server/testing';
import { startDomain, type DomainContext } from '@tessera/server/testing/domain';
import { RECHECK_MS, SyncAccess, type Credentials } from './sync-access';
import { SyncModule } from './sync.module';

let d: DomainContext;
let org: TestOrg;
let access: SyncAccess;
const origin = { ip: null, userAgent: 'medium test', requestId: null };

async function until(check: () => boolean, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const credentials = async (role: keyof TestOrg['users']): Promise<Credentials> => ({ token: await d.tokenFor(org.users[role].id, org.orgId), origin });

beforeAll(async () => {
  d = await startDomain([SyncModule, TasksModule], { entities: [...AUTH_ENTITIES, ...PROJECT_ENTITIES, ...JOB_ENTITIES, ...AUDIT_ENTITIES, ...ASSET_ENTITIES] });
  org = await createOrgWithRoles(d.db, 'Medium Org', 'medium.test');
  access = d.get(SyncAccess);
});
afterAll(() => d?.close());

it('keeps a decision while no counter moves, and decides again when a project membership changes', async () => {
  const { projectId, assetId } = await createAnnotatableAsset(d.db, org);
  const annotator = await credentials('annotator');
  const { set } = await access.join(annotator, { assetId });
  expect(set).toMatchObject({ assetId, canEdit: true, via: { assetId } });
  // Nothing changed: the very same decision, with no database read.
  expect((await access.current(annotator, set))?.set).toBe(set);

  const heard: AccessChange[] = [];
  const stop = access.onChanged((c) => heard.push(c));
  await d.get(ProjectsService).removeMember(await d.actorFor(org.users.manager.id, org.orgId), projectId, org.users.annotator.id);
  // Out of the project, the asset is not theirs to see: the set is no longer open to them.
  expect(await access.current(annotator, set)).toBeNull();
  await until(() => heard.some((c) => 'userId' in c && c.userId === org.users.annotator.id), 'the change, published');
  stop();
});

it('renews a decision in the background before it expires, one renewal at a time, and a message meanwhile shares it', async () => {
  const { projectId, assetId } = await createAnnotatableAsset(d.db, org);
  const annotator = await credentials('annotator');
  const { set } = await access.join(annotator, { assetId });
  // Due somewhere between half and four fifths of RECHECK_MS, so that connections that joined together do not renew together.
  expect(set.renewAt - set.checkedAt).toBeGreaterThanOrEqual(RECHECK_MS * 0.5);
  expect(set.renewAt - set.checkedAt).toBeLessThanOrEqual(RECHECK_MS * 0.8);
  expect(access.renewal(annotator, set)).toBeUndefined();

  const due = { ...set, renewAt: Date.now() - 1 };
  const renewal = access.renewal(annotator, due)!;
  expect(renewal).toBeDefined();
  expect(access.renewal(annotator, due)).toBeUndefined(); // under way already
  // Past RECHECK_MS, a message waits for a decision: the renewal under way, not a second one.
  const expired = Object.assign(due, { checkedAt: Date.now() - RECHECK_MS - 1 });
  const [renewed, current] = await Promise.all([renewal, access.current(annotator, expired)]);
  expect(current).toBe(renewed);
  expect(renewed?.set).toMatchObject({ setId: set.setId, canEdit: true });
  expect(renewed!.set.checkedAt).toBeGreaterThan(set.checkedAt);

  // A renewal that finds the set closed says so (null), and never throws.
  await d.get(ProjectsService).removeMember(await d.actorFor(org.users.manager.id, org.orgId), projectId, org.users.annotator.id);
  expect(await access.renewal(annotator, { ...renewed!.set, renewAt: 0 })).toBeNull();
});

it('after a submit, the next decision says the work is no longer the holder’s to edit', async () => {
  const { projectId } = await createAnnotatableAsset(d.db, org);
  await d.db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [projectId, JSON.stringify({ overlap: 1, reviewSampling: 1, emptyAnnotations: 'allow' })]);
  const manager = await d.actorFor(org.users.manager.id, org.orgId);
  await d.get(BatchesService).create(manager, projectId, { name: 'medium', selection: { filter: {}, onlyUnbatched: true } });
  const holder = await d.actorFor(org.users.annotator.id, org.orgId);
  const task = await d.get(TasksService).claim(holder, projectId, 'annotate');
  expect(task).toMatchObject({ state: 'assigned' });

  const annotator = await credentials('annotator');
  const { set } = await access.join(annotator, { taskId: task!.id });
  expect(set).toMatchObject({ canEdit: true, taskId: task!.id });
  const heard: AccessChange[] = [];
  const stop = access.onChanged((c) => heard.push(c));
  await d.get(TasksService).submit(holder, task!.id);
  const now = await access.current(annotator, set);
  expect(now?.set).not.toBe(set);
  expect(now?.set).toMatchObject({ canEdit: false, setId: set.setId });
  await until(() => heard.some((c) => 'taskIds' in c && c.taskIds.includes(task!.id)), 'the move, published');
  expect(access.concerns(set, org.users.annotator.id, { taskIds: [task!.id] })).toBe(true);
  expect(access.concerns(set, org.users.annotator.id, { taskIds: [org.orgId] })).toBe(false);
  stop();
});

it('a changed password revokes every connection of the person and fails the next decision', async () => {
  const { assetId } = await createAnnotatableAsset(d.db, org);
  const reviewer = await credentials('reviewer');
  const { set } = await access.join(reviewer, { assetId });
  const revoked: Revocation[] = [];
  const stop = d.get(AccessChanges).onRevoked((r) => revoked.push(r));
  // Tokens carry their issue time in seconds: the change must be at least a second later to outdate this one.
  await new Promise((r) => setTimeout(r, 1100));
  await d.get(AuthService).changePassword(await d.actorFor(org.users.reviewer.id, org.orgId), { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD}!` });
  // Not a closed set but a lost session: the gateway ends the connection.
  await expect(access.current(reviewer, set)).rejects.toMatchObject({ kind: 'unauthenticated' });
  await until(() => revoked.length > 0, 'the revocation, published');
  expect(revoked[0]).toMatchObject({ userId: org.users.reviewer.id, orgId: null });
  stop();
});

it('tasks changed by requests in one turn are bumped and told together, before any of them is answered', async () => {
  const changes = d.get(AccessChanges);
  const heard: AccessChange[] = [];
  const stop = changes.onChanged((c) => heard.push(c));
  const [a, b, c]: string[] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const keys = [a, b, c].map((id) => changes.taskKey(id));
  const before = await changes.epochs(keys);
  // Two requests' changes in the same turn; the first caller's counters are in Redis when it resumes.
  let firstSaw: (string | null)[] | null = null;
  await Promise.all([
    changes.tasksChanged([a, b]).then(async () => (firstSaw = await changes.epochs(keys))),
    changes.tasksChanged([b, c]),
  ]);
  expect(before).toEqual([null, null, null]);
  expect(firstSaw).toEqual(['1', '1', '1']); // b once: one batch
  await until(() => heard.some((h) => 'taskIds' in h && h.taskIds.includes(a)), 'the change, published');
  const told = heard.filter((h): h is { taskIds: string[] } => 'taskIds' in h && h.taskIds.some((id) => [a, b, c].includes(id)));
  expect(told.map((h) => [...h.taskIds].sort())).toEqual([[a, b, c].sort()]);
  stop();
});
