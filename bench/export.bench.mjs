// Exports and imports at scale through the real system: 1,000,000 boxes on
// 10,000 images, written by the worker as it runs in production (the bundled
// dist/apps/worker/main.js), its RSS read from /proc while it works.
//   export.coco_1m_boxes_s     POST /exports (COCO) until the run has its file; target ≤ 20
//   export.coco_1m_peak_rss_mb the worker's peak RSS meanwhile; target ≤ 300
//   export.yolo_1m_boxes_s     the same to Ultralytics YOLO (detect)
//   import.coco_1m_boxes_s     that COCO file back into a project of the same images; target ≤ 60
// Medians of BENCH_RUNS runs (3).
// For profiling: BENCH_EXPORT_PARTS=coco,import (any of coco, yolo, import; COCO runs at least once when
// the import is measured, for its file), BENCH_IMAGES / BENCH_BOXES_PER_IMAGE for a smaller scale, and
// BENCH_EXPORT_WORKER_ARGS="--require ./bench/tools/exit-after-shutdown.cjs --cpu-prof --cpu-prof-dir=/tmp/prof"
// for node flags of the worker (the preload lets the profile be written when the bench stops it).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { TICK_MS, median, procTicks, round, rssKiB, sleep, startStack } from './support.mjs';

// BENCH_EXPORT_DB: a name of one's own when several people bench on the same Postgres.
const DB = process.env.BENCH_EXPORT_DB ?? 'tessera_bench_export';
const IMAGES = Number(process.env.BENCH_IMAGES ?? 10_000);
const PER_IMAGE = Number(process.env.BENCH_BOXES_PER_IMAGE ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Imports take minutes at full size: their own count (0 leaves them out). */
const PARTS = new Set((process.env.BENCH_EXPORT_PARTS ?? 'coco,yolo,import').split(',').map((p) => p.trim()));
const IMPORT_RUNS = PARTS.has('import') ? Number(process.env.BENCH_IMPORT_RUNS ?? RUNS) : 0;
const COCO_RUNS = PARTS.has('coco') ? RUNS : IMPORT_RUNS ? 1 : 0;
const YOLO_RUNS = PARTS.has('yolo') ? RUNS : 0;
const WORKER_ARGS = (process.env.BENCH_EXPORT_WORKER_ARGS ?? '').split(' ').filter(Boolean);

const SCHEMA = {
  labels: [
    { id: 'car', name: 'Car', color: '#1677ff', tools: ['box'], attributes: [{ key: 'occluded', name: 'Occluded', type: 'boolean' }] },
    { id: 'person', name: 'Person', color: '#f5222d', tools: ['box'] },
  ],
};

/**
 * 10,000 ready images of 1920×1080 in a new project, and (with boxes) 100 boxes each in their live sets,
 * written in SQL image by image, as annotators and imports write them (an image's boxes close together on disk).
 */
async function seedProject(db, base, auth, name, withBoxes) {
  const res = await fetch(`${base}/projects`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name, mediaType: 'image', labelSchema: SCHEMA }) });
  const project = await res.json();
  const [{ org_id: orgId, created_by: userId }] = (await db.query(`SELECT org_id, created_by FROM projects WHERE id = $1`, [project.id])).rows;
  await db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height, created_at)
     SELECT $1::uuid, $2::uuid, 'image', 'ready', 'frame-' || lpad(i::text, 6, '0') || '.jpg', 'sha256/' || md5(i::text), md5($2::text || i::text), 1, 1920, 1080, now() + i * interval '1 microsecond'
       FROM generate_series(1, $3) i`,
    [orgId, project.id, IMAGES],
  );
  if (withBoxes) {
    await db.query(`INSERT INTO annotation_sets (org_id, project_id, asset_id) SELECT org_id, project_id, id FROM assets WHERE project_id = $1`, [project.id]);
    await db.query(
      `INSERT INTO annotations (id, org_id, set_id, kind, label_id, schema_version, geometry, attributes, source, version, created_by, updated_by, created_at, updated_at, last_seq)
       SELECT gen_random_uuid(), s.org_id, s.id, 'box', CASE WHEN k % 3 = 0 THEN 'person' ELSE 'car' END, 1,
              jsonb_build_object('type', 'box', 'x', (k * 37) % 1800 + 0.25, 'y', (k * 53) % 1000 + 0.5, 'width', 20 + k % 90, 'height', 10 + k % 60, 'rotation', 0),
              CASE WHEN k % 5 = 0 THEN '{"occluded": true}'::jsonb ELSE '{}'::jsonb END, 'human', 1, $2, $2, now(), now(), 0
         FROM annotation_sets s, generate_series(1, $3) k WHERE s.project_id = $1 ORDER BY s.id, k`,
      [project.id, userId, PER_IMAGE],
    );
    await db.query('ANALYZE annotations');
  }
  return project.id;
}

/** CPU ticks of this database's Postgres backends, by pid (the bench's own connection included, which idles). */
async function pgTicks(db) {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  return new Map(rows.map((r) => [r.pid, procTicks(r.pid)]));
}

async function runJob(db, base, auth, start, workerPid) {
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, rssKiB(workerPid));
      await sleep(20);
    }
  })();
  const t0 = performance.now();
  const ticks0 = procTicks(workerPid);
  const pg0 = await pgTicks(db);
  const run = await start();
  let state;
  for (;;) {
    state = await (await fetch(`${base}/job-runs/${run.id}`, { headers: auth })).json();
    if (state.state === 'succeeded' || state.state === 'failed') break;
    await sleep(100);
  }
  const seconds = (performance.now() - t0) / 1000;
  // CPU the worker spent (user + system): unlike the seconds, it hardly depends on what else runs on the machine.
  const cpuSeconds = ((procTicks(workerPid) - ticks0) * TICK_MS) / 1000;
  let pgTicksSpent = 0;
  for (const [pid, t] of await pgTicks(db)) pgTicksSpent += t - (pg0.get(pid) ?? 0);
  const pgCpuSeconds = (pgTicksSpent * TICK_MS) / 1000;
  sampling = false;
  await sampler;
  if (state.state !== 'succeeded') throw new Error(`${state.type} failed: ${JSON.stringify(state.errors.slice(-3))}`);
  return { seconds, cpuSeconds, pgCpuSeconds, peakMb: peak / 1024, run: state };
}

export async function run({ root }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-export-'));
  const stack = await startStack({ root, db: DB, worker: true, workerArgs: WORKER_ARGS, env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', DATA_DIR: dataDir, UPLOAD_MAX_FILE_BYTES: String(2 * 1024 ** 3) } });
  const base = `${stack.url}/api/v1`;
  const db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  const notes = [];
  try {
    const token = await stack.login('manager@demo.local');
    const auth = { authorization: `Bearer ${token}` };
    const t0 = performance.now();
    const source = await seedProject(db, base, auth, 'Bench export', true);
    notes.push(`seeded ${IMAGES} images with ${IMAGES * PER_IMAGE} boxes in ${round((performance.now() - t0) / 1000)} s (not timed)`);
    const workerPid = stack.worker.pid;
    notes.push(`worker RSS before the first job: ${round(rssKiB(workerPid) / 1024)} MB`);
    const startExport = (format) => async () => (await fetch(`${base}/projects/${source}/exports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ format }) })).json();

    const coco = [];
    const rss = [];
    const cpu = { coco: [], yolo: [], import: [] };
    const pgCpu = { coco: [], yolo: [], import: [] };
    let cocoFile;
    for (let i = 0; i < COCO_RUNS; i++) {
      const r = await runJob(db, base, auth, startExport('coco'), workerPid);
      coco.push(r.seconds);
      rss.push(r.peakMb);
      cocoFile = r.run;
      cpu.coco.push(r.cpuSeconds);
      pgCpu.coco.push(r.pgCpuSeconds);
      console.log(`  coco run ${i + 1}: ${round(r.seconds, 2)} s (worker CPU ${round(r.cpuSeconds, 1)} s, Postgres ${round(r.pgCpuSeconds, 1)} s), worker peak RSS ${round(r.peakMb)} MB, ${round(r.run.result.size / 1e6)} MB zip`);
    }
    const yolo = [];
    for (let i = 0; i < YOLO_RUNS; i++) {
      const r = await runJob(db, base, auth, startExport('yolo-detect'), workerPid);
      yolo.push(r.seconds);
      rss.push(r.peakMb);
      cpu.yolo.push(r.cpuSeconds);
      pgCpu.yolo.push(r.pgCpuSeconds);
      console.log(`  yolo run ${i + 1}: ${round(r.seconds, 2)} s (worker CPU ${round(r.cpuSeconds, 1)} s, Postgres ${round(r.pgCpuSeconds, 1)} s), worker peak RSS ${round(r.peakMb)} MB`);
    }
    const zip = cocoFile ? Buffer.from(await (await fetch(`${base}/job-runs/${cocoFile.id}/download`, { headers: auth })).arrayBuffer()) : null;
    const imports = [];
    for (let i = 0; i < IMPORT_RUNS; i++) {
      const target = await seedProject(db, base, auth, `Bench import ${i + 1}`, false);
      const r = await runJob(db, base, auth, async () => {
        const form = new FormData();
        form.append('format', 'coco');
        form.append('file', new Blob([zip]), 'coco.zip');
        const res = await fetch(`${base}/projects/${target}/annotation-imports`, { method: 'POST', body: form, headers: auth });
        if (res.status !== 202) throw new Error(`import answered ${res.status}: ${await res.text()}`);
        return res.json();
      }, workerPid);
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM annotations a JOIN annotation_sets s ON s.id = a.set_id WHERE s.project_id = $1`, [target])).rows;
      if (n !== IMAGES * PER_IMAGE) throw new Error(`the import made ${n} annotations, not ${IMAGES * PER_IMAGE}`);
      imports.push(r.seconds);
      cpu.import.push(r.cpuSeconds);
      pgCpu.import.push(r.pgCpuSeconds);
      console.log(`  import run ${i + 1}: ${round(r.seconds, 2)} s (upload included; worker CPU ${round(r.cpuSeconds, 1)} s, Postgres ${round(r.pgCpuSeconds, 1)} s), worker peak RSS ${round(r.peakMb)} MB`);
    }
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${workerPid}/status`, 'utf8'));
    notes.push(`runs: coco ${coco.map((x) => round(x, 2)).join(', ')} s; yolo ${yolo.map((x) => round(x, 2)).join(', ')} s; import ${imports.map((x) => round(x, 2)).join(', ')} s`);
    notes.push(`worker CPU (user + system) per run: ${Object.entries(cpu).filter(([, xs]) => xs.length).map(([k, xs]) => `${k} ${xs.map((x) => round(x, 1)).join(', ')} s`).join('; ')}`);
    notes.push(`Postgres CPU (this database's backends) per run: ${Object.entries(pgCpu).filter(([, xs]) => xs.length).map(([k, xs]) => `${k} ${xs.map((x) => round(x, 1)).join(', ')} s`).join('; ')}`);
    notes.push(`worker peak RSS per export run (MB): ${rss.map((x) => round(x)).join(', ')}; worker VmHWM over the whole bench ${hwm ? round(Number(hwm[1]) / 1024) : '?'} MB (imports included)`);
    notes.push('2 shared cores; other engineers\' builds and tests may have run meanwhile');
    return {
      metrics: {
        ...(PARTS.has('coco') ? { 'export.coco_1m_boxes_s': round(median(coco), 2), 'export.coco_1m_peak_rss_mb': round(Math.max(...rss.slice(0, coco.length)), 1) } : {}),
        ...(yolo.length ? { 'export.yolo_1m_boxes_s': round(median(yolo), 2) } : {}),
        ...(imports.length ? { 'import.coco_1m_boxes_s': round(median(imports), 2) } : {}),
      },
      notes,
    };
  } finally {
    await db.end();
    // BENCH_KEEP_DB=1 leaves the database for a look afterwards (EXPLAIN what the exports ran).
    await stack.stop({ keepDatabase: process.env.BENCH_KEEP_DB === '1' });
  }
}
