import { z } from 'zod';
import { isoDateTime, uuid } from './common';

export const auditEvent = z.object({
  id: z.string().describe('monotonic id (bigint as string)'),
  at: isoDateTime,
  actorId: uuid.nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  /** the API token the change came through; null when the person did it in a session */
  apiTokenId: uuid.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditQuery = z
  .strictObject({
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    action: z.string().max(100).optional(),
    actorId: uuid.optional(),
    resourceType: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from is after to', path: ['to'] });
export type AuditQuery = z.infer<typeof auditQuery>;
export const auditEventList = z.object({ items: z.array(auditEvent), total: z.number().int() });

export const auditExportRequest = z
  .strictObject({ from: isoDateTime, to: isoDateTime })
  .refine((q) => new Date(q.from) <= new Date(q.to), { message: 'from is after to', path: ['to'] });
export type AuditExportRequest = z.infer<typeof auditExportRequest>;
