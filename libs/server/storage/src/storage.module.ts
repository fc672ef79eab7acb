import { Module } from '@nestjs/common';
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

@Module({
  providers: [{ provide: BLOB_STORE, inject: [CONFIG], useFactory: createBlobStore }],
  exports: [BLOB_STORE],
})
export class StorageModule {}
