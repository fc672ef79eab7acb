import { Module } from '@nestjs/common';
import { AssetsModule } from '@tessera/server/assets';
import { ProjectsModule } from '@tessera/server/projects';
import { StorageModule } from '@tessera/server/storage';
import { AnnotationSets } from './annotation-sets';
import { AnnotationsService } from './annotations.service';
import { BulkCreates } from './bulk-creates';
import { OpCommitter } from './op-committer';
import { CommitFeed } from './commit-feed';
import { ServerAnnotations } from './server-annotations';

@Module({
  imports: [AssetsModule, ProjectsModule, StorageModule],
  providers: [AnnotationSets, AnnotationsService, OpCommitter, CommitFeed, ServerAnnotations, BulkCreates],
  exports: [AnnotationSets, AnnotationsService, OpCommitter, CommitFeed, ServerAnnotations, BulkCreates],
})
export class AnnotationsModule {}
