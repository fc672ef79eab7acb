import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { JobsModule } from '@tessera/server/jobs';
import { ProjectsModule } from '@tessera/server/projects';
import { StorageModule } from '@tessera/server/storage';
import { AnnotationsModule } from '@tessera/server/annotations';
import { ExportRunner } from './export-runner';
import { AnnotationImporter } from './annotation-importer';
import { ExportsService } from './exports.service';

@Module({
  imports: [JobsModule, AuditModule, ProjectsModule, StorageModule, AnnotationsModule],
  providers: [ExportsService, ExportRunner, AnnotationImporter],
  exports: [ExportsService, ExportRunner, AnnotationImporter],
})
export class ExportsModule {}
