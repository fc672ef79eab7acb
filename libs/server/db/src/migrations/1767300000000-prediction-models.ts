import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which model (name and version) made a prediction that came in from a file:
 * an export of one model version's predictions chooses by it, and a later
 * comparison of versions can tell them apart. Kept beside the annotation, not
 * in it: people's work never has one.
 */
export class PredictionModels1767300000000 implements MigrationInterface {
  name = 'PredictionModels1767300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE prediction_models (
        annotation_id uuid PRIMARY KEY REFERENCES annotations(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        model_name text NOT NULL,
        model_version text NOT NULL,
        job_run_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX prediction_models_version_idx ON prediction_models (project_id, model_version);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE prediction_models`);
  }
}
