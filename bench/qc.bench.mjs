// Quality control (issue 19): does it catch real mistakes, and how fast does it go.
//
// * qc.error_recall, qc.false_alarm_rate: 2,400 errors of six kinds (wrong label, box shifted below
//   IoU 0.5, missed object, extra object, span off by one token, DICOM segment eroded by 2 voxels)
//   injected one per item into the seeded ground truth (the generators that write DATA_DIR/seed-cache:
//   street scenes, news spans, lesion-sized segments at the CT's spacing and the phantom's liver), each
//   checked with the project's default thresholds; as many untouched items (boxes redrawn within a
//   pixel, as a careful person would) give the false alarms. Targets ≥ 0.98 and ≤ 0.02.
// * qc.agreement_assets_per_s: BENCH_QC_ASSETS assets (2,000) of two people's work, 50 boxes each,
//   through the real `quality.asset` job in the bundled worker (BullMQ, Postgres; agreement and consensus,
//   stored in each asset's quality result; the project's default leaves agreed consensus to be accepted). Target ≥ 500.
// * qc.accept_assets_per_s: then a reviewer's "accept all agreed" (the `quality.accept` job), which commits
//   every agreed consensus into its asset's working set as ops, through the committer people's edits go through.
//   Beside it, the CPU the worker and this database's Postgres backends spent per asset (from /proc):
//   qc.worker_cpu_us_per_asset, qc.pg_cpu_us_per_asset; on a shared machine they compare where the rate cannot.
// * qc.dice_3d_ms: 3-D Dice of two 512 × 512 × 300 segments stored as per-slice RLE (median of 5);
//   HD95 of the same pair is noted beside it.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import pg from 'pg';
import { cpuMeter, median, round, sleep, startStack, REDIS_URL } from './support.mjs';

const ERRORS = Number(process.env.BENCH_QC_ERRORS ?? 2400);
const ASSETS = Number(process.env.BENCH_QC_ASSETS ?? 2000);
const BOXES = 50;
const PER_JOB = Number(process.env.BENCH_QC_PER_JOB ?? 32);
const DB = 'tessera_bench_qc';
/** Extra node flags for the worker, e.g. BENCH_QC_WORKER_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof". */
const WORKER_ARGS = (process.env.BENCH_QC_WORKER_ARGS ?? '').split(/\s+/).filter(Boolean);
/** BENCH_QC_ONLY=agreement skips the injected errors and the Dice timings (a profiling run). */
const ONLY_AGREEMENT = process.env.BENCH_QC_ONLY === 'agreement';

async function harness(root) {
  const esbuild = await import('esbuild');
  const out = join(root, 'tmp/bench-qc/harness.cjs');
  await esbuild.build({
    absWorkingDir: root, entryPoints: [join(root, 'bench/qc/harness.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', packages: 'external', tsconfig: 'tsconfig.base.json', logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

/** Two people's submitted work on each of `count` assets of the demo image project, inserted with SQL. */
async function arrange(db, count) {
  const q = (sql, params) => db.query(sql, params).then((r) => r.rows);
  const [p] = await q(`SELECT id, org_id FROM projects WHERE name = 'Street scenes'`);
  const people = await q(`SELECT id FROM users WHERE email IN ('annotator1@demo.local', 'annotator2@demo.local') ORDER BY email`);
  await q(`UPDATE projects SET workflow = workflow || '{"overlap": 2, "reviewSampling": 0}'::jsonb WHERE id = $1`, [p.id]);
  const [b] = await q(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'qc bench', 2) RETURNING id`, [p.org_id, p.id]);
  const assets = await q(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height)
     SELECT $1, $2, 'image', 'ready', 'qc-' || i, 'sha256/x', md5('qc-bench-' || i), 1, 960, 540 FROM generate_series(1, $3) i RETURNING id`,
    [p.org_id, p.id, count]);
  const ids = assets.map((a) => a.id);
  await q(`INSERT INTO batch_assets (batch_id, asset_id, org_id) SELECT $1, unnest($2::uuid[]), $3`, [b.id, ids, p.org_id]);
  for (const [n, person] of people.entries()) {
    // The second person's boxes sit a pixel off the first's, a different pixel per asset.
    await q(
      `WITH t AS (
         INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, assignee_id, submitted_at)
         SELECT $1, $2, $3, a, 'annotate', 'submitted', $4, now() FROM unnest($5::uuid[]) a RETURNING id, asset_id),
       s AS (INSERT INTO annotation_sets (org_id, project_id, asset_id, task_id, last_seq) SELECT $1, $2, asset_id, id, ${BOXES} FROM t RETURNING id)
       INSERT INTO annotations (id, org_id, set_id, kind, label_id, schema_version, geometry, attributes, source, version, created_by, updated_by, created_at, updated_at, last_seq)
       SELECT gen_random_uuid(), $1, s.id, 'box', 'cyclist', 1,
              jsonb_build_object('type', 'box', 'x', 5 + (k % 10) * 90 + $6::int * (hashtext(s.id::text) % 3), 'y', 5 + (k / 10) * 100 + $6::int, 'width', 60, 'height', 70, 'rotation', 0),
              '{}', 'human', 1, $4, $4, now(), now(), k + 1
         FROM s, generate_series(0, ${BOXES - 1}) k`,
      [p.org_id, p.id, b.id, person.id, ids, n]);
  }
  return { orgId: p.org_id, projectId: p.id, managerId: (await q(`SELECT id FROM users WHERE email = 'manager@demo.local'`))[0]?.id ?? null, assetIds: ids };
}

async function agreementThroughJobs(root) {
  const stack = await startStack({ root, db: DB, worker: true, workerArgs: WORKER_ARGS, env: { QUALITY_SWEEP_MS: '3600000' } });
  const db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  const queue = new Queue('quality', { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: `${stack.env.REDIS_PREFIX}:bull` });
  try {
    const { orgId, projectId, managerId, assetIds } = await arrange(db, ASSETS);
    const runId = randomUUID();
    await db.query(
      `INSERT INTO job_runs (id, org_id, type, state, progress, counts, errors, params, attempts) VALUES ($1, $2, 'quality.asset', 'queued', 0, $3, '[]', '{}', 0)`,
      [runId, orgId, JSON.stringify({ total: assetIds.length, processed: 0, failed: 0 })]);
    const meter = await cpuMeter({ worker: stack.worker.pid }, db);
    const queued = performance.now();
    // As a backlog would be queued: 32 assets a job (the sweep and submits queue one).
    const jobs = [];
    for (let i = 0; i < assetIds.length; i += PER_JOB) jobs.push(assetIds.slice(i, i + PER_JOB));
    await queue.addBulk(jobs.map((ids, k) => ({
      name: 'quality.asset', data: { orgId, jobRunId: runId, assetIds: ids }, opts: { jobId: `${runId}-${k}`, attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    })));
    let run;
    for (;;) {
      [run] = (await db.query(`SELECT state, counts, started_at, finished_at FROM job_runs WHERE id = $1`, [runId])).rows;
      if (run.state === 'succeeded' || run.state === 'failed') break;
      await sleep(200);
    }
    const wallS = (performance.now() - queued) / 1000;
    const cpu = await meter();
    const runS = (run.finished_at - run.started_at) / 1000;
    const [r] = (await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'agreed')::int AS agreed, avg(agreement)::float8 AS mean FROM quality_asset_results`)).rows;
    const [w] = (await db.query(`SELECT count(*)::int AS n FROM annotations WHERE source = 'consensus'`)).rows;
    const accept = await acceptAll(db, queue, orgId, projectId, managerId);
    return { runS, wallS, cpu, results: r, consensus: w.n, counts: run.counts, state: run.state, accept };
  } finally {
    await queue.close();
    await db.end();
    await stack.stop();
  }
}

/** A reviewer's "accept all agreed", as the API queues it; timed from the job's start to its end. */
async function acceptAll(db, queue, orgId, projectId, managerId) {
  const runId = randomUUID();
  await db.query(
    `INSERT INTO job_runs (id, org_id, type, state, progress, counts, errors, params, attempts, created_by) VALUES ($1, $2, 'quality.accept', 'queued', 0, $3, '[]', $4, 0, $5)`,
    [runId, orgId, JSON.stringify({ total: 0, processed: 0, failed: 0 }), JSON.stringify({ projectId }), managerId]);
  await queue.add('quality.accept', { orgId, jobRunId: runId, projectId }, { jobId: runId, attempts: 5, backoff: { type: 'exponential', delay: 2000 } });
  let run;
  for (;;) {
    [run] = (await db.query(`SELECT state, started_at, finished_at, errors FROM job_runs WHERE id = $1`, [runId])).rows;
    if (run.state === 'succeeded' || run.state === 'failed') break;
    await sleep(200);
  }
  const [a] = (await db.query(`SELECT count(*) FILTER (WHERE state = 'accepted')::int AS accepted FROM quality_asset_results`)).rows;
  const [w] = (await db.query(`SELECT count(*)::int AS n FROM annotations WHERE source = 'consensus'`)).rows;
  return { state: run.state, errors: run.errors, runS: (run.finished_at - run.started_at) / 1000, accepted: a.accepted, consensus: w.n };
}

export async function run({ root }) {
  const notes = [];
  if (ONLY_AGREEMENT) {
    const a = await agreementThroughJobs(root);
    notes.push(agreementNote(a));
    return { metrics: agreementMetrics(a), notes };
  }
  const h = await harness(root);
  let t = performance.now();
  const recall = h.injectedErrors(ERRORS);
  notes.push(`${recall.injected} errors injected in ${round((performance.now() - t) / 1000)} s; caught per kind: ${Object.entries(recall.byKind).map(([k, v]) => `${k} ${v.caught}/${v.injected}`).join(', ')}`);
  notes.push(`${recall.falseAlarms} false alarms on ${recall.untouched} untouched items (boxes redrawn within a pixel of the truth, spans and segments exact)`);

  t = performance.now();
  const d = h.dice3dTimes(5);
  notes.push(`Dice of the two 512 × 512 × 300 segments ${round(d.value, 4)}; runs ${d.dice.map((x) => round(x)).join(', ')} ms; HD95 of the same pair ${round(median(d.hd95))} ms (median of 5)`);

  const a = await agreementThroughJobs(root);
  notes.push(agreementNote(a));

  return {
    metrics: {
      'qc.error_recall': round(recall.caught / recall.injected, 4),
      'qc.false_alarm_rate': round(recall.falseAlarms / recall.untouched, 4),
      ...agreementMetrics(a),
      'qc.dice_3d_ms': round(median(d.dice), 1),
    },
    notes,
  };
}

const agreementMetrics = (a) => ({
  'qc.agreement_assets_per_s': round(ASSETS / a.runS, 1),
  'qc.worker_cpu_us_per_asset': round((1000 * a.cpu.worker) / ASSETS, 0),
  'qc.pg_cpu_us_per_asset': round((1000 * a.cpu.pg) / ASSETS, 0),
  'qc.accept_assets_per_s': round(a.accept.accepted / a.accept.runS, 1),
});

const agreementNote = (a) =>
  `agreement: ${ASSETS} assets × 2 people × ${BOXES} boxes through the worker's quality.asset job: ${a.state}, ${a.counts.processed} processed, ${a.results.agreed} agreed, mean F1 ${round(a.results.mean ?? 0, 3)}, ${a.consensus} consensus annotations committed by it; ${round(a.runS)} s from first job to last (${round(a.wallS)} s from queueing); CPU: worker ${round(a.cpu.worker / 1000)} s (${round((100 * a.cpu.worker) / a.cpu.wallMs, 0)} % of a core), Postgres ${round(a.cpu.pg / 1000)} s (${round((100 * a.cpu.pg) / a.cpu.wallMs, 0)} %); waited runnable for a core: worker ${round(a.cpu.waitMs.worker / 1000)} s, Postgres ${round(a.cpu.waitMs.pg / 1000)} s. ` +
  `Accept all agreed (quality.accept): ${a.accept.state}, ${a.accept.accepted} assets accepted, ${a.accept.consensus} consensus annotations in their working sets, ${round(a.accept.runS)} s${a.accept.errors?.length ? `; errors: ${JSON.stringify(a.accept.errors)}` : ''}`;
