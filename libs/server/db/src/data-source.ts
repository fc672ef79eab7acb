import { DataSource, type DataSourceOptions } from 'typeorm';
import { Client } from 'pg';
import { SnakeNamingStrategy } from './naming';
import { PreparingClient } from './preparing-client';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { Assets1764100000000 } from './migrations/1764100000000-assets';
import { Dicom1764200000000 } from './migrations/1764200000000-dicom';
import { Annotations1764300000000 } from './migrations/1764300000000-annotations';
import { Tasks1764400000000 } from './migrations/1764400000000-tasks';
import { AssetErrorCode1764500000000 } from './migrations/1764500000000-asset-error-code';
import { WebhookDispatch1764600000000 } from './migrations/1764600000000-webhook-dispatch';
import { PredictionProvenance1766300000000 } from './migrations/1766300000000-prediction-provenance';
import { Quality1766800000000 } from './migrations/1766800000000-quality';
import { Releases1766500000000 } from './migrations/1766500000000-releases';
import { JobCancel1767100000000 } from './migrations/1767100000000-job-cancel';
import { GoldReferenceSets1767140000000 } from './migrations/1767140000000-gold-reference-sets';
import { RefreshGrace1767140000001 } from './migrations/1767140000001-refresh-grace';
import { GrantWatermark1767200000000 } from './migrations/1767200000000-grant-watermark';
import { PredictionModels1767300000000 } from './migrations/1767300000000-prediction-models';
import { WebhookJobRun1767400000000 } from './migrations/1767400000000-webhook-job-run';
import { Models1767510000000 } from './migrations/1767510000000-models';
import { ModelFiles1767560000001 } from './migrations/1767560000001-model-files';
import { ModelOnArrival1767650000000 } from './migrations/1767650000000-model-on-arrival';
import { DuplicateGroups1767700000000 } from './migrations/1767700000000-duplicate-groups';
import { ItemRunJobs1767800000000 } from './migrations/1767800000000-item-run-jobs';
import { PendingAssets1767800000001 } from './migrations/1767800000001-pending-assets';
import { SealedBlobs1767900000000 } from './migrations/1767900000000-sealed-blobs';
import { ExpiringFiles1767900000001 } from './migrations/1767900000001-expiring-files';
import { DroppedBlobs1768000000000 } from './migrations/1768000000000-dropped-blobs';
import { DeletionIndexes1768000000001 } from './migrations/1768000000001-deletion-indexes';
import { ApiTokens1768100000000 } from './migrations/1768100000000-api-tokens';
import { ApiTokenScope1768100000001 } from './migrations/1768100000001-api-token-scope';

/** Listed, not globbed, so the bundled server carries them. */
export const MIGRATIONS = [Initial1764000000000, Assets1764100000000, Dicom1764200000000, Annotations1764300000000, Tasks1764400000000, AssetErrorCode1764500000000, WebhookDispatch1764600000000,
  PredictionProvenance1766300000000, Releases1766500000000, Quality1766800000000, JobCancel1767100000000, GoldReferenceSets1767140000000,
  RefreshGrace1767140000001, GrantWatermark1767200000000, PredictionModels1767300000000, WebhookJobRun1767400000000, Models1767510000000,
  ModelFiles1767560000001, ModelOnArrival1767650000000, DuplicateGroups1767700000000, ItemRunJobs1767800000000,
  PendingAssets1767800000001, SealedBlobs1767900000000, ExpiringFiles1767900000001,
  DroppedBlobs1768000000000, DeletionIndexes1768000000001, ApiTokens1768100000000, ApiTokenScope1768100000001];

/** An entity class, as a feature module exports it (its `*_ENTITIES`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityClass = Function;

/**
 * The features' entities come from the process that composes them (apps/api,
 * apps/worker): infrastructure knows no feature. Migrations are plain SQL and
 * need none.
 */
export function dataSourceOptions(databaseUrl: string, entities: EntityClass[] = [], extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 20, Client: PreparingClient, pipeline: true },
    ...extra,
  } as DataSourceOptions;
}

export async function openDataSource(databaseUrl: string, entities: EntityClass[] = []): Promise<DataSource> {
  return new DataSource(dataSourceOptions(databaseUrl, entities)).initialize();
}

/** Creates the database named in the URL if it does not exist (connecting to `postgres` to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
