import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tasks1764400000000 implements MigrationInterface {
  name = 'Tasks1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','completed')),
        overlap int NOT NULL CHECK (overlap >= 1),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE INDEX batches_project_idx ON batches (project_id, created_at DESC);
      CREATE TABLE batch_assets (
        batch_id uuid NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        PRIMARY KEY (batch_id, asset_id)
      );
      CREATE INDEX batch_assets_asset_idx ON batch_assets (asset_id);

      -- Assets whose working set holds accepted reference annotations: the known answers.
      CREATE TABLE gold_assets (
        asset_id uuid PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        marked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        batch_id uuid NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
        asset_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        stage text NOT NULL CHECK (stage IN ('annotate','review')),
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','assigned','in_progress','submitted','accepted','rejected')),
        round int NOT NULL DEFAULT 0,
        assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
        review_of uuid REFERENCES tasks(id) ON DELETE CASCADE,
        is_gold boolean NOT NULL DEFAULT false,
        -- claimed from the pool: the lease applies, and an expired one returns the task
        leased boolean NOT NULL DEFAULT false,
        lease_expires_at timestamptz,
        active_seconds int NOT NULL DEFAULT 0,
        last_beat_at timestamptz,
        skipped_by uuid[] NOT NULL DEFAULT '{}',
        -- the pool's order: random, so gold tasks are spread through it at their share
        sort_key double precision NOT NULL DEFAULT random(),
        submitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- Nobody works on the same asset twice, whatever the overlap or however many claim at once.
      CREATE UNIQUE INDEX tasks_one_per_person ON tasks (asset_id, assignee_id) WHERE stage = 'annotate' AND assignee_id IS NOT NULL;
      CREATE INDEX tasks_pool_idx ON tasks (project_id, stage, sort_key) WHERE state = 'queued';
      CREATE INDEX tasks_leased_idx ON tasks (project_id, stage, lease_expires_at) WHERE leased AND state IN ('assigned','in_progress');
      CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, state);
      CREATE INDEX tasks_batch_idx ON tasks (batch_id, stage, state);
      CREATE INDEX tasks_review_of_idx ON tasks (review_of);

      CREATE TABLE task_transitions (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX task_transitions_task_idx ON task_transitions (task_id, id);

      CREATE TABLE task_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES task_comments(id) ON DELETE CASCADE,
        annotation_id uuid,
        point jsonb,
        body text NOT NULL,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX task_comments_task_idx ON task_comments (task_id, created_at);

      ALTER TABLE annotation_sets ADD CONSTRAINT annotation_sets_task_fk FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE;

      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        url text NOT NULL,
        -- the shared secret that signs deliveries, sealed at rest
        secret_sealed text NOT NULL,
        events text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','failed')),
        attempts int NOT NULL DEFAULT 0,
        last_status int,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      );
      CREATE INDEX webhook_deliveries_hook_idx ON webhook_deliveries (webhook_id, created_at DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE webhook_deliveries; DROP TABLE webhooks;
      ALTER TABLE annotation_sets DROP CONSTRAINT annotation_sets_task_fk;
      DROP TABLE task_comments; DROP TABLE task_transitions; DROP TABLE tasks;
      DROP TABLE gold_assets; DROP TABLE batch_assets; DROP TABLE batches;
    `);
  }
}
