import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { QualityDispatch } from './quality-dispatch';

/** In the worker: every QUALITY_SWEEP_MS, queues unscored submitted work and reports that have grown old (the nightly report). */
@Injectable()
export class QualitySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('QualitySweeper');
  private passes?: Repeating;

  constructor(private readonly dispatch: QualityDispatch, @Inject(CONFIG) private readonly config: Config) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(this.config.QUALITY_SWEEP_MS, this.log, 'quality sweep', async () => {
      const n = await this.dispatch.sweep();
      if (n.tasks || n.reports) this.log.log(`queued ${n.tasks} unscored tasks and ${n.reports} reports`);
    });
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }
}
