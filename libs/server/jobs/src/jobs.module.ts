import { Module } from '@nestjs/common';
import { JobQueues } from './job-queues';
import { JobRunsService } from './job-runs.service';
import { JobRunEvents } from './job-run-events';

@Module({ providers: [JobQueues, JobRunsService, JobRunEvents], exports: [JobQueues, JobRunsService, JobRunEvents] })
export class JobsModule {}
