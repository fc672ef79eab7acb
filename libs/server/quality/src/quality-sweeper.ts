import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { QualityDispatch } from './quality-dispatch';

/** In the worker: every QUALITY_SWEEP_MS, queues unscored submitted work and reports that have grown old (the nightly report). */
@Injectable()
export class QualitySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('QualitySweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly dispatch: QualityDispatch, @Inject(CONFIG) private readonly config: Config) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => {
      this.running ??= this.dispatch.sweep().then(
        (n) => void ((n.tasks || n.reports) && this.log.log(`queued ${n.tasks} unscored tasks and ${n.reports} reports`)),
        (e: Error) => this.log.warn(`quality sweep failed, next in ${this.config.QUALITY_SWEEP_MS} ms: ${e.message}`),
      ).finally(() => (this.running = null));
    }, this.config.QUALITY_SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
