import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a model is made from besides its kind and URL: kind-specific options
 * (MONAI Label's model name, an ONNX detector's class list) and, for uploaded
 * models, the stored file (a content-addressed blob) with its checksum and size.
 */
export class ModelFiles1767560000001 implements MigrationInterface {
  name = 'ModelFiles1767560000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE models
        ADD COLUMN options jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN file_key text,
        ADD COLUMN file_sha256 text,
        ADD COLUMN file_size bigint;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE models DROP COLUMN options, DROP COLUMN file_key, DROP COLUMN file_sha256, DROP COLUMN file_size`);
  }
}
