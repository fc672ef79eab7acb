import Redis from 'ioredis';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticSeries } from '@tessera/dicom';
import { api, createOrgWithRoles, filesUnder, startTestServer, zip, type TestOrg, type TestServer } from '@tessera/server/testing';

// Raw DICOM at rest: whatever shape an upload takes, what lies in the blob
// store, in Redis and in the job runs between upload and de-identification
// must not name the patient. The worker starts late on purpose, so the test
// can look at what rests while nothing has been processed yet.

let server: TestServer;
let org: TestOrg;
let manager: string;
let projectId: string;
const PATIENT = 'Roe^Jane';

async function upload(files: { name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.bytes]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  return { status: res.status, json: (await res.json()) as any };
}
async function settled(runId: string) {
  for (let i = 0; i < 300; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} did not finish\n${server.logs()}`);
}

/** Every value this server's processes keep in Redis (queues, job payloads), as text. */
async function redisText(): Promise<string> {
  const redis = new Redis(server.env.REDIS_URL);
  try {
    const keys = await redis.keys(`${server.env.REDIS_PREFIX}*`);
    const values = await Promise.all(keys.map(async (k) => {
      const type = await redis.type(k);
      if (type === 'hash') return JSON.stringify(await redis.hgetall(k));
      if (type === 'string') return (await redis.get(k)) ?? '';
      if (type === 'list') return (await redis.lrange(k, 0, -1)).join('\n');
      if (type === 'zset') return (await redis.zrange(k, 0, -1)).join('\n');
      if (type === 'stream') return JSON.stringify(await redis.xrange(k, '-', '+'));
      return '';
    }));
    return keys.join('\n') + values.join('\n');
  } finally {
    redis.disconnect();
  }
}

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Rest Org', 'rest.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'CT at rest', mediaType: 'dicom' } })).json.id;
}, 60000);
afterAll(() => server?.close());

const series = syntheticSeries({ slices: 2, size: 8, studyUid: '4.4.4', seriesUid: '4.4.4.1' });
// Stored, not deflated, so the patient's name would show in the bytes of an unsealed archive.
const archive = zip([
  ...series.map((data, i) => ({ name: `${PATIENT}/IM${i}.dcm`, data, method: 0 as const })),
  { name: `../${PATIENT}.dcm`, data: series[0], method: 0 as const },
]);
let archiveRun: string;
let fileRun: string;
let resting: Map<string, Buffer>;

it('rests a zip uploaded to a DICOM project sealed, like a single file', async () => {
  expect(archive.includes(PATIENT)).toBe(true);
  const res = await upload([{ name: `${PATIENT} study.zip`, bytes: archive }, { name: `${PATIENT}.dcm`, bytes: series[0].subarray(0, 600) }]);
  expect(res.status).toBe(202);
  archiveRun = res.json.archiveRunId;
  fileRun = res.json.dicomRunId;
  expect(archiveRun && fileRun).toBeTruthy();
  resting = await filesUnder(join(server.env.DATA_DIR, 'blobs'));
  expect(resting.size).toBe(2);
  for (const [path, bytes] of resting) expect(bytes.includes(PATIENT) || bytes.includes('MRN-00042') ? `${path} is readable` : 'sealed').toBe('sealed');
});

it('keeps upload file names, which often name the patient, out of job payloads and job runs', async () => {
  expect(await redisText()).not.toContain('Roe');
  expect(JSON.stringify(await server.db.query(`SELECT params, errors, result FROM job_runs`))).not.toContain('Roe');
});

it('deletes the sealed archive once expanded and every raw file once de-identified; runs still say which file failed, by a stand-in name', async () => {
  // A spool file a worker killed mid-walk left behind: an archive opened in the clear, which the next expansion clears away.
  const spools = join(tmpdir(), 'tessera-unzip');
  const stale = join(spools, `stale-${process.pid}-${Date.now()}`);
  await mkdir(spools, { recursive: true });
  await writeFile(stale, archive);
  const longAgo = new Date(Date.now() - 7 * 3600 * 1000);
  await utimes(stale, longAgo, longAgo);

  await server.startWorker();
  const unzip = await settled(archiveRun);
  expect(unzip).toMatchObject({ state: 'succeeded' });
  expect(await settled(fileRun)).toMatchObject({ state: 'failed', counts: { total: 1, failed: 1 } });
  let runs: { id: string }[] = [];
  for (let i = 0; i < 100 && runs.length < 1; i++) {
    runs = await server.db.query(`SELECT id FROM job_runs WHERE type = 'dicom.ingest' AND id <> $1`, [fileRun]);
    await new Promise((r) => setTimeout(r, 100));
  }
  const expanded = await settled(runs[0].id);
  expect(expanded).toMatchObject({ state: 'succeeded', counts: { total: 2, processed: 2, failed: 0 } });

  expect(await readdir(spools)).not.toContain(stale.split('/').pop());
  const now = await filesUnder(join(server.env.DATA_DIR, 'blobs'));
  for (const path of resting.keys()) expect([path, now.has(path)]).toEqual([path, false]);
  for (const [path, bytes] of now) expect(bytes.includes(PATIENT) ? `${path} names the patient` : 'clean').toBe('clean');

  const all = JSON.stringify(await server.db.query(`SELECT params, errors, result FROM job_runs`));
  expect(all).not.toContain('Roe');
  expect(await redisText()).not.toContain('Roe');
  // Each refusal still points at its file, by a name derived from it.
  const failed = (await api(server.url, 'GET', `/api/v1/job-runs/${fileRun}`, { token: manager })).json;
  expect(failed.errors).toEqual([expect.objectContaining({ item: expect.stringMatching(/^file-[0-9a-f]{12}\.dcm$/), code: 'dicom.unreadable' })]);
  expect(unzip.errors).toEqual(expect.arrayContaining([expect.objectContaining({ item: expect.stringMatching(/^file-[0-9a-f]{12}\.zip\/file-[0-9a-f]{12}\.dcm$/), code: 'zip.unsafe_path' })]));
});
