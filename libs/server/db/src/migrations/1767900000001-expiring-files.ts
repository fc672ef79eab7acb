import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The worker's export expiry finds the runs that still have a file to delete through an index of their own, where it would read every run. */
export class ExpiringFiles1767900000001 implements MigrationInterface {
  name = 'ExpiringFiles1767900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX job_runs_expiring_idx ON job_runs (finished_at) WHERE result ? 'blobKey' AND result ? 'expiresAt'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX job_runs_expiring_idx`);
  }
}
