import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import S3rver from 's3rver';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import {
  api, createOrgWithRoles, freePort, startTestServer, TEST_SCHEMAS, type TestOrg, type TestServer,
} from '@tessera/server/testing';

/**
 * `npm run backup` and `npm run restore` (tools/backup.mjs), run as a person
 * runs them, on a system that has ingested real images through a real worker,
 * carries annotations and an audit trail: restored into an empty database and
 * an empty DATA_DIR, every asset, annotation and audit event is there, each
 * blob byte for byte, and an API started on the restored copy serves them.
 */

const ROOT = join(__dirname, '../../../..');
let server: TestServer;
let org: TestOrg;
let manager: string;
let restoredUrl: string;
const restoredDataDir = mkdtempSync(join(tmpdir(), 'tessera-restored-'));
const backupsDir = mkdtempSync(join(tmpdir(), 'tessera-backups-'));

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Backup Org', 'backup.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const url = new URL(server.env.DATABASE_URL);
  url.pathname = `/${url.pathname.slice(1)}_restored`;
  restoredUrl = url.toString();
}, 60000);

afterAll(async () => {
  const admin = new URL(server.env.DATABASE_URL);
  admin.pathname = '/postgres';
  const pool = new Pool({ connectionString: admin.toString(), max: 1 });
  await pool.query(`DROP DATABASE IF EXISTS "${new URL(restoredUrl).pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
  await pool.end();
  await server?.close();
});

/** The CLI as a person runs it; asynchronously, since the S3 server of one test lives in this process. */
function cli(args: string[], env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'tools/backup.mjs'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out }));
  });
}

async function seed(srv: TestServer = server, token = manager) {
  const project = await api(srv.url, 'POST', '/api/v1/projects', { token, body: { name: 'Backed up', mediaType: 'image', labelSchema: TEST_SCHEMAS.image } });
  expect(project.status).toBe(201);
  const form = new FormData();
  const images: Record<string, Buffer> = {};
  for (const [i, colour] of ['#c0392b', '#27ae60', '#2980b9'].entries()) {
    const bytes = await sharp({ create: { width: 64 + i, height: 48, channels: 3, background: colour } }).png().toBuffer();
    images[`frame-${i}.png`] = bytes;
    form.append('file', new Blob([bytes]), `frame-${i}.png`);
  }
  const res = await fetch(`${srv.url}/api/v1/projects/${project.json.id}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(202);
  const { jobRunId } = (await res.json()) as { jobRunId: string };
  const deadline = Date.now() + 30000;
  for (;;) {
    const run = (await api(srv.url, 'GET', `/api/v1/job-runs/${jobRunId}`, { token })).json;
    if (run.state === 'succeeded') break;
    if (run.state === 'failed' || Date.now() > deadline) throw new Error(`ingest ${run.state}\n${srv.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const assets = await srv.db.query<{ id: string; name: string }>(`SELECT id, name FROM assets WHERE project_id = $1 ORDER BY name`, [project.json.id]);
  let seq = 0;
  for (const a of assets) {
    const ops = [1, 2].map((k) => ({ type: 'create', clientId: 'backup-client', clientSeq: ++seq, annotation: { id: randomUUID(), labelId: 'car', geometry: { type: 'box', x: 4 * k, y: 5, width: 10, height: 8 } } }));
    const applied = await api(srv.url, 'POST', `/api/v1/assets/${a.id}/annotations/ops`, { token, body: { ops } });
    expect(applied.json.results.map((r: { status: string }) => r.status)).toEqual(['committed', 'committed']);
  }
  return { assets, images };
}

const TABLES = {
  assets: 'SELECT * FROM assets ORDER BY id',
  annotations: 'SELECT * FROM annotations ORDER BY id',
  annotation_ops: 'SELECT * FROM annotation_ops ORDER BY set_id, server_seq',
  audit_events: 'SELECT * FROM audit_events ORDER BY id',
  users: 'SELECT * FROM users ORDER BY id',
};

it('restores a backup into an empty database and blob store with every asset, annotation, audit event and blob', async () => {
  const { assets, images } = await seed();
  const env = { DATABASE_URL: server.env.DATABASE_URL, DATA_DIR: server.env.DATA_DIR };

  const made = await cli(['backup', '--out', backupsDir], env);
  expect({ status: made.status, out: made.out }).toMatchObject({ status: 0 });
  const [dir] = readdirSync(backupsDir);
  expect(dir).toMatch(/^tessera-\d{8}T\d{6}Z$/);
  const backup = join(backupsDir, dir);
  const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8'));
  // Three images, each with its thumbnail.
  expect(manifest).toMatchObject({ format: 'tessera-backup', version: 1, blobs: { count: 6, referenced: 6 } });
  expect(manifest.database.lastMigration).toBeTruthy();

  const restored = await cli(['restore', backup], { DATABASE_URL: restoredUrl, DATA_DIR: restoredDataDir });
  expect({ status: restored.status, out: restored.out }).toMatchObject({ status: 0 });

  const copy = new Pool({ connectionString: restoredUrl, max: 2 });
  try {
    for (const [table, sql] of Object.entries(TABLES)) {
      const before = await server.db.query(sql);
      const after = (await copy.query(sql)).rows;
      expect({ table, rows: after.length }).toEqual({ table, rows: before.length });
      expect(after).toEqual(before);
    }
    expect((await copy.query(`SELECT count(*)::int AS n FROM annotations`)).rows[0].n).toBeGreaterThanOrEqual(6);
    expect((await copy.query(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1`, [org.orgId])).rows[0].n).toBeGreaterThan(0);
    // The audit trail stays append-only after a restore.
    await expect(copy.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    // Every blob a row points at is there, byte for byte.
    for (const row of (await copy.query<{ blob_key: string; thumbnail_key: string | null }>(`SELECT blob_key, thumbnail_key FROM assets`)).rows) {
      for (const key of [row.blob_key, row.thumbnail_key]) {
        if (!key) continue;
        const hex = key.replace('sha256/', '');
        const path = (root: string) => join(root, 'blobs', hex.slice(0, 2), hex.slice(2, 4), hex);
        expect(existsSync(path(restoredDataDir))).toBe(true);
        expect(readFileSync(path(restoredDataDir)).equals(readFileSync(path(server.env.DATA_DIR)))).toBe(true);
      }
    }
  } finally {
    await copy.end();
  }

  // An API on the restored copy serves the same images and annotations.
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], {
    cwd: ROOT,
    env: { ...server.env, DATABASE_URL: restoredUrl, DATA_DIR: restoredDataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, REDIS_PREFIX: `${server.env.REDIS_PREFIX}r` },
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && !(await fetch(`${url}/readyz`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    for (const a of assets) {
      const content = await fetch(`${url}/api/v1/assets/${a.id}/content`, { headers: { authorization: `Bearer ${manager}` } });
      expect(content.status).toBe(200);
      expect(Buffer.from(await content.arrayBuffer()).equals(images[a.name])).toBe(true);
      const here = (await api(server.url, 'GET', `/api/v1/assets/${a.id}/annotations`, { token: manager })).json;
      const there = (await api(url, 'GET', `/api/v1/assets/${a.id}/annotations`, { token: manager })).json;
      expect(there).toEqual(here);
      expect(there.annotations).toHaveLength(2);
    }
  } finally {
    child.kill('SIGTERM');
  }

  // A restore never merges: the database and the blob store it writes must be empty.
  const again = await cli(['restore', backup], { DATABASE_URL: restoredUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'tessera-restored-')) });
  expect(again.status).toBe(1);
  expect(again.out).toMatch(/is not empty/);
  const intoBlobs = await cli(['restore', backup], { DATABASE_URL: `${restoredUrl}_other`, DATA_DIR: restoredDataDir });
  expect(intoBlobs.status).toBe(1);
  expect(intoBlobs.out).toMatch(/already holds blobs/);
});

it('refuses a damaged backup, and says what is wrong', async () => {
  const [dir] = readdirSync(backupsDir).filter((d) => !d.endsWith('.partial'));
  const backup = join(backupsDir, dir);
  const damaged = mkdtempSync(join(tmpdir(), 'tessera-damaged-'));
  spawnSync('cp', ['-r', `${backup}/.`, damaged]);
  spawnSync('sh', ['-c', `printf x >> "${damaged}/database.dump"`]);
  const res = await cli(['restore', damaged], { DATABASE_URL: `${restoredUrl}_damaged`, DATA_DIR: mkdtempSync(join(tmpdir(), 'tessera-restored-')) });
  expect(res.status).toBe(1);
  expect(res.out).toMatch(/does not match the checksum/);
  expect((await cli(['restore', join(backupsDir, 'nothing-here')], { DATABASE_URL: restoredUrl, DATA_DIR: restoredDataDir })).out).toMatch(/no readable manifest/);
});

it('backs up and restores an S3 blob store the same way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-s3-backup-'));
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'live', configs: [] }, { name: 'restored', configs: [] }] });
  const { port } = await s3.run();
  const s3env = { BLOB_STORE_DRIVER: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' };
  const live = await startTestServer({ worker: true, env: { ...s3env, S3_BUCKET: 'live' } });
  const url = new URL(live.env.DATABASE_URL);
  url.pathname = `/${url.pathname.slice(1)}_s3restored`;
  const client = new S3Client({ endpoint: s3env.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const objects = async (bucket: string) => {
    const out: Record<string, Buffer> = {};
    for (const o of (await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []) {
      const body = (await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body;
      out[o.Key!] = Buffer.from(await body!.transformToByteArray());
    }
    return out;
  };
  try {
    const liveOrg = await createOrgWithRoles(live.db, 'S3 Backup Org', 's3-backup.test');
    await seed(live, await live.tokenFor(liveOrg.users.manager.id, liveOrg.orgId));
    const out = mkdtempSync(join(tmpdir(), 'tessera-s3-backups-'));
    const made = await cli(['backup', '--out', out], { ...s3env, S3_BUCKET: 'live', DATABASE_URL: live.env.DATABASE_URL });
    expect({ status: made.status, out: made.out }).toMatchObject({ status: 0 });
    const backup = join(out, readdirSync(out)[0]);
    expect(JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')).blobs).toMatchObject({ count: 6, referenced: 6 });

    const restored = await cli(['restore', backup], { ...s3env, S3_BUCKET: 'restored', DATABASE_URL: url.toString() });
    expect({ status: restored.status, out: restored.out }).toMatchObject({ status: 0 });
    const [before, after] = [await objects('live'), await objects('restored')];
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [key, bytes] of Object.entries(before)) expect(after[key].equals(bytes)).toBe(true);
    const copy = new Pool({ connectionString: url.toString(), max: 1 });
    try {
      for (const sql of Object.values(TABLES)) expect((await copy.query(sql)).rows).toEqual(await live.db.query(sql));
    } finally {
      await copy.end();
    }
    // The restored bucket is no longer empty: a second restore into it is refused.
    const again = await cli(['restore', backup], { ...s3env, S3_BUCKET: 'restored', DATABASE_URL: `${url.toString()}_again` });
    expect(again.status).toBe(1);
    expect(again.out).toMatch(/already holds blobs/);
  } finally {
    const admin = new URL(live.env.DATABASE_URL);
    admin.pathname = '/postgres';
    const pool = new Pool({ connectionString: admin.toString(), max: 1 });
    await pool.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
    await pool.end();
    client.destroy();
    await live.close();
    await s3.close();
  }
}, 120000);
