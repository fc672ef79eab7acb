import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A model may pre-annotate a project's assets as they arrive: who asked for it
 * (the run is theirs, and their right to run models is checked when it runs),
 * null where the model waits to be run by hand.
 */
export class ModelOnArrival1767650000000 implements MigrationInterface {
  name = 'ModelOnArrival1767650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE project_models ADD COLUMN on_arrival_by uuid REFERENCES users(id) ON DELETE SET NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE project_models DROP COLUMN on_arrival_by`);
  }
}
