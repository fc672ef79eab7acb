import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QUEUE_OF, allows } from '@tessera/contracts';
import type { Config } from '@tessera/server/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, AuthGuard } from '@tessera/server/auth';
import type { JobQueues } from '@tessera/server/jobs';
import { DomainError } from '@tessera/server/errors';
import { ProblemError, forbidden, originOf, sendProblem, unauthorized } from '@tessera/server/http';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** Carries the access token to the board's page and its polling; set by POST /api/v1/admin/queues/session. */
export const QUEUE_BOARD_COOKIE = 'tessera_queues';

/** Every queue a job may go to, once each. */
export const QUEUE_NAMES = [...new Set(Object.values(QUEUE_OF))].sort();

/**
 * The board shows every organisation's jobs, so only the installation's own
 * organisation — the first one, made at setup — may open it; owners and admins
 * of any other organisation are refused.
 */
@Injectable()
export class QueueBoardOperators {
  private operatorOrg: Promise<string | null> | null = null;
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async check(actor: Actor): Promise<void> {
    if (!allows(actor.role, 'queues.view')) throw forbidden('The queue board is for owners and admins.');
    this.operatorOrg ??= this.db
      .query<{ id: string }[]>(`SELECT id FROM organizations ORDER BY created_at, id LIMIT 1`)
      .then(([row]) => row?.id ?? null);
    // Not remembered while there is no organisation yet.
    const operatorOrg = await this.operatorOrg;
    if (operatorOrg === null) this.operatorOrg = null;
    if (actor.orgId !== operatorOrg) throw forbidden("The queue board shows every organisation's jobs: only the installation's own organisation may open it.");
  }
}

function tokenOf(req: FastifyRequest): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  return bearer?.[1] ?? req.cookies?.[QUEUE_BOARD_COOKIE];
}

/**
 * bull-board at /admin/queues, behind the normal login: each request (the
 * page, its assets, its polling) carries the access token, as a bearer header
 * or as the cookie the app sets when an owner or admin opens the board, and is
 * checked as any API request is, membership and role read again from the
 * database. No token: 401; another role: 403. The board only shows jobs
 * unless QUEUE_BOARD_ACTIONS lets operators retry, clean or pause them.
 */
export function installQueueBoard(fastify: FastifyInstance, deps: { config: Config; guard: AuthGuard; queues: JobQueues; operators: QueueBoardOperators }) {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  const readOnlyMode = !deps.config.QUEUE_BOARD_ACTIONS;
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(deps.queues.queue(name), { readOnlyMode, allowRetries: !readOnlyMode })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Tessera queues', hideRedisDetails: true } },
  });

  const checkAccess = async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const token = tokenOf(req);
      if (!token) throw unauthorized('Sign in to Tessera and open the queue board from the app.');
      await deps.operators.check(await deps.guard.actorFromToken(token, originOf(req)));
    } catch (e) {
      // Refusals are DomainErrors (403, 401); anything else means the token could not be checked.
      sendProblem(e instanceof ProblemError || e instanceof DomainError ? e : unauthorized('The access token could not be checked.'), req, reply);
      // Returning the reply tells Fastify it is answered, so the board's handler never runs.
      return reply;
    }
  };

  // In a scope of its own, so the check guards the board's routes and nothing else.
  fastify.register(async (scope) => {
    scope.addHook('onRequest', checkAccess);
    // The board's page and its answers name jobs: never cached on the way.
    scope.addHook('onSend', async (_req, reply) => {
      reply.header('cache-control', 'no-store');
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
