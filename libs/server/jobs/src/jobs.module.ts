import { Module } from '@nestjs/common';
import { JobQueues } from './job-queues';
import { JobRunsService } from './job-runs.service';

@Module({ providers: [JobQueues, JobRunsService], exports: [JobQueues, JobRunsService] })
export class JobsModule {}
