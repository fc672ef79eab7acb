import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A dispatched delivery remembers the run its job belongs to, so the job can be queued again under
 * its own id (`<run>-<delivery>`) when Redis lost it: the outbox, not the queue, is the truth.
 */
export class WebhookJobRun1767400000000 implements MigrationInterface {
  name = 'WebhookJobRun1767400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_deliveries ADD COLUMN job_run_id uuid;
      CREATE INDEX webhook_deliveries_in_flight_idx ON webhook_deliveries (dispatched_at) WHERE state = 'pending' AND dispatched_at IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX webhook_deliveries_in_flight_idx;
      ALTER TABLE webhook_deliveries DROP COLUMN job_run_id;
    `);
  }
}
