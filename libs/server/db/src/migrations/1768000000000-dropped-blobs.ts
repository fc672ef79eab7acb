import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The blobs deleted data (an asset, a project) or an expired export let go of, for the worker to delete once nothing
 * else points at them: blobs are content-addressed, so another asset (in any project) or a release may hold the same
 * bytes. Written in the transaction that lets go of them, so a crash never leaves bytes nothing will look at again.
 */
export class DroppedBlobs1768000000000 implements MigrationInterface {
  name = 'DroppedBlobs1768000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dropped_blobs (
        blob_key text PRIMARY KEY,
        dropped_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE dropped_blobs`);
  }
}
