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

  // Databases of earlier runs that crashed before cleaning up.
  const stale = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'tessera\\_t\\_%' OR datname LIKE 'tessera\\_test\\_template\\_%'`);
  for (const { datname } of stale.rows as { datname: string }[]) {
    await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
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
