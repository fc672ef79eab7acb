// Ingest throughput through the real system: the API takes uploads over
// loopback, the worker decodes, thumbnails and (for DICOM) de-identifies.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import sharp from 'sharp';
import pg from 'pg';
import { cpuMeter, rawPostgresCommits, startStack } from './support.mjs';

const DB = 'tessera_bench_ingest';
const IMAGES = Number(process.env.BENCH_IMAGES ?? 300);
const DICOM_SERIES = 3;
const DICOM_SLICES = 120;
const UPLOAD_MB = 256;
/** Extra node flags for the worker and the API, e.g. BENCH_INGEST_WORKER_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof". */
const WORKER_ARGS = (process.env.BENCH_INGEST_WORKER_ARGS ?? '').split(/\s+/).filter(Boolean);
const API_ARGS = (process.env.BENCH_INGEST_API_ARGS ?? '').split(/\s+/).filter(Boolean);

/** libs/dicom is TypeScript; bundle it for this script to make synthetic studies. */
async function loadDicom(root) {
  const out = join(root, 'tmp', 'bench-dicom.cjs');
  await build({ absWorkingDir: root, entryPoints: ['libs/dicom/src/index.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
  return createRequire(import.meta.url)(out);
}

export async function run({ root }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-ingest-'));
  const stack = await startStack({ root, db: DB, worker: true, workerArgs: WORKER_ARGS, apiArgs: API_ARGS, env: { DATA_DIR: dataDir, UPLOAD_MAX_FILE_BYTES: String(1024 * 1024 * 1024) } });
  const base = `${stack.url}/api/v1`;
  try {
    const accessToken = await stack.login('manager@demo.local');
    const auth = { authorization: `Bearer ${accessToken}` };
    const project = async (name, mediaType) => (await (await fetch(`${base}/projects`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name, mediaType }) })).json()).id;
    const upload = async (projectId, files) => {
      const form = new FormData();
      for (const f of files) form.append('file', new Blob([f.bytes]), f.name);
      const res = await fetch(`${base}/projects/${projectId}/assets`, { method: 'POST', body: form, headers: auth });
      if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
      return res.json();
    };
    // One list request per poll, not one per run: the load generator should not outweigh the load.
    const settled = async (runIds) => {
      for (;;) {
        const { items } = await (await fetch(`${base}/job-runs?limit=200`, { headers: auth })).json();
        const runs = runIds.map((id) => items.find((r) => r.id === id));
        if (runs.every((r) => r && (r.state === 'succeeded' || r.state === 'failed'))) return runs;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const batches = (xs, n) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

    // Images: distinct 1024×768 JPEGs (made before the clock starts).
    const noise = Buffer.alloc(1024 * 768 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const jpegs = await Promise.all(Array.from({ length: IMAGES }, async (_, i) => {
      noise[i] = 255 - noise[i]; // one pixel apart, so no two are the same bytes
      return { name: `photo-${i}.jpg`, bytes: await sharp(Buffer.from(noise), { raw: { width: 1024, height: 768, channels: 3 } }).jpeg({ quality: 85 }).toBuffer() };
    }));
    const imageProject = await project('Bench images', 'image');
    // CPU of the API, the worker (all their threads) and this database's Postgres backends per item: comparable where the rate is not.
    const db = new pg.Client({ connectionString: stack.dbUrl });
    await db.connect();
    const pids = { api: stack.api.pid, worker: stack.worker.pid };
    let meter = await cpuMeter(pids, db);
    let started = performance.now();
    const imageRuns = [];
    for (const group of batches(batches(jpegs, 25), 4)) imageRuns.push(...(await Promise.all(group.map((b) => upload(imageProject, b)))).map((r) => r.jobRunId));
    const imageResults = await settled(imageRuns);
    const imageSeconds = (performance.now() - started) / 1000;
    const imagesOk = imageResults.reduce((n, r) => n + r.counts.processed, 0);
    const imageCpu = await meter();

    // DICOM: synthetic CT series, de-identified in the worker's bounded threads.
    const { syntheticSeries } = await loadDicom(root);
    const instances = [];
    for (let s = 0; s < DICOM_SERIES; s++) {
      syntheticSeries({ slices: DICOM_SLICES, size: 256, studyUid: `1.2.3.${s}`, seriesUid: `1.2.3.${s}.1` }).forEach((bytes, i) => instances.push({ name: `s${s}-${i}.dcm`, bytes }));
    }
    const dicomProject = await project('Bench DICOM', 'dicom');
    meter = await cpuMeter(pids, db);
    started = performance.now();
    const dicomRuns = [];
    for (const group of batches(batches(instances, 30), 4)) dicomRuns.push(...(await Promise.all(group.map((b) => upload(dicomProject, b)))).map((r) => r.dicomRunId));
    const dicomResults = await settled(dicomRuns);
    const dicomSeconds = (performance.now() - started) / 1000;
    const dicomOk = dicomResults.reduce((n, r) => n + r.counts.processed, 0);
    const dicomCpu = await meter();
    await db.end();
    const perItem = (cpu, n) => Math.round(((cpu.api + cpu.worker + cpu.pg) / Math.max(1, n)) * 10) / 10;
    const cpuNote = (what, cpu, n) =>
      `${what}: CPU per item API ${(cpu.api / n).toFixed(1)} ms, worker ${(cpu.worker / n).toFixed(1)} ms, Postgres ${(cpu.pg / n).toFixed(1)} ms, this load generator ${(cpu.loadgen / n).toFixed(1)} ms; the machine busy ${cpu.machineBusy} of ${cpus().length * 100}; waited runnable for a core: API ${(cpu.waitMs.api / 1000).toFixed(1)} s, worker ${(cpu.waitMs.worker / 1000).toFixed(1)} s, Postgres ${(cpu.waitMs.pg / 1000).toFixed(1)} s in ${(cpu.wallMs / 1000).toFixed(1)} s`;

    // Raw upload speed: one large file over loopback, until the API has stored and hashed it.
    const big = Buffer.alloc(UPLOAD_MB * 1024 * 1024, 7);
    big.write(`unique-${Date.now()}`);
    started = performance.now();
    await upload(imageProject, [{ name: 'large.bin', bytes: big }]);
    const uploadSeconds = (performance.now() - started) / 1000;
    // What Postgres alone does on the machine at the end of the run (the issue asks for the raw rate of the same run).
    const raw = await rawPostgresCommits(stack.dbUrl);

    return {
      metrics: {
        'ingest.images_per_s': Math.round((imagesOk / imageSeconds) * 10) / 10,
        'ingest.dicom_instances_per_s': Math.round((dicomOk / dicomSeconds) * 10) / 10,
        'ingest.upload_mb_per_s': Math.round((UPLOAD_MB / uploadSeconds) * 10) / 10,
        'ingest.cpu_ms_per_image': perItem(imageCpu, imagesOk),
        'ingest.cpu_ms_per_dicom_instance': perItem(dicomCpu, dicomOk),
        'ingest.pg_insert_commits_per_s': raw.many,
        'ingest.pg_insert_commits_per_s_1conn': raw.one,
      },
      notes: [
        `${imagesOk}/${IMAGES} JPEGs of 1024×768 ingested in ${imageSeconds.toFixed(1)} s (upload, decode, EXIF, thumbnail), 25 per request, 4 requests at a time`,
        `${dicomOk}/${instances.length} DICOM instances (256×256, 16-bit) in ${dicomSeconds.toFixed(1)} s including sealing, de-identification in a worker thread, storage and series settling`,
        `${UPLOAD_MB} MB multipart upload stored and hashed in ${uploadSeconds.toFixed(2)} s`,
        cpuNote('images', imageCpu, imagesOk),
        cpuNote('DICOM', dicomCpu, dicomOk),
        'API, worker, Postgres, Redis and this load generator share the 2 cores; cpu_ms_per_*: API + worker + Postgres CPU (all threads) from the first upload until the runs settled',
        `pg_insert_commits_per_s: Postgres alone at the end of the run, single-row autocommit INSERTs for 5 s on 4 connections of this process ${raw.many}/s, on one ${raw.one}/s`,
      ],
    };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
