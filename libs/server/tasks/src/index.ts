export * from './task-rows';
export * from './task-events';
export * from './tasks.service';
export * from './batches.service';
export * from './comments.service';
export * from './dashboards.service';
export * from './tasks.module';
export * from './batch-completion';
