import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Dicom1764200000000 implements MigrationInterface {
  name = 'Dicom1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE assets DROP CONSTRAINT assets_status_check;
      ALTER TABLE assets ADD CONSTRAINT assets_status_check CHECK (status IN ('pending','ready','failed','quarantined'));
      -- A DICOM series is one asset, found again by its (de-identified) Series Instance UID.
      ALTER TABLE assets ADD COLUMN series_uid text;
      CREATE UNIQUE INDEX assets_project_series_key ON assets (project_id, series_uid) WHERE series_uid IS NOT NULL;

      CREATE TABLE dicom_instances (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        sop_instance_uid text NOT NULL,
        blob_key text NOT NULL,
        instance_number int,
        -- where the slice sits, for ordering the series without reading every file again
        position float8[],
        orientation float8[],
        rows int,
        columns int,
        pixel_spacing float8[],
        metadata jsonb NOT NULL DEFAULT '{}',
        -- the sealed original upload, kept only when the project asks
        original_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (asset_id, sop_instance_uid)
      );
      CREATE INDEX dicom_instances_asset_idx ON dicom_instances (asset_id, instance_number);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE dicom_instances;
      DROP INDEX assets_project_series_key;
      ALTER TABLE assets DROP COLUMN series_uid;
      ALTER TABLE assets DROP CONSTRAINT assets_status_check;
      ALTER TABLE assets ADD CONSTRAINT assets_status_check CHECK (status IN ('pending','ready','failed'));
    `);
  }
}
