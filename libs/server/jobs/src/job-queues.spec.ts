import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Config } from '@tessera/server/config';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '@tessera/server/testing';
import { JobQueues } from './job-queues';

/** Jobs asked for in one turn go to Redis together; each caller still learns when its own are in. */

const config = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() } as Config;
let queues: JobQueues;
let reader: Queue;
beforeAll(() => {
  queues = new JobQueues(config);
  reader = new Queue('quality', { connection: { url: TEST_REDIS_URL }, prefix: `${config.REDIS_PREFIX}:bull` });
});
afterAll(async () => {
  await queues.onModuleDestroy();
  await reader.obliterate({ force: true });
  await reader.close();
});

const job = () => {
  const run = randomUUID();
  return { jobId: `${run}-0`, payload: { orgId: randomUUID(), jobRunId: run, taskId: randomUUID() } };
};

it('adds the jobs of one turn in one bulk add, each with its own options, and resolves every caller once they are in', async () => {
  const bulk = jest.spyOn(queues.queue('quality'), 'addBulk');
  const [a, b, c] = [job(), job(), job()];
  await Promise.all([
    queues.enqueueMany('quality.task', [a], { attempts: 2 }),
    queues.enqueueMany('quality.task', [b, c]),
    queues.enqueue('quality.task', a.payload, a.jobId), // the same job again: one job
  ]);
  expect(bulk).toHaveBeenCalledTimes(1);
  bulk.mockRestore();
  const [ja, jb, jc] = await Promise.all([a, b, c].map((j) => reader.getJob(j.jobId)));
  expect([ja?.data, jb?.data, jc?.data]).toEqual([a.payload, b.payload, c.payload]);
  expect([ja?.opts.attempts, jb?.opts.attempts]).toEqual([2, 5]); // the call's retry options, else the defaults
  expect(await reader.getJobCounts('waiting')).toEqual({ waiting: 3 });
});

it('refuses a malformed payload for its caller alone', async () => {
  const good = job();
  const results = await Promise.allSettled([
    queues.enqueue('quality.task', { ...good.payload, taskId: 'not-a-uuid' }, `${randomUUID()}-0`),
    queues.enqueueMany('quality.task', [good]),
  ]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  expect((await reader.getJob(good.jobId))?.data).toEqual(good.payload);
});

it('fails only the caller whose job BullMQ refuses, though their jobs were asked for together', async () => {
  const good = job();
  const results = await Promise.allSettled([
    queues.enqueueMany('quality.task', [{ ...job(), jobId: '12345' }]), // BullMQ refuses an id that is an integer
    queues.enqueueMany('quality.task', [good]),
  ]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  expect((await reader.getJob(good.jobId))?.data).toEqual(good.payload);
});

it('adds what was asked for just before it stops, then closes', async () => {
  const last = job();
  const added = queues.enqueueMany('quality.task', [last]);
  await queues.onModuleDestroy();
  await added;
  expect((await reader.getJob(last.jobId))?.data).toEqual(last.payload);
});
