import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';

/** The keys an asset `a` holds (its content, thumbnail, normalised text), and a DICOM instance `i`: a LATERAL list `v(k)`. */
const ASSET_KEYS = `(VALUES (a.blob_key), (a.thumbnail_key), (a.metadata->>'textKey')) v(k)`;
const INSTANCE_KEYS = `(VALUES (i.blob_key), (i.original_key)) v(k)`;

/**
 * Every place a blob key is kept, each as `(SELECT key … WHERE key = ANY($1))`: what a blob still pointed at by
 * any of them must keep. Blobs are content-addressed, so the same bytes may be another project's image, a
 * release, or an import's file still to be read; a new kind of row that holds a key belongs here.
 */
const HOLDERS = [
  `SELECT k FROM assets a, LATERAL ${ASSET_KEYS} WHERE k = ANY($1)`,
  `SELECT k FROM dicom_instances i, LATERAL ${INSTANCE_KEYS} WHERE k = ANY($1)`,
  `SELECT blob_key FROM releases WHERE blob_key = ANY($1)`,
  `SELECT file_key FROM models WHERE file_key = ANY($1)`,
  `SELECT result->>'blobKey' FROM job_runs WHERE result ? 'blobKey' AND result->>'blobKey' = ANY($1)`,
  `SELECT params->>'blobKey' FROM job_runs WHERE state IN ('queued', 'running') AND params->>'blobKey' = ANY($1)`,
  `SELECT blob_key FROM sealed_blobs WHERE blob_key = ANY($1)`,
];

/** The keys held by the assets `a` that `which` picks (an SQL condition on `a`), and by their DICOM instances. */
export function assetKeysSql(which: string): string {
  return `SELECT k FROM assets a, LATERAL ${ASSET_KEYS} WHERE ${which} AND k IS NOT NULL
          UNION SELECT k FROM assets a JOIN dicom_instances i ON i.asset_id = a.id, LATERAL ${INSTANCE_KEYS} WHERE ${which} AND k IS NOT NULL`;
}

/**
 * The bytes deleted data or an expired export let go of (`dropped_blobs`): written down in the transaction that
 * deletes the rows, and deleted by the worker's sweep (`collect`) once no row anywhere points at them.
 */
@Injectable()
export class DroppedBlobs {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /**
   * The keys `keysSql` answers (one column), written down in the caller's transaction, before the rows that hold
   * them go; `withSql`, a WITH clause it reads from (one that changes rows must lead the statement). Answers how
   * many were not written down already.
   */
  async drop(em: EntityManager, keysSql: string, params: unknown[], withSql = ''): Promise<number> {
    return (await em.query<unknown[]>(`${withSql} INSERT INTO dropped_blobs (blob_key) ${keysSql} ON CONFLICT DO NOTHING RETURNING 1`, params)).length;
  }

  /**
   * The job runs `runsSql` picks (a query answering their `id`, on `params`) let go of their files, which are written
   * down, in one statement: a run keeps its figures and says when its file went (`expiresAt`: its own if past, now
   * otherwise), and its download answers 410. Answers how many files were not written down already.
   */
  async letGoOfRunFiles(em: EntityManager, runsSql: string, params: unknown[]): Promise<number> {
    return this.drop(em, 'SELECT k FROM let_go', params, `WITH picked AS (${runsSql}),
      let_go AS (
        UPDATE job_runs r SET result = jsonb_set(r.result - 'blobKey', '{expiresAt}', to_jsonb(to_char(
            least(coalesce((r.result->>'expiresAt')::timestamptz, now()), now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
          FROM job_runs old, picked
         WHERE r.id = picked.id AND old.id = r.id AND r.result ? 'blobKey'
        RETURNING old.result->>'blobKey' AS k)`);
  }

  /**
   * Deletes the dropped blobs nothing points at, and strikes them off with those something does point at again,
   * `batch` at a time in key order; one written within `freshMs` stays written down for a later pass
   * (BlobStore.deleteUnlessFresh). Answers how many were deleted.
   */
  async collect(freshMs: number, batch = 1000): Promise<number> {
    let deleted = 0;
    // Past what this pass kept, so that a batch of fresh blobs is not read again and again.
    let after = '';
    for (;;) {
      const keys = (await this.db.query<{ blob_key: string }[]>(
        `SELECT blob_key FROM dropped_blobs WHERE blob_key > $1 ORDER BY blob_key LIMIT $2`, [after, batch])).map((r) => r.blob_key);
      if (!keys.length) return deleted;
      // One scan of each table that holds keys for the whole batch (the keys are hashed), not one per key.
      const held = new Set((await this.db.query<{ k: string }[]>(HOLDERS.join(' UNION '), [keys])).map((r) => r.k));
      const settled = keys.filter((k) => held.has(k));
      for (const key of keys.filter((k) => !held.has(k))) {
        if (!(await this.blobs.deleteUnlessFresh(key, freshMs))) continue;
        settled.push(key);
        deleted++;
      }
      await this.db.query(`DELETE FROM dropped_blobs WHERE blob_key = ANY($1::text[])`, [settled]);
      if (keys.length < batch) return deleted;
      after = keys[keys.length - 1];
    }
  }
}
