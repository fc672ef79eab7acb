import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery says when a job was queued for it (a crash or a Redis outage between the
 * event's COMMIT and the queueing leaves it without one, for the sweeper to find) and
 * until when a sender holds it (two jobs for one delivery must not both POST).
 */
export class WebhookDispatch1764600000000 implements MigrationInterface {
  name = 'WebhookDispatch1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_deliveries ADD COLUMN dispatched_at timestamptz, ADD COLUMN sending_until timestamptz;
      UPDATE webhook_deliveries SET dispatched_at = created_at;
      CREATE INDEX webhook_deliveries_undispatched_idx ON webhook_deliveries (created_at) WHERE state = 'pending' AND dispatched_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX webhook_deliveries_undispatched_idx;
      ALTER TABLE webhook_deliveries DROP COLUMN dispatched_at, DROP COLUMN sending_until;
    `);
  }
}
