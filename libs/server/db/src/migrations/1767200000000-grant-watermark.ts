import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A grant may ask that the consumer's copy carries their id, visibly, on every picture. */
export class GrantWatermark1767200000000 implements MigrationInterface {
  name = 'GrantWatermark1767200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE release_grants ADD COLUMN watermark boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE release_grants DROP COLUMN watermark`);
  }
}
