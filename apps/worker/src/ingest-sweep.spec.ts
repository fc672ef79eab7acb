import sharp from 'sharp';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

/**
 * An asset left pending with no run to ingest it (the process that took it in
 * died before starting one, and nobody sent the file again) is given a run by
 * the worker's ingest sweep; one an open run carries is left to that run.
 */
let server: TestServer;
let manager: string;
let projectId: string;

const statusOf = async (id: string) => ((await server.db.query(`SELECT status FROM assets WHERE id = $1`, [id])) as { status: string }[])[0].status;
/** What the process's death leaves: the assets' rows and bytes, pending, and no run for them. */
const forget = (ids: string[]) => server.db.query(`UPDATE assets SET status = 'pending', width = NULL, height = NULL WHERE id = ANY($1::uuid[])`, [ids]);

beforeAll(async () => {
  // The sweep every second; the reconciler, which would queue the hand-made run's job below, not within the test.
  server = await startTestServer({ worker: true, env: { INGEST_SWEEP_MS: '1000', JOB_RECONCILE_MS: '3600000' } });
  const org = await createOrgWithRoles(server.db, 'Sweep Org', 'ingest-sweep.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Images', mediaType: 'image' } })).json.id;
}, 60000);
afterAll(() => server?.close());

it('gives a run to assets left pending with none, and leaves one an open run carries to that run', async () => {
  const files = await Promise.all([['one.png', '#123456'], ['two.png', '#654321'], ['three.png', '#abcdef']].map(async ([name, background]) =>
    ({ name, bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background } }).png().toBuffer() })));
  const [one, two, three] = (await server.upload(manager, projectId, files)).json.accepted.map((a) => a.assetId);
  for (const id of [one, two, three]) await server.until(`${id} to be ingested`, async () => (await statusOf(id)) === 'ready');

  // Three carried by a run that is open (its job on its way, say): the sweep leaves it alone.
  await server.db.query(
    `INSERT INTO job_runs (org_id, type, state, counts, params, item_jobs)
     SELECT org_id, 'assets.ingest', 'queued', '{"total":1,"processed":0,"failed":0}', '{}', $2 FROM assets WHERE id = $1`,
    [three, JSON.stringify({ retry: {}, jobs: [{ key: '0', count: 1, payload: { assetIds: [three] } }] })]);
  await forget([one, two, three]);

  const forgotten = async () => (await server.db.query(`SELECT state, counts, created_by, params FROM job_runs WHERE params->>'forgotten' = 'true'`)) as {
    state: string; counts: unknown; created_by: string | null; params: { files: number };
  }[];
  const [run] = await server.until('a run for the forgotten assets to finish', async () => {
    const runs = await forgotten();
    return runs.length > 0 && runs.every((r) => r.state === 'succeeded') && runs;
  });
  expect(run).toEqual({ state: 'succeeded', counts: { total: 2, processed: 2, failed: 0 }, created_by: null, params: { projectId, files: 2, forgotten: true } });
  expect([await statusOf(one), await statusOf(two)]).toEqual(['ready', 'ready']);
  await new Promise((r) => setTimeout(r, 2500));
  expect(await statusOf(three)).toBe('pending');
  expect(await forgotten()).toHaveLength(1);

  // Once that run is no longer open, the sweep takes the asset it left.
  await server.db.query(`UPDATE job_runs SET state = 'cancelled' WHERE item_jobs IS NOT NULL AND params = '{}'`);
  await server.until('the asset the cancelled run left to be ingested', async () => (await statusOf(three)) === 'ready');
}, 90000);

it('leaves the pending assets of a project an import is still walking to that import', async () => {
  const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0f0f' } }).png().toBuffer();
  const [asset] = (await server.upload(manager, projectId, [{ name: 'walked.png', bytes }])).json.accepted.map((a) => a.assetId);
  await server.until(`${asset} to be ingested`, async () => (await statusOf(asset)) === 'ready');
  // An import of thousands of files starts their ingest once it has them all.
  const [{ id: importRun }] = (await server.db.query(
    `INSERT INTO job_runs (org_id, type, state, counts, params) SELECT org_id, 'assets.import', 'running', '{"total":1,"processed":0,"failed":0}', $2 FROM assets WHERE id = $1 RETURNING id`,
    [asset, JSON.stringify({ projectId, source: 'folder' })])) as { id: string }[];
  await forget([asset]);
  await new Promise((r) => setTimeout(r, 2500));
  expect(await statusOf(asset)).toBe('pending');

  // The import died without starting one: the sweep takes the asset once the import's run is over.
  await server.db.query(`UPDATE job_runs SET state = 'failed' WHERE id = $1`, [importRun]);
  await server.until('the asset the import left to be ingested', async () => (await statusOf(asset)) === 'ready');
}, 60000);
