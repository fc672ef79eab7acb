#!/usr/bin/env node
// `npm test`: every test, on a fresh machine too. It takes Node 24 if this one is older,
// installs the dependencies if they are missing or stale, makes sure Postgres, Redis,
// Chromium and the reference readers the tests check against are there (installing them with apt when root on Debian/Ubuntu, otherwise
// naming the command), builds the web app the browser tests load, and runs Jest.
// Arguments go to Jest: `npm test -- e2e/assets.e2e.ts`, `npm test -- --json --outputFile=r.json`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnSupportedNode } from './runtime.mjs';
import { POSTGRES_HELP, SetupError, ensurePostgres, ensureRedis, ensureTestPackages, say } from './system.mjs';

runOnSupportedNode(import.meta.url);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });

/** npm ci leaves node_modules/.package-lock.json; a lock file newer than it means the install is stale. */
function dependenciesStale() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  return !existsSync(installed) || statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
}

async function main() {
  if (dependenciesStale()) {
    say('installing dependencies (npm ci)');
    if (run('npm', ['ci', '--no-audit', '--no-fund']).status !== 0) throw new SetupError('npm ci failed');
  }
  const pgRoot = process.env.TEST_DATABASE_ROOT ?? 'postgres://postgres@127.0.0.1:5432';
  if (!(await ensurePostgres(pgRoot))) {
    throw new SetupError(`The server tests need PostgreSQL at ${pgRoot} (user postgres, trust auth on loopback).\n  Install ${POSTGRES_HELP}`);
  }
  await ensureRedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  ensureTestPackages();

  say('building the web app the browser tests load');
  if (run('npm', ['run', 'build:web']).status !== 0) throw new SetupError('the web build failed');
  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  return run(process.execPath, [jest, ...process.argv.slice(2)]).status ?? 1;
}

main().then(
  (status) => process.exit(status),
  (e) => {
    console.error(`\x1b[31m[tessera]\x1b[0m ${e instanceof SetupError ? e.message : (e.stack ?? e)}`);
    process.exit(1);
  },
);
