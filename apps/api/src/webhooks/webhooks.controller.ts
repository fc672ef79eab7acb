import { Body, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  deliveryList, deliveryListQuery, idParams, webhook, webhookCreated, webhookCreateRequest, webhookDelivery, webhookList, webhookUpdateRequest,
  type IdParams, type WebhookCreateRequest, type WebhookUpdateRequest,
} from '@tessera/contracts';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract } from '@tessera/server/http';
import { WebhooksService } from '@tessera/server/webhooks';

@ApiController('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Can('webhooks.manage')
  @Get()
  @Contract({ summary: "Your organisation's webhooks", tags: ['webhooks'], response: webhookList })
  list(@CurrentActor() actor: Actor) {
    return this.webhooks.list(actor);
  }

  @Can('webhooks.manage')
  @Post()
  @Contract({
    summary: 'Add a webhook; the answer carries its signing secret, shown this once. URLs on loopback, private or link-local addresses are refused (422) unless allowlisted',
    tags: ['webhooks'], body: webhookCreateRequest, response: webhookCreated, status: 201,
  })
  create(@CurrentActor() actor: Actor, @Body() body: WebhookCreateRequest) {
    return this.webhooks.create(actor, body);
  }

  @Can('webhooks.manage')
  @Patch(':id')
  @Contract({
    summary: 'Change a webhook: its URL (checked as at creation), its events, or pause and resume it (`active`); the secret stays',
    tags: ['webhooks'], params: idParams, body: webhookUpdateRequest, response: webhook,
  })
  update(@CurrentActor() actor: Actor, @Param() p: IdParams, @Body() body: WebhookUpdateRequest) {
    return this.webhooks.update(actor, p.id, body);
  }

  @Can('webhooks.manage')
  @Delete(':id')
  @Contract({ summary: 'Remove a webhook and its delivery log', tags: ['webhooks'], params: idParams, status: 204 })
  async remove(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    await this.webhooks.delete(actor, p.id);
  }

  @Can('webhooks.manage')
  @Get(':id/deliveries')
  @Contract({ summary: "A webhook's delivery log, newest first", tags: ['webhooks'], params: idParams, query: deliveryListQuery, response: deliveryList })
  deliveries(@CurrentActor() actor: Actor, @Param() p: IdParams, @Query() q: { limit: number; offset: number }) {
    return this.webhooks.deliveries(actor, p.id, q);
  }

  @Can('webhooks.manage')
  @Post(':id/test')
  @Contract({ summary: 'Send a test delivery (event `ping`) to this webhook', tags: ['webhooks'], params: idParams, response: webhookDelivery, status: 202 })
  test(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    return this.webhooks.ping(actor, p.id);
  }
}
