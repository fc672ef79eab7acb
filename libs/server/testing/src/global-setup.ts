import { join } from 'node:path';
import { Client } from 'pg';
import { spawnSync } from 'node:child_process';
import { TEST_PG_ROOT, adminQuery } from './test-db';

const root = join(__dirname, '../../../..');

/**
 * Runs once per `jest` run, after tools/jest-global-setup.cjs has bundled the
 * server: migrates a fresh template database that every test file clones. Server
 * tests start the bundled API and worker as real processes.
 */
export default async function globalSetup() {
  const name = `tessera_test_template_${process.pid}`;
  process.env.TESSERA_TEST_TEMPLATE = name;
  try {
    await adminQuery('SELECT 1');
  } catch (e) {
    throw new Error(`Tests need PostgreSQL at ${TEST_PG_ROOT} (trust auth, user postgres): ${(e as Error).message}`);
  }

  // Databases of earlier runs that died before cleaning up; runs still going keep theirs.
  const leftovers = await adminQuery(`SELECT datname FROM pg_database WHERE datname ~ '^tessera_(t|test_template)_[0-9]+'`);
  for (const { datname } of leftovers.rows as { datname: string }[]) {
    const pid = Number(/^tessera_(?:t|test_template)_(\d+)/.exec(datname)?.[1]);
    if (!isAlive(pid)) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
  await adminQuery(`CREATE DATABASE ${name}`);
  const migrate = spawnSync(process.execPath, [join(root, 'dist/apps/api/migrate.js')], {
    env: { ...process.env, DATABASE_URL: `${TEST_PG_ROOT}/${name}` },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrating the test template failed:\n${migrate.stderr}${migrate.stdout}`);
  const check = new Client({ connectionString: `${TEST_PG_ROOT}/${name}` });
  await check.connect();
  await check.end();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
