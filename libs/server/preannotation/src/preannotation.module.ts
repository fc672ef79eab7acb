import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@tessera/server/annotations';
import { AssetsModule } from '@tessera/server/assets';
import { AuditModule } from '@tessera/server/audit';
import { JobsModule } from '@tessera/server/jobs';
import { StorageModule } from '@tessera/server/storage';
import { ModelAccuracyService } from './model-accuracy';
import { ModelsService } from './models.service';
import { ArrivalPreannotation } from './arrival-preannotation';
import { TaskPredictions } from './task-predictions';

/**
 * Models and pre-annotation. The API side (models, starting runs, accuracy);
 * TaskPredictions, in both, puts predictions into annotators' task sets, and
 * ArrivalPreannotation starts runs as ingest makes assets ready;
 * the worker adds PreannotationRunner and ModelInference with its thread
 * script (see apps/worker).
 */
@Module({
  imports: [JobsModule, AuditModule, StorageModule, AssetsModule, AnnotationsModule],
  providers: [ModelsService, ModelAccuracyService, TaskPredictions, ArrivalPreannotation],
  exports: [ModelsService, ModelAccuracyService, TaskPredictions],
})
export class PreannotationModule {}
