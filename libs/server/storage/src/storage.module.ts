import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { BLOB_STORE, LocalBlobStore } from './blob-store';

@Module({
  providers: [{ provide: BLOB_STORE, inject: [CONFIG], useFactory: (c: Config) => new LocalBlobStore(c.DATA_DIR) }],
  exports: [BLOB_STORE],
})
export class StorageModule {}
