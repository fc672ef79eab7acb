import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@tessera/server/annotations';
import { AuthModule } from '@tessera/server/auth';
import { PresenceStore } from './presence';
import { SyncAccess } from './sync-access';

/** The realtime domain: what a long-lived connection may do, and what it shares with others. Gateways in apps/api translate messages to it. */
@Module({
  imports: [AuthModule, AnnotationsModule],
  providers: [SyncAccess, PresenceStore],
  exports: [SyncAccess, PresenceStore],
})
export class SyncModule {}
