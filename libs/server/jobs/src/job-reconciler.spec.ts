import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Config } from '@tessera/server/config';
import { openDataSource } from '@tessera/server/db';
import { TEST_REDIS_URL, createOrgWithRoles, createTestDatabase, uniqueRedisPrefix, type TestDatabase, type TestOrg } from '@tessera/server/testing';
import { JobQueues } from './job-queues';
import { JobReconciler } from './job-reconciler';
import { JobRunsService } from './job-runs.service';

/**
 * An item run keeps its jobs until it closes, and the reconciler queues again those whose items are not all
 * counted: here a run whose jobs were never queued (the API died after its COMMIT), on real Postgres and Redis.
 */
const config = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix(), JOB_RECONCILE_MS: 100 } as Config;
let database: TestDatabase;
let ds: DataSource;
let org: TestOrg;
let queues: JobQueues;
let runs: JobRunsService;
let reconciler: JobReconciler;
const readers = new Map<string, Queue>();
const reader = (name: string) => {
  if (!readers.has(name)) readers.set(name, new Queue(name, { connection: { url: TEST_REDIS_URL }, prefix: `${config.REDIS_PREFIX}:bull` }));
  return readers.get(name)!;
};
const aged = () => new Promise((r) => setTimeout(r, 150));
const count = (runId: string, itemIds: string[]) =>
  ds.query(`INSERT INTO job_run_items (run_id, job_id, ok) SELECT $1, unnest($2::text[]), true`, [runId, itemIds]);

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await openDataSource(database.url);
  org = await createOrgWithRoles(ds, 'Reconcile Co', 'reconcile.test');
  queues = new JobQueues(config);
  runs = new JobRunsService(ds, queues);
  reconciler = new JobReconciler(ds, queues, config);
});
afterAll(async () => {
  await queues?.onModuleDestroy();
  for (const q of readers.values()) {
    await q.obliterate({ force: true });
    await q.close();
  }
  await ds?.destroy();
  await database?.drop();
});

it('queues again the jobs of an open item run whose items are not all counted, with their payloads and retry options', async () => {
  const ids = () => [randomUUID(), randomUUID()];
  const jobs = [{ key: '0', count: 2, payload: { assetIds: ids() } }, { key: '1', count: 2, payload: { assetIds: ids() } }, { key: '2', count: 2, payload: { assetIds: ids() } }];
  // Written, never queued.
  const { run } = await runs.createItems({ orgId: org.orgId, userId: null }, 'assets.ingest', jobs, {}, ds.manager, { attempts: 2 });
  await count(run.id, [`${run.id}-0:0`, `${run.id}-0:1`, `${run.id}-2:1`]);
  await aged();

  expect(await reconciler.reconcile()).toBe(2);
  const ingest = reader('ingest');
  expect(await ingest.getJob(`${run.id}-0`)).toBeUndefined(); // both its items counted
  for (const key of ['1', '2']) {
    const job = await ingest.getJob(`${run.id}-${key}`);
    expect(job?.data).toEqual({ ...jobs[Number(key)].payload, orgId: org.orgId, jobRunId: run.id });
    expect(job?.opts.attempts).toBe(2);
  }
  // Offered again at the next pass, while BullMQ holds them: still one job each.
  expect(await reconciler.reconcile()).toBe(2);
  expect(await ingest.getJobCounts('waiting')).toEqual({ waiting: 2 });

  // A run that is no longer open is offered nothing (the runner's count that closes one also clears its jobs:
  // redis-loss.spec.ts).
  await ds.query(`UPDATE job_runs SET state = 'cancelled' WHERE id = $1`, [run.id]);
  expect(await reconciler.reconcile()).toBe(0);
});

it('leaves a one-item job alone once its item is counted, and a run younger than JOB_RECONCILE_MS', async () => {
  const counted = randomUUID();
  const owed = randomUUID();
  const { run } = await runs.createItems({ orgId: org.orgId, userId: null }, 'quality.task',
    [{ key: counted, payload: { taskId: counted } }, { key: owed, payload: { taskId: owed } }], {}, ds.manager);
  await count(run.id, [`${run.id}-${counted}`]);
  expect(await reconciler.reconcile()).toBe(0); // too young: its jobs may be on their way
  await aged();
  expect(await reconciler.reconcile()).toBe(1);
  const quality = reader('quality');
  expect(await quality.getJob(`${run.id}-${counted}`)).toBeUndefined();
  expect((await quality.getJob(`${run.id}-${owed}`))?.data).toEqual({ taskId: owed, orgId: org.orgId, jobRunId: run.id });
  await ds.query(`UPDATE job_runs SET state = 'failed' WHERE id = $1`, [run.id]);
});

it('refuses an item count for a kind of job whose runner would not know its items', async () => {
  await expect(runs.createItems({ orgId: org.orgId, userId: null }, 'quality.task', [{ key: 'x', count: 2, payload: { taskId: randomUUID() } }], {}, ds.manager))
    .rejects.toThrow('quality.task jobs carry one item each');
});
