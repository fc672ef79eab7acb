import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Models that pre-annotate (per organisation, enabled per project), and which
 * model, version and asset each stored prediction came from, so a re-run of a
 * version replaces exactly its own predictions and accuracy is counted per
 * version. A deleted model is kept (deleted_at) so its predictions and figures
 * still name it.
 */
export class Models1767510000000 implements MigrationInterface {
  name = 'Models1767510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL,
        version text NOT NULL,
        media_type text NOT NULL CHECK (media_type IN ('image', 'text', 'dicom')),
        url text,
        label_map jsonb NOT NULL DEFAULT '{}'::jsonb,
        score_threshold real NOT NULL DEFAULT 0.5 CHECK (score_threshold BETWEEN 0 AND 1),
        max_objects int NOT NULL DEFAULT 100 CHECK (max_objects BETWEEN 1 AND 1000),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX models_org_idx ON models (org_id) WHERE deleted_at IS NULL;
      CREATE TABLE project_models (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        model_id uuid NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        enabled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, model_id)
      );
      CREATE INDEX project_models_model_idx ON project_models (model_id);
      ALTER TABLE prediction_models
        ADD COLUMN model_id uuid REFERENCES models(id) ON DELETE SET NULL,
        ADD COLUMN asset_id uuid REFERENCES assets(id) ON DELETE CASCADE;
      CREATE INDEX prediction_models_model_idx ON prediction_models (model_id, model_version, asset_id) WHERE model_id IS NOT NULL;
      -- What a model version predicted, kept after people accept or reject it (both delete the
      -- prediction's annotation): accuracy compares these with the work people accepted. A re-run's
      -- predictions supersede the version's earlier ones on the same asset.
      CREATE TABLE model_predictions (
        annotation_id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        model_id uuid NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        model_version text NOT NULL,
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        set_id uuid NOT NULL,
        job_run_id uuid NOT NULL,
        label_id text NOT NULL,
        score real,
        geometry jsonb NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz
      );
      CREATE INDEX model_predictions_version_idx ON model_predictions (model_id, model_version, asset_id) WHERE superseded_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE model_predictions;
      ALTER TABLE prediction_models DROP COLUMN model_id, DROP COLUMN asset_id;
      DROP TABLE project_models;
      DROP TABLE models;
    `);
  }
}
