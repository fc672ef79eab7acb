export * from './test-db';
export * from './fixtures';
export * from './test-server';
export * from './files';
export * from './annotation-fixtures';
export * from './sync-client';
export * from './in-process';
export * from './private-postgres';
