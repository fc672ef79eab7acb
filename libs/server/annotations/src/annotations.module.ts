import { Module } from '@nestjs/common';
import { AssetsModule } from '@tessera/server/assets';
import { ProjectsModule } from '@tessera/server/projects';
import { AnnotationSets } from './annotation-sets';
import { AnnotationsService } from './annotations.service';
import { OpCommitter } from './op-committer';

@Module({
  imports: [AssetsModule, ProjectsModule],
  providers: [AnnotationSets, AnnotationsService, OpCommitter],
  exports: [AnnotationSets, AnnotationsService, OpCommitter],
})
export class AnnotationsModule {}
