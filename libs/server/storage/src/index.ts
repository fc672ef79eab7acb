export * from './blob-store';
export * from './storage.module';
