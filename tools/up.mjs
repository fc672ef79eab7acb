#!/usr/bin/env node
// `npm run up`: brings the whole system up on this machine with demo data.
// Postgres and Redis come from Docker Compose when a Docker engine answers,
// otherwise from local services (started if installed but stopped).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = process.env.PORT ?? '8080';
let DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tessera';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
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

function reachable(url, fallbackPort) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || fallbackPort) });
    socket.setTimeout(1500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(url, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(url, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const INSTALL_HELP = {
  postgres: 'PostgreSQL 14+ (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql@16 && brew services start postgresql@16)',
  redis: 'Redis 6.2+ (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis && brew services start redis)',
};

async function ensureServices() {
  const pgUp = await reachable(DATABASE_URL, 5432);
  const redisUp = await reachable(REDIS_URL, 6379);
  if (pgUp && redisUp) return say('Postgres and Redis are running');

  if (succeeded(quiet('docker', ['info']))) {
    say('starting Postgres and Redis with Docker Compose');
    if (!succeeded(run('docker', ['compose', 'up', '-d', 'postgres', 'redis']))) fail('docker compose could not start postgres and redis');
    // The compose database has a password (see docker-compose.yml).
    if (!process.env.DATABASE_URL) env.DATABASE_URL = DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/tessera';
  } else {
    if (!pgUp) {
      const clusters = existsSync('/etc/postgresql') ? spawnSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] : '';
      if (clusters && existsSync('/usr/bin/pg_ctlcluster')) {
        say(`starting the local PostgreSQL ${clusters} cluster`);
        run('pg_ctlcluster', ['--skip-systemctl-redirect', clusters, 'main', 'start']);
      } else if (succeeded(quiet('pg_ctl', ['--version'])) && process.env.PGDATA) {
        run('pg_ctl', ['start', '-w', '-l', join(process.env.PGDATA, 'server.log')]);
      } else {
        fail(`PostgreSQL is not running on ${new URL(DATABASE_URL).host} and is not installed here.\n  Install ${INSTALL_HELP.postgres}\n  or install Docker, or point DATABASE_URL at a running server.`);
      }
    }
    if (!redisUp) {
      if (succeeded(quiet('redis-server', ['--version']))) {
        say('starting the local Redis server');
        run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(new URL(REDIS_URL).port || 6379), '--save', '', '--appendonly', 'no']);
      } else {
        fail(`Redis is not running on ${new URL(REDIS_URL).host} and is not installed here.\n  Install ${INSTALL_HELP.redis}\n  or install Docker, or point REDIS_URL at a running server.`);
      }
    }
  }
  if (!(await waitFor(DATABASE_URL, 5432, 30))) fail(`PostgreSQL did not come up on ${new URL(DATABASE_URL).host}`);
  if (!(await waitFor(REDIS_URL, 6379, 15))) fail(`Redis did not come up on ${new URL(REDIS_URL).host}`);
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
    if (!succeeded(run('npm', ['ci']))) fail('npm ci failed');
  }
  await ensureServices();
  say('building web and server');
  if (!succeeded(run('npm', ['run', 'build']))) fail('the build failed');
  say('migrating the database');
  if (!succeeded(run(process.execPath, ['dist/apps/api/migrate.js']))) fail('migrations failed');
  if (!succeeded(run(process.execPath, ['dist/seeds/seed.js']))) fail('loading demo data failed');

  const children = [];
  const start = (name, script) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    prefixed(name, child);
    children.push(child);
    return child;
  };
  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    const force = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')), 10000);
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => {
      clearTimeout(force);
      process.exit(code);
    });
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  const api = start('api', 'dist/apps/api/main.js');
  const worker = start('worker', 'dist/apps/worker/main.js');
  for (const [name, child] of [['api', api], ['worker', worker]]) {
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`[up] ${name} exited with ${code}; stopping the rest`);
        stopAll(code || 1);
      }
    });
  }
  const url = `http://localhost:${PORT}`;
  if (!(await waitReady(url, api, 60))) return stopAll(1);

  // Demo images, texts and a CT series go in through the API like anyone's upload (skipped for projects that have data).
  // Not spawnSync: api and worker keep writing to their pipes meanwhile.
  const loader = start('seed', 'dist/seeds/load.js');
  const loaded = await new Promise((resolve) => loader.once('exit', (code) => resolve(code === 0)));
  if (!loaded) console.error('\x1b[31m[up]\x1b[0m the demo images, texts and CT series were not loaded (see above); the rest runs');

  const width = Math.max(...ACCOUNTS.map(([e]) => e.length));
  console.log(`
  Tessera is running at \x1b[1m${url}\x1b[0m   (API docs: ${url}/api/docs)

  Demo accounts (password: ${DEMO_PASSWORD}):
${ACCOUNTS.map(([email, role, what]) => `    ${email.padEnd(width)}  ${role.padEnd(9)}  ${what}`).join('\n')}

  Ctrl-C stops everything.
`);
}

main().catch((e) => fail(e.stack ?? String(e)));
