export * from './sync-access';
export * from './presence';
export * from './ops-budget';
export * from './sync.module';
