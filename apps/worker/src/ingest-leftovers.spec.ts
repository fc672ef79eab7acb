import { Client } from 'pg';
import sharp from 'sharp';
import { syntheticSeries } from '@tessera/dicom';
import { api, createOrgWithRoles, startTestServer, TEST_SCHEMAS, type TestServer } from '@tessera/server/testing';

/**
 * The blobs ingest makes that no row ends up naming are written down for the sweep (dropped_blobs): an image's
 * thumbnail when its asset was deleted while ingest worked on it, and a series' thumbnail that a later middle slice
 * replaced. The sweep's grace is an hour here, so what is written down stays to be looked at (dropped-blobs.spec
 * tests the deleting).
 */
let server: TestServer;
let token: string;

const droppedKeys = async () => ((await server.db.query(`SELECT blob_key FROM dropped_blobs`)) as { blob_key: string }[]).map((r) => r.blob_key);
const project = async (body: object) => (await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: `Leftovers ${Math.random()}`, ...body } })).json.id as string;

beforeAll(async () => {
  server = await startTestServer({ env: { INGEST_SWEEP_MS: '300', DROPPED_BLOB_GRACE_MS: '3600000' } });
  const org = await createOrgWithRoles(server.db, 'Leftovers Org', 'ingest-leftovers.test');
  token = await server.tokenFor(org.users.manager.id, org.orgId);
}, 60000);
afterAll(() => server?.close());

it('writes down the thumbnail of an image deleted while its ingest ran', async () => {
  const projectId = await project({ mediaType: 'image', labelSchema: TEST_SCHEMAS.image });
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).png().toBuffer();
  // No worker yet: the asset waits, pending, for its ingest.
  const { json } = await server.upload(token, projectId, [{ name: 'late.png', bytes }]);
  const assetId = json.accepted[0].assetId;
  const [{ blob_key: content }] = (await server.db.query(`SELECT blob_key FROM assets WHERE id = $1`, [assetId])) as { blob_key: string }[];

  // Held while the worker makes the thumbnail and comes to settle the asset; deleted before it may.
  const holder = new Client({ connectionString: server.database.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM assets WHERE id = $1 FOR UPDATE`, [assetId]);
    await server.startWorker();
    await server.until('the ingest to wait on the asset', async () => ((await server.db.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%settled AS%'`)) as unknown[]).length > 0);
    // As DataRemoval does: the row goes, the keys it names are written down.
    await holder.query(`INSERT INTO dropped_blobs (blob_key) VALUES ($1)`, [content]);
    await holder.query(`DELETE FROM assets WHERE id = $1`, [assetId]);
    await holder.query('COMMIT');
  } finally {
    await holder.end();
  }
  expect(await server.finished(token, json.jobRunId!)).toMatchObject({ state: 'succeeded' });
  const keys = await droppedKeys();
  const thumbnail = keys.find((k) => k !== content);
  expect(keys.sort()).toEqual([content, thumbnail].sort());
  // Made by the ingest, named by nothing: the sweep deletes it once past the grace.
  expect(await server.holdsBlob(thumbnail!)).toBe(true);
}, 120000);

it('writes down the thumbnail a later middle slice replaced', async () => {
  await server.db.query(`DELETE FROM dropped_blobs`);
  const projectId = await project({ mediaType: 'dicom', labelSchema: TEST_SCHEMAS.dicom });
  const series = syntheticSeries({ slices: 5, size: 32, studyUid: '8.8.8', seriesUid: '8.8.8.1' });
  const send = async (files: Buffer[], first: number) => {
    const { json } = await server.upload(token, projectId, files.map((bytes, i) => ({ name: `IM${first + i}.dcm`, bytes })));
    expect(await server.finished(token, json.dicomRunId!)).toMatchObject({ state: 'succeeded' });
    return ((await server.db.query(`SELECT thumbnail_key FROM assets WHERE project_id = $1`, [projectId])) as { thumbnail_key: string }[])[0].thumbnail_key;
  };
  const firstThumbnail = await send(series.slice(0, 1), 0);
  const lastThumbnail = await send(series.slice(1), 1);
  expect(lastThumbnail).not.toBe(firstThumbnail);
  expect(await droppedKeys()).toEqual([firstThumbnail]);
}, 120000);
