#!/usr/bin/env node
// `npm run backup [-- --out DIR]` and `npm run restore -- BACKUP_DIR`: the database with pg_dump and the
// local blob store, consistently. Reads DATABASE_URL, DATA_DIR and BLOB_STORE_DRIVER as the server does.
//
// Consistency: pg_dump reads the whole database in one snapshot, exported from a transaction this
// script holds open; in that same snapshot it lists every blob the rows point at. Blobs are copied
// after the dump: they are content-addressed and never rewritten, so each one the dump names is there
// to copy (and is checked to be), and a blob stored after the snapshot is copied too and harms nothing.
// Every blob's bytes are checked against its name (its sha256) on the way out and on the way back in.
// A backup is written under a .partial name and renamed once complete.
//
// Not in a backup: Redis (queues and presence only; losing it loses no annotation), uploads still in
// progress (DATA_DIR/resumable), and blobs in an S3 store (back the bucket up with its own tools).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const FORMAT = 'tessera-backup';
const FORMAT_VERSION = 1;
const BLOB_NAME = /^[0-9a-f]{64}$/;

/** Columns that hold blob keys, read in the dump's snapshot; a table a future schema lacks is skipped. */
const BLOB_REFERENCES = [
  `SELECT blob_key AS key FROM assets`,
  `SELECT thumbnail_key FROM assets WHERE thumbnail_key IS NOT NULL`,
  `SELECT blob_key FROM dicom_instances`,
  `SELECT original_key FROM dicom_instances WHERE original_key IS NOT NULL`,
  `SELECT blob_key FROM releases WHERE blob_key IS NOT NULL`,
  `SELECT result->>'blobKey' FROM job_runs WHERE result ? 'blobKey'`,
];

export class BackupError extends Error {}

export function settingsFromEnv(env = process.env) {
  return {
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/tessera',
    dataDir: resolve(env.DATA_DIR || './data'),
    driver: env.BLOB_STORE_DRIVER || 'local',
  };
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error?.code === 'ENOENT') throw new BackupError(`${cmd} is not installed; on Debian or Ubuntu: apt-get install postgresql-client`);
  if (r.status !== 0) throw new BackupError(`${what} failed:\n${r.stderr.trim()}`);
  return r.stdout;
}

async function sha256File(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/** Every blob file under a blob store root (ab/cd/<sha256>), skipping unfinished writes (tmp/). */
async function* blobFiles(root) {
  if (!existsSync(root)) return;
  for (const a of await readdir(root, { withFileTypes: true })) {
    if (!a.isDirectory() || !/^[0-9a-f]{2}$/.test(a.name)) continue;
    for (const b of await readdir(join(root, a.name), { withFileTypes: true })) {
      if (!b.isDirectory() || !/^[0-9a-f]{2}$/.test(b.name)) continue;
      for (const f of await readdir(join(root, a.name, b.name), { withFileTypes: true })) {
        if (f.isFile() && BLOB_NAME.test(f.name) && f.name.startsWith(a.name + b.name)) yield join(root, a.name, b.name, f.name);
      }
    }
  }
}

/** Copies one blob, hashing it on the way: a blob whose bytes do not match its name is refused. */
async function copyBlob(from, to) {
  const name = from.split('/').pop();
  const hash = createHash('sha256');
  await mkdir(dirname(to), { recursive: true });
  await pipeline(createReadStream(from), new Transform({ transform(c, _e, done) { hash.update(c); done(null, c); } }), createWriteStream(to, { flags: 'wx' }));
  if (hash.digest('hex') !== name) {
    await rm(to, { force: true });
    throw new BackupError(`blob ${name} is damaged: its bytes do not hash to its name`);
  }
}

async function copyBlobs(fromRoot, toRoot) {
  let count = 0;
  let bytes = 0;
  for await (const file of blobFiles(fromRoot)) {
    await copyBlob(file, join(toRoot, relative(fromRoot, file)));
    count++;
    bytes += (await stat(file)).size;
  }
  return { count, bytes };
}

export async function backup({ outDir = 'backups', settings = settingsFromEnv(), log = console.log } = {}) {
  if (settings.driver !== 'local') throw new BackupError(`BLOB_STORE_DRIVER=${settings.driver}: this backup copies the local blob store only; back the S3 bucket up with its own tools (versioning or replication)`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const target = resolve(outDir, `tessera-${stamp}`);
  const partial = `${target}.partial`;
  if (existsSync(target)) throw new BackupError(`${target} exists already`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });

  const client = new pg.Client({ connectionString: settings.databaseUrl });
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(`cannot reach the database at ${settings.databaseUrl.replace(/\/\/[^@]*@/, '//…@')}: ${e.message}`);
  }
  let referenced = [];
  let lastMigration = null;
  try {
    // The transaction stays open while pg_dump reads its snapshot.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [{ snapshot }] = (await client.query('SELECT pg_export_snapshot() AS snapshot')).rows;
    const keys = new Set();
    for (const sql of BLOB_REFERENCES) {
      await client.query('SAVEPOINT ref');
      try {
        for (const row of (await client.query(sql)).rows) keys.add(Object.values(row)[0]);
        await client.query('RELEASE SAVEPOINT ref');
      } catch {
        await client.query('ROLLBACK TO SAVEPOINT ref');
      }
    }
    referenced = [...keys].filter(Boolean);
    try {
      lastMigration = (await client.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)).rows[0]?.name ?? null;
    } catch {
      lastMigration = null;
    }
    log(`dumping the database (${referenced.length} blobs referenced)…`);
    run('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--snapshot=${snapshot}`, `--file=${join(partial, 'database.dump')}`, `--dbname=${settings.databaseUrl}`], 'pg_dump');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }

  log('copying the blob store…');
  const blobs = await copyBlobs(join(settings.dataDir, 'blobs'), join(partial, 'blobs'));
  const missing = [];
  for (const key of referenced) {
    const hex = /^sha256\/([0-9a-f]{64})$/.exec(key)?.[1];
    if (!hex || !existsSync(join(partial, 'blobs', hex.slice(0, 2), hex.slice(2, 4), hex))) missing.push(key);
  }
  if (missing.length) {
    await rm(partial, { recursive: true, force: true });
    throw new BackupError(`${missing.length} blob(s) the database points at are not in the blob store (${settings.dataDir}/blobs), e.g. ${missing.slice(0, 3).join(', ')}; no backup was written`);
  }
  const manifest = {
    format: FORMAT,
    version: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    database: { file: 'database.dump', sha256: await sha256File(join(partial, 'database.dump')), bytes: (await stat(join(partial, 'database.dump'))).size, lastMigration, pgDump: run('pg_dump', ['--version'], 'pg_dump --version').trim() },
    blobs: { dir: 'blobs', count: blobs.count, bytes: blobs.bytes, referenced: referenced.length },
  };
  await writeFile(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  await rename(partial, target);
  log(`backup written to ${target}: database ${(manifest.database.bytes / 1e6).toFixed(1)} MB, ${blobs.count} blobs (${(blobs.bytes / 1e6).toFixed(1)} MB)`);
  return { dir: target, manifest };
}

export async function restore({ from, settings = settingsFromEnv(), log = console.log } = {}) {
  if (!from) throw new BackupError('say which backup to restore: npm run restore -- backups/tessera-…');
  const dir = resolve(from);
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new BackupError(`${dir} holds no readable manifest.json: not a finished backup`);
  }
  if (manifest.format !== FORMAT || manifest.version !== FORMAT_VERSION) throw new BackupError(`${dir} is not a ${FORMAT} version ${FORMAT_VERSION}`);
  if (settings.driver !== 'local') throw new BackupError(`BLOB_STORE_DRIVER=${settings.driver}: restore writes the local blob store only`);
  const dump = join(dir, manifest.database.file);
  if ((await sha256File(dump)) !== manifest.database.sha256) throw new BackupError(`${dump} does not match the checksum in the manifest: the backup is damaged`);

  // Into an empty database and an empty blob store only: a restore never merges with what is there.
  const blobRoot = join(settings.dataDir, 'blobs');
  if (!(await blobFiles(blobRoot).next()).done) throw new BackupError(`${blobRoot} already holds blobs; restore into an empty DATA_DIR`);
  const url = new URL(settings.databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(settings.databaseUrl);
  admin.pathname = '/postgres';
  const server = new pg.Client({ connectionString: admin.toString() });
  await server.connect().catch((e) => {
    throw new BackupError(`cannot reach the database server at ${url.host}: ${e.message}`);
  });
  try {
    const exists = (await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
    if (!exists) await server.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await server.end();
  }
  const db = new pg.Client({ connectionString: settings.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`);
    if (rows[0].n > 0) throw new BackupError(`the database ${name} is not empty (${rows[0].n} tables); restore into a new or empty database`);
  } finally {
    await db.end();
  }

  log(`restoring the database into ${name}…`);
  run('pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', `--dbname=${settings.databaseUrl}`, dump], 'pg_restore');
  log('restoring the blob store…');
  const blobs = await copyBlobs(join(dir, manifest.blobs.dir), blobRoot);
  if (blobs.count !== manifest.blobs.count) throw new BackupError(`the backup should hold ${manifest.blobs.count} blobs but ${blobs.count} were found`);
  log(`restored ${name} and ${blobs.count} blobs into ${blobRoot}`);
  return { database: name, blobs };
}

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  const task = command === 'backup' ? backup({ outDir: option(args, '--out') ?? 'backups' }) : command === 'restore' ? restore({ from: args.find((a) => !a.startsWith('--')) }) : Promise.reject(new BackupError('usage: node tools/backup.mjs backup [--out DIR] | restore BACKUP_DIR'));
  task.catch((e) => {
    console.error(e instanceof BackupError ? `backup: ${e.message}` : e);
    process.exit(1);
  });
}
