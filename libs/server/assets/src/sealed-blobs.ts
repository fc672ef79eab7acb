import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';

/**
 * The ledger of files set aside sealed for the worker (`sealed_blobs`): raw
 * DICOM, and archives to expand. A sealed blob is written down as soon as it
 * is stored and struck off once its job has deleted it or kept it as an
 * original; what stays written down is what no job will ever take (the process
 * that took it in died before starting a run, an import was tried again and
 * sealed its files anew, a run was cancelled): patient data nothing will
 * de-identify, or a second copy of a dataset. `sweep` deletes it. Only sealed
 * blobs go in: each is unique (its IV is random), so deleting one cannot take
 * bytes another record shares, as a content-addressed blob could.
 */
@Injectable()
export class SealedBlobs {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** Written down as stored; `heldBy`: the run whose job took it in (an import, an archive), which starts its run later. */
  async setAside(orgId: string, blobKey: string, heldBy: string | null): Promise<void> {
    await this.db.query(`INSERT INTO sealed_blobs (blob_key, org_id, held_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [blobKey, orgId, heldBy]);
  }

  /** Struck off: deleted, or now pointed at (a kept original). */
  async settled(blobKeys: string[]): Promise<void> {
    if (blobKeys.length) await this.db.query(`DELETE FROM sealed_blobs WHERE blob_key = ANY($1::text[])`, [blobKeys]);
  }

  /** Deletes the blob, then strikes it off: a crash between leaves it for the next sweep, whose delete is a no-op. */
  async discard(blobKeys: string[]): Promise<void> {
    await Promise.all(blobKeys.map((key) => this.blobs.delete(key)));
    await this.settled(blobKeys);
  }

  /**
   * Deletes sealed blobs written down longer ago than `olderThanMs` that nothing will take: no open run carries
   * them (a DICOM batch's files, an archive, a record file), the run that took them in is not still open, and no
   * instance keeps one as its original. Returns how many were deleted.
   */
  async sweep(olderThanMs: number, limit = 1000): Promise<number> {
    const rows = await this.db.query<{ blob_key: string }[]>(
      `SELECT s.blob_key FROM sealed_blobs s
        WHERE s.created_at < now() - make_interval(secs => $1::float8 / 1000)
          AND NOT EXISTS (SELECT 1 FROM job_runs h WHERE h.id = s.held_by AND h.state IN ('queued', 'running'))
          AND NOT EXISTS (
            SELECT 1 FROM job_runs r
             WHERE r.state IN ('queued', 'running') AND r.type IN ('dicom.ingest', 'assets.unzip', 'assets.split') AND r.org_id = s.org_id
               AND (r.item_jobs->'jobs' @> jsonb_build_array(jsonb_build_object('payload',
                      jsonb_build_object('files', jsonb_build_array(jsonb_build_object('blobKey', s.blob_key)))))
                 OR r.item_jobs->'jobs' @> jsonb_build_array(jsonb_build_object('payload', jsonb_build_object('blobKey', s.blob_key)))))
        ORDER BY s.created_at LIMIT $2`,
      [olderThanMs, limit],
    );
    if (!rows.length) return 0;
    // A kept original still written down (its ingest died between keeping it and striking it off) is struck off.
    const kept = new Set((await this.db.query<{ original_key: string }[]>(
      `SELECT original_key FROM dicom_instances WHERE original_key = ANY($1::text[])`, [rows.map((r) => r.blob_key)])).map((r) => r.original_key));
    await this.settled([...kept]);
    const orphans = rows.map((r) => r.blob_key).filter((key) => !kept.has(key));
    await this.discard(orphans);
    return orphans.length;
  }
}
