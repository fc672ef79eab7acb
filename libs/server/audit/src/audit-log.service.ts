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
    details: e.details,
  };
}

function toRow(entry: AuditEntry) {
  return {
    orgId: entry.orgId,
    actorId: entry.actor?.userId ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    ip: entry.origin?.ip ?? null,
    userAgent: entry.origin?.userAgent ?? null,
    requestId: entry.origin?.requestId ?? null,
    details: (entry.details ?? {}) as never,
  };
}

@Injectable()
export class AuditLog {
  constructor(private readonly db: DataSource) {}

  /** Written in the caller's transaction when it has one, so the event and the change commit together. */
  async record(entry: AuditEntry, em: EntityManager = this.db.manager): Promise<void> {
    await this.recordAll([entry], em);
  }

  /** Many events of one change (a thousand assets deleted at once), a statement per thousand. */
  async recordAll(entries: AuditEntry[], em: EntityManager = this.db.manager): Promise<void> {
    // Well under Postgres's 65,535 parameters a statement (ten a row).
    for (let i = 0; i < entries.length; i += 1000) await em.insert(AuditEventEntity, entries.slice(i, i + 1000).map(toRow));
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
