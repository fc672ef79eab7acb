import type { JobRun } from '@tessera/contracts';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

/**
 * The files of exports and audit exports are deleted once their time is up
 * (EXPORT_KEEP_MS after they were made, here five seconds): the run keeps its
 * figures and says when, downloading answers 410, the bytes are gone. A
 * release's file, a dataset handed to its consumers, is kept.
 */
let server: TestServer;
let manager: string;
let auditor: string;
let orgId: string;

const download = (token: string, id: string) => fetch(`${server.url}/api/v1/job-runs/${id}/download`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  // The ingest sweep deletes the files let go of; often, and with no grace for files written a moment ago.
  server = await startTestServer({ worker: true, env: { EXPORT_KEEP_MS: '5000', INGEST_SWEEP_MS: '300', DROPPED_BLOB_GRACE_MS: '0' } });
  const org = await createOrgWithRoles(server.db, 'Expiry Org', 'export-expiry.test');
  orgId = org.orgId;
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
}, 60000);
afterAll(() => server?.close());

it('deletes an export file once its time is up, and answers 410 for it; a release file stays', async () => {
  const projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Expiring', mediaType: 'image' } })).json.id;
  const started = [
    { token: manager, res: await api(server.url, 'POST', `/api/v1/projects/${projectId}/exports`, { token: manager, body: { format: 'coco' } }) },
    { token: auditor, res: await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' } }) },
  ];
  // A release's run, made as long ago: its file is the release's, and is not an export's to expire.
  const [release] = (await server.db.query(
    `INSERT INTO job_runs (org_id, type, state, counts, params, result, finished_at)
     VALUES ($1, 'releases.build', 'succeeded', '{"total":1,"processed":1,"failed":0}', '{}', $2, now() - interval '1 day') RETURNING id`,
    [orgId, JSON.stringify({ blobKey: `sha256/${'ab'.repeat(32)}`, fileName: 'r.zip', contentType: 'application/zip', size: 1, sha256: 'ab'.repeat(32), expiresAt: '2026-01-01T00:00:00.000Z' })],
  )) as { id: string }[];

  const runs: { token: string; run: Pick<JobRun, 'id' | 'type'> & { result: NonNullable<JobRun['result']> } }[] = [];
  for (const { token, res } of started) {
    expect(res.status).toBe(202);
    const run = await server.finished(token, res.json.id);
    expect(run.state).toBe('succeeded');
    if (!run.result?.expiresAt || !run.finishedAt) throw new Error(`run ${run.id} has no file or no expiry`);
    const keptFor = Date.parse(run.result.expiresAt) - Date.parse(run.finishedAt);
    expect([keptFor > 4000, keptFor < 6000]).toEqual([true, true]);
    expect((await download(token, run.id)).status).toBe(200);
    expect(await server.holdsBlob(run.result.sha256)).toBe(true);
    runs.push({ token, run: { id: run.id, type: run.type, result: run.result } });
  }
  for (const { token, run } of runs) {
    await server.until(`the file of ${run.type} to be deleted`, async () => !(await server.holdsBlob(run.result.sha256)));
    const gone = await download(token, run.id);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await gone.json()).toMatchObject({ status: 410, code: 'run_file_expired' });
    // The run still says what it made.
    expect((await api(server.url, 'GET', `/api/v1/job-runs/${run.id}`, { token })).json).toMatchObject({ state: 'succeeded', result: { fileName: run.result.fileName, size: run.result.size } });
  }
  const [kept] = (await server.db.query(`SELECT result->>'blobKey' AS blob_key FROM job_runs WHERE id = $1`, [release.id])) as { blob_key: string | null }[];
  expect(kept.blob_key).toBe(`sha256/${'ab'.repeat(32)}`);
}, 90000);

it('keeps the bytes two runs share until the last of them lets go', async () => {
  // The same past range twice: the same CSV, one content-addressed blob.
  const range = { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' };
  const runs: { id: string; sha256: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: range });
    const run = await server.finished(auditor, started.json.id);
    runs.push({ id: run.id, sha256: run.result!.sha256 });
  }
  expect(runs[1].sha256).toBe(runs[0].sha256);
  // The first one's time is up at once; the second has its five seconds.
  await server.db.query(`UPDATE job_runs SET result = result || jsonb_build_object('expiresAt', now() - interval '1 second') WHERE id = $1`, [runs[0].id]);
  await server.until('the first run to let go of its file', async () => (await download(auditor, runs[0].id)).status === 410);
  expect((await download(auditor, runs[1].id)).status).toBe(200);
  expect(await server.holdsBlob(runs[1].sha256)).toBe(true);

  await server.until('the shared file to be deleted with its last run', async () => !(await server.holdsBlob(runs[1].sha256)));
  expect((await download(auditor, runs[1].id)).status).toBe(410);
}, 60000);
