import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import type { JobContext } from '@tessera/contracts';
import type { BlobStore } from '@tessera/server/storage';
import { probeImage } from '@tessera/server/assets';
import { METRIC_VERSIONS } from '@tessera/quality';
import { Fingerprints } from './fingerprints';

const ORG = '00000000-0000-4000-8000-000000000001';
const PROJECT = '00000000-0000-4000-8000-000000000002';
const toSigned = (hex: string) => BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();

/** The job against a stand-in database (the asset rows; no earlier fingerprints) and blob store, counting blob reads. */
function harness(assets: { id: string; metadata: Record<string, unknown>; bytes: Buffer }[]) {
  const stored: { assetId: string; method: string; phash: string | null }[] = [];
  const reads: string[] = [];
  const db: DataSource = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes('FROM assets a')) {
        return assets.map((a) => ({ id: a.id, project_id: PROJECT, kind: 'image', status: 'ready', blob_key: `blob-${a.id}`, metadata: a.metadata, done: false }));
      }
      if (sql.includes('INSERT INTO asset_fingerprints')) {
        stored.push({ assetId: params[0] as string, method: params[3] as string, phash: params[5] as string | null });
        return [];
      }
      return [];
    },
    transaction: async (work: (em: unknown) => Promise<unknown>) => work(db),
  } as unknown as DataSource;
  const bytesOf = (key: string) => assets.find((a) => `blob-${a.id}` === key)!.bytes;
  const blobs = {
    size: async (key: string) => bytesOf(key).length,
    read: async (key: string) => {
      reads.push(key);
      return bytesOf(key);
    },
  } as unknown as BlobStore;
  const outcomes: unknown[] = [];
  const ctx = { finalAttempt: true, attempt: 1, itemsDone: async (o: unknown[]) => void outcomes.push(...o) } as unknown as JobContext;
  const job = new Fingerprints(db, blobs);
  return { stored, reads, outcomes, run: () => job.run({ orgId: ORG, assetIds: assets.map((a) => a.id) } as never, ctx) };
}

describe('quality.fingerprint on images', () => {
  it('takes the hash ingest kept, without reading the image, and decodes an image that has none to the same hash', async () => {
    const bytes = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#3a3a3a' } })
      .composite([{ input: { create: { width: 220, height: 120, channels: 3, background: '#d4380d' } }, left: 60, top: 180 }]).jpeg().toBuffer();
    const { metadata } = await probeImage(bytes, 100_000_000);
    const { phash, phashVersion, ...older } = metadata;
    expect(phashVersion).toBe(METRIC_VERSIONS.duplicates);
    const h = harness([
      { id: '00000000-0000-4000-8000-00000000000a', metadata, bytes },
      { id: '00000000-0000-4000-8000-00000000000b', metadata: older, bytes }, // ingested before ingest kept hashes
      { id: '00000000-0000-4000-8000-00000000000c', metadata: { ...metadata, phashVersion: METRIC_VERSIONS.duplicates + 1 }, bytes }, // another definition
    ]);
    await h.run();
    expect(h.reads).toEqual(['blob-00000000-0000-4000-8000-00000000000b', 'blob-00000000-0000-4000-8000-00000000000c']);
    expect(h.stored).toEqual(['a', 'b', 'c'].map((x) => ({ assetId: `00000000-0000-4000-8000-00000000000${x}`, method: 'phash', phash: toSigned(phash as string) })));
    expect(h.outcomes).toEqual([{ key: '0', ok: true }, { key: '1', ok: true }, { key: '2', ok: true }]);
  });
});
