import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { ExportsModule } from '@tessera/server/exports';
import { JobsModule } from '@tessera/server/jobs';
import { ProjectsModule } from '@tessera/server/projects';
import { StorageModule } from '@tessera/server/storage';
import { WebhooksModule } from '@tessera/server/webhooks';
import { ReleaseBuilder } from './release-builder';
import { ReleasesService } from './releases.service';

@Module({ imports: [JobsModule, AuditModule, ProjectsModule, StorageModule, ExportsModule, WebhooksModule], providers: [ReleasesService, ReleaseBuilder], exports: [ReleasesService, ReleaseBuilder] })
export class ReleasesModule {}
