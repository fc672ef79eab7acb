import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEST_PG_ROOT = process.env.TEST_DATABASE_ROOT ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const templateName = () => process.env.TESSERA_TEST_TEMPLATE ?? 'tessera_test_template';

export async function adminQuery(sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: `${TEST_PG_ROOT}/postgres` });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file, cloned from the migrated template in milliseconds. */
export async function createTestDatabase(): Promise<TestDatabase> {
  // The run's id (the Jest parent's pid) in the name lets a later run tell leftovers from live databases.
  const runId = templateName().split('_').pop();
  const name = `tessera_t_${runId}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
  return {
    name,
    url: `${TEST_PG_ROOT}/${name}`,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A Redis key prefix of its own, so parallel test files never see each other's queues or counters. */
export const uniqueRedisPrefix = () => `tt_${randomBytes(5).toString('hex')}`;
