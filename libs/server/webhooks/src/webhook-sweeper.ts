import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { WebhookOutbox } from './webhook-outbox';

/**
 * In the worker: every WEBHOOK_SWEEP_MS, queues the deliveries whose event committed but whose job never was,
 * and queues again those still pending whose job Redis lost.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('WebhookSweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly outbox: WebhookOutbox, @Inject(CONFIG) private readonly config: Config) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => {
      // One sweep at a time; a slow one (Redis away) is not piled on.
      this.running ??= this.outbox.sweep()
        .then(async (n) => {
          if (n) this.log.log(`queued ${n} webhook deliveries left without a job`);
          // Then the ones whose job Redis may have lost; mostly a no-op, so it says nothing.
          await this.outbox.requeue();
        })
        .catch((e: Error) => this.log.warn(`webhook sweep failed, next in ${this.config.WEBHOOK_SWEEP_MS} ms: ${e.message}`))
        .finally(() => (this.running = null));
    }, this.config.WEBHOOK_SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
