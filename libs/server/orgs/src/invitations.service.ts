import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { Invitation as InvitationDto, InvitationCreateRequest, InvitationCreated, Role } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { conflict, forbidden, notFound, reason } from '@tessera/server/http';
import { AuditLog } from '@tessera/server/audit';
import { Invitation, canAssignRole, hashSecret, newSecret, type Actor } from '@tessera/server/auth';

const toDto = (i: Invitation): InvitationDto => ({
  id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(),
  acceptedAt: i.acceptedAt?.toISOString() ?? null, createdAt: i.createdAt.toISOString(),
});

@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly audit: AuditLog,
  ) {}

  /** Open invitations: not revoked; accepted ones stay listed as a record. */
  async list(actor: Actor): Promise<InvitationDto[]> {
    const rows = await this.db.getRepository(Invitation).find({ where: { orgId: actor.orgId, revokedAt: IsNull() }, order: { createdAt: 'DESC' }, take: 500 });
    return rows.map(toDto);
  }

  async create(actor: Actor, req: InvitationCreateRequest & { email: string; role: Role; expiresInHours: number }): Promise<InvitationCreated> {
    if (!canAssignRole(actor.role, req.role)) throw forbidden('Only an owner may invite an admin.', undefined, reason('owner_invites_admin'));
    const [{ member }] = await this.db.query<{ member: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2) AS member`,
      [actor.orgId, req.email],
    );
    if (member) throw conflict('This person is already a member.', reason('already_member'));
    const token = newSecret();
    return this.db.transaction(async (em) => {
      // A new invitation for the same email replaces any open one.
      await em.update(Invitation, { orgId: actor.orgId, email: req.email, acceptedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
      const inv = await em.save(em.create(Invitation, {
        orgId: actor.orgId, email: req.email, role: req.role, tokenHash: hashSecret(token),
        expiresAt: new Date(Date.now() + req.expiresInHours * 3_600_000), createdBy: actor.userId, acceptedAt: null, revokedAt: null,
      }));
      await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'invitation.created', resourceType: 'invitation', resourceId: inv.id, origin: actor.origin, details: { email: req.email, role: req.role } }, em);
      const acceptPath = `/invite/${token}`;
      return { ...toDto(inv), token, acceptPath, acceptUrl: new URL(acceptPath, this.config.PUBLIC_URL).toString() };
    });
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const inv = await em.findOneBy(Invitation, { id, orgId: actor.orgId });
      if (!inv || inv.revokedAt) throw notFound('invitation');
      if (inv.acceptedAt) throw conflict('This invitation was already accepted.', reason('invitation_used'));
      await em.update(Invitation, { id }, { revokedAt: new Date() });
      await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'invitation.revoked', resourceType: 'invitation', resourceId: id, origin: actor.origin }, em);
    });
  }
}
