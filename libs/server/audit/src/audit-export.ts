import { PassThrough } from 'node:stream';
import type { JobContext, JobPayload, JobResult } from '@tessera/contracts';
import type { BlobStore } from '@tessera/server/storage';
import { csvCell } from '@tessera/formats';
import type { AuditLog } from './audit-log.service';
import type { AuditEventEntity } from './audit-event.entity';

const COLUMNS = ['id', 'at', 'actor_id', 'actor_email', 'action', 'resource_type', 'resource_id', 'ip', 'user_agent', 'request_id', 'api_token_id', 'details'] as const;

/** One CSV field, defused against CSV injection (an auditor opens this in Excel): see `csvCell`. */
export const csvField = csvCell;

const row = (e: AuditEventEntity) =>
  [e.id, e.at.toISOString(), e.actorId, e.actorEmail, e.action, e.resourceType, e.resourceId, e.ip, e.userAgent, e.requestId, e.apiTokenId, e.details]
    .map(csvField)
    .join(',') + '\r\n';

/** Streams a date range of one organisation's audit log to the blob store as CSV, page by page. */
export async function exportAuditCsv(
  audit: AuditLog,
  blobs: BlobStore,
  payload: JobPayload<'audit.export'>,
  ctx: JobContext,
): Promise<JobResult> {
  const total = await audit.count(payload.orgId, payload.from, payload.to);
  await ctx.progress(0, total);
  const out = new PassThrough();
  const stored = blobs.put(out);
  try {
    out.write('\ufeff' + COLUMNS.join(',') + '\r\n'); // BOM: Excel then reads UTF-8 names correctly
    let processed = 0;
    for await (const page of audit.stream(payload.orgId, payload.from, payload.to)) {
      if (!out.write(page.map(row).join(''))) await new Promise((r) => out.once('drain', r));
      processed += page.length;
      await ctx.progress(processed, Math.max(total, processed));
    }
    out.end();
  } catch (e) {
    out.destroy(e as Error);
    await stored.catch(() => undefined);
    throw e;
  }
  const blob = await stored;
  const day = (iso: string) => iso.slice(0, 10);
  return {
    blobKey: blob.key,
    sha256: blob.sha256,
    size: blob.size,
    fileName: `audit-log-${day(payload.from)}-to-${day(payload.to)}.csv`,
    contentType: 'text/csv; charset=utf-8',
  };
}
