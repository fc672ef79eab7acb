import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { JobRun, UploadResult } from '@tessera/contracts';
import { signAccessToken } from './access-tokens';
import { TEST_REDIS_URL, createTestDatabase, uniqueRedisPrefix, type TestDatabase } from './test-db';

const root = join(__dirname, '../../../..');
const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface Queryable {
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface TestServer {
  url: string;
  env: Record<string, string>;
  database: TestDatabase;
  /** Straight to the test's database, for arranging data and checking results. */
  db: Queryable;
  /** A valid access token for a member of an organisation, without a login round trip. */
  tokenFor(userId: string, orgId: string): Promise<string>;
  jwtSecret: string;
  api: ChildProcess;
  worker?: ChildProcess;
  /** Output of the processes, for failure messages. */
  logs(): string;
  /** Uploads files to a project as the browser does (multipart, one `file` part each); `json` is the upload's result. */
  upload(token: string, projectId: string, files: { name: string; bytes: Buffer }[]): Promise<{ status: number; json: UploadResult }>;
  /** Polls `probe` until it answers something truthy, and returns that; past `ms`, fails naming `what`, with the logs. */
  until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms?: number): Promise<T>;
  /** Polls a job run, as `token` sees it, until it has finished (succeeded, failed or cancelled), and returns it. */
  finished(token: string, runId: string, ms?: number): Promise<JobRun>;
  /** Whether this server's blob store (on its disk) holds the blob `sha256/<hex>`. */
  holdsBlob(key: string): Promise<boolean>;
  startWorker(): Promise<ChildProcess>;
  /** One more worker process beside the first, on the same queues (for multi-process tests). */
  startAnotherWorker(): ChildProcess;
  /** Kills the API process (SIGKILL: no graceful shutdown, like a crash) and starts a new one on the same port. */
  restartApi(opts?: { signal?: NodeJS.Signals; downMs?: number }): Promise<void>;
  /** Another API process on its own port, sharing the database and Redis (for multi-process tests). */
  startSecondApi(): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }>;
  /** The one-origin front (apps/front) spreading over the given API processes. */
  startFront(apiUrls: string[]): Promise<{ url: string; process: ChildProcess }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Also run the BullMQ worker process. */
  worker?: boolean;
  /** Serve the built web app (dist/apps/web). */
  web?: boolean;
  env?: Record<string, string>;
  /** A database of the test's own making (a private Postgres), instead of a clone of the template. */
  database?: TestDatabase;
}

/** Ports each Jest worker draws from, all below the kernel's ephemeral range (32768 and up on Linux). */
const PORTS_PER_WORKER = 1000;
const FIRST_WORKER_PORT = 20000;
let portsDrawn = 0;

/**
 * A port nobody is listening on, for a process that binds it a moment later.
 *
 * Under Jest each worker draws from a range of its own, since a port the
 * kernel hands out for port 0 is free again the moment it is checked: two
 * test files starting at once could be handed the same one, and the second
 * file's readiness check would then reach the first file's API (same JWT
 * secret, another database: every request 401) while its own API fails to
 * bind. A worker runs one file at a time, so a range of its own cannot race;
 * the parent's pid spreads two runs on one machine apart, and a port in use
 * is skipped.
 */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID);
  if (!worker) return listenable(0);
  const first = FIRST_WORKER_PORT + ((worker - 1) % 12) * PORTS_PER_WORKER;
  for (let tries = 0; tries < PORTS_PER_WORKER; tries++) {
    const port = first + ((process.ppid + portsDrawn++) % PORTS_PER_WORKER);
    const free = await listenable(port).catch(() => null);
    if (free) return free;
  }
  throw new Error(`no free port in ${first}–${first + PORTS_PER_WORKER - 1}`);
}

/** Listens on the port (0: any) for a moment and answers which port it was. */
function listenable(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(port, '127.0.0.1', () => {
      const { port: bound } = srv.address() as { port: number };
      srv.close(() => resolve(bound));
    });
    srv.on('error', reject);
  });
}

async function waitUntilReady(url: string, child: ChildProcess, logs: () => string, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the API did not become ready in ${timeoutMs} ms:\n${logs()}`);
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The bundled API (and optionally the worker) as real processes on a real
 * port, against a database cloned from the migrated template and a Redis
 * prefix of their own. Used by server tests, browser tests and benchmarks.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-test-'));
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: uniqueRedisPrefix(),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    JWT_SECRET,
    WEB_DIST: options.web ? join(root, 'dist/apps/web') : join(dataDir, 'no-web'),
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    ...options.env,
  };
  let output = '';
  const capture = (name: string, child: ChildProcess) => {
    child.stdout?.on('data', (d) => (output += `[${name}] ${d}`));
    child.stderr?.on('data', (d) => (output += `[${name}] ${d}`));
    return child;
  };
  const launch = (name: string, script: string, extraEnv: Record<string, string> = {}) =>
    capture(name, spawn(process.execPath, ['--enable-source-maps', join(root, script)], { env: { ...env, ...extraEnv }, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));

  const url = `http://127.0.0.1:${port}`;
  const apiProcess = launch('api', 'dist/apps/api/main.js');
  const pool = new Pool({ connectionString: database.url, max: 4 });
  // An idle connection cut when the database is dropped must not crash the test file.
  pool.on('error', () => undefined);
  const extra: ChildProcess[] = [];
  const server: TestServer = {
    url,
    env,
    database,
    jwtSecret: env.JWT_SECRET,
    api: apiProcess,
    db: { query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows },
    tokenFor: (userId, orgId) => signAccessToken(server.db, env.JWT_SECRET, userId, orgId),
    logs: () => output.slice(-20000),
    upload: async (token, projectId, files) => {
      const form = new FormData();
      for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
      const res = await fetch(`${url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, json: (await res.json()) as UploadResult };
    },
    until: async (what, probe, ms = 30000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const v = await probe();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    finished: (token, runId, ms) => server.until(`run ${runId} to finish`, async () => {
      const res = await fetch(`${url}/api/v1/job-runs/${runId}`, { headers: { authorization: `Bearer ${token}` } });
      const run = (await res.json()) as JobRun;
      return ['succeeded', 'failed', 'cancelled'].includes(run.state) && run;
    }, ms),
    holdsBlob: (key) => {
      const hex = key.replace(/^sha256\//, '');
      return access(join(dataDir, 'blobs', hex.slice(0, 2), hex.slice(2, 4), hex)).then(() => true, () => false);
    },
    startWorker: async () => {
      server.worker = launch('worker', 'dist/apps/worker/main.js');
      return server.worker;
    },
    restartApi: async ({ signal = 'SIGKILL', downMs = 0 } = {}) => {
      const old = server.api;
      if (old.exitCode === null && !old.signalCode) {
        await new Promise<void>((resolve) => {
          old.once('exit', () => resolve());
          old.kill(signal);
        });
      }
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      server.api = launch('api', 'dist/apps/api/main.js');
      await waitUntilReady(url, server.api, server.logs);
    },
    startAnotherWorker: () => {
      const child = launch(`worker${extra.length + 2}`, 'dist/apps/worker/main.js');
      extra.push(child);
      return child;
    },
    startFront: async (apiUrls) => {
      const frontPort = await freePort();
      const child = launch('front', 'dist/apps/front/main.js', { PORT: String(frontPort), API_UPSTREAMS: apiUrls.map((u) => new URL(u).host).join(',') });
      extra.push(child);
      const frontUrl = `http://127.0.0.1:${frontPort}`;
      await waitUntilReady(frontUrl, child, server.logs);
      return { url: frontUrl, process: child };
    },
    startSecondApi: async () => {
      const secondPort = await freePort();
      const child = launch('api2', 'dist/apps/api/main.js', { PORT: String(secondPort) });
      extra.push(child);
      const secondUrl = `http://127.0.0.1:${secondPort}`;
      await waitUntilReady(secondUrl, child, server.logs);
      return { url: secondUrl, process: child, stop: () => stop(child) };
    },
    close: async () => {
      await Promise.all([stop(server.api), stop(server.worker), ...extra.map(stop)]);
      await pool.end();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilReady(url, apiProcess, server.logs);
    if (options.worker) await server.startWorker();
  } catch (e) {
    await server.close();
    throw e;
  }
  return server;
}

/** fetch with JSON in and out, through the real HTTP stack. */
export async function api(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>; cookie?: string } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | Buffer | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  } else if (opts.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  // A Buffer is a valid body; the cast keeps that true for specs that also load the DOM's fetch types (browser libraries' server specs).
  const res = await fetch(`${base}${path}`, { method, headers, body: body as RequestInit['body'], redirect: 'manual' });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
