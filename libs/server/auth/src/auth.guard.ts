import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { Role } from '@tessera/contracts';
import { forbidden, originOf, unauthorized, type RequestOrigin } from '@tessera/server/http';
import { CAN, PUBLIC } from './decorators';
import { allows, type Action } from './policy';
import { AccessTokens } from './tokens';
import type { Actor } from './actor';

/**
 * Runs before every route. Fails closed: a route that names no action and is
 * not public refuses everyone. The role is read from the database on each
 * request, so a demotion or removal takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const action = this.reflector.getAllAndOverride<Action | undefined>(CAN, targets);
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const actor = await this.authenticate(req);
    if (!action || !allows(actor.role, action)) throw forbidden();
    req.actor = actor;
    return true;
  }

  async authenticate(req: FastifyRequest): Promise<Actor> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([\w.-]+)$/.exec(header) : null;
    if (!match) throw unauthorized();
    return this.actorFromToken(match[1], originOf(req));
  }

  /** The actor an access token stands for, checked as for every request (the socket gateway uses it too). */
  async actorFromToken(token: string, origin: RequestOrigin): Promise<Actor & { expiresAt: number }> {
    const claims = await this.tokens.verify(token);
    if (!claims) throw unauthorized('The access token is invalid or expired.');
    const [row] = await this.db.query<{ email: string; name: string; role: Role; changed: string }[]>(
      `SELECT u.email, u.name, m.role, floor(extract(epoch FROM u.password_changed_at)) AS changed
         FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = $2
        WHERE u.id = $1`,
      [claims.sub, claims.org],
    );
    if (!row) throw unauthorized('This account no longer belongs to the organisation.');
    if (claims.iat < Number(row.changed)) throw unauthorized('The password was changed; sign in again.');
    return { userId: claims.sub, orgId: claims.org, email: row.email, name: row.name, role: row.role, origin, expiresAt: claims.exp * 1000 };
  }
}
