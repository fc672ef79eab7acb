import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@tessera/server/annotations';
import { AccessChangesModule } from '@tessera/server/auth';
import { ProjectsModule } from '@tessera/server/projects';
import { QualityGateService, QualityModule } from '@tessera/server/quality';
import { WebhookOutbox, WebhooksModule } from '@tessera/server/webhooks';
import { BatchesService } from './batches.service';
import { CommentsService } from './comments.service';
import { DashboardsService } from './dashboards.service';
import { QUALITY_GATE, TaskNotifications, WEBHOOK_SINK } from './task-events';
import { TasksService } from './tasks.service';

const services = [TasksService, BatchesService, CommentsService, DashboardsService, TaskNotifications];

@Module({
  imports: [AnnotationsModule, AccessChangesModule, ProjectsModule, WebhooksModule, QualityModule],
  providers: [...services, { provide: WEBHOOK_SINK, useExisting: WebhookOutbox }, { provide: QUALITY_GATE, useExisting: QualityGateService }],
  exports: services,
})
export class TasksModule {}
