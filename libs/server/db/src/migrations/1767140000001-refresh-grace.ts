import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two tabs refreshing with the same token at once: the one that comes second is answered, for a
 * short window, with the pair the first one got. That pair rests here, sealed, on the rotated token.
 */
export class RefreshGrace1767140000001 implements MigrationInterface {
  name = 'RefreshGrace1767140000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE refresh_tokens ADD COLUMN successor_sealed text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE refresh_tokens DROP COLUMN successor_sealed`);
  }
}
