import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { CONFIG, type Config } from '@tessera/server/config';
import { BLOB_STORE, LocalBlobStore, type BlobStore } from './blob-store';
import { S3BlobStore } from './s3-blob-store';

export function createBlobStore(c: Config): BlobStore {
  if (c.BLOB_STORE_DRIVER === 'local') return new LocalBlobStore(c.DATA_DIR);
  return new S3BlobStore({
    endpoint: c.S3_ENDPOINT, region: c.S3_REGION, bucket: c.S3_BUCKET, accessKeyId: c.S3_ACCESS_KEY_ID,
    secretAccessKey: c.S3_SECRET_ACCESS_KEY, forcePathStyle: c.S3_FORCE_PATH_STYLE, spoolDir: join(c.DATA_DIR, 'spool'),
  });
}

/** A temporary file untouched this long belongs to a writer that died (SIGKILL, a crash) mid-put. */
const TEMPORARY_MAX_AGE_MS = 24 * 3600 * 1000;

/** At start and then hourly, removes the temporary files of writes a dead process left behind. */
@Injectable()
export class BlobTemporarySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('BlobTemporarySweeper');
  private timer: NodeJS.Timeout | null = null;
  constructor(@Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  onApplicationBootstrap() {
    const sweep = () =>
      this.blobs.sweepTemporary?.(TEMPORARY_MAX_AGE_MS).then(
        (n) => void (n && this.log.log(`removed ${n} temporary files of interrupted writes`)),
        (e: Error) => this.log.warn(`sweeping temporary blob files failed: ${e.message}`),
      );
    void sweep();
    this.timer = setInterval(sweep, 3600 * 1000);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}

@Module({
  providers: [{ provide: BLOB_STORE, inject: [CONFIG], useFactory: createBlobStore }, BlobTemporarySweeper],
  exports: [BLOB_STORE],
})
export class StorageModule {}
