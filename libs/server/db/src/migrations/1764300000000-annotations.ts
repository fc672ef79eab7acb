import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Annotations1764300000000 implements MigrationInterface {
  name = 'Annotations1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- One set of annotations per asset (and, once tasks exist, per task): the unit of a realtime room.
      CREATE TABLE annotation_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        task_id uuid,
        -- the server_seq of the last committed op; the row lock on it orders a set's ops across API processes
        last_seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX annotation_sets_asset_key ON annotation_sets (asset_id) WHERE task_id IS NULL;
      CREATE UNIQUE INDEX annotation_sets_task_key ON annotation_sets (asset_id, task_id) WHERE task_id IS NOT NULL;

      -- The current state: the op log folded. Ids are the clients' own UUIDs.
      CREATE TABLE annotations (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL,
        set_id uuid NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
        kind text NOT NULL,
        label_id text NOT NULL,
        schema_version int NOT NULL,
        geometry jsonb NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        source text NOT NULL CHECK (source IN ('human','model','import','consensus')),
        score real,
        prediction_id uuid,
        z_index int NOT NULL DEFAULT 0,
        group_id uuid,
        version int NOT NULL,
        created_by uuid NOT NULL,
        updated_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq bigint NOT NULL
      );
      CREATE INDEX annotations_set_idx ON annotations (set_id);

      -- Every accepted change, append-only. (set_id, client_id, client_seq) makes a resent op apply once.
      CREATE TABLE annotation_ops (
        set_id uuid NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
        server_seq bigint NOT NULL,
        org_id uuid NOT NULL,
        client_id text NOT NULL,
        client_seq bigint NOT NULL,
        actor_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('create','update','delete')),
        annotation_id uuid NOT NULL,
        op jsonb NOT NULL,
        committed_at timestamptz NOT NULL,
        PRIMARY KEY (set_id, server_seq),
        UNIQUE (set_id, client_id, client_seq)
      );
      CREATE INDEX annotation_ops_annotation_idx ON annotation_ops (annotation_id, server_seq);

      CREATE FUNCTION annotation_ops_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'annotation_ops is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER annotation_ops_no_update BEFORE UPDATE ON annotation_ops
        FOR EACH ROW EXECUTE FUNCTION annotation_ops_append_only();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE annotation_ops; DROP FUNCTION annotation_ops_append_only();
      DROP TABLE annotations; DROP TABLE annotation_sets;
    `);
  }
}
