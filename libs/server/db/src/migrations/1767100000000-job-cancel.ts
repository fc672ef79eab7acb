import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A run a person cancelled ends `cancelled`: neither failed (nothing went wrong) nor succeeded (it keeps no file). */
export class JobCancel1767100000000 implements MigrationInterface {
  name = 'JobCancel1767100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE job_runs DROP CONSTRAINT job_runs_state_check;
      ALTER TABLE job_runs ADD CONSTRAINT job_runs_state_check CHECK (state IN ('queued','running','succeeded','failed','cancelled'));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE job_runs SET state = 'failed' WHERE state = 'cancelled';
      ALTER TABLE job_runs DROP CONSTRAINT job_runs_state_check;
      ALTER TABLE job_runs ADD CONSTRAINT job_runs_state_check CHECK (state IN ('queued','running','succeeded','failed'));
    `);
  }
}
