import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A gold asset's reference answers get a set of their own (`purpose = 'gold'`), apart from the
 * asset's working set, which annotators of the project may read and edit. Existing gold assets'
 * working sets hold their references: those become the gold sets, and the asset gets a fresh
 * working set on first use.
 */
export class GoldReferenceSets1767140000000 implements MigrationInterface {
  name = 'GoldReferenceSets1767140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE annotation_sets ADD COLUMN purpose text NOT NULL DEFAULT 'work' CHECK (purpose IN ('work', 'gold'));
      ALTER TABLE annotation_sets ADD CONSTRAINT annotation_sets_gold_has_no_task CHECK (purpose = 'work' OR task_id IS NULL);
      DROP INDEX annotation_sets_asset_key;
      CREATE UNIQUE INDEX annotation_sets_asset_key ON annotation_sets (asset_id) WHERE task_id IS NULL AND purpose = 'work';
      CREATE UNIQUE INDEX annotation_sets_gold_key ON annotation_sets (asset_id) WHERE purpose = 'gold';
      UPDATE annotation_sets s SET purpose = 'gold' FROM gold_assets g WHERE g.asset_id = s.asset_id AND s.task_id IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DELETE FROM annotation_sets w WHERE w.purpose = 'work' AND w.task_id IS NULL
        AND EXISTS (SELECT 1 FROM annotation_sets g WHERE g.asset_id = w.asset_id AND g.purpose = 'gold');
      DROP INDEX annotation_sets_gold_key;
      DROP INDEX annotation_sets_asset_key;
      CREATE UNIQUE INDEX annotation_sets_asset_key ON annotation_sets (asset_id) WHERE task_id IS NULL;
      ALTER TABLE annotation_sets DROP CONSTRAINT annotation_sets_gold_has_no_task;
      ALTER TABLE annotation_sets DROP COLUMN purpose;
    `);
  }
}
