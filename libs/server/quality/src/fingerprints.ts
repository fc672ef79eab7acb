import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ItemOutcome, JobContext, JobPayload, JobResult } from '@tessera/contracts';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { imagePhash } from '@tessera/server/assets';
import { jaccardEstimate, lshBands, METRIC_VERSIONS, minhash, phashBandProbes, phashBands } from '@tessera/quality';

/** Images whose perceptual hashes differ in at most this many of 64 bits are near-duplicates. */
export const PHASH_MAX_DISTANCE = 6;
/** Texts whose estimated Jaccard similarity of 5-character shingles reaches this are near-duplicates. */
export const MINHASH_MIN_SIMILARITY = 0.8;
/** Larger texts are fingerprinted on their first this-many bytes. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const MAX_IMAGE_PIXELS = 268_402_689;

const failed = (key: string, item: string, e: unknown): ItemOutcome & { key: string } => ({ key, ok: false, item, message: `no fingerprint: ${(e as Error).message}` });

const toSigned = (hex: string) => BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();

/** What one asset's fingerprint row holds, and how its alike assets are searched for. */
type Print = { assetId: string; projectId: string; method: 'phash' | 'minhash' | 'none'; f: { phash?: string; signature?: Buffer; bands?: string[] }; search?: (em: EntityManager) => Promise<Match[]> };
type AssetRow = { id: string; project_id: string; kind: string; status: string; blob_key: string; metadata: Record<string, unknown>; done: boolean };

/**
 * The `quality.fingerprint` job, started by ingest: a perceptual hash for each
 * new image, a MinHash signature (and its LSH bands) for each new text, and
 * the near-duplicates each has among its project's assets, kept as groups
 * for the Data tab. Idempotent: a fingerprinted asset is only counted.
 */
@Injectable()
export class Fingerprints {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  async run(payload: JobPayload<'quality.fingerprint'>, ctx: JobContext): Promise<JobResult> {
    const rows = await this.db.query<AssetRow[]>(
      `SELECT a.id, a.project_id, a.kind, a.status, a.blob_key, a.metadata, EXISTS (SELECT 1 FROM asset_fingerprints f WHERE f.asset_id = a.id AND f.version = $3) AS done
         FROM assets a WHERE a.id = ANY($1::uuid[]) AND a.org_id = $2`, [payload.assetIds, payload.orgId, METRIC_VERSIONS.duplicates]);
    const outcomes: (ItemOutcome & { key: string })[] = [];
    const prints: (Print & { key: string })[] = [];
    for (const [i, id] of payload.assetIds.entries()) {
      const a = rows.find((r) => r.id === id);
      const key = String(i);
      if (!a || a.done || a.status !== 'ready') {
        outcomes.push({ key, ok: true });
        continue;
      }
      try {
        prints.push({ key, ...(await this.print(payload.orgId, a)) });
      } catch (e) {
        if (!ctx.finalAttempt) throw e;
        outcomes.push(failed(key, id, e));
      }
    }
    try {
      // One transaction for the job's assets: one commit (a WAL flush) for up to 32 assets rather than one each.
      if (prints.length) await this.db.transaction((em) => this.store(em, payload.orgId, prints));
      outcomes.push(...prints.map(({ key }) => ({ key, ok: true })));
    } catch (e) {
      if (!ctx.finalAttempt) throw e;
      // The last attempt: each asset alone, so that one that cannot be stored does not hold back the others.
      for (const p of prints) {
        try {
          await this.db.transaction((em) => this.store(em, payload.orgId, [p]));
          outcomes.push({ key: p.key, ok: true });
        } catch (each) {
          outcomes.push(failed(p.key, p.assetId, each));
        }
      }
    }
    await ctx.itemsDone(outcomes);
    return null;
  }

  private async bytes(key: string, limit: number) {
    if ((await this.blobs.size(key)) > limit) return null;
    return this.blobs.read(key);
  }

  /** The asset's fingerprint, worked out before any write (reading a blob, decoding an image, hashing a text). */
  private async print(orgId: string, a: AssetRow): Promise<Print> {
    const none: Print = { assetId: a.id, projectId: a.project_id, method: 'none', f: {} };
    if (a.kind === 'image') return (await this.image(orgId, a)) ?? none;
    if (a.kind === 'text') return this.text(orgId, a);
    return none;
  }

  /**
   * Ingest hashes each image from the decode it makes the thumbnail from and keeps the hash in the
   * asset's metadata; only an asset without one (ingested before, or hashed under another version)
   * has its original read and decoded again here, the same way.
   */
  private async image(orgId: string, a: AssetRow): Promise<Print | null> {
    let hash: string;
    const kept = a.metadata?.phash;
    if (typeof kept === 'string' && /^[0-9a-f]{16}$/.test(kept) && a.metadata.phashVersion === METRIC_VERSIONS.duplicates) hash = kept;
    else {
      const bytes = await this.bytes(a.blob_key, 512 * 1024 * 1024);
      if (!bytes) return null;
      hash = await imagePhash(bytes, MAX_IMAGE_PIXELS);
    }
    const phash = toSigned(hash);
    return {
      assetId: a.id, projectId: a.project_id, method: 'phash', f: { phash, bands: phashBands(hash) },
      search: (em) => em.query<Match[]>(
        `SELECT n.asset_id AS id, 1 - bit_count((n.phash # $3::bigint)::bit(64))::real / 64 AS similarity, g.group_id
           FROM asset_fingerprints n LEFT JOIN asset_duplicate_groups g ON g.asset_id = n.asset_id
          WHERE n.project_id = $1 AND n.org_id = $2 AND n.method = 'phash' AND n.bands && $6::text[] AND n.asset_id <> $4
            AND bit_count((n.phash # $3::bigint)::bit(64)) <= $5`,
        [a.project_id, orgId, phash, a.id, PHASH_MAX_DISTANCE, phashBandProbes(hash)]),
    };
  }

  private async text(orgId: string, a: AssetRow): Promise<Print> {
    const key = typeof a.metadata.textKey === 'string' ? a.metadata.textKey : a.blob_key;
    const raw = (await this.blobs.read(key)).subarray(0, MAX_TEXT_BYTES);
    const sig = minhash(raw.toString('utf8'));
    const bands = lshBands(sig);
    return {
      assetId: a.id, projectId: a.project_id, method: 'minhash', f: { signature: Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength), bands },
      search: async (em) => {
        const candidates = await em.query<{ id: string; signature: Buffer; group_id: string | null }[]>(
          `SELECT n.asset_id AS id, n.signature, g.group_id
             FROM asset_fingerprints n LEFT JOIN asset_duplicate_groups g ON g.asset_id = n.asset_id
            WHERE n.project_id = $1 AND n.org_id = $4 AND n.method = 'minhash' AND n.asset_id <> $2 AND n.bands && $3::text[]`,
          [a.project_id, a.id, bands, orgId]);
        return candidates
          .map((c) => ({ id: c.id, group_id: c.group_id, similarity: jaccardEstimate(sig, new Uint32Array(c.signature.buffer, c.signature.byteOffset, c.signature.byteLength / 4)) }))
          .filter((m) => m.similarity >= MINHASH_MIN_SIMILARITY);
      },
    };
  }

  /**
   * The fingerprints, and each asset's place among its project's near-duplicate groups, in order (each
   * search sees the assets stored before it). The searches and writes run under the projects' locks, taken
   * in one order, so each job sees every group as the last one left it (two assets fingerprinted at once
   * cannot miss each other) and groups are merged without lost updates (an asset left alone also leaves
   * its group under it). One row per grouped asset: pairs grew as n² over a project of alike images.
   */
  private async store(em: EntityManager, orgId: string, prints: Print[]) {
    for (const projectId of [...new Set(prints.map((p) => p.projectId))].sort()) {
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`duplicates:${projectId}`]);
    }
    for (const { assetId, projectId, method, f, search } of prints) {
      const join = joinGroups(assetId, search ? await search(em) : []);
      await em.query(
        `WITH fingerprint AS (
           INSERT INTO asset_fingerprints (asset_id, org_id, project_id, method, version, phash, signature, bands)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (asset_id) DO UPDATE SET method = $4, version = $5, phash = $6, signature = $7, bands = $8, computed_at = now()),
         own AS (SELECT group_id FROM asset_duplicate_groups WHERE asset_id = $1),
         merged AS (
           UPDATE asset_duplicate_groups SET group_id = $9 WHERE project_id = $3 AND asset_id <> $1 AND group_id <> $9
              AND (group_id = ANY($10::uuid[]) OR group_id IN (SELECT group_id FROM own))),
         left_alone AS (DELETE FROM asset_duplicate_groups WHERE asset_id = $1 AND $9::uuid IS NULL)
         INSERT INTO asset_duplicate_groups (asset_id, group_id, nearest_id, org_id, project_id, method, similarity)
         SELECT j.asset_id, $9, j.nearest_id, $2, $3, $4, j.similarity FROM unnest($11::uuid[], $12::uuid[], $13::real[]) AS j (asset_id, nearest_id, similarity)
         ORDER BY j.asset_id
         ON CONFLICT (asset_id) DO UPDATE SET group_id = EXCLUDED.group_id, nearest_id = EXCLUDED.nearest_id, method = EXCLUDED.method, similarity = EXCLUDED.similarity`,
        [assetId, orgId, projectId, method, METRIC_VERSIONS.duplicates, f.phash ?? null, f.signature ?? null, f.bands ?? null,
          join?.group ?? null, join?.mergedGroups ?? [], join?.rows.map((r) => r.assetId) ?? [], join?.rows.map((r) => r.nearestId) ?? [], join?.rows.map((r) => r.similarity) ?? []]);
    }
  }
}

/** An asset alike to the one being fingerprinted, and its group if it has one. */
export type Match = { id: string; similarity: number; group_id: string | null };

/**
 * Where an asset and its matches go: into the group of its most alike match (or one named after that
 * match, if it had none), which the matches' other groups join; the asset points at that match, and each
 * match without a group points back at the asset. Null when nothing is alike.
 */
export function joinGroups(assetId: string, matches: Match[]) {
  if (!matches.length) return null;
  const best = matches.reduce((x, m) => (m.similarity > x.similarity || (m.similarity === x.similarity && m.id < x.id) ? m : x));
  const group = best.group_id ?? best.id;
  const mergedGroups = [...new Set(matches.flatMap((m) => (m.group_id && m.group_id !== group ? [m.group_id] : [])))];
  const rows = [{ assetId, nearestId: best.id, similarity: best.similarity },
    ...matches.filter((m) => !m.group_id).map((m) => ({ assetId: m.id, nearestId: assetId, similarity: m.similarity }))];
  return { group, mergedGroups, rows };
}
