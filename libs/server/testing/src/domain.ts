import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import type { Role } from '@tessera/contracts';
import { loadConfig, type Config } from '@tessera/server/config';
import { InfraModule, type EntityClass } from '@tessera/server/db';
import { signAccessToken } from './access-tokens';
import { TEST_REDIS_URL, createTestDatabase, uniqueRedisPrefix, type TestDatabase } from './test-db';
import type { Queryable } from './test-server';

const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** The person behind a request, as the domain's services take it (the shape of auth's Actor; the testing library imports no feature). */
export interface DomainActor {
  userId: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  origin: { ip: string | null; userAgent: string | null; requestId: string | null };
}

/** Feature modules composed in the test's own process, on a database and a Redis prefix of their own. */
export interface DomainContext {
  app: INestApplicationContext;
  config: Config;
  database: TestDatabase;
  /** Straight to the test's database, for arranging data and checking results. */
  db: Queryable;
  get<T>(type: Type<T>): T;
  /** A valid access token, as the API would issue it. */
  tokenFor(userId: string, orgId: string): Promise<string>;
  /** The actor a request with that person's token would carry (their role read now). */
  actorFor(userId: string, orgId: string): Promise<DomainActor>;
  close(): Promise<void>;
}

/**
 * The middle tier of tests: domain services against real Postgres and Redis,
 * without starting the API or the worker. `imports` are the feature modules
 * under test (their own imports come along) and `entities` the TypeORM
 * entities they map (AUTH_ENTITIES and the like; the caller names them, since
 * this library imports no feature); the platform (config, the pool, Redis,
 * pub/sub) is the one the processes use. A database cloned from the migrated
 * template, as for server tests, so tests may share nothing.
 */
export async function startDomain(
  imports: (Type<unknown> | DynamicModule)[],
  opts: { entities?: EntityClass[]; env?: Record<string, string> } = {},
): Promise<DomainContext> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-domain-'));
  const config = loadConfig({
    NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix(),
    DATA_DIR: dataDir, JWT_SECRET, LOG_LEVEL: 'warn', ...opts.env,
  });
  const entities = opts.entities ?? [];
  @Module({})
  class DomainRoot {}
  const root: DynamicModule = { module: DomainRoot, imports: [InfraModule.forRoot(config, entities), ...imports] };
  const app = await NestFactory.createApplicationContext(root, { logger: ['error'] });
  await app.init();
  const pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  const db: Queryable = { query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows };
  return {
    app,
    config,
    database,
    db,
    get: (type) => app.get(type, { strict: false }),
    tokenFor: (userId, orgId) => signAccessToken(db, config.JWT_SECRET, userId, orgId),
    actorFor: async (userId, orgId) => {
      const [row] = await db.query(`SELECT u.email, u.name, m.role FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = $2 WHERE u.id = $1`, [userId, orgId]);
      return { userId, orgId, email: row.email, name: row.name, role: row.role, origin: { ip: null, userAgent: 'domain test', requestId: null } };
    },
    close: async () => {
      await app.close();
      await pool.end();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
