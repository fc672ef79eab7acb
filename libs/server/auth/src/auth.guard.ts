import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { API_TOKEN_PREFIX, type Role } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { forbidden, originOf, unauthorized, type RequestOrigin } from '@tessera/server/http';
import { reason } from '@tessera/server/errors';
import { CAN, PUBLIC, READS_ONLY, SESSION_ONLY } from './decorators';
import { allows, type Action } from './policy';
import { AccessChanges } from './access-changes';
import { AccessTokens, PASSWORD_CHANGED_MS } from './tokens';
import { ApiTokens, type ApiTokenHolder } from './api-tokens';
import type { Actor } from './actor';

interface Standing {
  email: string;
  name: string;
  role: Role;
  /** password_changed_at, whole milliseconds since the epoch. */
  changed: number;
}

/** What a read-only API token may send, besides the POSTs marked @ReadsOnly(). */
const READING_METHODS = new Set(['GET', 'HEAD']);

/** People (and API tokens) cached per process; past this the cache starts over (cheaper than an LRU, and rare). */
const STANDING_MAX = 20_000;

/**
 * Runs before every route. Fails closed: a route that names no action and is
 * not public refuses everyone.
 *
 * A person's standing in the organisation (role, name, password change) is
 * cached per process (AUTH_STANDING_TTL_MS at most) and dropped the moment AccessChanges hears it changed,
 * here or on any other process through Redis, so a demotion or removal still
 * takes effect at once. While the subscriber is away, every request reads the
 * database as before. API tokens are cached the same way, by their secret's
 * text, and dropped with their maker's standing (a revocation tells it).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly standing = new Map<string, Standing & { at: number }>();
  private readonly apiTokens = new Map<string, ApiTokenHolder & { at: number }>();
  /** Bumped by every change heard: a read that started before one must not cache what it got. */
  private generation = 0;
  private readonly ttlMs: number;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly tokenStore: ApiTokens,
    @Inject(DataSource) private readonly db: DataSource,
    private readonly access: AccessChanges,
    @Inject(CONFIG) config: Config,
  ) {
    // A safety net only (a publish that never came, a change made in SQL): short, since one read per person
    // every few seconds costs nothing next to one per request.
    this.ttlMs = config.AUTH_STANDING_TTL_MS;
    this.access.onForget((userId) => {
      this.generation++;
      if (userId === null) {
        this.standing.clear();
        this.apiTokens.clear();
        return;
      }
      for (const key of this.standing.keys()) if (key.startsWith(`${userId}:`)) this.standing.delete(key);
      for (const [secret, known] of this.apiTokens) if (known.userId === userId) this.apiTokens.delete(secret);
    });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const action = this.reflector.getAllAndOverride<Action | undefined>(CAN, targets);
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const actor = await this.authenticate(req);
    if (!action || !allows(actor.role, action)) throw forbidden();
    if (actor.origin.apiTokenId && this.reflector.getAllAndOverride<boolean>(SESSION_ONLY, targets)) {
      throw forbidden('API tokens cannot do this: sign in with a password.', undefined, reason('session_required'));
    }
    if (actor.origin.apiTokenReadOnly && !READING_METHODS.has(req.method) && !this.reflector.getAllAndOverride<boolean>(READS_ONLY, targets)) {
      throw forbidden('This API token may only read.', undefined, reason('token_read_only'));
    }
    req.actor = actor;
    return true;
  }

  async authenticate(req: FastifyRequest): Promise<Actor> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([\w.-]+)$/.exec(header) : null;
    if (!match) throw unauthorized();
    if (match[1].startsWith(API_TOKEN_PREFIX)) return this.actorFromApiToken(match[1], originOf(req));
    return this.actorFromToken(match[1], originOf(req));
  }

  /** The actor an access token stands for, checked as for every request (the socket gateway uses it too). */
  async actorFromToken(token: string, origin: RequestOrigin): Promise<Actor & { expiresAt: number }> {
    // The realtime protocol and the queue board are the web app's: their connections outlive a request, and an API
    // token's revocation is checked per request.
    if (token.startsWith(API_TOKEN_PREFIX)) throw unauthorized('API tokens are for the REST API; sign in for this.');
    const claims = await this.tokens.verify(token);
    if (!claims) throw unauthorized('The access token is invalid or expired.');
    const row = await this.standingOf(claims.sub, claims.org);
    if (!row) throw unauthorized('This account no longer belongs to the organisation.');
    if (claims.pwd !== row.changed) throw unauthorized('The password was changed; sign in again.');
    return { userId: claims.sub, orgId: claims.org, email: row.email, name: row.name, role: row.role, origin, expiresAt: claims.exp * 1000 };
  }

  /** The maker an API token stands for, with the role they hold now. */
  private async actorFromApiToken(secret: string, origin: RequestOrigin): Promise<Actor> {
    const token = await this.apiToken(secret);
    if (!token || (token.expiresAt !== null && token.expiresAt <= Date.now())) throw unauthorized('The API token is unknown, revoked or expired.');
    const row = await this.standingOf(token.userId, token.orgId);
    if (!row) throw unauthorized('This account no longer belongs to the organisation.');
    return {
      userId: token.userId, orgId: token.orgId, email: row.email, name: row.name, role: row.role,
      origin: { ...origin, apiTokenId: token.id, ...(token.readOnly ? { apiTokenReadOnly: true } : {}) },
    };
  }

  private apiToken(secret: string): Promise<ApiTokenHolder | null> {
    return this.cached(this.apiTokens, secret, () => this.tokenStore.find(secret));
  }

  private standingOf(userId: string, orgId: string): Promise<Standing | null> {
    return this.cached(this.standing, `${userId}:${orgId}`, async () => {
      const [row] = await this.db.query<{ email: string; name: string; role: Role; changed: string }[]>(
        `SELECT u.email, u.name, m.role, ${PASSWORD_CHANGED_MS} AS changed
           FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = $2
          WHERE u.id = $1`,
        [userId, orgId],
      );
      return row ? { email: row.email, name: row.name, role: row.role, changed: Number(row.changed) } : null;
    });
  }

  /** What `load` says, from the cache while it is fresh and changes can be heard. */
  private async cached<T extends object>(cache: Map<string, T & { at: number }>, key: string, load: () => Promise<T | null>): Promise<T | null> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < this.ttlMs && this.access.caching) return hit;
    const generation = this.generation;
    const fresh = await load();
    if (!fresh) {
      cache.delete(key);
      return null;
    }
    // Not cached when a change was heard meanwhile (the row may predate it) or changes cannot be heard now.
    if (generation === this.generation && this.access.caching && this.ttlMs > 0) {
      if (cache.size >= STANDING_MAX) cache.clear();
      cache.set(key, { ...fresh, at: now });
    }
    return fresh;
  }
}
