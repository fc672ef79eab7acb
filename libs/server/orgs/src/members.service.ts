import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Member, Role } from '@tessera/contracts';
import { conflict, forbidden, notFound, reason } from '@tessera/server/http';
import { AuditLog } from '@tessera/server/audit';
import { AccessChanges, Membership, canAssignRole, type Actor } from '@tessera/server/auth';

interface MemberRow { user_id: string; email: string; name: string; role: Role; created_at: Date }
const toMember = (r: MemberRow): Member => ({ userId: r.user_id, email: r.email, name: r.name, role: r.role, joinedAt: r.created_at.toISOString() });

@Injectable()
export class MembersService {
  constructor(@Inject(DataSource) private readonly db: DataSource, private readonly audit: AuditLog, private readonly access: AccessChanges) {}

  async list(actor: Actor): Promise<Member[]> {
    const rows = await this.db.query<MemberRow[]>(
      `SELECT m.user_id, u.email, u.name, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = $1 ORDER BY m.created_at, u.email`,
      [actor.orgId],
    );
    return rows.map(toMember);
  }

  async get(actor: Actor, userId: string): Promise<Member> {
    const [row] = await this.db.query<MemberRow[]>(
      `SELECT m.user_id, u.email, u.name, m.role, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND m.user_id = $2`,
      [actor.orgId, userId],
    );
    if (!row) throw notFound('member');
    return toMember(row);
  }

  async changeRole(actor: Actor, userId: string, role: Role): Promise<Member> {
    await this.db.transaction(async (em) => {
      const m = await em.findOne(Membership, { where: { orgId: actor.orgId, userId }, lock: { mode: 'pessimistic_write' } });
      if (!m) throw notFound('member');
      if (!canAssignRole(actor.role, role) || !canAssignRole(actor.role, m.role)) throw forbidden('Only an owner may grant or take away owner and admin roles.', undefined, reason('owner_roles_only'));
      if (m.role === 'owner' && role !== 'owner') await this.assertAnotherOwner(em.query.bind(em), actor.orgId);
      await em.update(Membership, { orgId: actor.orgId, userId }, { role });
      await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'member.role_changed', resourceType: 'user', resourceId: userId, origin: actor.origin, details: { from: m.role, to: role } }, em);
    });
    // Connections opened under the old role close; the person's client reconnects under the new one.
    await this.access.personChanged(userId, { orgId: actor.orgId, reason: 'your role changed' });
    return this.get(actor, userId);
  }

  async remove(actor: Actor, userId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const m = await em.findOne(Membership, { where: { orgId: actor.orgId, userId }, lock: { mode: 'pessimistic_write' } });
      if (!m) throw notFound('member');
      if (!canAssignRole(actor.role, m.role)) throw forbidden('Only an owner may remove an owner or an admin.', undefined, reason('owner_roles_only'));
      if (m.role === 'owner') await this.assertAnotherOwner(em.query.bind(em), actor.orgId);
      await em.delete(Membership, { orgId: actor.orgId, userId });
      await em.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND org_id = $2 AND revoked_at IS NULL', [userId, actor.orgId]);
      await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'member.removed', resourceType: 'user', resourceId: userId, origin: actor.origin, details: { role: m.role } }, em);
    });
    await this.access.personChanged(userId, { orgId: actor.orgId, reason: 'you were removed from the organisation' });
  }

  /** An organisation always keeps an owner. */
  private async assertAnotherOwner(query: (sql: string, params: unknown[]) => Promise<{ n: string }[]>, orgId: string) {
    const [{ n }] = await query(`SELECT count(*) AS n FROM memberships WHERE org_id = $1 AND role = 'owner'`, [orgId]);
    if (Number(n) <= 1) throw conflict('The organisation must keep at least one owner.', reason('last_owner'));
  }
}
