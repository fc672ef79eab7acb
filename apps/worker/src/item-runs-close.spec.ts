import sharp from 'sharp';
import Redis from 'ioredis';
import { QUEUE_OF } from '@tessera/contracts';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * A run of items closes once each item is counted. Handlers count their items
 * themselves, but one that fails on its last attempt before it counts them (a
 * write the database keeps refusing), or a job BullMQ gives up on without
 * running it, leaves them to the runner: every item of such a job, several
 * where the job carries several, is counted failed with the reason, so its run
 * closes rather than staying "running" for ever.
 */
let server: TestServer;
let org: TestOrg;
let manager: string;
let projectId: string;

const png = (background: string) => sharp({ create: { width: 8, height: 8, channels: 3, background } }).png().toBuffer();

async function upload(files: { name: string; bytes: Buffer }[]) {
  const res = await server.upload(manager, projectId, files);
  expect(res.status).toBe(202);
  return res.json.jobRunId!;
}

/** The run once it is neither queued nor running. */
const closed = (runId: string) => server.until(`run ${runId} to close`, async () => {
  const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
  return run.state !== 'queued' && run.state !== 'running' && run;
}, 90000);

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Item Runs Org', 'item-runs.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Images', mediaType: 'image' } })).json.id;
}, 60000);
afterAll(() => server?.close());

it('counts every item of a job whose handler fails on its last attempt before counting them, and closes the run', async () => {
  // In this test's own database: settling these assets fails on every attempt, as a write the database keeps refusing does.
  await server.db.query(`
    CREATE FUNCTION refuse_settling() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the test refuses to settle %', NEW.name; END $$;
    CREATE TRIGGER refuse_settling BEFORE UPDATE ON assets FOR EACH ROW
      WHEN (NEW.name LIKE 'refused-%' AND NEW.status <> OLD.status) EXECUTE FUNCTION refuse_settling();`);
  try {
    const runId = await upload([
      { name: 'refused-1.png', bytes: await png('#112233') },
      { name: 'refused-2.png', bytes: await png('#445566') },
      { name: 'refused-3.png', bytes: await png('#778899') },
    ]);
    // One job carries the three (a batch of ingest), tried five times with backoff: about half a minute.
    const run = await closed(runId);
    expect(run.counts).toEqual({ total: 3, processed: 0, failed: 3 });
    expect(run.state).toBe('failed');
    const itemErrors = run.errors.filter((e: { code?: string }) => e.code === 'job.failed');
    expect(itemErrors).toHaveLength(3);
    for (const e of itemErrors) expect(e.message).toMatch(/the test refuses to settle refused-/);
  } finally {
    await server.db.query(`DROP TRIGGER refuse_settling ON assets; DROP FUNCTION refuse_settling()`);
  }
}, 120000);

it('counts every item of a job BullMQ gives up on without running it, where it counted one for the whole job', async () => {
  const worker = server.worker!;
  worker.kill('SIGKILL');
  await new Promise((resolve) => worker.once('exit', resolve));
  const runId = await upload([
    { name: 'stalled-1.png', bytes: await png('#102030') },
    { name: 'stalled-2.png', bytes: await png('#405060') },
  ]);
  // BullMQ marks a job that stalled more than maxStalledCount times (its worker died on it each time) for failure,
  // and the next worker to take it fails it without running it. Here the mark is set by hand on the queued job.
  const redis = new Redis(server.env.REDIS_URL);
  try {
    const key = `${server.env.REDIS_PREFIX}:bull:${QUEUE_OF['assets.ingest']}:${runId}-0`;
    expect(await redis.exists(key)).toBe(1);
    await redis.hset(key, 'defa', 'job stalled more than allowable limit');
  } finally {
    redis.disconnect();
  }
  await server.startWorker();
  const run = await closed(runId);
  expect(run.counts).toEqual({ total: 2, processed: 0, failed: 2 });
  expect(run.state).toBe('failed');
  expect(run.errors.filter((e: { code?: string }) => e.code === 'job.stalled')).toHaveLength(2);
}, 120000);
