import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { AccessChangesModule } from '@tessera/server/auth';
import { ProjectsService } from './projects.service';

@Module({ imports: [AuditModule, AccessChangesModule], providers: [ProjectsService], exports: [ProjectsService] })
export class ProjectsModule {}
