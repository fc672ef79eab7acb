import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { AssetIntake } from './asset-intake';
import { DroppedBlobs } from './dropped-blobs';
import { SealedBlobs } from './sealed-blobs';

/**
 * In the worker, every INGEST_SWEEP_MS, what an intake that never finished left behind: gives a run to the assets
 * left pending that long with none (AssetIntake.ingestForgotten), and deletes files set aside sealed (raw DICOM,
 * archives, record files) for SEALED_ORPHAN_MS that no job will take (SealedBlobs.sweep). Also the bytes deleted
 * assets and projects, and expired exports, let go of, once nothing else names them (DroppedBlobs.collect).
 */
@Injectable()
export class IngestSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('IngestSweeper');
  private passes?: Repeating;

  constructor(
    private readonly intake: AssetIntake,
    private readonly sealed: SealedBlobs,
    private readonly dropped: DroppedBlobs,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(this.config.INGEST_SWEEP_MS, this.log, 'ingest sweep', async () => {
      const n = await this.intake.ingestForgotten(this.config.INGEST_SWEEP_MS);
      if (n) this.log.log(`started ingest for ${n} assets left pending without a run`);
      const orphans = await this.sealed.sweep(this.config.SEALED_ORPHAN_MS);
      if (orphans) this.log.log(`deleted ${orphans} sealed uploads no job will take`);
      const collected = await this.dropped.collect(this.config.DROPPED_BLOB_GRACE_MS);
      if (collected) this.log.log(`deleted ${collected} blobs that deleted data or expired exports let go of`);
    });
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }
}
