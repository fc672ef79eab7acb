import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Long-lived tokens a person makes for scripts and the CLI, acting as that person in one organisation with the role
 * they hold at the moment of each request. Only the secret's sha256 is stored. A token belongs to a membership: a
 * person removed from the organisation loses its tokens with the membership row.
 *
 * The audit log notes which token made a change, so an auditor can tell a script's work from the person's own.
 */
export class ApiTokens1768100000000 implements MigrationInterface {
  name = 'ApiTokens1768100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        user_id uuid NOT NULL,
        name text NOT NULL,
        secret_hash text NOT NULL UNIQUE,
        hint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
      );
      CREATE INDEX api_tokens_member_idx ON api_tokens (org_id, user_id);
      ALTER TABLE audit_events ADD COLUMN api_token_id uuid;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_events DROP COLUMN api_token_id; DROP TABLE api_tokens`);
  }
}
