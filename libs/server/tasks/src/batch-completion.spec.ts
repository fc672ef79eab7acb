import type { DataSource } from 'typeorm';
import { TASK_STATES } from '@tessera/contracts';
import { openDataSource } from '@tessera/server/db';
import { createAnnotatableAsset, createOrgWithRoles, createTestDatabase, type TestDatabase, type TestOrg } from '@tessera/server/testing';
import { WebhookOutbox } from '@tessera/server/webhooks';
import { completeBatchesSql, type CompletedBatch } from './batch-completion';

/**
 * The batch-close statement on real Postgres: a batch completes only once every annotate task in it is accepted,
 * whatever state the last open one is in; review tasks do not hold it open; a batch completes once.
 */
let database: TestDatabase;
let ds: DataSource;
let org: TestOrg;

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await openDataSource(database.url);
  org = await createOrgWithRoles(ds, 'Batch Co', 'batch.test');
});

afterAll(async () => {
  await ds?.destroy();
  await database?.drop();
});

const complete = (batchId: string) =>
  ds.query<CompletedBatch[]>(completeBatchesSql({ deliveriesSql: WebhookOutbox.prototype.deliveriesSql }, 'b.id = $1'), [batchId]);

/** A batch of `states.length` annotate tasks on one asset, in these states. */
async function batchWith(states: readonly string[]) {
  const { projectId, assetId } = await createAnnotatableAsset(ds, org);
  const [{ id: batchId }] = await ds.query<{ id: string }[]>(
    `INSERT INTO batches (org_id, project_id, name, overlap, created_by) VALUES ($1, $2, 'b', 1, $3) RETURNING id`,
    [org.orgId, projectId, org.users.manager.id]);
  await ds.query(
    `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state) SELECT $1, $2, $3, $4, 'annotate', s FROM unnest($5::text[]) AS s`,
    [org.orgId, projectId, batchId, assetId, states]);
  return batchId;
}

const statusOf = async (batchId: string) => (await ds.query<{ status: string }[]>(`SELECT status FROM batches WHERE id = $1`, [batchId]))[0].status;

describe('completeBatchesSql', () => {
  it.each(TASK_STATES.filter((s) => s !== 'accepted'))('keeps a batch open while one annotate task is %s', async (open) => {
    const batchId = await batchWith(['accepted', 'accepted', open, 'accepted']);
    expect(await complete(batchId)).toEqual([]);
    expect(await statusOf(batchId)).toBe('open');

    await ds.query(`UPDATE tasks SET state = 'accepted' WHERE batch_id = $1`, [batchId]);
    expect(await complete(batchId)).toEqual([expect.objectContaining({ id: batchId, org_id: org.orgId, deliveries: [] })]);
    expect(await statusOf(batchId)).toBe('completed');
    expect(await complete(batchId)).toEqual([]);
  });

  it('does not wait for review tasks, only annotate work', async () => {
    const batchId = await batchWith(['accepted']);
    await ds.query(
      `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state) SELECT org_id, project_id, batch_id, asset_id, 'review', 'queued' FROM tasks WHERE batch_id = $1`,
      [batchId]);
    expect(await complete(batchId)).toHaveLength(1);
  });
});
