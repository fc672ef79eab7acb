import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files set aside sealed for the worker (raw DICOM, archives, record files) are written down as they are stored, so
 * that what no job will ever take (its process died before starting a run, an import's attempt that was tried again)
 * can be found and deleted: the blob store has no listing, and patient data must not rest longer than its ingest needs.
 */
export class SealedBlobs1767900000000 implements MigrationInterface {
  name = 'SealedBlobs1767900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sealed_blobs (
        blob_key text PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        -- The import or archive run whose job set it aside; null for an upload request.
        held_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sealed_blobs_created_idx ON sealed_blobs (created_at)`);
    // The sweep never deletes a kept original: it asks by key.
    await db.query(`CREATE INDEX dicom_instances_original_idx ON dicom_instances (original_key) WHERE original_key IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX dicom_instances_original_idx`);
    await db.query(`DROP TABLE sealed_blobs`);
  }
}
