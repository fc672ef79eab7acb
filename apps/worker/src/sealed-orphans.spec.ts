import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { syntheticSeries } from '@tessera/dicom';
import { LocalBlobStore, sealStream } from '@tessera/server/storage';
import { api, createOrgWithRoles, filesUnder, startTestServer, type TestServer } from '@tessera/server/testing';

/**
 * Raw DICOM rests sealed from upload to de-identification. What nothing will
 * ever de-identify (the process that took it in died before starting a run,
 * a run was cancelled, an import was tried again and sealed its files anew)
 * must not rest for ever: the worker's sweep deletes it, and never what an
 * open run carries, what an import still running holds, or a kept original.
 */
let server: TestServer;
let orgId: string;
let manager: string;
let admin: string;
let plainProject: string;
let keepingProject: string;

const series = syntheticSeries({ slices: 2, size: 8, studyUid: '6.6.6', seriesUid: '6.6.6.1' });
const files = series.map((bytes, i) => ({ name: `IM${i}.dcm`, bytes }));

const ledger = async () => ((await server.db.query(`SELECT blob_key FROM sealed_blobs`)) as { blob_key: string }[]).map((r) => r.blob_key);
/** What admitting a DICOM file leaves before its run starts: the sealed bytes, written down an hour ago. */
async function setAside(heldBy: string | null = null): Promise<string> {
  const blob = await new LocalBlobStore(server.env.DATA_DIR).put(Readable.from([series[0]]).pipe(sealStream(randomBytes(32))));
  await server.db.query(`INSERT INTO sealed_blobs (blob_key, org_id, held_by, created_at) VALUES ($1, $2, $3, now() - interval '1 hour')`, [blob.key, orgId, heldBy]);
  return blob.key;
}
const openRun = async (type: string, itemJobs: unknown = null) =>
  ((await server.db.query(
    `INSERT INTO job_runs (org_id, type, state, counts, params, item_jobs) VALUES ($1, $2, 'running', '{"total":1,"processed":0,"failed":0}', '{}', $3) RETURNING id`,
    [orgId, type, itemJobs && JSON.stringify(itemJobs)])) as { id: string }[])[0].id;
/** Ingest deletes the raw files after counting them, so a run may say it is done a moment before they are struck off. */
const ledgerEmpties = () => server.until('the sealed ledger to empty', async () => (await ledger()).length === 0);

beforeAll(async () => {
  // The sweep twice a second; orphans are those written down a minute ago, so nothing this test uploads is one.
  server = await startTestServer({ worker: true, env: { INGEST_SWEEP_MS: '500', SEALED_ORPHAN_MS: '60000', JOB_RECONCILE_MS: '3600000' } });
  const org = await createOrgWithRoles(server.db, 'Sealed Org', 'sealed-orphans.test');
  orgId = org.orgId;
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  admin = await server.tokenFor(org.users.admin.id, org.orgId);
  const project = (body: object) => api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { mediaType: 'dicom', ...body } }).then((r) => r.json.id as string);
  plainProject = await project({ name: 'CT' });
  keepingProject = await project({ name: 'CT with originals', workflow: { keepDicomOriginals: true } });
}, 60000);
afterAll(() => server?.close());

it('writes down every sealed upload, and strikes it off once ingest has deleted it', async () => {
  const { json } = await server.upload(manager, plainProject, files);
  expect(await server.finished(manager, json.dicomRunId!)).toMatchObject({ state: 'succeeded', counts: { total: 2, processed: 2 } });
  await ledgerEmpties();
});

it('keeps the original an instance points at, and not the copy a file sent again brings', async () => {
  const first = (await server.upload(manager, keepingProject, files)).json;
  await server.finished(manager, first.dicomRunId!);
  const originals = ((await server.db.query(`SELECT original_key FROM dicom_instances WHERE original_key IS NOT NULL`)) as { original_key: string }[])
    .map((r) => r.original_key);
  expect(originals).toHaveLength(2);
  // Struck off before the count: a kept original never waits in the ledger after its run.
  expect(await ledger()).toEqual([]);
  const before = await filesUnder(join(server.env.DATA_DIR, 'blobs'));

  // The same files again: their instances keep the first copies, so the second sealed copies go.
  const again = (await server.upload(manager, keepingProject, files)).json;
  expect(await server.finished(manager, again.dicomRunId!)).toMatchObject({ state: 'succeeded', counts: { total: 2, processed: 2 } });
  await ledgerEmpties();
  expect([...(await filesUnder(join(server.env.DATA_DIR, 'blobs'))).keys()].sort()).toEqual([...before.keys()].sort());

  // A kept original still written down (its ingest died between the two writes) is struck off, never deleted.
  await server.db.query(`INSERT INTO sealed_blobs (blob_key, org_id, created_at) VALUES ($1, $2, now() - interval '1 hour')`, [originals[0], orgId]);
  await ledgerEmpties();
  expect(await server.holdsBlob(originals[0])).toBe(true);
  const [asset] = (await api(server.url, 'GET', `/api/v1/projects/${keepingProject}/assets`, { token: manager })).json.items;
  const instances = (await api(server.url, 'GET', `/api/v1/assets/${asset.id}/instances`, { token: manager })).json.items as { id: string }[];
  for (const instance of instances) {
    expect((await fetch(`${server.url}/api/v1/assets/${asset.id}/instances/${instance.id}/original`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
  }
}, 60000);

it('deletes what nothing will de-identify, and leaves what an open run carries or a running import holds until they close', async () => {
  const orphan = await setAside();
  const carried = await setAside();
  const carrier = await openRun('dicom.ingest', { retry: {}, jobs: [{ key: '0', count: 1, payload: { projectId: plainProject, files: [{ blobKey: carried, name: 'IM0.dcm' }], createdBy: null } }] });
  const importRun = await openRun('assets.import');
  const held = await setAside(importRun);

  await server.until('the orphan to be deleted', async () => !(await ledger()).includes(orphan));
  expect(await server.holdsBlob(orphan)).toBe(false);
  await new Promise((r) => setTimeout(r, 1500));
  expect((await ledger()).sort()).toEqual([carried, held].sort());
  expect([await server.holdsBlob(carried), await server.holdsBlob(held)]).toEqual([true, true]);

  // The run cancelled, the import over: nothing will take them now.
  await server.db.query(`UPDATE job_runs SET state = 'cancelled' WHERE id = $1`, [carrier]);
  await server.db.query(`UPDATE job_runs SET state = 'failed' WHERE id = $1`, [importRun]);
  await ledgerEmpties();
  expect([await server.holdsBlob(carried), await server.holdsBlob(held)]).toEqual([false, false]);
}, 60000);
