import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ingest sweep finds assets left pending through an index of their own, where it would read every asset. */
export class PendingAssets1767800000001 implements MigrationInterface {
  name = 'PendingAssets1767800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX assets_pending_idx ON assets (updated_at) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX assets_pending_idx`);
  }
}
