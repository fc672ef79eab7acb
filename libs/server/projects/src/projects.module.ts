import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { ProjectsService } from './projects.service';

@Module({ imports: [AuditModule], providers: [ProjectsService], exports: [ProjectsService] })
export class ProjectsModule {}
