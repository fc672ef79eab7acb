export * from './job-run.entity';
export * from './job-queues';
export * from './job-runs.service';
export * from './job-handler';
export * from './jobs.module';
export * from './job-runner';
export * from './job-run-events';
export * from './queue-metrics';
