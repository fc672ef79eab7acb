import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An item run keeps the jobs it fanned out to (their keys, item counts and payloads, and how they are retried)
 * until it closes, so the worker's reconciler can queue again those Redis lost, or that the API never queued
 * because it died between its COMMIT and the queueing: an upload's files would otherwise stay pending for ever.
 * And the runs still owed work are found through an index of their own, where the reconciler read every run.
 */
export class ItemRunJobs1767800000000 implements MigrationInterface {
  name = 'ItemRunJobs1767800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE job_runs ADD COLUMN item_jobs jsonb;
      CREATE INDEX job_runs_open_idx ON job_runs (created_at) WHERE state IN ('queued', 'running');
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX job_runs_open_idx;
      ALTER TABLE job_runs DROP COLUMN item_jobs;
    `);
  }
}
