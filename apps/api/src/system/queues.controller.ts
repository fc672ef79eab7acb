import { Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONFIG, type Config } from '@tessera/server/config';
import { AccessTokens, Can, CurrentActor, SessionOnly, type Actor } from '@tessera/server/auth';
import { ApiController, Contract, unauthorized } from '@tessera/server/http';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH, QueueBoardOperators } from './queue-board';

@ApiController()
export class QueuesController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly tokens: AccessTokens,
    private readonly operators: QueueBoardOperators,
  ) {}

  /**
   * A browser opening /admin/queues sends no bearer header, so the app trades
   * the access token for a cookie that goes to the board's paths only and
   * lives no longer than the token. The board checks it on every request.
   */
  @Can('queues.view')
  @SessionOnly()
  @Post('admin/queues/session')
  @Contract({ summary: 'Open the queue board (/admin/queues) in this browser: a cookie with the access token, for the board\'s paths only', tags: ['system'], status: 204 })
  async session(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.operators.check(actor);
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const claims = token ? await this.tokens.verify(token) : null;
    if (!token || !claims) throw unauthorized();
    reply.setCookie(QUEUE_BOARD_COOKIE, token, {
      httpOnly: true,
      secure: this.config.COOKIE_SECURE,
      sameSite: 'strict',
      path: QUEUE_BOARD_PATH,
      expires: new Date(claims.exp * 1000),
    });
  }
}
