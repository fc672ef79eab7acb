import { Module, type DynamicModule } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { DataSource } from 'typeorm';
import { InfraModule } from '@tessera/server/db';
import { join } from 'node:path';
import { ASSET_ENTITIES, AssetIngestor, AssetsModule, DICOM_THREAD_SCRIPT, DicomIngestor, DroppedBlobs, IngestSweeper, SealedBlobs } from '@tessera/server/assets';
import { AnnotationsModule } from '@tessera/server/annotations';
import { AUDIT_ENTITIES, AuditLog, AuditModule, exportAuditCsv } from '@tessera/server/audit';
import { JOB_ENTITIES, JOB_HANDLERS, JobReconciler, JobRunner, JobsModule, type JobHandlers } from '@tessera/server/jobs';
import { PROJECT_ENTITIES } from '@tessera/server/projects';
import { BLOB_STORE, StorageModule, type BlobStore } from '@tessera/server/storage';
import { WebhookDeliverer, WebhookSweeper, WebhooksModule } from '@tessera/server/webhooks';
import { AnnotationImporter, ExportExpiry, ExportRunner, ExportsModule } from '@tessera/server/exports';
import { ReleaseBuilder, ReleasesModule } from '@tessera/server/releases';
import { AssetConsensus, ConsensusAcceptance, Fingerprints, ProjectReport, QualityModule, QualitySweeper, TaskScoring } from '@tessera/server/quality';
import { BatchSweeper } from '@tessera/server/tasks';
import { MODEL_THREAD_SCRIPT, ModelInference, PreannotationModule, PreannotationRunner } from '@tessera/server/preannotation';

/** Job name → domain function. The type demands one per name; JobRunner checks again at start. */
interface Quality {
  scoring: TaskScoring;
  consensus: AssetConsensus;
  acceptance: ConsensusAcceptance;
  report: ProjectReport;
  fingerprints: Fingerprints;
}

function jobHandlers(
  audit: AuditLog, blobs: BlobStore, assets: AssetIngestor, dicom: DicomIngestor, webhooks: WebhookDeliverer,
  exports: ExportRunner, imports: AnnotationImporter, releases: ReleaseBuilder, quality: Quality, preannotation: PreannotationRunner,
): JobHandlers {
  return {
    'audit.export': (payload, ctx) => exportAuditCsv(audit, blobs, payload, ctx),
    'assets.ingest': (payload, ctx) => assets.ingest(payload, ctx),
    'assets.split': (payload, ctx) => assets.split(payload, ctx),
    'assets.unzip': (payload, ctx) => assets.unzip(payload, ctx),
    'assets.import': (payload, ctx) => assets.importFolder(payload, ctx),
    'dicom.ingest': (payload, ctx) => dicom.ingest(payload, ctx),
    'webhooks.deliver': (payload, ctx) => webhooks.deliver(payload, ctx),
    'exports.run': (payload, ctx) => exports.run(payload, ctx),
    'annotations.import': (payload, ctx) => imports.run(payload, ctx),
    'releases.build': (payload, ctx) => releases.run(payload, ctx),
    'quality.task': (payload, ctx) => quality.scoring.score(payload, ctx),
    'quality.asset': (payload, ctx) => quality.consensus.run(payload, ctx),
    'quality.report': (payload, ctx) => quality.report.run(payload, ctx),
    'quality.accept': (payload, ctx) => quality.acceptance.run(payload, ctx),
    'quality.fingerprint': (payload, ctx) => quality.fingerprints.run(payload, ctx),
    'preannotate.run': (payload, ctx) => preannotation.run(payload, ctx),
  };
}

/** The tables the worker's features map with TypeORM entities (the rest they reach with SQL). */
const ENTITIES = [...PROJECT_ENTITIES, ...JOB_ENTITIES, ...AUDIT_ENTITIES, ...ASSET_ENTITIES];

@Module({})
export class WorkerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      // AnnotationsModule: jobs write annotations through ServerAnnotations (the committer people's edits go through).
      imports: [InfraModule.forRoot(config, ENTITIES), AuditModule, StorageModule, AssetsModule, AnnotationsModule, JobsModule, WebhooksModule, ExportsModule, ReleasesModule, QualityModule, PreannotationModule],
      providers: [
        // Untrusted DICOM is parsed in a bounded thread, whose script sits beside the bundled main.js.
        { provide: DICOM_THREAD_SCRIPT, useValue: join(__dirname, 'dicom-thread.js') },
        {
          provide: DicomIngestor,
          inject: [DataSource, BLOB_STORE, CONFIG, SealedBlobs, DroppedBlobs, DICOM_THREAD_SCRIPT],
          useFactory: (db: DataSource, blobs: BlobStore, config: Config, sealed: SealedBlobs, dropped: DroppedBlobs, script: string) =>
            new DicomIngestor(db, blobs, config, sealed, dropped, script),
        },
        // Models run in a thread of their own, whose script sits beside the bundled main.js too.
        { provide: MODEL_THREAD_SCRIPT, useValue: join(__dirname, 'model-thread.js') },
        ModelInference,
        PreannotationRunner,
        {
          provide: JOB_HANDLERS,
          inject: [AuditLog, BLOB_STORE, AssetIngestor, DicomIngestor, WebhookDeliverer, ExportRunner, AnnotationImporter, ReleaseBuilder, TaskScoring, AssetConsensus, ConsensusAcceptance, ProjectReport, Fingerprints, PreannotationRunner],
          useFactory: (audit: AuditLog, blobs: BlobStore, assets: AssetIngestor, dicom: DicomIngestor, webhooks: WebhookDeliverer,
            exports: ExportRunner, imports: AnnotationImporter, releases: ReleaseBuilder,
            scoring: TaskScoring, consensus: AssetConsensus, acceptance: ConsensusAcceptance, report: ProjectReport, fingerprints: Fingerprints, preannotation: PreannotationRunner) =>
            jobHandlers(audit, blobs, assets, dicom, webhooks, exports, imports, releases, { scoring, consensus, acceptance, report, fingerprints }, preannotation),
        },
        JobRunner,
        JobReconciler,
        WebhookSweeper,
        QualitySweeper,
        BatchSweeper,
        IngestSweeper,
        ExportExpiry,
      ],
      exports: [JobRunner],
    };
  }
}
