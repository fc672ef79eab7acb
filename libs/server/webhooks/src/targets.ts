/**
 * The outbound guard webhooks use is the platform's (libs/server/storage,
 * `outbound.ts`), shared with remote models; these names stay for webhooks' code.
 */
export { OutboundTargetRefused as WebhookTargetRefused, assertPublicTarget, assertTargetBeforeConnect, hostOf } from '@tessera/server/storage';
