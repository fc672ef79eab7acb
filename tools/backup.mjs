#!/usr/bin/env node
// `npm run backup [-- --out DIR]` and `npm run restore -- BACKUP_DIR`: the database with pg_dump and the
// blob store (local, or S3-compatible), consistently. Reads DATABASE_URL, DATA_DIR, BLOB_STORE_DRIVER and
// the S3_* settings as the server does.
//
// Consistency: pg_dump reads the whole database in one snapshot, exported from a transaction this
// script holds open; in that same snapshot it lists every blob the rows point at. Blobs are copied
// after the dump: they are content-addressed and never rewritten, so each one the dump names is there
// to copy (and is checked to be), and a blob stored after the snapshot is copied too and harms nothing.
// Every blob's bytes are checked against its name (its sha256) on the way out and on the way back in.
// A backup is written under a .partial name and renamed once complete.
//
// Not in a backup: Redis (queues and presence only; losing it loses no annotation) and uploads still in
// progress (DATA_DIR/resumable).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION || 'us-east-1',
      bucket: env.S3_BUCKET || 'tessera',
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: !/^(false|0|no)$/i.test(env.S3_FORCE_PATH_STYLE ?? 'true'),
    },
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

/** Every blob file under a backup's (or the local store's) root, ab/cd/<sha256>, skipping unfinished writes (tmp/). */
async function* blobFiles(root) {
  if (!existsSync(root)) return;
  for (const a of await readdir(root, { withFileTypes: true })) {
    if (!a.isDirectory() || !/^[0-9a-f]{2}$/.test(a.name)) continue;
    for (const b of await readdir(join(root, a.name), { withFileTypes: true })) {
      if (!b.isDirectory() || !/^[0-9a-f]{2}$/.test(b.name)) continue;
      for (const f of await readdir(join(root, a.name, b.name), { withFileTypes: true })) {
        if (f.isFile() && BLOB_NAME.test(f.name) && f.name.startsWith(a.name + b.name)) yield f.name;
      }
    }
  }
}

const blobPath = (root, hex) => join(root, hex.slice(0, 2), hex.slice(2, 4), hex);

/** Where the server keeps blobs, as the server lays them out (libs/server/storage). */
function blobStore(settings) {
  if (settings.driver === 'local') {
    const root = join(settings.dataDir, 'blobs');
    return {
      where: root,
      list: () => blobFiles(root),
      open: async (hex) => createReadStream(blobPath(root, hex)),
      write: async (hex, file) => {
        await mkdir(dirname(blobPath(root, hex)), { recursive: true });
        await pipeline(createReadStream(file), createWriteStream(blobPath(root, hex), { flags: 'wx' }));
      },
    };
  }
  if (settings.driver === 's3') {
    const { s3 } = settings;
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      // As the server's store: plain payloads, since many S3-compatible servers store the SDK's aws-chunked framing as the body.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: s3.accessKeyId && s3.secretAccessKey ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } : undefined,
    });
    const key = (hex) => `blobs/${hex.slice(0, 2)}/${hex}`;
    return {
      where: `s3://${s3.bucket}/blobs/`,
      async *list() {
        let token;
        do {
          const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'blobs/', ContinuationToken: token }));
          for (const o of page.Contents ?? []) {
            const hex = /^blobs\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(o.Key ?? '')?.[1];
            if (hex) yield hex;
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      },
      open: async (hex) => (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key(hex) }))).Body,
      write: async (hex, file) => {
        await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key(hex), Body: createReadStream(file), ContentLength: (await stat(file)).size }));
      },
    };
  }
  throw new BackupError(`BLOB_STORE_DRIVER=${settings.driver} is not a blob store this script knows (local, s3)`);
}

/** Streams a blob into a file, hashing it on the way: a blob whose bytes do not match its name is refused. */
async function saveBlob(source, hex, to) {
  const hash = createHash('sha256');
  await mkdir(dirname(to), { recursive: true });
  await pipeline(await source, new Transform({ transform(c, _e, done) { hash.update(c); done(null, c); } }), createWriteStream(to, { flags: 'wx' }));
  if (hash.digest('hex') !== hex) {
    await rm(to, { force: true });
    throw new BackupError(`blob ${hex} is damaged: its bytes do not hash to its name`);
  }
  return (await stat(to)).size;
}

export async function backup({ outDir = 'backups', settings = settingsFromEnv(), log = console.log } = {}) {
  const store = blobStore(settings);
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

  log(`copying the blob store (${store.where})…`);
  const blobs = { count: 0, bytes: 0 };
  try {
    for await (const hex of store.list()) {
      blobs.bytes += await saveBlob(store.open(hex), hex, blobPath(join(partial, 'blobs'), hex));
      blobs.count++;
    }
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
  const missing = [];
  for (const key of referenced) {
    const hex = /^sha256\/([0-9a-f]{64})$/.exec(key)?.[1];
    if (!hex || !existsSync(blobPath(join(partial, 'blobs'), hex))) missing.push(key);
  }
  if (missing.length) {
    await rm(partial, { recursive: true, force: true });
    throw new BackupError(`${missing.length} blob(s) the database points at are not in the blob store (${store.where}), e.g. ${missing.slice(0, 3).join(', ')}; no backup was written`);
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
  const store = blobStore(settings);
  const dump = join(dir, manifest.database.file);
  if ((await sha256File(dump)) !== manifest.database.sha256) throw new BackupError(`${dump} does not match the checksum in the manifest: the backup is damaged`);

  // Into an empty database and an empty blob store only: a restore never merges with what is there.
  if (!(await store.list().next()).done) throw new BackupError(`${store.where} already holds blobs; restore into an empty blob store`);
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
  log(`restoring the blob store (${store.where})…`);
  const root = join(dir, manifest.blobs.dir);
  const blobs = { count: 0, bytes: 0 };
  for await (const hex of blobFiles(root)) {
    // Checked before it goes back: a damaged backup file must not become a blob.
    if ((await sha256File(blobPath(root, hex))) !== hex) throw new BackupError(`blob ${hex} in the backup is damaged: its bytes do not hash to its name`);
    await store.write(hex, blobPath(root, hex));
    blobs.count++;
    blobs.bytes += (await stat(blobPath(root, hex))).size;
  }
  if (blobs.count !== manifest.blobs.count) throw new BackupError(`the backup should hold ${manifest.blobs.count} blobs but ${blobs.count} were found`);
  log(`restored ${name} and ${blobs.count} blobs into ${store.where}`);
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
