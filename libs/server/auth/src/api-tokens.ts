import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { API_TOKEN_PREFIX, API_TOKENS_MAX, type ApiToken, type ApiTokenCreated, type ApiTokenList } from '@tessera/contracts';
import { AuditLog } from '@tessera/server/audit';
import { conflict, notFound, reason } from '@tessera/server/errors';
import { AccessChanges } from './access-changes';
import { reachOf } from './policy';
import { hashSecret } from './tokens';
import type { Actor } from './actor';

/** What the guard needs of a token to stand for its maker. */
export interface ApiTokenHolder {
  id: string;
  userId: string;
  orgId: string;
  /** ms since the epoch; null: never expires */
  expiresAt: number | null;
  readOnly: boolean;
}

interface TokenRow {
  id: string;
  name: string;
  hint: string;
  user_id: string;
  user_name: string;
  user_email: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  read_only: boolean;
}

const TOKEN_COLUMNS = `t.id, t.name, t.hint, t.user_id, u.name AS user_name, u.email AS user_email, t.created_at, t.expires_at, t.last_used_at, t.read_only`;

const toApiToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  hint: r.hint,
  owner: { id: r.user_id, name: r.user_name, email: r.user_email },
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  readOnly: r.read_only,
});

/** Characters of the secret kept in the clear beside its hash: enough to tell tokens apart, far too few to guess the rest. */
const HINT_LENGTH = API_TOKEN_PREFIX.length + 4;

/**
 * API tokens: a person's long-lived credentials for scripts. The secret is 32 random bytes, shown once and stored as
 * its sha256. Everyone manages their own; owners and admins see and revoke anyone's in their organisation.
 */
@Injectable()
export class ApiTokens {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly access: AccessChanges,
  ) {}

  async create(actor: Actor, req: { name: string; expiresInDays: number | null; readOnly: boolean }): Promise<ApiTokenCreated> {
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.db.transaction(async (em) => {
      // The membership's row lock orders two creates of one person, so the cap holds under a race.
      const [member] = await em.query(`SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2 FOR UPDATE`, [actor.orgId, actor.userId]);
      if (!member) throw notFound('member');
      // Expired ones stay listed (so their owner sees why a script stopped) but take no place.
      const [{ n }] = await em.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM api_tokens WHERE org_id = $1 AND user_id = $2 AND (expires_at IS NULL OR expires_at > now())`,
        [actor.orgId, actor.userId],
      );
      if (n >= API_TOKENS_MAX) {
        throw conflict(`You hold ${API_TOKENS_MAX} API tokens, as many as one may; revoke one first.`, reason('too_many_tokens', { max: String(API_TOKENS_MAX) }));
      }
      const [made] = await em.query<TokenRow[]>(
        `WITH t AS (
           INSERT INTO api_tokens (org_id, user_id, name, secret_hash, hint, expires_at, read_only)
           VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6::int), $7) RETURNING *)
         SELECT ${TOKEN_COLUMNS} FROM t JOIN users u ON u.id = t.user_id`,
        [actor.orgId, actor.userId, req.name, hashSecret(token), token.slice(0, HINT_LENGTH), req.expiresInDays, req.readOnly],
      );
      await this.audit.record({
        orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'api_token.created', resourceType: 'api_token',
        resourceId: made.id, origin: actor.origin, details: { name: req.name, hint: made.hint, expiresAt: made.expires_at?.toISOString() ?? null, readOnly: req.readOnly },
      }, em);
      return made;
    });
    return { ...toApiToken(row), token };
  }

  /** One's own tokens; an owner's or admin's view holds everyone's in the organisation. Newest first. */
  async list(actor: Actor): Promise<ApiTokenList> {
    const everyone = reachOf(actor.role, 'tokens.manage') === 'org';
    const rows = await this.db.query<TokenRow[]>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.org_id = $1 AND ($3 OR t.user_id = $2) ORDER BY t.created_at DESC, t.id`,
      [actor.orgId, actor.userId, everyone],
    );
    return { items: rows.map(toApiToken) };
  }

  /** Revoked is deleted: the next request with it is refused on every API process at once (the guard's cache is told). */
  async revoke(actor: Actor, id: string): Promise<void> {
    const everyone = reachOf(actor.role, 'tokens.manage') === 'org';
    const userId = await this.db.transaction(async (em) => {
      const [[gone]] = await em.query<[{ user_id: string; name: string; hint: string }[], number]>(
        `DELETE FROM api_tokens WHERE id = $1 AND org_id = $2 AND ($4 OR user_id = $3) RETURNING user_id, name, hint`,
        [id, actor.orgId, actor.userId, everyone],
      );
      if (!gone) throw notFound('API token');
      await this.audit.record({
        orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'api_token.revoked', resourceType: 'api_token',
        resourceId: id, origin: actor.origin, details: { name: gone.name, hint: gone.hint, owner: gone.user_id },
      }, em);
      return gone.user_id;
    });
    await this.access.personChanged(userId);
  }

  /**
   * The token with this secret, if it exists and has not expired. Its last use is written down here, at most once a
   * minute: the guard asks again only when its cache of the token runs out, every few seconds at most.
   */
  async find(token: string): Promise<ApiTokenHolder | null> {
    const [row] = await this.db.query<{ id: string; user_id: string; org_id: string; expires_at: Date | null; read_only: boolean }[]>(
      `WITH t AS (
         SELECT id, user_id, org_id, expires_at, read_only, last_used_at FROM api_tokens
          WHERE secret_hash = $1 AND (expires_at IS NULL OR expires_at > now())),
       used AS (
         UPDATE api_tokens a SET last_used_at = now() FROM t
          WHERE a.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'))
       SELECT id, user_id, org_id, expires_at, read_only FROM t`,
      [hashSecret(token)],
    );
    return row ? { id: row.id, userId: row.user_id, orgId: row.org_id, expiresAt: row.expires_at?.getTime() ?? null, readOnly: row.read_only } : null;
  }
}
