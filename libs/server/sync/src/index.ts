export * from './sync-access';
export * from './sync.module';
