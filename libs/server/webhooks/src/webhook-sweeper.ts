import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { repeatEvery, type Repeating } from '@tessera/server/jobs';
import { WebhookOutbox } from './webhook-outbox';

/**
 * In the worker: every WEBHOOK_SWEEP_MS, queues the deliveries whose event committed but whose job never was,
 * and queues again those still pending whose job Redis lost.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('WebhookSweeper');
  private passes?: Repeating;

  constructor(private readonly outbox: WebhookOutbox, @Inject(CONFIG) private readonly config: Config) {}

  onApplicationBootstrap() {
    this.passes = repeatEvery(this.config.WEBHOOK_SWEEP_MS, this.log, 'webhook sweep', async () => {
      const n = await this.outbox.sweep();
      if (n) this.log.log(`queued ${n} webhook deliveries left without a job`);
      // Then the ones whose job Redis may have lost; mostly a no-op, so it says nothing.
      await this.outbox.requeue();
    });
  }

  async onApplicationShutdown() {
    await this.passes?.stop();
  }
}
