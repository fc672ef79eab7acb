import { Body, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import {
  idParams, invitation, invitationCreateRequest, invitationCreated, member, memberList, memberParams, memberUpdateRequest,
  type IdParams, type InvitationCreateRequest, type MemberUpdateRequest, type Role,
} from '@tessera/contracts';
import { Can, CurrentActor, type Actor } from '@tessera/server/auth';
import { ApiController, Contract } from '@tessera/server/http';
import { InvitationsService, MembersService } from '@tessera/server/orgs';
import { z } from 'zod';

@ApiController()
export class MembersController {
  constructor(private readonly members: MembersService, private readonly invitations: InvitationsService) {}

  @Can('members.read')
  @Get('members')
  @Contract({ summary: 'Members of your organisation', tags: ['members'], response: memberList })
  async list(@CurrentActor() actor: Actor) {
    return { items: await this.members.list(actor) };
  }

  @Can('members.update')
  @Patch('members/:userId')
  @Contract({ summary: "Change a member's role", tags: ['members'], params: memberParams, body: memberUpdateRequest, response: member })
  update(@CurrentActor() actor: Actor, @Param('userId') userId: string, @Body() body: MemberUpdateRequest) {
    return this.members.changeRole(actor, userId, body.role);
  }

  @Can('members.remove')
  @Delete('members/:userId')
  @Contract({ summary: 'Remove a member from the organisation', tags: ['members'], params: memberParams, status: 204 })
  async remove(@CurrentActor() actor: Actor, @Param('userId') userId: string) {
    await this.members.remove(actor, userId);
  }

  @Can('invitations.read')
  @Get('invitations')
  @Contract({ summary: 'Invitations not revoked', tags: ['members'], response: z.object({ items: z.array(invitation) }) })
  async invitationsList(@CurrentActor() actor: Actor) {
    return { items: await this.invitations.list(actor) };
  }

  @Can('invitations.create')
  @Post('invitations')
  @Contract({ summary: 'Invite someone by link, with a role', tags: ['members'], body: invitationCreateRequest, response: invitationCreated, status: 201 })
  invite(@CurrentActor() actor: Actor, @Body() body: InvitationCreateRequest & { email: string; role: Role; expiresInHours: number }) {
    return this.invitations.create(actor, body);
  }

  @Can('invitations.revoke')
  @Delete('invitations/:id')
  @Contract({ summary: 'Revoke an open invitation', tags: ['members'], params: idParams, status: 204 })
  async revoke(@CurrentActor() actor: Actor, @Param() params: IdParams) {
    await this.invitations.revoke(actor, params.id);
  }
}
