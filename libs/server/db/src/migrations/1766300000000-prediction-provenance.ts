import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person accepting a model's prediction names its predictionId; the committer
 * believes it only if the set's op log holds a model's create of it. This index
 * finds those creates without reading the rest of a large set's log.
 */
export class PredictionProvenance1766300000000 implements MigrationInterface {
  name = 'PredictionProvenance1766300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX annotation_ops_predictions_idx ON annotation_ops (set_id, (op->'annotation'->>'predictionId'))
        WHERE type = 'create' AND op->'annotation'->>'source' = 'model';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX annotation_ops_predictions_idx`);
  }
}
