import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quality control: results per task, asset and person, each with the version
 * of the metric that made it and a fingerprint of what it measured (so a job
 * delivered again, or run over unchanged work, does nothing); who is under
 * full review or paused; the project report; near-duplicates found at ingest;
 * qualification sets and attempts, whose tasks are tasks like any other but
 * kept out of the work's batches and figures.
 */
export class Quality1766800000000 implements MigrationInterface {
  name = 'Quality1766800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE quality_task_results (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        metric text NOT NULL CHECK (metric IN ('rules','gold')),
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        version int NOT NULL,
        input text NOT NULL,
        trials int NOT NULL DEFAULT 0,
        correct int NOT NULL DEFAULT 0,
        score real,
        details jsonb NOT NULL DEFAULT '{}',
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (task_id, metric)
      );
      CREATE INDEX quality_task_results_person_idx ON quality_task_results (project_id, user_id, metric);

      CREATE TABLE quality_asset_results (
        asset_id uuid PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        version int NOT NULL,
        input text NOT NULL,
        -- agreed: good enough to stand; review: a reviewer must look; accepted: a reviewer accepted the consensus
        state text NOT NULL CHECK (state IN ('review','accepted','agreed')),
        agreement real,
        ties int NOT NULL DEFAULT 0,
        dropped int NOT NULL DEFAULT 0,
        details jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id) ON DELETE SET NULL
      );
      CREATE INDEX quality_asset_results_state_idx ON quality_asset_results (project_id, state, computed_at DESC);

      -- Pairwise F1 of two people on one asset (user_a < user_b), for each person's agreement.
      CREATE TABLE quality_pair_results (
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        user_a uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        user_b uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        version int NOT NULL,
        f1 real NOT NULL,
        PRIMARY KEY (asset_id, user_a, user_b)
      );
      CREATE INDEX quality_pair_results_project_idx ON quality_pair_results (project_id);

      -- Someone whose gold accuracy fell below the project's mark: all their work reviewed, or no more tasks.
      CREATE TABLE quality_person_status (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        full_review boolean NOT NULL DEFAULT false,
        paused boolean NOT NULL DEFAULT false,
        reason text,
        since timestamptz,
        -- null: set by the quality job; a person: set or cleared by hand (the job then leaves it alone until new evidence)
        set_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, user_id)
      );

      CREATE TABLE quality_reports (
        project_id uuid PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        version int NOT NULL,
        report jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE asset_fingerprints (
        asset_id uuid PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('phash','minhash','none')),
        version int NOT NULL,
        -- the 64-bit perceptual hash, as a signed bigint
        phash bigint,
        -- the MinHash signature (128 × uint32, little endian) and its LSH band keys
        signature bytea,
        bands text[],
        computed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX asset_fingerprints_project_idx ON asset_fingerprints (project_id, method);
      CREATE INDEX asset_fingerprints_bands_idx ON asset_fingerprints USING gin (bands);

      CREATE TABLE asset_duplicates (
        asset_a uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        asset_b uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        method text NOT NULL,
        similarity real NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (asset_a, asset_b),
        CHECK (asset_a < asset_b)
      );
      CREATE INDEX asset_duplicates_project_idx ON asset_duplicates (project_id, created_at DESC);

      -- Qualification: a set of gold assets per project, attempts at it, and who passed.
      ALTER TABLE batches ADD COLUMN purpose text NOT NULL DEFAULT 'work' CHECK (purpose IN ('work','qualification'));
      ALTER TABLE tasks ADD COLUMN purpose text NOT NULL DEFAULT 'work' CHECK (purpose IN ('work','qualification'));
      -- Nobody works on the same asset twice in the work; a qualification retaken is another attempt at the same assets.
      DROP INDEX tasks_one_per_person;
      CREATE UNIQUE INDEX tasks_one_per_person ON tasks (asset_id, assignee_id) WHERE stage = 'annotate' AND assignee_id IS NOT NULL AND purpose = 'work';
      -- An asset's overlapping work, looked up on every quality job.
      CREATE INDEX tasks_asset_annotate_idx ON tasks (asset_id) WHERE stage = 'annotate';
      CREATE TABLE qualification_items (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        PRIMARY KEY (project_id, asset_id)
      );
      CREATE TABLE qualification_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        batch_id uuid NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','passed','failed')),
        pass_mark real NOT NULL,
        trials int,
        correct int,
        score real,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX qualification_attempts_person_idx ON qualification_attempts (project_id, user_id, started_at DESC);
      -- One open attempt per person and project at a time.
      CREATE UNIQUE INDEX qualification_attempts_open_idx ON qualification_attempts (project_id, user_id) WHERE state = 'open';
      CREATE TABLE qualifications (
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        attempt_id uuid NOT NULL REFERENCES qualification_attempts(id) ON DELETE CASCADE,
        score real NOT NULL,
        passed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, user_id)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE qualifications; DROP TABLE qualification_attempts; DROP TABLE qualification_items;
      DROP INDEX tasks_one_per_person; DROP INDEX tasks_asset_annotate_idx;
      CREATE UNIQUE INDEX tasks_one_per_person ON tasks (asset_id, assignee_id) WHERE stage = 'annotate' AND assignee_id IS NOT NULL;
      ALTER TABLE tasks DROP COLUMN purpose; ALTER TABLE batches DROP COLUMN purpose;
      DROP TABLE asset_duplicates; DROP TABLE asset_fingerprints; DROP TABLE quality_reports;
      DROP TABLE quality_person_status; DROP TABLE quality_pair_results; DROP TABLE quality_asset_results; DROP TABLE quality_task_results;
    `);
  }
}
