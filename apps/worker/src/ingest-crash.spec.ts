import sharp from 'sharp';
import { syntheticSeries } from '@tessera/dicom';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

// The worker is killed (SIGKILL: no shutdown hooks, no lock released) while an
// upload's items are in flight; a new worker takes over the jobs whose locks
// lapse, and every file must still end up ingested exactly once.

let server: TestServer;
let manager: string;
const IMAGES = 40;
const SLICES = 48;

async function upload(projectId: string, files: { name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.bytes]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  expect(res.status).toBe(202);
  return (await res.json()) as any;
}
const run = async (id: string) => (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token: manager })).json;
async function settled(id: string) {
  for (let i = 0; i < 600; i++) {
    const r = await run(id);
    if (r.state === 'succeeded' || r.state === 'failed') return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${id} did not finish\n${server.logs()}`);
}
const counted = async (runIds: string[]) =>
  (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_run_items WHERE run_id = ANY($1::uuid[])`, [runIds]))[0].n;

beforeAll(async () => {
  // Short job locks, so the new worker takes over the dead one's jobs in seconds rather than a minute.
  server = await startTestServer({ worker: true, env: { JOB_LOCK_MS: '2000' } });
  const org = await createOrgWithRoles(server.db, 'Crash Org', 'crash.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
}, 60000);
afterAll(() => server?.close());

it('ingests every file exactly once when the worker is killed mid-ingest and another takes over', async () => {
  const images = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Crash images', mediaType: 'image' } })).json.id;
  const dicom = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Crash CT', mediaType: 'dicom' } })).json.id;
  // Noise, so every image is distinct bytes and takes a real decode.
  const noise = Buffer.alloc(640 * 480 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const jpegs = await Promise.all(Array.from({ length: IMAGES }, async (_, i) => {
    const pixels = Buffer.from(noise.map((v) => v ^ (i * 5)));
    return { name: `photo-${i}.jpg`, bytes: await sharp(pixels, { raw: { width: 640, height: 480, channels: 3 } }).jpeg({ quality: 90 }).toBuffer() };
  }));
  const slices = syntheticSeries({ slices: SLICES, size: 128, studyUid: '7.7.7', seriesUid: '7.7.7.1' }).map((bytes, i) => ({ name: `IM${i}.dcm`, bytes }));

  const [imageUpload, dicomUpload] = await Promise.all([upload(images, jpegs), upload(dicom, slices)]);
  expect(imageUpload.accepted).toHaveLength(IMAGES);
  expect(dicomUpload.dicomFiles).toBe(SLICES);
  const runIds = [imageUpload.jobRunId, dicomUpload.dicomRunId];

  // Kill as soon as the first item is counted: the rest are queued or half done.
  for (let i = 0; i < 1000 && (await counted(runIds)) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const dead = server.worker!;
  dead.kill('SIGKILL');
  await new Promise((resolve) => dead.once('exit', resolve));
  const atKill = await counted(runIds);
  // Otherwise the test would prove nothing about recovery.
  expect(atKill).toBeGreaterThan(0);
  expect(atKill).toBeLessThan(IMAGES + SLICES);

  await server.startWorker();
  const [imageRun, dicomRun] = await Promise.all(runIds.map(settled));

  // Images: one asset per file, each ready with a thumbnail; the run counted each once.
  expect(imageRun).toMatchObject({ state: 'succeeded', counts: { total: IMAGES, processed: IMAGES, failed: 0 } });
  const assets = await server.db.query(`SELECT name, status, thumbnail_key FROM assets WHERE project_id = $1`, [images]);
  expect(assets).toHaveLength(IMAGES);
  expect(new Set(assets.map((a: any) => a.name)).size).toBe(IMAGES);
  expect(assets.filter((a: any) => a.status !== 'ready' || !a.thumbnail_key)).toEqual([]);

  // DICOM: one series, each instance once, settled with all of them, nothing raw left over.
  expect(dicomRun).toMatchObject({ state: 'succeeded', counts: { total: SLICES, processed: SLICES, failed: 0 } });
  const series = await server.db.query(`SELECT id, status, metadata FROM assets WHERE project_id = $1`, [dicom]);
  expect(series).toHaveLength(1);
  expect(series[0]).toMatchObject({ status: 'ready', metadata: { instanceCount: SLICES, volume: true } });
  expect(series[0].metadata.order).toHaveLength(SLICES);
  const [instances] = await server.db.query(`SELECT count(*)::int AS n, count(DISTINCT sop_instance_uid)::int AS distinct_uids FROM dicom_instances WHERE asset_id = $1`, [series[0].id]);
  expect(instances).toEqual({ n: SLICES, distinct_uids: SLICES });

  // Each file counted by exactly one (run, item) row.
  const items = await server.db.query(`SELECT run_id, count(*)::int AS n FROM job_run_items WHERE run_id = ANY($1::uuid[]) GROUP BY run_id`, [runIds]);
  expect(Object.fromEntries(items.map((r: any) => [r.run_id, r.n]))).toEqual({ [imageUpload.jobRunId]: IMAGES, [dicomUpload.dicomRunId]: SLICES });
}, 120000);
