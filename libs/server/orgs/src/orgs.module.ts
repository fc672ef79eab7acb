import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { AccessChangesModule } from '@tessera/server/auth';
import { MembersService } from './members.service';
import { InvitationsService } from './invitations.service';

@Module({ imports: [AuditModule, AccessChangesModule], providers: [MembersService, InvitationsService], exports: [MembersService, InvitationsService] })
export class OrgsModule {}
