import { Body, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  acceptInvitationRequest, changePasswordRequest, invitationPreview, invitationTokenParams, loginRequest, sessionUser,
  setupRequest, setupStatusResponse, tokenResponse,
  type AcceptInvitationRequest, type ChangePasswordRequest, type LoginRequest, type SetupRequest,
} from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { AuthService, Can, CurrentActor, Public, SessionOnly, type Actor } from '@tessera/server/auth';
import { ApiController, Contract, originOf } from '@tessera/server/http';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie';

/** Routes anyone can reach without a token are rate limited per address. */
const AUTH_RATE_LIMIT = { rateLimit: {} }; // limits come from the plugin's defaults (AUTH_RATE_LIMIT_PER_MINUTE)

@ApiController()
export class AuthController {
  constructor(private readonly auth: AuthService, @Inject(CONFIG) private readonly config: Config) {}

  @Public()
  @Get('setup')
  @Contract({ summary: 'Whether first-run setup is still needed', tags: ['auth'], response: setupStatusResponse })
  async setupStatus() {
    return { needsSetup: await this.auth.needsSetup() };
  }

  @Public()
  @Post('setup')
  @RouteConfig(AUTH_RATE_LIMIT)
  @Contract({ summary: 'First-run setup: create the organisation and its owner', tags: ['auth'], body: setupRequest, response: tokenResponse, status: 201 })
  async setup(@Body() body: SetupRequest & { email: string }, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return setSessionCookie(reply, this.config, await this.auth.setup(body, originOf(req)));
  }

  @Public()
  @Post('auth/login')
  @RouteConfig(AUTH_RATE_LIMIT)
  @Contract({ summary: 'Sign in with email and password', tags: ['auth'], body: loginRequest, response: tokenResponse })
  async login(@Body() body: LoginRequest & { email: string }, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return setSessionCookie(reply, this.config, await this.auth.login(body, originOf(req)));
  }

  @Public()
  @Post('auth/refresh')
  @RouteConfig(AUTH_RATE_LIMIT)
  @Contract({ summary: 'Trade the refresh cookie for a new access token (the cookie rotates)', tags: ['auth'], response: tokenResponse })
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return setSessionCookie(reply, this.config, await this.auth.refresh(sessionCookieOf(req), originOf(req)));
    } catch (e) {
      clearSessionCookie(reply, this.config);
      throw e;
    }
  }

  @Public()
  @Post('auth/logout')
  @Contract({ summary: 'End this session (revokes its refresh-token family)', tags: ['auth'], status: 204 })
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.logout(sessionCookieOf(req), originOf(req));
    clearSessionCookie(reply, this.config);
  }

  @Can('self.read')
  @Get('auth/me')
  @Contract({ summary: 'The signed-in person', tags: ['auth'], response: sessionUser })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @Can('self.update')
  @SessionOnly()
  @Post('auth/password')
  @RouteConfig(AUTH_RATE_LIMIT)
  @Contract({ summary: 'Change your password; every other session ends, and your API tokens are revoked', tags: ['auth'], body: changePasswordRequest, response: tokenResponse })
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return setSessionCookie(reply, this.config, await this.auth.changePassword(actor, body));
  }

  @Public()
  @Get('invitations/preview/:token')
  @RouteConfig(AUTH_RATE_LIMIT)
  @Contract({ summary: 'What an invitation link offers', tags: ['auth'], params: invitationTokenParams, response: invitationPreview })
  preview(@Param('token') token: string) {
    return this.auth.previewInvitation(token);
  }

  @Public()
  @Post('invitations/accept')
  @RouteConfig(AUTH_RATE_LIMIT)
  @Contract({ summary: 'Accept an invitation and sign in', tags: ['auth'], body: acceptInvitationRequest, response: tokenResponse })
  async accept(@Body() body: AcceptInvitationRequest, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return setSessionCookie(reply, this.config, await this.auth.acceptInvitation(body, originOf(req)));
  }
}
