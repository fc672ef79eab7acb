import { Body, Delete, Get, Param, Post } from '@nestjs/common';
import { apiTokenCreated, apiTokenCreateRequest, apiTokenList, idParams, type IdParams } from '@tessera/contracts';
import { ApiTokens, AuthService, Can, CurrentActor, SessionOnly, type Actor } from '@tessera/server/auth';
import { ApiController, Contract } from '@tessera/server/http';

/** A person's API tokens, for scripts and the CLI. Managed from a signed-in session only: a token cannot make or renew tokens. */
@ApiController('api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokens, private readonly auth: AuthService) {}

  @Can('tokens.manage')
  @SessionOnly()
  @Get()
  @Contract({ summary: "Your API tokens (an owner's or admin's: everyone's in the organisation), newest first", tags: ['auth'], response: apiTokenList })
  list(@CurrentActor() actor: Actor) {
    return this.tokens.list(actor);
  }

  @Can('tokens.manage')
  @SessionOnly()
  @Post()
  @Contract({
    summary: 'Make an API token for scripts (`Authorization: Bearer tsr_…`), with your password again; it acts as you, with your role at each request. The answer carries the token, shown this once',
    tags: ['auth'], body: apiTokenCreateRequest, response: apiTokenCreated, status: 201,
  })
  async create(@CurrentActor() actor: Actor, @Body() body: { currentPassword: string; name: string; expiresInDays: number | null; readOnly: boolean }) {
    await this.auth.confirmPassword(actor, body.currentPassword);
    return this.tokens.create(actor, body);
  }

  @Can('tokens.manage')
  @SessionOnly()
  @Delete(':id')
  @Contract({ summary: 'Revoke an API token (yours; an owner or admin: anyone\'s in the organisation): refused from the next request on', tags: ['auth'], params: idParams, status: 204 })
  async revoke(@CurrentActor() actor: Actor, @Param() p: IdParams) {
    await this.tokens.revoke(actor, p.id);
  }
}
