import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '@tessera/server/config';
import { InfraModule } from '@tessera/server/db';
import { AssetIngestor, AssetsModule, DicomIngestor } from '@tessera/server/assets';
import { AuditLog, AuditModule, exportAuditCsv } from '@tessera/server/audit';
import { JOB_HANDLERS, JobRunner, type JobHandlers } from '@tessera/server/jobs';
import { BLOB_STORE, StorageModule, type BlobStore } from '@tessera/server/storage';

/** Job name → domain function. The type demands one per name; JobRunner checks again at start. */
function jobHandlers(audit: AuditLog, blobs: BlobStore, assets: AssetIngestor, dicom: DicomIngestor): JobHandlers {
  return {
    'audit.export': (payload, ctx) => exportAuditCsv(audit, blobs, payload, ctx),
    'assets.ingest': (payload, ctx) => assets.ingest(payload, ctx),
    'assets.split': (payload, ctx) => assets.split(payload, ctx),
    'assets.unzip': (payload, ctx) => assets.unzip(payload, ctx),
    'assets.import': (payload, ctx) => assets.importFolder(payload, ctx),
    'dicom.ingest': (payload, ctx) => dicom.ingest(payload, ctx),
  };
}

@Module({})
export class WorkerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [InfraModule.forRoot(config), AuditModule, StorageModule, AssetsModule],
      providers: [{ provide: JOB_HANDLERS, inject: [AuditLog, BLOB_STORE, AssetIngestor, DicomIngestor], useFactory: jobHandlers }, JobRunner],
      exports: [JobRunner],
    };
  }
}
