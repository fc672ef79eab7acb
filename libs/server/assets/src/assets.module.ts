import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { AccessChangesModule } from '@tessera/server/auth';
import { JobsModule } from '@tessera/server/jobs';
import { ProjectsModule } from '@tessera/server/projects';
import { StorageModule } from '@tessera/server/storage';
import { WebhooksModule } from '@tessera/server/webhooks';
import { AssetsService } from './assets.service';
import { AssetIngestor } from './asset-ingestor';
import { AssetIntake } from './asset-intake';
import { DicomIngestor } from './dicom-ingestor';
import { FileLinks } from './file-links';
import { DataRemoval } from './data-removal';
import { DroppedBlobs } from './dropped-blobs';
import { SealedBlobs } from './sealed-blobs';

@Module({
  imports: [AuditModule, AccessChangesModule, JobsModule, ProjectsModule, StorageModule, WebhooksModule],
  // ResumableUploads is provided by the API alone: the worker takes no uploads.
  providers: [AssetsService, AssetIngestor, AssetIntake, DicomIngestor, FileLinks, SealedBlobs, DroppedBlobs, DataRemoval],
  exports: [AssetsService, AssetIngestor, AssetIntake, DicomIngestor, FileLinks, SealedBlobs, DroppedBlobs, DataRemoval],
})
export class AssetsModule {}
