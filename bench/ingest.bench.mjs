// Ingest throughput through the real system: the API takes uploads over
// loopback, the worker decodes, thumbnails and (for DICOM) de-identifies.
// ingest.bare_images_per_s and ingest.bare_dicom_instances_per_s: the same
// images and instances, uploaded the same way, into a bare server doing only
// what taking each in needs (ingest/bare-server.mjs), first, while the stack is
// idle: the machine's floor under the two rates.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import sharp from 'sharp';
import pg from 'pg';
import { cpuMeter, rawPostgresCommits, startBareServer, startStack } from './support.mjs';

const DB = 'tessera_bench_ingest';
const IMAGES = Number(process.env.BENCH_IMAGES ?? 300);
const DICOM_SERIES = 3;
const DICOM_SLICES = 120;
const UPLOAD_MB = 256;
/** Extra node flags for the worker and the API, e.g. BENCH_INGEST_WORKER_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof". */
const WORKER_ARGS = (process.env.BENCH_INGEST_WORKER_ARGS ?? '').split(/\s+/).filter(Boolean);
const API_ARGS = (process.env.BENCH_INGEST_API_ARGS ?? '').split(/\s+/).filter(Boolean);

/** libs/dicom is TypeScript; bundled for this script to make synthetic studies, and for the bare server. */
async function loadDicom(root) {
  const path = join(root, 'tmp', 'bench-dicom.cjs');
  await build({ absWorkingDir: root, entryPoints: ['libs/dicom/src/index.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: path, logLevel: 'warning' });
  return { path, lib: createRequire(import.meta.url)(path) };
}

/** The files as one multipart request (each a `file` part), and its answer's JSON; anything but `expect` throws. */
async function postFiles(url, files, { headers = {}, expect = 200 } = {}) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.bytes]), f.name);
  const res = await fetch(url, { method: 'POST', body: form, headers });
  if (res.status !== expect) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/**
 * The bare server's rates for the bench's images and DICOM instances, uploaded as Tessera's are (`uploads.images` and
 * `uploads.dicom` send them through the function given), with its CPU and Postgres's for each.
 */
async function bareFloor(root, dbUrl, db, dicomLib, uploads) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-bare-'));
  let bare = null;
  /** One kind's uploads timed, and what the bare server's table holds after them. */
  const phase = async (upload, path, table) => {
    const meter = await cpuMeter({ bare: bare.pid }, db);
    const started = performance.now();
    const answers = await upload((files) => postFiles(`${bare.url}${path}`, files));
    const seconds = (performance.now() - started) / 1000;
    const failed = answers.flatMap((a) => a.failed);
    if (failed.length) throw new Error(`the bare server failed ${failed.length} files at ${path}, first: ${failed[0]}`);
    const cpu = await meter();
    // Rows, not answers: the bench's images include a few identical JPEGs, which Tessera counts once too.
    const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
    return { taken: n, seconds, cpu };
  };
  try {
    bare = await startBareServer(root, 'bench/ingest/bare-server.mjs', { DATABASE_URL: dbUrl, DATA_DIR: dataDir, DICOM_LIB: dicomLib });
    return { images: await phase(uploads.images, '/images', 'bench_bare_images'), dicom: await phase(uploads.dicom, '/dicom', 'bench_bare_instances') };
  } finally {
    await bare?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function run({ root }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-ingest-'));
  const stack = await startStack({ root, db: DB, worker: true, workerArgs: WORKER_ARGS, apiArgs: API_ARGS, env: { DATA_DIR: dataDir, UPLOAD_MAX_FILE_BYTES: String(1024 * 1024 * 1024) } });
  const base = `${stack.url}/api/v1`;
  try {
    const accessToken = await stack.login('manager@demo.local');
    const auth = { authorization: `Bearer ${accessToken}` };
    const project = async (name, mediaType) => (await (await fetch(`${base}/projects`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name, mediaType }) })).json()).id;
    const upload = (projectId, files) => postFiles(`${base}/projects/${projectId}/assets`, files, { headers: auth, expect: 202 });
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
    /** The files through `send`, `perRequest` a request, four requests at a time; the answers in order. */
    const inRequests = (files, perRequest) => async (send) => {
      const answers = [];
      for (const group of batches(batches(files, perRequest), 4)) answers.push(...(await Promise.all(group.map(send))));
      return answers;
    };

    // Images: distinct 1024×768 JPEGs (made before the clock starts).
    const noise = Buffer.alloc(1024 * 768 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const jpegs = await Promise.all(Array.from({ length: IMAGES }, async (_, i) => {
      noise[i] = 255 - noise[i]; // one pixel apart, so no two are the same bytes
      return { name: `photo-${i}.jpg`, bytes: await sharp(Buffer.from(noise), { raw: { width: 1024, height: 768, channels: 3 } }).jpeg({ quality: 85 }).toBuffer() };
    }));
    const uploadImages = inRequests(jpegs, 25);

    // DICOM: synthetic CT series (made before the clock starts), de-identified in the worker's bounded threads.
    const dicom = await loadDicom(root);
    const instances = [];
    for (let s = 0; s < DICOM_SERIES; s++) {
      dicom.lib.syntheticSeries({ slices: DICOM_SLICES, size: 256, studyUid: `1.2.3.${s}`, seriesUid: `1.2.3.${s}.1` }).forEach((bytes, i) => instances.push({ name: `s${s}-${i}.dcm`, bytes }));
    }
    const uploadInstances = inRequests(instances, 30);

    const db = new pg.Client({ connectionString: stack.dbUrl });
    await db.connect();
    const bare = await bareFloor(root, stack.dbUrl, db, dicom.path, { images: uploadImages, dicom: uploadInstances });

    const imageProject = await project('Bench images', 'image');
    // CPU of the API, the worker (all their threads) and this database's Postgres backends per item: comparable where the rate is not.
    const pids = { api: stack.api.pid, worker: stack.worker.pid };
    let meter = await cpuMeter(pids, db);
    let started = performance.now();
    const imageRuns = [];
    imageRuns.push(...(await uploadImages((b) => upload(imageProject, b))).map((r) => r.jobRunId));
    const imageResults = await settled(imageRuns);
    const imageSeconds = (performance.now() - started) / 1000;
    const imagesOk = imageResults.reduce((n, r) => n + r.counts.processed, 0);
    const imageCpu = await meter();

    const dicomProject = await project('Bench DICOM', 'dicom');
    meter = await cpuMeter(pids, db);
    started = performance.now();
    const dicomRuns = (await uploadInstances((b) => upload(dicomProject, b))).map((r) => r.dicomRunId);
    const dicomResults = await settled(dicomRuns);
    const dicomSeconds = (performance.now() - started) / 1000;
    const dicomOk = dicomResults.reduce((n, r) => n + r.counts.processed, 0);
    const dicomCpu = await meter();
    await db.end();
    /** CPU ms per item, to a tenth, of the processes named (and Postgres's). */
    const perItem = (cpu, n, names = ['api', 'worker']) => Math.round(((names.reduce((ms, p) => ms + cpu[p], 0) + cpu.pg) / Math.max(1, n)) * 10) / 10;
    const bareNote = (what, b, of) =>
      `bare floor for ${what} (ingest/bare-server.mjs, the same uploads, before Tessera's): ${b.taken}/${of} in ${b.seconds.toFixed(1)} s; CPU per item: bare server ${(b.cpu.bare / b.taken).toFixed(1)} ms, Postgres ${(b.cpu.pg / b.taken).toFixed(1)} ms, this load generator ${(b.cpu.loadgen / b.taken).toFixed(1)} ms; the machine busy ${b.cpu.machineBusy} of ${cpus().length * 100}`;
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
        'ingest.bare_images_per_s': Math.round((bare.images.taken / bare.images.seconds) * 10) / 10,
        'ingest.dicom_instances_per_s': Math.round((dicomOk / dicomSeconds) * 10) / 10,
        'ingest.bare_dicom_instances_per_s': Math.round((bare.dicom.taken / bare.dicom.seconds) * 10) / 10,
        'ingest.upload_mb_per_s': Math.round((UPLOAD_MB / uploadSeconds) * 10) / 10,
        'ingest.cpu_ms_per_image': perItem(imageCpu, imagesOk),
        'ingest.bare_cpu_ms_per_image': perItem(bare.images.cpu, bare.images.taken, ['bare']),
        'ingest.cpu_ms_per_dicom_instance': perItem(dicomCpu, dicomOk),
        'ingest.bare_cpu_ms_per_dicom_instance': perItem(bare.dicom.cpu, bare.dicom.taken, ['bare']),
        'ingest.pg_insert_commits_per_s': raw.many,
        'ingest.pg_insert_commits_per_s_1conn': raw.one,
      },
      notes: [
        `${imagesOk}/${IMAGES} JPEGs of 1024×768 ingested in ${imageSeconds.toFixed(1)} s (upload, decode, EXIF, thumbnail), 25 per request, 4 requests at a time`,
        `${dicomOk}/${instances.length} DICOM instances (256×256, 16-bit) in ${dicomSeconds.toFixed(1)} s including sealing, de-identification in a worker thread, storage and series settling`,
        `${UPLOAD_MB} MB multipart upload stored and hashed in ${uploadSeconds.toFixed(2)} s`,
        cpuNote('images', imageCpu, imagesOk),
        bareNote('images', bare.images, IMAGES),
        cpuNote('DICOM', dicomCpu, dicomOk),
        bareNote('DICOM instances', bare.dicom, instances.length),
        'API, worker, Postgres, Redis and this load generator share the 2 cores; cpu_ms_per_*: API + worker + Postgres CPU (all threads) from the first upload until the runs settled',
        `pg_insert_commits_per_s: Postgres alone at the end of the run, single-row autocommit INSERTs for 5 s on 4 connections of this process ${raw.many}/s, on one ${raw.one}/s`,
      ],
    };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
