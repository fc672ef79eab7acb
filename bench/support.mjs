// What every benchmark needs: a database of its own with the demo loaded, the
// bundled API (and worker) from dist/ started against it, and small readers of
// what the machine spends (Linux /proc).
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import Redis from 'ioredis';
import pg from 'pg';
import { WORKER_NODE_FLAGS } from '../tools/worker-flags.mjs';

export const ROOT_URL = process.env.BENCH_DATABASE_ROOT ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DEMO_PASSWORD = process.env.TESSERA_DEMO_PASSWORD || 'demo-password';

/**
 * Flags added to the browser benches' Chromium (dicom, canvas), for a measurement under other conditions than the
 * benches' own, e.g. `--disable-gpu-rasterization` (Debian's Chromium turns GPU rasterization on for every page, which
 * in SwiftShader puts the page's own drawing on the emulated GPU: docs/performance.md, DICOM, "The first image, cold").
 */
export const EXTRA_CHROMIUM_ARGS = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** One statement against the server's `postgres` database (CREATE/DROP DATABASE). */
export async function admin(sql) {
  const c = new pg.Client({ connectionString: `${ROOT_URL}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** BENCH_READY_TIMEOUT_MS: how long a server may take to start (30 s; more on a machine at load 30). */
export async function waitReady(url, child) {
  const tries = Number(process.env.BENCH_READY_TIMEOUT_MS ?? 30_000) / 100;
  for (let i = 0; i < tries; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  throw new Error(`${url} never became ready`);
}

async function clearRedisPrefix(prefix) {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

function stop(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  child.kill('SIGTERM');
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
  });
}

/**
 * A bench's bare server (`script`, a path under the repository) on a free port with `env` besides this process's, once
 * its GET /ready answers: its base URL, its process (to meter) and `stop()`.
 */
export async function startBareServer(root, script, env) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, script)], { cwd: root, env: { ...process.env, PORT: String(port), ...env }, stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/ready`, child);
  } catch (e) {
    await stop(child);
    throw e;
  }
  return { url, pid: child.pid, stop: () => stop(child) };
}

/**
 * A fresh database `db` with the demo loaded, a clean Redis prefix, and the
 * bundled API on a free port (plus the worker when asked). `apiArgs` and
 * `workerArgs` are node flags for the API and the worker (`--cpu-prof …`);
 * their stderr is shown, prefixed.
 * `stop()` ends the processes and drops the database.
 */
export async function startStack({ root, db: name, redisPrefix, env: extra = {}, apiArgs = [], workerArgs = [], worker = false }) {
  // BENCH_DB_SUFFIX keeps benches run from several checkouts at once (one machine, one Postgres, one Redis) apart.
  const db = `${name}${process.env.BENCH_DB_SUFFIX ?? ''}`;
  redisPrefix = `${redisPrefix ?? name}${process.env.BENCH_DB_SUFFIX ?? ''}`;
  await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await clearRedisPrefix(redisPrefix);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dbUrl = `${ROOT_URL}/${db}`;
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    // Sockets close when their token expires: no run may outlive one.
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    DATA_DIR: join(root, 'tmp/bench-data'),
    ...extra,
  };
  for (const script of ['dist/apps/api/migrate.js', 'dist/seeds/seed.js']) {
    const r = spawnSync(process.execPath, [script], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${script} failed`);
  }
  if ([...apiArgs, ...workerArgs].some((a) => a.startsWith('--cpu-prof'))) mkdirSync(join(root, 'tmp/prof'), { recursive: true });
  const launch = (name, script, args = []) => {
    const child = spawn(process.execPath, [...args, script], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d) => process.stderr.write(String(d).replace(/^(?=.)/gm, `  [${name}] `)));
    return child;
  };
  const api = launch('api', 'dist/apps/api/main.js', apiArgs);
  const workerProcess = worker ? launch('worker', 'dist/apps/worker/main.js', [...WORKER_NODE_FLAGS, ...workerArgs]) : null;
  const stack = {
    url, dbUrl, env, api, worker: workerProcess,
    async login(email) {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login as ${email} answered ${res.status}`);
      return (await res.json()).accessToken;
    },
    /** `keepDatabase`: leave it for a look afterwards (EXPLAIN what the bench ran). */
    async stop({ keepDatabase = false } = {}) {
      await Promise.all([stop(api), stop(workerProcess)]);
      if (!keepDatabase) await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
      await clearRedisPrefix(redisPrefix).catch(() => undefined);
    },
  };
  try {
    await waitReady(`${url}/readyz`, api);
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return stack;
}

// ---- what the machine spends, per process (Linux /proc) --------------------

export const TICK_MS = 10; // USER_HZ is 100 on Linux

function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
/** utime + stime of a process, in ticks (0 once it is gone). */
export function procTicks(pid) {
  try {
    const f = statFields(pid);
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}
export function procSysTicks(pid) {
  try {
    return Number(statFields(pid)[12]);
  } catch {
    return 0;
  }
}
export function pidsNamed(comm) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === comm) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}
/** Nanoseconds the process's main (JavaScript) thread ran, and waited runnable for a CPU. */
export function schedNs(pid) {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { run, wait };
  } catch {
    return { run: 0, wait: 0 };
  }
}
export function machineTicks() {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return { total: f.reduce((a, b) => a + b, 0), idle: f[3] + f[4] };
}
export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/**
 * CPU spent from now on by the given processes (node pids by name) and by this database's Postgres
 * backends plus the server's background processes, read from /proc; `db` is a pg client on the
 * database. Backends opened during the window count from zero; one that closed in it is missed.
 * The returned function answers milliseconds of CPU per name, `pg`, the wall-clock window, and in
 * `waitMs` how long each waited runnable for a core (on a shared machine, what the others took); `loadgen`, this
 * process's CPU, and `machineBusy`, the whole machine's in % of one core.
 */
export async function cpuMeter(pids, db) {
  const ours = async () => (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL`)).rows.map((r) => r.pid);
  const take = (backends) => ({
    node: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, procTicks(pid)])),
    nodeWait: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, schedNs(pid).wait])),
    pgBy: new Map(backends.map((p) => [p, procTicks(p)])), pgWaitBy: new Map(backends.map((p) => [p, schedNs(p).wait])),
    self: process.cpuUsage(), machine: machineTicks(), at: performance.now(),
  });
  const start = take(await ours());
  return async () => {
    const end = take(await ours());
    const pgTicksUsed = [...end.pgBy].reduce((s, [p, t]) => s + t - (start.pgBy.get(p) ?? 0), 0);
    const pgWaitNs = [...end.pgWaitBy].reduce((s, [p, t]) => s + t - (start.pgWaitBy.get(p) ?? 0), 0);
    return {
      ...Object.fromEntries(Object.keys(pids).map((name) => [name, (end.node[name] - start.node[name]) * TICK_MS])),
      pg: pgTicksUsed * TICK_MS, wallMs: end.at - start.at,
      // This process (the load generator), and how busy the whole machine was, in % of one core.
      loadgen: (end.self.user + end.self.system - start.self.user - start.self.system) / 1000,
      machineBusy: Math.round((100 * cpus().length * (1 - (end.machine.idle - start.machine.idle) / Math.max(1, end.machine.total - start.machine.total)))),
      // Time spent runnable but waiting for a core (the main thread of each node process; every backend).
      waitMs: { ...Object.fromEntries(Object.keys(pids).map((name) => [name, (end.nodeWait[name] - start.nodeWait[name]) / 1e6])), pg: pgWaitNs / 1e6 },
    };
  };
}

/**
 * What Postgres alone does on this machine at this moment, for a bench to report beside its own figures (the machine's
 * speed moves between days and within one): single-row autocommit INSERTs into a scratch table for `seconds`, first on
 * one connection, then on `parallel` connections of this process at once, each one statement at a time.
 */
export async function rawPostgresCommits(url, { seconds = 5, parallel = 4 } = {}) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`DROP TABLE IF EXISTS bench_scratch; CREATE TABLE bench_scratch (id bigserial PRIMARY KEY, n int NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
  const { rows: [settings] } = await setup.query(`SELECT current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fs, current_setting('wal_sync_method') AS ws, current_setting('commit_delay') AS cd`);
  const rate = async (conns) => {
    const clients = await Promise.all(Array.from({ length: conns }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }));
    let n = 0;
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(clients.map(async (c) => {
      while (performance.now() < end) {
        await c.query('INSERT INTO bench_scratch (n) VALUES ($1)', [n]);
        n++;
      }
    }));
    const perS = Math.round((n * 1000) / (performance.now() - t0));
    await Promise.all(clients.map((c) => c.end()));
    return perS;
  };
  const one = await rate(1);
  const many = await rate(parallel);
  await setup.query('DROP TABLE bench_scratch');
  await setup.end();
  return { one, many, settings };
}

// ---- static pages for the browser benches ---------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.webp': 'image/webp', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8',
};
export const isFile = (f) => existsSync(f) && statSync(f).isFile();

/** Static files; `spa` routes answer index.html for paths that name no file and have no extension. */
export function staticServer(routes) {
  return createHttpServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://bench').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const route = routes.find((r) => path.startsWith(r.prefix));
    if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(route ? 405 : 404).end();
      return;
    }
    const dir = resolve(route.dir);
    let file = resolve(dir, `.${sep}${path.slice(route.prefix.length)}`);
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (!isFile(file) && isFile(join(file, 'index.html'))) file = join(file, 'index.html');
    if (!isFile(file)) {
      if (path === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      if (!route.spa || extname(path)) {
        res.writeHead(404).end();
        return;
      }
      file = join(dir, 'index.html');
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
}
