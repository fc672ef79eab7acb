import { Module } from '@nestjs/common';
import { AuditModule } from '@tessera/server/audit';
import { MembersService } from './members.service';
import { InvitationsService } from './invitations.service';

@Module({ imports: [AuditModule], providers: [MembersService, InvitationsService], exports: [MembersService, InvitationsService] })
export class OrgsModule {}
