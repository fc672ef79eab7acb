import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { JobsModule } from '@tessera/server/jobs';
import { ProjectsModule } from '@tessera/server/projects';
import { StorageModule } from '@tessera/server/storage';
import { ExportRunner } from './export-runner';
import { ExportsService } from './exports.service';

@Module({ imports: [JobsModule, AuditModule, ProjectsModule, StorageModule], providers: [ExportsService, ExportRunner], exports: [ExportsService, ExportRunner] })
export class ExportsModule {}
