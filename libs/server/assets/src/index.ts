export * from './asset.entity';
export * from './ingest';
export * from './assets.service';
export * from './asset-ingestor';
export * from './assets.module';
export * from './asset-intake';
export * from './unzip';
export * from './records';
