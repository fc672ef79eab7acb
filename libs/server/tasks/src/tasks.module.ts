import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@tessera/server/annotations';
import { ProjectsModule } from '@tessera/server/projects';
import { WebhookOutbox, WebhooksModule } from '@tessera/server/webhooks';
import { BatchesService } from './batches.service';
import { CommentsService } from './comments.service';
import { DashboardsService } from './dashboards.service';
import { TaskNotifications, WEBHOOK_SINK } from './task-events';
import { TasksService } from './tasks.service';

const services = [TasksService, BatchesService, CommentsService, DashboardsService, TaskNotifications];

@Module({
  imports: [AnnotationsModule, ProjectsModule, WebhooksModule],
  providers: [...services, { provide: WEBHOOK_SINK, useExisting: WebhookOutbox }],
  exports: services,
})
export class TasksModule {}
