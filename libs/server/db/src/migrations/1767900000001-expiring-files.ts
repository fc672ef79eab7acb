import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worker's export expiry finds the runs that still have a file to delete, and asks whether another run points at
 * the same file, through indexes of their own, where it would read every run.
 */
export class ExpiringFiles1767900000001 implements MigrationInterface {
  name = 'ExpiringFiles1767900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX job_runs_expiring_idx ON job_runs (finished_at) WHERE result ? 'blobKey' AND result ? 'expiresAt'`);
    await db.query(`CREATE INDEX job_runs_file_idx ON job_runs ((result->>'blobKey')) WHERE result ? 'blobKey'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX job_runs_file_idx`);
    await db.query(`DROP INDEX job_runs_expiring_idx`);
  }
}
