import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A read-only API token may only read (a pipeline that downloads releases needs no more). */
export class ApiTokenScope1768100000001 implements MigrationInterface {
  name = 'ApiTokenScope1768100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_tokens ADD COLUMN read_only boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_tokens DROP COLUMN read_only`);
  }
}
