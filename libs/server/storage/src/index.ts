export * from './blob-store';
export * from './s3-blob-store';
export * from './storage.module';
export * from './sealed';
export * from './outbound';
