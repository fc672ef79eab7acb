import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Assets1764100000000 implements MigrationInterface {
  name = 'Assets1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        project_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('image','text','dicom')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','ready','failed')),
        name text NOT NULL,
        blob_key text NOT NULL,
        sha256 text NOT NULL,
        size bigint NOT NULL,
        content_type text,
        width int,
        height int,
        thumbnail_key text,
        preview text,
        error text,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (org_id, project_id) REFERENCES projects(org_id, id) ON DELETE CASCADE
      );
      -- The same bytes are one asset per project, however often they are uploaded.
      CREATE UNIQUE INDEX assets_project_sha256_key ON assets (project_id, sha256);
      CREATE INDEX assets_project_list_idx ON assets (project_id, created_at DESC, id);
      CREATE INDEX assets_project_status_idx ON assets (project_id, status);

      -- Items of fanned-out job runs already counted: a redelivered job counts once.
      CREATE TABLE job_run_items (
        run_id uuid NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
        job_id text NOT NULL,
        ok boolean NOT NULL,
        done_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, job_id)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE job_run_items; DROP TABLE assets;`);
  }
}
