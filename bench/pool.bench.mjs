// "Next task" under a crowd (issue #5): 200 annotators claiming and submitting
// from one pool at once, over HTTP, through the whole stack.
//
// One API process from dist/, its own database and Redis prefix. The demo
// "Street scenes" project gets a workflow that accepts a submission at once
// (overlap 2, no review sampling, empty work allowed), BENCH_POOL_ASSETS ready
// image assets inserted with SQL, 200 annotator members inserted with SQL, and
// one batch made through the API. Then 200 async loops in this process, one
// per annotator, each on keep-alive HTTP: claim next → submit → repeat until 204.
// Afterwards the database is asked whether anything was handed out twice.
//
// pool.bare_claims_per_s: first, the same crowd with the same tokens on the same
// assets' tasks, against a bare server doing only what a shared pool needs
// (pool/bare-server.mjs), while Tessera's API waits idle.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SignJWT } from 'jose';
import pg from 'pg';
import { cpuMeter, pct, pidsNamed, rawPostgresCommits, round, startBareServer, startStack } from './support.mjs';

const DB = 'tessera_bench_pool';
const ANNOTATORS = 200;
const OVERLAP = 2;
/** 3,000 assets × overlap 2 = 6,000 tasks: about 15 s of work at 400 claims/s, 6 s at the 1,000/s target. */
const ASSETS = Number(process.env.BENCH_POOL_ASSETS ?? 3000);
/** Warm-up before the crowd: one annotator claims and submits this many tasks of a small batch of their own. */
const WARMUP_TASKS = 100;
/** The steady part of the run: claims between these shares of all claims, in completion order (ramp-up and the dry tail left out). */
const STEADY_FROM = 0.1;
const STEADY_TO = 0.9;
/** A worker gives up after this many failed requests (so a broken server ends the run instead of spinning). */
const MAX_ERRORS_PER_WORKER = 20;
/** Extra node flags for the API process, e.g. BENCH_POOL_API_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof". */
const API_ARGS = (process.env.BENCH_POOL_API_ARGS ?? '').split(/\s+/).filter(Boolean);
/** The workflow the issue asks for: a submission is accepted at once, no review tasks are made. */
const WORKFLOW = { overlap: OVERLAP, reviewSampling: 0, emptyAnnotations: 'allow' };

// ---- HTTP: one keep-alive agent, many sockets -------------------------------

function client(baseUrl) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: ANNOTATORS + 16 });
  const request = (method, path, token, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { authorization: `Bearer ${token}` };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request({ agent, hostname, port, method, path, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, json, text });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

// ---- the crowd --------------------------------------------------------------

/**
 * One loop per annotator: claim → submit → … until 204. Records every 200
 * claim (task, who, when it answered) and the latency of each request.
 */
async function crowd(http_, projectId, people) {
  const claims = []; // { taskId, userId, at }
  const claimMs = [];
  const submitMs = [];
  const errors = {};
  const err = (what, status) => {
    const k = `${what} ${status}`;
    errors[k] = (errors[k] ?? 0) + 1;
  };
  let firstDry = null;
  const t0 = performance.now();
  await Promise.all(
    people.map(async (p) => {
      let failures = 0;
      while (failures < MAX_ERRORS_PER_WORKER) {
        const s = performance.now();
        let r;
        try {
          r = await http_.request('POST', `/api/v1/projects/${projectId}/tasks/next`, p.token, {});
        } catch (e) {
          err('claim', e.code ?? 'network');
          failures++;
          continue;
        }
        const e = performance.now();
        claimMs.push(e - s);
        if (r.status === 204) {
          firstDry ??= e;
          return;
        }
        if (r.status !== 200 || !r.json?.id) {
          err('claim', r.status);
          failures++;
          continue;
        }
        claims.push({ taskId: r.json.id, userId: p.id, at: e });
        const s2 = performance.now();
        try {
          const sub = await http_.request('POST', `/api/v1/tasks/${r.json.id}/submit`, p.token);
          submitMs.push(performance.now() - s2);
          if (sub.status !== 200) {
            err('submit', sub.status);
            failures++;
          }
        } catch (e2) {
          err('submit', e2.code ?? 'network');
          failures++;
        }
      }
    }),
  );
  const t1 = performance.now();
  return { claims, claimMs, submitMs, errors, t0, t1, firstDry };
}

/** Claims per second between the STEADY_FROM and STEADY_TO shares of all claims, in the order they answered. */
function steadyRate(claims) {
  const at = claims.map((c) => c.at).sort((a, b) => a - b);
  if (at.length < 10) return { rate: NaN, from: NaN, to: NaN, n: at.length };
  const i = Math.floor(at.length * STEADY_FROM);
  const j = Math.floor(at.length * STEADY_TO) - 1;
  return { rate: Math.round(((j - i) * 1000) / (at[j] - at[i])), from: at[i], to: at[j], n: j - i };
}

/** (c): task ids that two different annotators both got a 200 for. */
function sharedClaims(claims) {
  const by = new Map();
  for (const c of claims) (by.get(c.taskId) ?? by.set(c.taskId, new Set()).get(c.taskId)).add(c.userId);
  let n = 0;
  for (const s of by.values()) if (s.size > 1) n++;
  return n;
}

/** JIT, pools and plans warmed: one person claims and submits up to WARMUP_TASKS tasks, alone. */
async function warmUp(http_, projectId, warmer) {
  for (let i = 0; i < WARMUP_TASKS; i++) {
    const c = await http_.request('POST', `/api/v1/projects/${projectId}/tasks/next`, warmer.token, {});
    if (c.status !== 200) break; // one person gets each asset once: half of what they find is theirs
    await http_.request('POST', `/api/v1/tasks/${c.json.id}/submit`, warmer.token);
  }
}

/**
 * CPU of a crowd per claim+submit cycle, in µs: the server's process (`name`), Postgres's, Redis's when it was metered
 * (null otherwise), and this load generator's.
 */
const perCycle = (cpu, cycles, name) => {
  const us = (ms) => (ms === undefined ? null : round((1000 * ms) / cycles, 0));
  return { server: us(cpu[name]), pg: us(cpu.pg), redis: us(cpu.redis), loadgen: us(cpu.loadgen) };
};
/** The same as a note, with each one's share of a core and the machine's. */
function cpuNote(cpu, cycles, name) {
  const share = (ms) => round((100 * ms) / cpu.wallMs, 0);
  const us = perCycle(cpu, cycles, name);
  const redis = (what) => (cpu.redis === undefined ? '' : `, Redis ${what}`);
  return `CPU during the crowd, % of one core: ${name} ${share(cpu[name])}, Postgres (this database's backends + background) ${share(cpu.pg)}${redis(share(cpu.redis))}, load generator ${share(cpu.loadgen)}; machine busy ${cpu.machineBusy} of ${cpus().length * 100}; per claim+submit cycle: ${name} ${us.server} µs, Postgres ${us.pg} µs${redis(`${us.redis} µs`)}, load generator ${us.loadgen} µs`;
}

/**
 * The bare server's rate (pool/bare-server.mjs) for the same crowd: the same people and tokens, a pool of the same
 * tasks (a copy of each of the project's annotate tasks, queued, in a random order as Tessera's), warmed up as Tessera's.
 */
async function bareFloor({ root, dbUrl, db, jwtSecret, projectId, people, warmer, records }) {
  const bare = await startBareServer(root, 'bench/pool/bare-server.mjs', { DATABASE_URL: dbUrl, JWT_SECRET: jwtSecret, RECORDS: records ? '1' : '0' });
  const h = client(bare.url);
  try {
    await db.query(`INSERT INTO bench_bare_tasks (project_id, asset_id) SELECT project_id, asset_id FROM tasks WHERE project_id = $1 AND stage = 'annotate'`, [projectId]);
    await db.query('ANALYZE bench_bare_tasks');
    await warmUp(h, projectId, warmer);
    const meter = await cpuMeter({ bare: bare.pid }, db);
    const out = await crowd(h, projectId, people);
    const cpu = await meter();
    const errors = Object.values(out.errors).reduce((a, b) => a + b, 0);
    const { rows: [left] } = await db.query(`SELECT count(*) FILTER (WHERE state <> 'accepted')::int AS open, count(*)::int AS n FROM bench_bare_tasks`);
    // A floor that loses work or hands a task out twice measures nothing: stop the bench rather than report it.
    const shared = sharedClaims(out.claims);
    if (errors || shared || left.open) throw new Error(`the bare pool server went wrong: ${JSON.stringify(out.errors)}, ${shared} tasks claimed twice, ${left.open} of ${left.n} tasks not accepted`);
    return { steady: steadyRate(out.claims), cycles: out.claims.length, cpu, tasks: left.n };
  } finally {
    h.close();
    await bare.stop();
  }
}

// ---- the run ---------------------------------------------------------------

export async function run({ root }) {
  const jwtSecret = randomBytes(32).toString('hex');
  const stack = await startStack({ root, db: DB, env: { JWT_SECRET: jwtSecret }, apiArgs: API_ARGS });
  const { api } = stack;
  const db = new pg.Client({ connectionString: stack.dbUrl });
  const h = client(stack.url);
  try {
    await db.connect();
    const { rows: [project] } = await db.query(`SELECT id, org_id FROM projects WHERE name = 'Street scenes'`);
    if (!project) throw new Error('the demo has no "Street scenes" project');
    await db.query(`UPDATE projects SET workflow = $2 WHERE id = $1`, [project.id, JSON.stringify(WORKFLOW)]);

    const managerToken = await stack.login('manager@demo.local');

    const key = new TextEncoder().encode(jwtSecret);
    // The API's `pwd` claim: the password the token was issued under (libs/server/auth tokens.ts).
    const sign = async (userId) =>
      new SignJWT({ org: project.org_id, pwd: Number((await db.query(`SELECT floor(extract(epoch FROM password_changed_at) * 1000)::bigint AS pwd FROM users WHERE id = $1`, [userId])).rows[0].pwd) }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(userId)
        .setIssuer('tessera').setAudience('tessera-api').setIssuedAt().setExpirationTime('1h').sign(key);
    const tag = randomUUID().slice(0, 8);
    const { rows: members } = await db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash) SELECT 'pool' || i || '-' || $2 || '@bench.local', 'Pool annotator ' || i, 'x' FROM generate_series(1, $4::int) i RETURNING id),
            m AS (INSERT INTO memberships (org_id, user_id, role) SELECT $1, id, 'annotator' FROM u RETURNING user_id)
       INSERT INTO project_members (project_id, user_id, org_id, role) SELECT $3, user_id, $1, 'annotator' FROM m RETURNING user_id`,
      [project.org_id, tag, project.id, ANNOTATORS + 1],
    );
    const people = await Promise.all(members.map(async (m) => ({ id: m.user_id, token: await sign(m.user_id) })));
    const warmer = people.pop();

    const makeAssets = (n, what) =>
      db.query(
        `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height)
         SELECT $1, $2, 'image', 'ready', $3 || ' ' || g, 'sha256/' || h, h, 1, 1280, 720
           FROM generate_series(1, $4::int) g, LATERAL (SELECT encode(sha256(($3 || g || random())::bytea), 'hex') AS h) x`,
        [project.org_id, project.id, `bench pool ${what}`, n],
      );
    const batch = async (name) => {
      const r = await h.request('POST', `/api/v1/projects/${project.id}/batches`, managerToken, { name, selection: { filter: {} } });
      if (r.status !== 201) throw new Error(`making the batch answered ${r.status}: ${r.text}`);
      return r.json;
    };

    // Warm-up (JIT, pools, plans): one annotator works through a small batch of its own first.
    // The demo's own unbatched assets go into it too, so the measured batch holds only the bench's assets.
    await makeAssets(WARMUP_TASKS / OVERLAP, 'warm-up');
    await batch('pool bench warm-up');
    await warmUp(h, project.id, warmer);
    // What the warm-up left queued (the other half of its overlap) stays in the pool and is part of the run.
    await makeAssets(ASSETS, 'load');
    const measured = await batch('pool bench');
    const { rows: [{ queued }] } = await db.query(`SELECT count(*)::int AS queued FROM tasks WHERE project_id = $1 AND stage = 'annotate' AND state = 'queued'`, [project.id]);
    const { rows: [{ n: claimsBefore }] } = await db.query(
      `SELECT count(*)::int AS n FROM task_transitions tt JOIN tasks t ON t.id = tt.task_id WHERE t.project_id = $1 AND tt.reason = 'claimed from the pool'`, [project.id]);
    await db.query('ANALYZE tasks; ANALYZE task_transitions; ANALYZE assets');

    console.log(`  ${ANNOTATORS} annotators on a pool of ${queued} tasks (${measured.assetCount} assets × ${OVERLAP} in the batch)…`);
    const floor = { root, dbUrl: stack.dbUrl, db, jwtSecret, projectId: project.id, people, warmer };
    const bare = await bareFloor({ ...floor, records: false });
    const bareRecords = await bareFloor({ ...floor, records: true });

    // Redis's CPU too, when it runs on this machine: Tessera's cycle uses it (change notices, the scoring job, the
    // annotator's notification), the bare server's does not.
    const [redisPid] = pidsNamed('redis-server');
    const meter = await cpuMeter({ api: api.pid, ...(redisPid && { redis: redisPid }) }, db);
    const out = await crowd(h, project.id, people);
    const cpu = await meter();
    const steady = steadyRate(out.claims);
    const wallS = (out.t1 - out.t0) / 1000;

    const one = async (sql) => (await db.query(sql, [project.id])).rows[0].n;
    const claimedTwice = await one(
      `SELECT count(*)::int AS n FROM (SELECT tt.task_id FROM task_transitions tt JOIN tasks t ON t.id = tt.task_id
        WHERE t.project_id = $1 AND tt.reason = 'claimed from the pool' GROUP BY tt.task_id HAVING count(*) > 1) d`);
    const assetTwice = await one(
      `SELECT count(*)::int AS n FROM (SELECT asset_id, assignee_id FROM tasks WHERE project_id = $1 AND stage = 'annotate' AND assignee_id IS NOT NULL
        GROUP BY 1, 2 HAVING count(*) > 1) d`);
    const shared = sharedClaims(out.claims);
    const claimsInDb = (await one(
      `SELECT count(*)::int AS n FROM task_transitions tt JOIN tasks t ON t.id = tt.task_id WHERE t.project_id = $1 AND tt.reason = 'claimed from the pool'`)) - claimsBefore;
    const leftQueued = await one(`SELECT count(*)::int AS n FROM tasks WHERE project_id = $1 AND stage = 'annotate' AND state = 'queued'`);
    const notAccepted = await one(`SELECT count(*)::int AS n FROM tasks WHERE project_id = $1 AND stage = 'annotate' AND state IN ('assigned','in_progress','submitted')`);
    const reviews = await one(`SELECT count(*)::int AS n FROM tasks WHERE project_id = $1 AND stage = 'review'`);
    const errorCount = Object.values(out.errors).reduce((a, b) => a + b, 0);
    const errorList = Object.entries(out.errors).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
    const distinct = new Set(out.claims.map((c) => c.taskId)).size;
    const cycles = out.claims.length;
    // What Postgres alone did on the machine right after the crowd (the issue asks for the raw rate of the same run).
    const raw = await rawPostgresCommits(stack.dbUrl);

    const [us, bareUs] = [perCycle(cpu, cycles, 'api'), perCycle(bare.cpu, bare.cycles, 'bare')];
    const metrics = {
      'pool.claims_per_s': steady.rate,
      'pool.double_assignments': claimedTwice + assetTwice + shared,
      'pool.claim_p50_ms': round(pct(out.claimMs, 50)),
      'pool.claim_p99_ms': round(pct(out.claimMs, 99)),
      'pool.submit_p50_ms': round(pct(out.submitMs, 50)),
      'pool.submit_p99_ms': round(pct(out.submitMs, 99)),
      'pool.errors': errorCount,
      'pool.tasks': queued,
      // CPU per claim+submit cycle: unlike the rate, it hardly moves with what else the machine runs.
      'pool.api_cpu_us_per_cycle': us.server,
      'pool.pg_cpu_us_per_cycle': us.pg,
      'pool.redis_cpu_us_per_cycle': us.redis,
      'pool.bare_claims_per_s': bare.steady.rate,
      'pool.bare_server_cpu_us_per_cycle': bareUs.server,
      'pool.bare_pg_cpu_us_per_cycle': bareUs.pg,
      'pool.bare_records_claims_per_s': bareRecords.steady.rate,
      'pool.bare_records_pg_cpu_us_per_cycle': perCycle(bareRecords.cpu, bareRecords.cycles, 'bare').pg,
      'pool.pg_insert_commits_per_s': raw.many,
      'pool.pg_insert_commits_per_s_1conn': raw.one,
    };
    const notes = [
      `one run per invocation (repeat \`npm run bench -- pool\` for more); the API process, Postgres, Redis and this load generator share the machine's ${cpus().length} cores (and whatever else runs on it)`,
      `setup: demo "Street scenes" project, workflow ${JSON.stringify(WORKFLOW)}; ${measured.assetCount} ready image assets inserted with SQL, one batch through the API; ${ANNOTATORS} annotator members (SQL, HS256 tokens signed by the bench); a pool of ${queued} queued annotate tasks (the batch's ${measured.assetCount * OVERLAP} plus ${queued - measured.assetCount * OVERLAP} the warm-up left); warm-up: another annotator claimed and submitted ${WARMUP_TASKS / OVERLAP} tasks first`,
      `claims_per_s: ${steady.n} claims between the ${STEADY_FROM * 100}th and ${STEADY_TO * 100}th percentile of claim completions, over ${round((steady.to - steady.from) / 1000, 2)} s; whole run ${cycles} claims in ${round(wallS, 2)} s = ${Math.round(cycles / wallS)}/s (first 204 after ${round((out.firstDry - out.t0) / 1000, 2)} s); each of the ${ANNOTATORS} loops waits for its submit before the next claim, so claims/s = submits/s`,
      `latency: claim p50 ${metrics['pool.claim_p50_ms']} ms, p99 ${metrics['pool.claim_p99_ms']} ms (${out.claimMs.length} claims incl. the final 204s); submit p50 ${metrics['pool.submit_p50_ms']} ms, p99 ${metrics['pool.submit_p99_ms']} ms (${out.submitMs.length})`,
      `errors (non-2xx or failed requests): ${errorCount} (${errorList})`,
      `double_assignments = ${claimedTwice} tasks with more than one 'claimed from the pool' transition + ${assetTwice} (asset, assignee) pairs with more than one annotate task + ${shared} task ids two annotators both got a 200 for (bench records); the bench saw ${cycles} 200 claims of ${distinct} distinct tasks, the database recorded ${claimsInDb} pool claims in the run; afterwards ${leftQueued} tasks still queued, ${notAccepted} not yet accepted, ${reviews} review tasks`,
      cpuNote(cpu, cycles, 'api'),
      ...[[bare, 'bare floor'], [bareRecords, 'bare floor with the records (RECORDS=1: a history row a move, a scoring run a submit)']].map(([b, what]) =>
        `${what} (pool/bare-server.mjs, the same crowd on the same assets' ${b.tasks} tasks, before Tessera's): ${b.steady.n} steady claims at ${b.steady.rate}/s, ${b.cycles} in all, no errors or double claims; ${cpuNote(b.cpu, b.cycles, 'bare')}`),
      `pg_insert_commits_per_s: Postgres alone right after the crowd, single-row autocommit INSERTs for 5 s on 4 connections of this process ${raw.many}/s, on one ${raw.one}/s (synchronous_commit=${raw.settings.sc})`,
    ];
    return { metrics, notes };
  } finally {
    h.close();
    await db.end().catch(() => undefined);
    // BENCH_POOL_KEEP_DB=1 leaves the database for a look afterwards (EXPLAIN the claim and submit statements).
    await stack.stop({ keepDatabase: Boolean(process.env.BENCH_POOL_KEEP_DB) });
  }
}
