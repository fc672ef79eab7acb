import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { JobsModule } from '@tessera/server/jobs';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookOutbox } from './webhook-outbox';
import { WebhooksService } from './webhooks.service';

@Module({ imports: [JobsModule, AuditModule], providers: [WebhooksService, WebhookOutbox, WebhookDeliverer], exports: [WebhooksService, WebhookOutbox, WebhookDeliverer] })
export class WebhooksModule {}
