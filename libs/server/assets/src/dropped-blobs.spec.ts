import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@tessera/server/db';
import { LocalBlobStore } from '@tessera/server/storage';
import { createAnnotatableAsset, createOrgWithRoles, createTestDatabase, type TestDatabase, type TestOrg } from '@tessera/server/testing';
import { DroppedBlobs } from './dropped-blobs';

/**
 * The collection of dropped blobs on real Postgres and a real blob store: what no row names goes, what a row names
 * again is struck off and kept, what was written within the grace waits, and a pass goes through every batch.
 */
let database: TestDatabase;
let ds: DataSource;
let org: TestOrg;
let dir: string;
let store: LocalBlobStore;
let dropped: DroppedBlobs;

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await openDataSource(database.url);
  org = await createOrgWithRoles(ds, 'Dropped Co', 'dropped.test');
  dir = await mkdtemp(join(tmpdir(), 'tessera-dropped-'));
  store = new LocalBlobStore(dir);
  dropped = new DroppedBlobs(ds, store);
});

afterAll(async () => {
  await ds?.destroy();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;
/** A blob written `ago` milliseconds ago. */
async function blob(ago = 2 * HOUR): Promise<string> {
  const { key } = await store.put(Readable.from([randomBytes(64)]));
  const hex = key.slice('sha256/'.length);
  const then = new Date(Date.now() - ago);
  await utimes(join(dir, 'blobs', hex.slice(0, 2), hex.slice(2, 4), hex), then, then);
  return key;
}
const exists = (key: string) => store.size(key).then(() => true, () => false);
const ledger = async () => (await ds.query<{ blob_key: string }[]>(`SELECT blob_key FROM dropped_blobs ORDER BY blob_key`)).map((r) => r.blob_key);

it('deletes what nothing names, keeps what a row names again or was written within the grace, across batches', async () => {
  const loose = await Promise.all(Array.from({ length: 5 }, () => blob()));
  const named = await blob();
  const fresh = await blob(60_000);
  // Another asset (here, of another project) holds the same bytes: a content-addressed blob is shared.
  const { assetId } = await createAnnotatableAsset(ds, org);
  await ds.query(`UPDATE assets SET blob_key = $2 WHERE id = $1`, [assetId, named]);
  await ds.query(`INSERT INTO dropped_blobs (blob_key) SELECT unnest($1::text[])`, [[...loose, named, fresh]]);

  // Batches of two: one pass reads all four batches, not only the first.
  expect(await dropped.collect(HOUR, 2)).toBe(5);
  for (const key of loose) expect(await exists(key)).toBe(false);
  expect(await exists(named)).toBe(true);
  expect(await exists(fresh)).toBe(true);
  expect(await ledger()).toEqual([fresh]);

  // A later pass, past the grace, takes it; a blob gone already counts as deleted.
  await ds.query(`INSERT INTO dropped_blobs (blob_key) VALUES ($1)`, [loose[0]]);
  expect(await dropped.collect(0, 2)).toBe(2);
  expect(await exists(fresh)).toBe(false);
  expect(await ledger()).toEqual([]);
});
