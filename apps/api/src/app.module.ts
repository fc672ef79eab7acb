import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import type { Config } from '@tessera/server/config';
import { InfraModule } from '@tessera/server/db';
import { AnnotationsModule } from '@tessera/server/annotations';
import { TasksModule } from '@tessera/server/tasks';
import { ASSET_ENTITIES, AssetsModule, ResumableUploads } from '@tessera/server/assets';
import { AUDIT_ENTITIES, AuditModule } from '@tessera/server/audit';
import { AUTH_ENTITIES, AuthGuard, AuthModule } from '@tessera/server/auth';
import { ContractInterceptor, ProblemFilter } from '@tessera/server/http';
import { JOB_ENTITIES, JobsModule } from '@tessera/server/jobs';
import { OrgsModule } from '@tessera/server/orgs';
import { PROJECT_ENTITIES, ProjectsModule } from '@tessera/server/projects';
import { StorageModule } from '@tessera/server/storage';
import { WebhooksModule } from '@tessera/server/webhooks';
import { QualityModule } from '@tessera/server/quality';
import { ExportsModule } from '@tessera/server/exports';
import { ReleasesModule } from '@tessera/server/releases';
import { PreannotationModule } from '@tessera/server/preannotation';
import { SyncModule } from '@tessera/server/sync';
import { AuthController } from './auth/auth.controller';
import { ApiTokensController } from './auth/api-tokens.controller';
import { MembersController } from './members/members.controller';
import { ProjectsController } from './projects/projects.controller';
import { AuditController } from './audit/audit.controller';
import { JobRunsController } from './jobs/job-runs.controller';
import { AssetsController } from './assets/assets.controller';
import { UploadsController } from './assets/uploads.controller';
import { AnnotationsController } from './annotations/annotations.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { SyncGateway } from './sync/sync.gateway';
import { SyncServer } from './sync/sync-server';
import { SyncMetrics } from './sync/sync-metrics';
import { NotificationsGateway } from './sync/notifications.gateway';
import { TasksController } from './tasks/tasks.controller';
import { QualityController } from './quality/quality.controller';
import { ExportsController } from './exports/exports.controller';
import { AnnotationImportsController } from './exports/annotation-imports.controller';
import { ReleasesController } from './releases/releases.controller';
import { ModelsController } from './preannotation/models.controller';
import { SystemController, METRICS_REGISTRY, OPENAPI_DOCUMENT } from './system/system.controller';
import { QueuesController } from './system/queues.controller';
import { QueueBoardOperators } from './system/queue-board';
import { QueueMetrics } from './system/queue-metrics';
import type { Registry } from 'prom-client';

/** The tables the API's features map with TypeORM entities (the rest they reach with SQL). */
const ENTITIES = [...AUTH_ENTITIES, ...PROJECT_ENTITIES, ...JOB_ENTITIES, ...AUDIT_ENTITIES, ...ASSET_ENTITIES];

@Module({})
export class AppModule {
  static forRoot(config: Config, metrics: Registry, openapi: { current?: object }): DynamicModule {
    return {
      module: AppModule,
      imports: [InfraModule.forRoot(config, ENTITIES), DiscoveryModule, AuditModule, AuthModule, OrgsModule, ProjectsModule, JobsModule, StorageModule, AssetsModule, AnnotationsModule, WebhooksModule, TasksModule, ExportsModule, ReleasesModule, QualityModule, PreannotationModule, SyncModule],
      controllers: [AuthController, ApiTokensController, MembersController, ProjectsController, AuditController, JobRunsController, AssetsController, UploadsController, AnnotationsController, WebhooksController, TasksController, ExportsController, AnnotationImportsController, ReleasesController, QualityController, ModelsController, SystemController, QueuesController],
      providers: [
        ResumableUploads,
        SyncServer,
        SyncMetrics,
        SyncGateway,
        NotificationsGateway,
        QueueMetrics,
        QueueBoardOperators,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: ContractInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: METRICS_REGISTRY, useValue: metrics },
        { provide: OPENAPI_DOCUMENT, useValue: openapi },
      ],
    };
  }
}
