import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ItemOutcome, JobContext, JobPayload, JobResult } from '@tessera/contracts';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { imagePhash } from '@tessera/server/assets';
import { jaccardEstimate, lshBands, METRIC_VERSIONS, minhash } from '@tessera/quality';

/** Images whose perceptual hashes differ in at most this many of 64 bits are near-duplicates. */
export const PHASH_MAX_DISTANCE = 6;
/** Texts whose estimated Jaccard similarity of 5-character shingles reaches this are near-duplicates. */
export const MINHASH_MIN_SIMILARITY = 0.8;
/** Larger texts are fingerprinted on their first this-many bytes. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const MAX_IMAGE_PIXELS = 268_402_689;

const toSigned = (hex: string) => BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();

/**
 * The `quality.fingerprint` job, started by ingest: a perceptual hash for each
 * new image, a MinHash signature (and its LSH bands) for each new text, and
 * the near-duplicates each has among its project's earlier assets, kept as
 * pairs for the Data tab. Idempotent: a fingerprinted asset is only counted.
 */
@Injectable()
export class Fingerprints {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  async run(payload: JobPayload<'quality.fingerprint'>, ctx: JobContext): Promise<JobResult> {
    const rows = await this.db.query<{ id: string; project_id: string; kind: string; status: string; blob_key: string; metadata: Record<string, unknown>; done: boolean }[]>(
      `SELECT a.id, a.project_id, a.kind, a.status, a.blob_key, a.metadata, EXISTS (SELECT 1 FROM asset_fingerprints f WHERE f.asset_id = a.id AND f.version = $3) AS done
         FROM assets a WHERE a.id = ANY($1::uuid[]) AND a.org_id = $2`, [payload.assetIds, payload.orgId, METRIC_VERSIONS.duplicates]);
    const outcomes: (ItemOutcome & { key: string })[] = [];
    for (const [i, id] of payload.assetIds.entries()) {
      const a = rows.find((r) => r.id === id);
      const key = String(i);
      if (!a || a.done || a.status !== 'ready') {
        outcomes.push({ key, ok: true });
        continue;
      }
      try {
        if (a.kind === 'image') await this.image(payload.orgId, a);
        else if (a.kind === 'text') await this.text(payload.orgId, a);
        else await this.store(payload.orgId, a.id, a.project_id, 'none', {});
        outcomes.push({ key, ok: true });
      } catch (e) {
        if (!ctx.finalAttempt) throw e;
        outcomes.push({ key, ok: false, item: id, message: `no fingerprint: ${(e as Error).message}` });
      }
    }
    await ctx.itemsDone(outcomes);
    return null;
  }

  private async bytes(key: string, limit: number) {
    if ((await this.blobs.size(key)) > limit) return null;
    return Buffer.concat(await (await this.blobs.get(key)).toArray());
  }

  /**
   * Ingest hashes each image from the decode it makes the thumbnail from and keeps the hash in the
   * asset's metadata; only an asset without one (ingested before, or hashed under another version)
   * has its original read and decoded again here, the same way.
   */
  private async image(orgId: string, a: { id: string; project_id: string; blob_key: string; metadata: Record<string, unknown> }) {
    let hash: string;
    const kept = a.metadata?.phash;
    if (typeof kept === 'string' && /^[0-9a-f]{16}$/.test(kept) && a.metadata.phashVersion === METRIC_VERSIONS.duplicates) hash = kept;
    else {
      const bytes = await this.bytes(a.blob_key, 512 * 1024 * 1024);
      if (!bytes) return this.store(orgId, a.id, a.project_id, 'none', {});
      hash = await imagePhash(bytes, MAX_IMAGE_PIXELS);
    }
    await this.store(orgId, a.id, a.project_id, 'phash', { phash: toSigned(hash) });
  }

  private async text(orgId: string, a: { id: string; project_id: string; blob_key: string; metadata: Record<string, unknown> }) {
    const key = typeof a.metadata.textKey === 'string' ? a.metadata.textKey : a.blob_key;
    const size = await this.blobs.size(key);
    const raw = Buffer.concat(await (await this.blobs.get(key)).toArray()).subarray(0, Math.min(size, MAX_TEXT_BYTES));
    const sig = minhash(raw.toString('utf8'));
    const bands = lshBands(sig);
    const candidates = await this.db.query<{ asset_id: string; signature: Buffer }[]>(
      `SELECT asset_id, signature FROM asset_fingerprints WHERE project_id = $1 AND org_id = $4 AND method = 'minhash' AND asset_id <> $2 AND bands && $3::text[]`,
      [a.project_id, a.id, bands, orgId]);
    const pairs = candidates
      .map((c) => ({ other: c.asset_id, similarity: jaccardEstimate(sig, new Uint32Array(c.signature.buffer, c.signature.byteOffset, c.signature.byteLength / 4)) }))
      .filter((p) => p.similarity >= MINHASH_MIN_SIMILARITY);
    await this.store(orgId, a.id, a.project_id, 'minhash', { signature: Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength), bands }, pairs);
  }

  /**
   * The fingerprint and every near-duplicate pair, in one statement (atomic on its own): `pairs` found
   * here (texts), and for an image the project's hashes within PHASH_MAX_DISTANCE bits, searched by the
   * statement itself (a search first cost every image another round trip; a pair a round trip, n² over a
   * project of near-identical images: docs/performance.md). Pairs in key order, so two jobs lock shared
   * rows in one order.
   */
  private async store(orgId: string, assetId: string, projectId: string, method: 'phash' | 'minhash' | 'none', f: { phash?: string; signature?: Buffer; bands?: string[] }, pairs: { other: string; similarity: number }[] = []) {
    const byKey = new Map<string, { a: string; b: string; similarity: number }>();
    for (const p of pairs) {
      const [a, b] = [assetId, p.other].sort();
      byKey.set(`${a}/${b}`, { a, b, similarity: p.similarity });
    }
    const given = [...byKey.values()];
    await this.db.query(
      `WITH fingerprint AS (
         INSERT INTO asset_fingerprints (asset_id, org_id, project_id, method, version, phash, signature, bands) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (asset_id) DO UPDATE SET method = $4, version = $5, phash = $6, signature = $7, bands = $8, computed_at = now())
       INSERT INTO asset_duplicates (asset_a, asset_b, org_id, project_id, method, similarity)
       SELECT p.a, p.b, $2, $3, $4, p.similarity FROM (
         SELECT * FROM unnest($9::uuid[], $10::uuid[], $11::real[]) AS given (a, b, similarity)
         UNION ALL
         SELECT least($1::uuid, n.asset_id), greatest($1::uuid, n.asset_id), 1 - bit_count((n.phash # $6::bigint)::bit(64))::real / 64
           FROM asset_fingerprints n
          WHERE $4 = 'phash' AND n.project_id = $3 AND n.org_id = $2 AND n.method = 'phash' AND n.asset_id <> $1
            AND bit_count((n.phash # $6::bigint)::bit(64)) <= $12) AS p
       ORDER BY p.a, p.b
       ON CONFLICT (asset_a, asset_b) DO UPDATE SET similarity = EXCLUDED.similarity, method = EXCLUDED.method`,
      [assetId, orgId, projectId, method, METRIC_VERSIONS.duplicates, f.phash ?? null, f.signature ?? null, f.bands ?? null,
        given.map((p) => p.a), given.map((p) => p.b), given.map((p) => p.similarity), PHASH_MAX_DISTANCE]);
  }
}
