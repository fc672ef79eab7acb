// The realtime gateway (/sync) under load, end to end: Socket.IO clients →
// gateway → group committer → Postgres → ack and room broadcast (issue #4).
//
// One API process from dist/, its own database and Redis prefix; the socket
// clients run in this process. Phases, in order, each on fresh assets:
//   idle     1,000 joined, idle sockets: API RSS growth per client
//   fanout   one sender, 10 peers, light load: send → last peer has the broadcast
//   ack      200 clients pacing 1,000 ops/s together: send → ack
//   load     the same 200 clients in a closed loop of 25-op batches: committed ops/s
//   pg       single-row autocommit INSERTs from this process: the database's commit rate
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io } from 'socket.io-client';
import { TICK_MS, machineTicks, pct, pidsNamed, procSysTicks, procTicks, rawPostgresCommits, round, rssKiB, schedNs, sleep, startStack } from './support.mjs';

const DB = 'tessera_bench_sync';
/** Every one of them is a member of every demo project and may edit annotations (seeds/src/seed-demo.ts). */
const ACCOUNTS = ['annotator1@demo.local', 'annotator2@demo.local', 'reviewer@demo.local', 'manager@demo.local'];

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const LOAD_WARMUP_S = 5;
const ACK_WARMUP_S = 3;
const CLIENTS = 200;
const ROOMS = 20;
const BATCH = 25;
/** The gateway allows 5,000 ops/s per connection; a client here never asks for more than this. */
const CLIENT_MAX_OPS_PER_S = 2_000;
const ACK_RATE = 1_000;
const FANOUT_PEERS = 10;
const FANOUT_SAMPLES = 500;
const FANOUT_INTERVAL_MS = 25;
const IDLE_CLIENTS = 1_000;
const IDLE_PER_ROOM = 10;
const PG_SECONDS = 5;
const PG_PARALLEL = 4;
/** Boxes a client keeps; once it has them it moves them (updates) instead of drawing more. */
const OWN_BOXES = 20;
/** Extra node flags for the API process, e.g. BENCH_SYNC_API_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof". */
const API_ARGS = (process.env.BENCH_SYNC_API_ARGS ?? '').split(/\s+/).filter(Boolean);
/** Which phases run, e.g. BENCH_SYNC_PHASES=ack,load while profiling one path (all by default). */
const PHASES = new Set((process.env.BENCH_SYNC_PHASES ?? 'idle,fanout,ack,load,pg').split(',').map((p) => p.trim()));

/** CPU use over a window: the API, our Postgres backends plus its background processes, Redis, this process, the machine. */
async function cpuMeter(apiPid, db) {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL`);
  const pgPids = rows.map((r) => r.pid);
  const redisPids = pidsNamed('redis-server');
  const take = () => ({
    api: procTicks(apiPid),
    apiSys: procSysTicks(apiPid),
    sched: schedNs(apiPid),
    pg: pgPids.reduce((s, p) => s + procTicks(p), 0),
    redis: redisPids.reduce((s, p) => s + procTicks(p), 0),
    self: process.cpuUsage(),
    machine: machineTicks(),
    at: performance.now(),
  });
  const start = take();
  return () => {
    const end = take();
    const wallMs = end.at - start.at;
    const share = (ticks) => round((100 * ticks * TICK_MS) / wallMs, 0);
    const selfUs = end.self.user + end.self.system - start.self.user - start.self.system;
    const total = end.machine.total - start.machine.total;
    return {
      api: share(end.api - start.api),
      apiSys: share(end.apiSys - start.apiSys),
      pg: share(end.pg - start.pg),
      redis: share(end.redis - start.redis),
      loadgen: round((100 * selfUs) / 1000 / wallMs, 0),
      machineBusy: round((200 * (total - (end.machine.idle - start.machine.idle))) / Math.max(1, total), 0),
      apiThreadRun: round((100 * (end.sched.run - start.sched.run)) / 1e6 / wallMs, 0),
      apiThreadWait: round((100 * (end.sched.wait - start.sched.wait)) / 1e6 / wallMs, 0),
      ms: { api: (end.api - start.api) * TICK_MS, pg: (end.pg - start.pg) * TICK_MS, loadgen: selfUs / 1000 },
    };
  };
}
const counted = (load) => load.counted;
const cpuNote = (label, c, ops) =>
  `${label}: CPU in % of one core — API ${c.api} (of it in the kernel ${c.apiSys}), Postgres (this database's backends + background) ${c.pg}, Redis ${c.redis}, load generator ${c.loadgen}; whole machine busy ${c.machineBusy} of 200 (the rest is other work on the box); ` +
  `the API's JavaScript thread ran ${c.apiThreadRun}% of the time and waited runnable for a CPU ${c.apiThreadWait}% (schedstat)` +
  (ops ? `; CPU per committed op: API ${round((1000 * c.ms.api) / ops, 0)} µs, Postgres ${round((1000 * c.ms.pg) / ops, 0)} µs, load generator ${round((1000 * c.ms.loadgen) / ops, 0)} µs` : '');

// ---- socket clients --------------------------------------------------------

function connect(url, token) {
  return new Promise((resolve, reject) => {
    // forceNew: one WebSocket per client, as separate browsers would have (the default would multiplex them all on one).
    const socket = io(url, { path: '/sync', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: 30_000 });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}
function request(socket, event, payload, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => socket.timeout(timeoutMs).emit(event, payload, (err, reply) => (err ? reject(err) : resolve(reply))));
}
async function joinClient(url, token, assetId) {
  const socket = await connect(url, token);
  const reply = await request(socket, 'join', { assetId });
  if (!reply.ok) throw new Error(`join refused: ${reply.problem.detail}`);
  if (!reply.canEdit) throw new Error('join: this account may not edit the demo project');
  return { socket, setId: reply.setId, clientId: `bench-${randomUUID()}`, seq: 0, boxes: [] };
}
/** Joins every client to its asset, `width` joins at a time. */
function joinAll(url, tokens, assetOfClient, width) {
  return inParallel(assetOfClient.map((_, i) => i), width, (i) => joinClient(url, tokens[i % tokens.length], assetOfClient[i]));
}
async function inParallel(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

const rnd = (n) => Math.floor(Math.random() * n);
const boxGeometry = () => ({ type: 'box', x: rnd(3800), y: rnd(2800), width: 20 + rnd(180), height: 20 + rnd(180) });
/** A create while the client has fewer than OWN_BOXES boxes, then updates that move one of them. */
function nextOp(c) {
  if (c.boxes.length < OWN_BOXES) {
    const id = randomUUID();
    c.boxes.push(id);
    return { type: 'create', clientId: c.clientId, clientSeq: ++c.seq, annotation: { id, labelId: 'car', geometry: boxGeometry(), attributes: { kind: 'sedan' } } };
  }
  return { type: 'update', clientId: c.clientId, clientSeq: ++c.seq, id: c.boxes[rnd(c.boxes.length)], patch: { geometry: boxGeometry() } };
}

/** Tallies what acks said: committed ops, rejections by code, refused messages, timeouts. */
function tally() {
  const t = { committed: 0, rejected: {}, refused: {}, timeouts: 0 };
  t.add = (reply, nOps) => {
    if (!reply.ok) {
      const code = reply.problem.code ?? String(reply.problem.status);
      t.refused[code] = (t.refused[code] ?? 0) + nOps;
      return 0;
    }
    let n = 0;
    for (const r of reply.results) {
      if (r.status === 'committed') n++;
      else t.rejected[r.code] = (t.rejected[r.code] ?? 0) + 1;
    }
    t.committed += n;
    return n;
  };
  return t;
}
const summary = (t) => {
  const rej = Object.entries(t.rejected).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const ref = Object.entries(t.refused).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return `rejected ops: ${rej}; ops in refused messages: ${ref}; ack timeouts: ${t.timeouts}`;
};

async function send(c, ops, t) {
  const sentAt = performance.now();
  try {
    const reply = await request(c.socket, 'ops', { setId: c.setId, ops });
    return { reply, sentAt, ackAt: performance.now(), committed: t.add(reply, ops.length) };
  } catch {
    t.timeouts++;
    return null;
  }
}

// ---- phases ----------------------------------------------------------------

async function idlePhase(url, api, tokens, assets) {
  const before = await settledRss(api.pid);
  const t0 = performance.now();
  const clients = await joinAll(url, tokens, Array.from({ length: IDLE_CLIENTS }, (_, i) => assets[Math.floor(i / IDLE_PER_ROOM)]), 50);
  const connectS = (performance.now() - t0) / 1000;
  const after = await settledRss(api.pid);
  for (const c of clients) c.socket.close();
  await sleep(2000);
  return { kib: round((after - before) / IDLE_CLIENTS, 1), before, after, connectS };
}
/** VmRSS once it has stopped moving for a while (the API has no exposed gc; we wait instead). */
async function settledRss(pid) {
  await sleep(3000);
  let last = rssKiB(pid);
  for (let i = 0; i < 5; i++) {
    await sleep(1000);
    const now = rssKiB(pid);
    if (Math.abs(now - last) < 256) return now;
    last = now;
  }
  return last;
}

async function fanoutPhase(url, tokens, assetId) {
  const [sender, ...peers] = await joinAll(url, tokens, Array.from({ length: FANOUT_PEERS + 1 }, () => assetId), FANOUT_PEERS);
  const sentAt = new Map();
  const seen = new Map();
  const samples = [];
  const acks = [];
  for (const p of peers) {
    p.socket.on('ops', (msg) => {
      const now = performance.now();
      for (const c of msg.ops) {
        if (c.op.clientId !== sender.clientId) continue;
        const n = (seen.get(c.op.clientSeq) ?? 0) + 1;
        seen.set(c.op.clientSeq, n);
        if (n === FANOUT_PEERS && sentAt.has(c.op.clientSeq)) samples.push(now - sentAt.get(c.op.clientSeq));
      }
    });
  }
  const t = tally();
  const fire = (record) => {
    const op = nextOp(sender);
    if (record) sentAt.set(op.clientSeq, performance.now());
    void send(sender, [op], t).then((r) => r && record && acks.push(r.ackAt - r.sentAt));
  };
  for (let i = 0; i < 50; i++) {
    fire(false);
    await sleep(FANOUT_INTERVAL_MS);
  }
  const start = performance.now();
  for (let i = 0; i < FANOUT_SAMPLES; i++) {
    fire(true);
    const due = start + (i + 1) * FANOUT_INTERVAL_MS;
    await sleep(Math.max(0, due - performance.now()));
  }
  await sleep(2000);
  for (const c of [sender, ...peers]) c.socket.close();
  return { p50: pct(samples, 50), p99: pct(samples, 99), n: samples.length, ackP99: pct(acks, 99), t };
}

async function ackPhase(clients, apiPid, db) {
  const interval = (1000 * clients.length) / ACK_RATE; // per client, ms
  const t = tally();
  const lat = [];
  let measuring = false;
  let stop = false;
  let inFlight = 0;
  const loops = clients.map(async (c) => {
    let due = performance.now() + Math.random() * interval;
    while (!stop) {
      await sleep(Math.max(0, due - performance.now()));
      if (stop) break;
      due += interval;
      const record = measuring;
      inFlight++;
      void send(c, [nextOp(c)], t).then((r) => {
        inFlight--;
        if (r && record) lat.push(r.ackAt - r.sentAt);
      });
    }
  });
  await sleep(ACK_WARMUP_S * 1000);
  measuring = true;
  const startCommitted = t.committed;
  const logged0 = await loggedOps(db);
  const checkpoints0 = await checkpoints(db);
  const meter = await cpuMeter(apiPid, db);
  const t0 = performance.now();
  await sleep(DURATION_S * 1000);
  const cpu = meter();
  const checkpointsBegun = (await checkpoints(db)) - checkpoints0;
  // Ops the server committed in the window, acknowledged yet or not: what the CPU was spent on when acks fall behind.
  const logged = (await loggedOps(db)) - logged0;
  const ops = t.committed - startCommitted;
  const rate = ((t.committed - startCommitted) * 1000) / (performance.now() - t0);
  measuring = false;
  stop = true;
  await Promise.all(loops);
  while (inFlight > 0) await sleep(50);
  return { p50: pct(lat, 50), p99: pct(lat, 99), max: pct(lat, 100), n: lat.length, rate, t, cpu, ops, logged, checkpointsBegun };
}
/** Checkpoints Postgres has begun (timed or requested): one in a window can stall its commits' tail. */
async function checkpoints(db) {
  try {
    return (await db.query('SELECT (num_timed + num_requested)::int AS n FROM pg_stat_checkpointer')).rows[0].n; // Postgres 17+
  } catch {
    return (await db.query('SELECT (checkpoints_timed + checkpoints_req)::int AS n FROM pg_stat_bgwriter')).rows[0].n;
  }
}
async function loggedOps(db) {
  const { rows: [r] } = await db.query('SELECT count(*)::int AS n FROM annotation_ops');
  return r.n;
}

async function loadPhase(clients, apiPid, db) {
  const t = tally();
  const lat = [];
  let window = null; // { t0, t1 } in performance.now() time
  let stop = false;
  const minGapMs = (1000 * BATCH) / CLIENT_MAX_OPS_PER_S;
  let counted = 0;
  const loops = clients.map(async (c) => {
    while (!stop) {
      const ops = Array.from({ length: BATCH }, () => nextOp(c));
      const r = await send(c, ops, t);
      if (r && window && r.ackAt >= window.t0 && r.ackAt < window.t1) {
        counted += r.committed;
        lat.push(r.ackAt - r.sentAt);
      }
      const wait = (r ? r.sentAt : performance.now()) + minGapMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
  });
  await sleep(LOAD_WARMUP_S * 1000);
  const wallFrom = new Date();
  const xact0 = await xactCommits(db);
  const meter = await cpuMeter(apiPid, db);
  window = { t0: performance.now(), t1: performance.now() + DURATION_S * 1000 };
  await sleep(DURATION_S * 1000);
  const cpu = meter();
  const xact1 = await xactCommits(db);
  const wallTo = new Date();
  stop = true;
  await Promise.all(loops);
  // The committer stamps every op of one transaction with one committed_at: so the log tells the transactions apart.
  const { rows: [b] } = await db.query(
    `WITH c AS (SELECT committed_at, count(*)::int AS n FROM annotation_ops WHERE committed_at >= $1 AND committed_at < $2 GROUP BY committed_at)
     SELECT count(*)::int AS commits, coalesce(sum(n), 0)::int AS ops,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS p50, percentile_disc(0.9) WITHIN GROUP (ORDER BY n) AS p90, max(n) AS max
       FROM c`,
    [wallFrom, wallTo],
  );
  const seconds = DURATION_S;
  return {
    opsPerS: Math.round(counted / seconds), counted, p50: pct(lat, 50), p99: pct(lat, 99), messages: lat.length, t, cpu,
    commits: b.commits, commitsPerS: round(b.commits / ((wallTo - wallFrom) / 1000), 0), logOps: b.ops,
    batch: { mean: b.commits ? round(b.ops / b.commits, 0) : 0, p50: b.p50, p90: b.p90, max: b.max },
    xactPerS: Math.round((xact1 - xact0) / ((wallTo - wallFrom) / 1000)),
  };
}
/** Waits until annotation_ops has stopped growing (at most a minute); how long that took. */
async function untilQuiet(db) {
  const t0 = performance.now();
  let last = -1;
  while (performance.now() - t0 < 60_000) {
    const { rows: [r] } = await db.query('SELECT count(*)::int AS n FROM annotation_ops');
    if (r.n === last) break;
    last = r.n;
    await sleep(1000);
  }
  return Math.round(performance.now() - t0);
}
async function xactCommits(db) {
  const { rows } = await db.query(`SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()`);
  return Number(rows[0].n);
}

// ---- the run ---------------------------------------------------------------

export async function run({ root }) {
  const stack = await startStack({ root, db: DB, apiArgs: API_ARGS });
  const { api, url } = stack;
  const db = new pg.Client({ connectionString: stack.dbUrl });
  const open = [];
  try {
    await db.connect();
    const tokens = [];
    for (const email of ACCOUNTS) tokens.push(await stack.login(email));
    const { rows: [project] } = await db.query(`SELECT id, org_id FROM projects WHERE name = 'Street scenes'`);
    if (!project) throw new Error('the demo has no "Street scenes" project');
    const makeAssets = async (n, what) =>
      (await db.query(
        `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height)
         SELECT $1, $2, 'image', 'ready', $3 || ' ' || g, 'sha256/' || h, h, 1, 4000, 3000
           FROM generate_series(1, $4::int) g, LATERAL (SELECT encode(sha256(($3 || g || random())::bytea), 'hex') AS h) x
         RETURNING id`,
        [project.org_id, project.id, `bench ${what}`, n],
      )).rows.map((r) => r.id);

    // Warm-up: the first joins and commits (JIT, pools, caches) are not what we measure.
    const warm = await joinAll(url, tokens, await makeAssets(4, 'warm-up'), 4);
    for (let i = 0; i < 20; i++) await Promise.all(warm.map((c) => send(c, Array.from({ length: 10 }, () => nextOp(c)), tally())));
    warm.forEach((c) => c.socket.close());

    const skipped = { kib: NaN, before: NaN, after: NaN, connectS: NaN };
    let idle = skipped;
    if (PHASES.has('idle')) {
      console.log(`  idle: ${IDLE_CLIENTS} joined sockets…`);
      idle = await idlePhase(url, api, tokens, await makeAssets(IDLE_CLIENTS / IDLE_PER_ROOM, 'idle'));
    }
    let fan = { p50: NaN, p99: NaN, n: 0, ackP99: NaN, t: tally() };
    if (PHASES.has('fanout')) {
      console.log(`  fanout: 1 sender, ${FANOUT_PEERS} peers, ${FANOUT_SAMPLES} ops…`);
      const [fanoutAsset] = await makeAssets(1, 'fanout');
      fan = await fanoutPhase(url, tokens, fanoutAsset);
    }

    console.log(`  ${CLIENTS} clients on ${ROOMS} assets…`);
    const roomAssets = await makeAssets(ROOMS, 'load');
    const clients = await joinAll(url, tokens, Array.from({ length: CLIENTS }, (_, i) => roomAssets[i % ROOMS]), 20);
    open.push(...clients);
    const emptyCpu = { api: 0, apiSys: 0, pg: 0, redis: 0, loadgen: 0, machineBusy: 0, apiThreadRun: 0, apiThreadWait: 0, ms: { api: 0, pg: 0, loadgen: 0 } };
    let ack = { p50: NaN, p99: NaN, max: NaN, n: 0, rate: 0, t: tally(), cpu: emptyCpu, ops: 0, logged: 0, checkpointsBegun: 0 };
    let drainedMs = 0;
    if (PHASES.has('ack')) {
      console.log(`  ack: ${ACK_RATE} ops/s paced, ${DURATION_S} s…`);
      ack = await ackPhase(clients, api.pid, db);
      // Acks that timed out leave their ops queued in the server: the load phase starts once the log stops growing.
      drainedMs = await untilQuiet(db);
    }
    let load = { opsPerS: NaN, counted: 0, p50: NaN, p99: NaN, messages: 0, t: tally(), cpu: emptyCpu, commits: 0, commitsPerS: NaN, logOps: 0, batch: {}, xactPerS: 0 };
    if (PHASES.has('load')) {
      console.log(`  load: closed loop of ${BATCH}-op batches, ${DURATION_S} s…`);
      load = await loadPhase(clients, api.pid, db);
    }
    clients.forEach((c) => c.socket.close());
    open.length = 0;
    await sleep(1000);
    let pgr = { one: NaN, many: NaN, settings: {} };
    if (PHASES.has('pg')) {
      console.log('  pg: single-row autocommit INSERTs…');
      pgr = await rawPostgresCommits(stack.dbUrl, { seconds: PG_SECONDS, parallel: PG_PARALLEL });
    }

    const all = {
      'sync.ops_per_s': load.opsPerS,
      'sync.ack_p99_ms_at_1000': round(ack.p99),
      'sync.fanout_p99_ms': round(fan.p99),
      'sync.idle_client_kb': idle.kib,
      'sync.pg_insert_commits_per_s': pgr.many,
      'sync.pg_insert_commits_per_s_1conn': pgr.one,
      'sync.load_ack_p99_ms': round(load.p99),
      'sync.load_commits_per_s': load.commitsPerS,
      // CPU per op of each phase: comparable across runs whatever else loads the machine.
      'sync.ack_api_cpu_us_per_op': ack.logged ? round((1000 * ack.cpu.ms.api) / ack.logged, 0) : NaN,
      'sync.ack_pg_cpu_us_per_op': ack.logged ? round((1000 * ack.cpu.ms.pg) / ack.logged, 0) : NaN,
      'sync.load_api_cpu_us_per_op': load.counted ? round((1000 * load.cpu.ms.api) / load.counted, 0) : NaN,
      'sync.load_pg_cpu_us_per_op': load.counted ? round((1000 * load.cpu.ms.pg) / load.counted, 0) : NaN,
    };
    // A phase left out leaves its metrics out (null would read as a measured zero in compare.mjs).
    const metrics = Object.fromEntries(Object.entries(all).filter(([, v]) => typeof v === 'number' && !Number.isNaN(v)));
    const notes = [
      `one run of every phase per invocation (repeat \`npm run bench -- sync\` for more); API, Postgres, Redis and this load generator share the machine's ${(await import('node:os')).cpus().length} cores with whatever else runs on it`,
      `ops_per_s: ${CLIENTS} sockets (one WebSocket each, tokens of ${ACCOUNTS.length} demo accounts) on ${ROOMS} assets (${CLIENTS / ROOMS} per room), each in a closed loop of ${BATCH}-op messages (creates until it has ${OWN_BOXES} boxes, then box moves), next one after the ack, at most ${CLIENT_MAX_OPS_PER_S} ops/s per socket (gateway limit 5,000); committed ops in acks received during ${DURATION_S} s after a ${LOAD_WARMUP_S} s warm-up; ${load.messages} messages, ack p50 ${round(load.p50)} ms, p99 ${round(load.p99)} ms; ${summary(load.t)}`,
      `committer during the load window: ${load.commits} transactions (${load.commitsPerS}/s) for ${load.logOps} logged ops, ops per transaction mean ${load.batch.mean}, p50 ${load.batch.p50}, p90 ${load.batch.p90}, max ${load.batch.max} (cap 2,000), read from annotation_ops.committed_at, one stamp per transaction; all transactions of the database ${load.xactPerS}/s (pg_stat_database, includes reads)`,
      cpuNote('during the load window', load.cpu, counted(load)),
      `ack_p99_ms_at_1000: the same ${CLIENTS} sockets each send a single-op message every ${(1000 * CLIENTS) / ACK_RATE} ms (random phase, not waiting for acks), ${ACK_WARMUP_S} s warm-up then ${DURATION_S} s: ${ack.n} acks, committed ${Math.round(ack.rate)} ops/s, p50 ${round(ack.p50)} ms, p99 ${round(ack.p99)} ms, max ${round(ack.max)} ms; ${summary(ack.t)}; the server's queue took ${drainedMs} ms to drain afterwards; Postgres checkpoints begun in the window: ${ack.checkpointsBegun}`,
      cpuNote('during the ack window', ack.cpu, ack.logged),
      `fanout_p99_ms: one sender, ${FANOUT_PEERS} peers in the room, a single-op message every ${FANOUT_INTERVAL_MS} ms and nothing else running; send → the 10th peer has the \`ops\` broadcast, ${fan.n} samples, p50 ${round(fan.p50)} ms, p99 ${round(fan.p99)} ms (the sender's ack p99 ${round(fan.ackP99)} ms); ${summary(fan.t)}`,
      `idle_client_kb: API VmRSS ${idle.before} KiB → ${idle.after} KiB with ${IDLE_CLIENTS} joined, idle sockets (${IDLE_PER_ROOM} per asset), each read after waiting ≥3 s for it to settle (connecting them took ${round(idle.connectS)} s); no forced GC in the API process`,
      `pg_insert_commits_per_s: single-row INSERT … VALUES ($1), autocommit, into a fresh logged table, ${PG_SECONDS} s each: ${PG_PARALLEL} pg connections of this one process in parallel (each one statement at a time) ${pgr.many}/s — that is the metric; one connection alone ${pgr.one}/s. Postgres synchronous_commit=${pgr.settings.sc}, fsync=${pgr.settings.fs}, wal_sync_method=${pgr.settings.ws}, commit_delay=${pgr.settings.cd}`,
    ];
    return { metrics, notes };
  } finally {
    open.forEach((c) => c.socket.close());
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}
