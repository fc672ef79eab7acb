import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEvent, AuditQuery } from '@tessera/contracts';
import type { RequestOrigin } from '@tessera/server/http';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditEntry {
  orgId: string | null;
  actor: { userId: string; email: string } | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  origin?: RequestOrigin;
  details?: Record<string, unknown>;
}

type ParsedAuditQuery = AuditQuery;

export function toAuditEvent(e: AuditEventEntity): AuditEvent {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    ip: e.ip,
    requestId: e.requestId,
    apiTokenId: e.apiTokenId,
    details: e.details,
  };
}

@Injectable()
export class AuditLog {
  constructor(private readonly db: DataSource) {}

  /** Written in the caller's transaction when it has one, so the event and the change commit together. */
  async record(entry: AuditEntry, em: EntityManager = this.db.manager): Promise<void> {
    await this.recordAll([entry], em);
  }

  /** Many events of one change (a hundred thousand assets deleted at once) in one statement, a column an array. */
  async recordAll(entries: AuditEntry[], em: EntityManager = this.db.manager): Promise<void> {
    if (!entries.length) return;
    const column = (value: (e: AuditEntry) => unknown) => entries.map(value);
    await em.query(
      `INSERT INTO audit_events (org_id, actor_id, actor_email, action, resource_type, resource_id, ip, user_agent, request_id, api_token_id, details)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::jsonb[])`, [
        column((e) => e.orgId), column((e) => e.actor?.userId ?? null), column((e) => e.actor?.email ?? null), column((e) => e.action),
        column((e) => e.resourceType), column((e) => e.resourceId ?? null), column((e) => e.origin?.ip ?? null),
        column((e) => e.origin?.userAgent ?? null), column((e) => e.origin?.requestId ?? null),
        column((e) => e.origin?.apiTokenId ?? null), column((e) => JSON.stringify(e.details ?? {})),
      ]);
  }

  async list(orgId: string, q: ParsedAuditQuery): Promise<{ items: AuditEvent[]; total: number }> {
    const qb = this.filtered(orgId, q).orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').limit(q.limit).offset(q.offset);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toAuditEvent), total };
  }

  /** Oldest first, in pages, for exports that must not hold a whole log in memory. */
  async *stream(orgId: string, from: string, to: string, pageSize = 1000): AsyncGenerator<AuditEventEntity[]> {
    let afterId = '0';
    for (;;) {
      const rows = await this.filtered(orgId, { from, to, limit: pageSize, offset: 0 })
        .andWhere('e.id > :afterId', { afterId })
        .orderBy('e.id', 'ASC')
        .limit(pageSize)
        .getMany();
      if (!rows.length) return;
      yield rows;
      afterId = rows[rows.length - 1].id;
    }
  }

  count(orgId: string, from: string, to: string): Promise<number> {
    return this.filtered(orgId, { from, to, limit: 1, offset: 0 }).getCount();
  }

  private filtered(orgId: string, q: ParsedAuditQuery) {
    const qb = this.db.getRepository(AuditEventEntity).createQueryBuilder('e').where('e.orgId = :orgId', { orgId });
    if (q.from) qb.andWhere('e.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.at <= :to', { to: q.to });
    if (q.action) qb.andWhere('e.action = :action', { action: q.action });
    if (q.actorId) qb.andWhere('e.actorId = :actorId', { actorId: q.actorId });
    if (q.resourceType) qb.andWhere('e.resourceType = :resourceType', { resourceType: q.resourceType });
    return qb;
  }
}
