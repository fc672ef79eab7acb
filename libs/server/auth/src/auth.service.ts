import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type {
  AcceptInvitationRequest, ChangePasswordRequest, InvitationPreview, LoginRequest, Role, SessionUser, SetupRequest, TokenResponse,
} from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { badRequest, conflict, gone, notFound, reason, unauthorized } from '@tessera/server/errors';
import type { RequestOrigin } from '@tessera/server/http';
import { AuditLog } from '@tessera/server/audit';
import { deriveKey, openString, sealString } from '@tessera/server/storage';
import { Invitation, Membership, Organization, User } from './account.entities';
import { RefreshToken } from './refresh-token.entity';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords';
import { AccessTokens, PASSWORD_CHANGED_MS, hashSecret, newSecret } from './tokens';
import { LoginThrottle } from './login-throttle';
import type { Actor } from './actor';
import { AccessChanges } from './access-changes';

/** What a sign-in hands back: the body, and the refresh secret for the cookie. */
export interface Session {
  body: TokenResponse;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** What a rotated token keeps, sealed, for the grace window: the pair its rotation handed out. */
interface GracePair {
  refreshToken: string;
  refreshExpiresAt: string;
  accessToken: string;
  accessExpiresAt: string;
}

/** Serialises first-run setup so two browsers cannot both create the first organisation. */
const SETUP_LOCK = 7_420_001;

@Injectable()
export class AuthService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly tokens: AccessTokens,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly access: AccessChanges,
  ) {
    this.graceKey = deriveKey(config.JWT_SECRET, 'refresh-grace');
  }

  private readonly graceKey: Buffer;

  async needsSetup(): Promise<boolean> {
    return (await this.db.getRepository(Organization).count()) === 0;
  }

  async setup(req: SetupRequest & { email: string }, origin: RequestOrigin): Promise<Session> {
    const passwordHash = await hashPassword(req.password);
    return this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
      if ((await em.count(Organization)) > 0) throw conflict('Tessera is already set up; sign in instead.', reason('already_set_up'));
      const org = await em.save(em.create(Organization, { name: req.organizationName }));
      const user = await em.save(em.create(User, { email: req.email, name: req.name, passwordHash, passwordChangedAt: new Date() }));
      await em.insert(Membership, { orgId: org.id, userId: user.id, role: 'owner' });
      await this.audit.record({ orgId: org.id, actor: { userId: user.id, email: user.email }, action: 'org.setup', resourceType: 'organization', resourceId: org.id, origin, details: { name: org.name } }, em);
      return this.startSession(em, user, org, 'owner', origin, randomUUID());
    });
  }

  async login(req: LoginRequest & { email: string }, origin: RequestOrigin): Promise<Session> {
    // Counted before the password is checked: the count is what bounds guessing, so it must not wait for argon2.
    await this.throttle.takeAttempt(req.email, origin.ip);
    const user = await this.db.getRepository(User).findOneBy({ email: req.email });
    const ok = user ? await verifyPassword(user.passwordHash, req.password) : await verifyAgainstDummy(req.password);
    // Read whether or not the password was right, so a failure on a real account lands in its organisation's log.
    const membership = user ? await this.primaryMembership(user.id) : null;
    if (!user || !ok || !membership) {
      await this.audit.record({ orgId: membership?.org.id ?? null, actor: null, action: 'auth.login_failed', resourceType: 'user', resourceId: user?.id ?? null, origin, details: { email: req.email } });
      throw unauthorized('Wrong email or password.');
    }
    await this.throttle.reset(req.email, origin.ip);
    return this.db.transaction(async (em) => {
      await this.audit.record({ orgId: membership.org.id, actor: { userId: user.id, email: user.email }, action: 'auth.login', resourceType: 'user', resourceId: user.id, origin }, em);
      return this.startSession(em, user, membership.org, membership.role, origin, randomUUID());
    });
  }

  /**
   * Rotates a refresh token. A token that was already rotated or revoked is
   * being replayed — by a thief or by the victim after theft — so its whole
   * family is revoked and both must sign in again.
   */
  async refresh(secret: string | undefined, origin: RequestOrigin): Promise<Session> {
    if (!secret) throw unauthorized('No session.');
    const outcome = await this.db.transaction(async (em): Promise<Session | 'reused'> => {
      // The row lock makes a second tab's refresh wait for the first one's, and then see its rotation.
      const token = await em.findOne(RefreshToken, { where: { tokenHash: hashSecret(secret) }, lock: { mode: 'pessimistic_write' } });
      if (!token) throw unauthorized('No session.');
      const again = await this.withinGrace(em, token);
      if (again) return again;
      if (token.rotatedAt || token.revokedAt) {
        // Committed before refusing: the revocation must outlive this request.
        await em.update(RefreshToken, { familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        await this.audit.record({ orgId: token.orgId, actor: null, action: 'auth.refresh_reuse', resourceType: 'user', resourceId: token.userId, origin, details: { familyId: token.familyId } }, em);
        return 'reused';
      }
      if (token.expiresAt <= new Date()) throw unauthorized('The session expired; sign in again.');
      const user = await em.findOneByOrFail(User, { id: token.userId });
      const membership = await em.findOneBy(Membership, { userId: token.userId, orgId: token.orgId });
      const org = await em.findOneByOrFail(Organization, { id: token.orgId });
      if (!membership) throw unauthorized('This account no longer belongs to the organisation.');
      const session = await this.startSession(em, user, org, membership.role, origin, token.familyId);
      const pair: GracePair = {
        refreshToken: session.refreshToken, refreshExpiresAt: session.refreshExpiresAt.toISOString(),
        accessToken: session.body.accessToken, accessExpiresAt: new Date(Date.now() + session.body.expiresIn * 1000).toISOString(),
      };
      await em.update(RefreshToken, { id: token.id }, { rotatedAt: new Date(), successorSealed: sealString(this.graceKey, JSON.stringify(pair)) });
      return session;
    });
    if (outcome === 'reused') throw unauthorized('This session was ended for safety; sign in again.');
    return outcome;
  }

  /**
   * A token rotated moments ago, presented again: two tabs refreshing at once, not a thief. Answered
   * with the very pair the first refresh got, as long as that pair's token still stands (not revoked
   * by a sign-out or a replay) and the person still belongs to the organisation. Past the window,
   * or for a revoked token, null: the caller treats it as the replay it then is.
   */
  private async withinGrace(em: EntityManager, token: RefreshToken): Promise<Session | null> {
    if (!token.rotatedAt || token.revokedAt || !token.successorSealed) return null;
    if (Date.now() - token.rotatedAt.getTime() > this.config.REFRESH_GRACE_SECONDS * 1000) return null;
    const pair = JSON.parse(openString(this.graceKey, token.successorSealed)) as GracePair;
    const successor = await em.findOneBy(RefreshToken, { tokenHash: hashSecret(pair.refreshToken) });
    if (!successor || successor.revokedAt || successor.expiresAt <= new Date() || new Date(pair.accessExpiresAt) <= new Date()) return null;
    const membership = await em.findOneBy(Membership, { userId: token.userId, orgId: token.orgId });
    if (!membership) throw unauthorized('This account no longer belongs to the organisation.');
    const user = await em.findOneByOrFail(User, { id: token.userId });
    const org = await em.findOneByOrFail(Organization, { id: token.orgId });
    return {
      refreshToken: pair.refreshToken,
      refreshExpiresAt: new Date(pair.refreshExpiresAt),
      body: {
        accessToken: pair.accessToken,
        tokenType: 'Bearer',
        expiresIn: Math.max(1, Math.floor((new Date(pair.accessExpiresAt).getTime() - Date.now()) / 1000)),
        user: { id: user.id, email: user.email, name: user.name, orgId: org.id, orgName: org.name, role: membership.role },
      },
    };
  }

  async logout(secret: string | undefined, origin: RequestOrigin): Promise<void> {
    if (!secret) return;
    const token = await this.db.getRepository(RefreshToken).findOneBy({ tokenHash: hashSecret(secret) });
    if (!token) return;
    const user = await this.db.getRepository(User).findOneByOrFail({ id: token.userId });
    await this.db.transaction(async (em) => {
      await em.update(RefreshToken, { familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record({ orgId: token.orgId, actor: { userId: user.id, email: user.email }, action: 'auth.logout', resourceType: 'user', resourceId: token.userId, origin }, em);
    });
  }

  async me(actor: Actor): Promise<SessionUser> {
    const org = await this.db.getRepository(Organization).findOneByOrFail({ id: actor.orgId });
    return { id: actor.userId, email: actor.email, name: actor.name, orgId: actor.orgId, orgName: org.name, role: actor.role };
  }

  /**
   * The person proves they know their password again, where an access token alone must not be enough (a stolen one
   * would change the password, or make itself a long-lived API token). Whoever holds a stolen token may guess here:
   * limited per person, whatever the address.
   */
  async confirmPassword(actor: Actor, password: string): Promise<User> {
    await this.throttle.takeAttempt(`password-change:${actor.userId}`, null);
    const user = await this.db.getRepository(User).findOneByOrFail({ id: actor.userId });
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw badRequest('The current password is wrong.', [{ path: 'body.currentPassword', message: 'wrong password', code: 'wrong_password' }]);
    }
    await this.throttle.reset(`password-change:${actor.userId}`, null);
    return user;
  }

  /** Ends every other session of the person, and returns a fresh one for this browser. */
  async changePassword(actor: Actor, req: ChangePasswordRequest): Promise<Session> {
    const user = await this.confirmPassword(actor, req.currentPassword);
    if (req.currentPassword === req.newPassword) {
      throw badRequest('The new password must differ from the current one.', [{ path: 'body.newPassword', message: 'same as the current password', code: 'same_password' }]);
    }
    const passwordHash = await hashPassword(req.newPassword);
    const session = await this.db.transaction(async (em) => {
      // Every access token issued under the old password stops working (the guard compares its `pwd` claim).
      await em.update(User, { id: user.id }, { passwordHash, passwordChangedAt: new Date() });
      await em.update(RefreshToken, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      // A new password is what someone does who fears theirs was known: tokens made with the old one go too, in every organisation.
      const [revoked] = await em.query<[{ id: string }[], number]>(`DELETE FROM api_tokens WHERE user_id = $1 RETURNING id`, [user.id]);
      await this.audit.record({
        orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'auth.password_changed', resourceType: 'user', resourceId: actor.userId,
        origin: actor.origin, details: { apiTokensRevoked: revoked.length },
      }, em);
      const org = await em.findOneByOrFail(Organization, { id: actor.orgId });
      return this.startSession(em, user, org, actor.role, actor.origin, randomUUID());
    });
    // Whoever holds an old access token, in any organisation, is cut off now, not when the token runs out.
    await this.access.personChanged(user.id, { orgId: null, reason: 'the password was changed' });
    return session;
  }

  async previewInvitation(secret: string): Promise<InvitationPreview> {
    const inv = await this.openInvitation(this.db.manager, secret);
    const org = await this.db.getRepository(Organization).findOneByOrFail({ id: inv.orgId });
    const existingUser = (await this.db.getRepository(User).countBy({ email: inv.email })) > 0;
    return { email: inv.email, role: inv.role, orgName: org.name, expiresAt: inv.expiresAt.toISOString(), existingUser };
  }

  /**
   * A new person sets their name and password; a person who already has an
   * account proves it with their password and joins one more organisation.
   */
  async acceptInvitation(req: AcceptInvitationRequest, origin: RequestOrigin): Promise<Session> {
    const newHash = await hashPassword(req.password);
    return this.db.transaction(async (em) => {
      const inv = await this.openInvitation(em, req.token, true);
      let user = await em.findOneBy(User, { email: inv.email });
      if (user) {
        if (!(await verifyPassword(user.passwordHash, req.password))) {
          throw unauthorized('An account with this email exists; enter its password to join.');
        }
        if (await em.countBy(Membership, { orgId: inv.orgId, userId: user.id })) throw conflict('You are already a member of this organisation.', reason('already_joined'));
      } else {
        user = await em.save(em.create(User, { email: inv.email, name: req.name, passwordHash: newHash, passwordChangedAt: new Date() }));
      }
      await em.insert(Membership, { orgId: inv.orgId, userId: user.id, role: inv.role });
      await em.update(Invitation, { id: inv.id }, { acceptedAt: new Date() });
      await this.audit.record({ orgId: inv.orgId, actor: { userId: user.id, email: user.email }, action: 'invitation.accepted', resourceType: 'invitation', resourceId: inv.id, origin, details: { role: inv.role } }, em);
      const org = await em.findOneByOrFail(Organization, { id: inv.orgId });
      return this.startSession(em, user, org, inv.role, origin, randomUUID());
    });
  }

  private async openInvitation(em: EntityManager, secret: string, lock = false): Promise<Invitation> {
    const inv = await em.findOne(Invitation, {
      where: { tokenHash: hashSecret(secret) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!inv || inv.revokedAt) throw notFound('invitation');
    if (inv.acceptedAt) throw conflict('This invitation was already used.', reason('invitation_used'));
    if (inv.expiresAt <= new Date()) throw gone('This invitation has expired; ask for a new one.', reason('invitation_expired'));
    return inv;
  }

  private async primaryMembership(userId: string): Promise<{ org: Organization; role: Role } | null> {
    const m = await this.db.getRepository(Membership).findOne({ where: { userId }, order: { createdAt: 'ASC' } });
    if (!m) return null;
    const org = await this.db.getRepository(Organization).findOneByOrFail({ id: m.orgId });
    return { org, role: m.role };
  }

  private async startSession(em: EntityManager, user: User, org: Organization, role: Role, origin: RequestOrigin, familyId: string): Promise<Session> {
    const refreshToken = newSecret();
    const refreshExpiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await em.insert(RefreshToken, {
      userId: user.id, orgId: org.id, familyId, tokenHash: hashSecret(refreshToken), expiresAt: refreshExpiresAt,
      ip: origin.ip, userAgent: origin.userAgent,
    });
    // Read back as the guard reads it, not from the entity: the column may hold microseconds.
    const [{ changed }] = await em.query<{ changed: string }[]>(`SELECT ${PASSWORD_CHANGED_MS} AS changed FROM users u WHERE u.id = $1`, [user.id]);
    const accessToken = await this.tokens.sign(user.id, org.id, Number(changed));
    return {
      refreshToken,
      refreshExpiresAt,
      body: {
        accessToken,
        tokenType: 'Bearer',
        expiresIn: this.tokens.ttlSeconds,
        user: { id: user.id, email: user.email, name: user.name, orgId: org.id, orgName: org.name, role },
      },
    };
  }
}
