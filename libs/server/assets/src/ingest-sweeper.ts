import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { AssetIntake } from './asset-intake';

/** In the worker: every INGEST_SWEEP_MS, gives a run to the assets left pending that long with none (AssetIntake.ingestForgotten). */
@Injectable()
export class IngestSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('IngestSweeper');
  private passes?: Repeating;

  constructor(private readonly intake: AssetIntake, @Inject(CONFIG) private readonly config: Config) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(this.config.INGEST_SWEEP_MS, this.log, 'ingest sweep', async () => {
      const n = await this.intake.ingestForgotten(this.config.INGEST_SWEEP_MS);
      if (n) this.log.log(`started ingest for ${n} assets left pending without a run`);
    });
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }
}
