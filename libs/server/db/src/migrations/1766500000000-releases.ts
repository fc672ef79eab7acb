import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Releases1766500000000 implements MigrationInterface {
  name = 'Releases1766500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- A numbered snapshot of a project's annotations in chosen formats: built once, then never changed.
      CREATE TABLE releases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        number int NOT NULL CHECK (number >= 1),
        name text NOT NULL,
        state text NOT NULL DEFAULT 'building' CHECK (state IN ('building','ready','failed')),
        params jsonb NOT NULL,
        job_run_id uuid REFERENCES job_runs(id) ON DELETE SET NULL,
        schema_version int NOT NULL,
        blob_key text,
        file_name text,
        size bigint,
        sha256 text,
        manifest jsonb,
        datasheet jsonb,
        diff jsonb,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (project_id, number)
      );
      CREATE INDEX releases_org_idx ON releases (org_id, project_id, number DESC);

      -- A release is immutable once built: nothing of it may change (deleting its project still removes it).
      CREATE FUNCTION releases_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state <> 'building' THEN
          RAISE EXCEPTION 'release % is % and cannot change', OLD.id, OLD.state USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER releases_no_update BEFORE UPDATE ON releases FOR EACH ROW EXECUTE FUNCTION releases_immutable();

      -- Which assets a release holds, and in which split.
      CREATE TABLE release_assets (
        release_id uuid NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        asset_id uuid NOT NULL,
        split text NOT NULL CHECK (split IN ('train','val','test','default')),
        PRIMARY KEY (release_id, asset_id)
      );
      -- Every annotation a release holds, by a fingerprint of its content: the next release's diff reads these.
      CREATE TABLE release_annotations (
        release_id uuid NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        annotation_id uuid NOT NULL,
        asset_id uuid NOT NULL,
        label_id text NOT NULL,
        fingerprint text NOT NULL,
        PRIMARY KEY (release_id, annotation_id)
      );

      -- Consumers see and download only the releases granted to them, until the grant expires or is revoked.
      CREATE TABLE release_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        release_id uuid NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (release_id, user_id)
      );
      CREATE INDEX release_grants_user_idx ON release_grants (user_id, org_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE release_grants; DROP TABLE release_annotations; DROP TABLE release_assets; DROP TABLE releases; DROP FUNCTION releases_immutable();`);
  }
}
