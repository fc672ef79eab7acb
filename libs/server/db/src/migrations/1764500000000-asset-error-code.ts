import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A failure's (or quarantine's) stable machine code beside its English detail, so the web app can translate it. */
export class AssetErrorCode1764500000000 implements MigrationInterface {
  name = 'AssetErrorCode1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE assets ADD COLUMN error_code text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE assets DROP COLUMN error_code`);
  }
}
