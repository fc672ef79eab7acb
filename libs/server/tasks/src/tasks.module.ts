import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@tessera/server/annotations';
import { ProjectsModule } from '@tessera/server/projects';
import { BatchesService } from './batches.service';
import { CommentsService } from './comments.service';
import { DashboardsService } from './dashboards.service';
import { TaskNotifications, WEBHOOK_SINK } from './task-events';
import { TasksService } from './tasks.service';

const services = [TasksService, BatchesService, CommentsService, DashboardsService, TaskNotifications];

@Module({
  imports: [AnnotationsModule, ProjectsModule],
  // Replaced by the webhook outbox when libs/server/webhooks lands.
  providers: [...services, { provide: WEBHOOK_SINK, useValue: { record: async () => [], dispatch: async () => undefined } }],
  exports: services,
})
export class TasksModule {}
