export * from './webhooks.module';
export * from './webhooks.service';
export * from './webhook-outbox';
export * from './webhook-deliverer';
export * from './signature';
export * from './targets';
export * from './webhook-sweeper';
