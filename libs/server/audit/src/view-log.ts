import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CONFIG, type Config } from '@tessera/server/config';
import type { RequestOrigin } from '@tessera/server/http';
import { AuditEventEntity } from './audit-event.entity';

/** Which bytes were seen: a thumbnail, the image or text itself, or one DICOM instance. */
export type ViewedFile = 'thumbnail' | 'content' | 'instance';

export interface View {
  orgId: string;
  actor: { userId: string; email: string };
  projectId: string;
  assetId: string;
  file: ViewedFile;
  origin?: RequestOrigin;
}

interface Pending {
  orgId: string;
  actor: View['actor'];
  projectId: string;
  /** set for content and instances; thumbnails are gathered per project */
  assetId: string | null;
  file: ViewedFile;
  count: number;
  /** thumbnails: the distinct assets seen */
  assets: Set<string>;
  first: Date;
  last: Date;
  origin?: RequestOrigin;
}

/** Events in memory before a flush is started without waiting for the timer. */
const FLUSH_AT_EVENTS = 1000;
/** Distinct assets one thumbnail row names before it is written and a new one begins. */
const MAX_ASSETS_PER_ROW = 500;
/** If the database stays away this long in events, the oldest are dropped (and the loss logged), not the process. */
const MAX_HELD_EVENTS = 200_000;

/**
 * Views of raw data for the audit log, written in batches. A grid of thumbnails
 * is a few hundred requests a second; one INSERT each would make the audit log
 * the slowest part of browsing. So views are gathered in memory and written
 * every AUDIT_VIEW_FLUSH_MS (or sooner after FLUSH_AT_EVENTS) in one multi-row
 * INSERT, and once more when the process shuts down, so a SIGTERM loses nothing.
 *
 * Rows: action `asset.viewed`, with `details.count` and the time of the first
 * and last view. The image, text or DICOM instances of one asset are one row
 * per (viewer, asset, file kind) and name the asset; thumbnails, which come by
 * the page, are one row per (viewer, project) with the assets they showed in
 * `details.assets`. What a crash loses is at most one interval of views.
 */
@Injectable()
export class ViewLog implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('ViewLog');
  private pending = new Map<string, Pending>();
  private events = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Flushes run one after the other, so two never write the same views. */
  private chain: Promise<void> = Promise.resolve();

  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(CONFIG) private readonly config: Config) {}

  note(view: View, at = new Date()): void {
    const assetId = view.file === 'thumbnail' ? null : view.assetId;
    const key = keyOf(view.orgId, view.actor.userId, view.projectId, assetId, view.file);
    let p = this.pending.get(key);
    if (!p) {
      p = { orgId: view.orgId, actor: view.actor, projectId: view.projectId, assetId, file: view.file, count: 0, assets: new Set(), first: at, last: at };
      this.pending.set(key, p);
    }
    p.count++;
    p.last = at;
    p.origin = view.origin ?? p.origin;
    if (view.file === 'thumbnail') p.assets.add(view.assetId);
    this.events++;
    if (this.events >= FLUSH_AT_EVENTS || p.assets.size >= MAX_ASSETS_PER_ROW) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.config.AUDIT_VIEW_FLUSH_MS).unref();
  }

  /** Writes everything gathered so far in one INSERT. Resolves when it is in the database (or put back after a failure). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.write());
    return this.chain;
  }

  private async write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.size) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.events = 0;
    try {
      await this.db.getRepository(AuditEventEntity).insert(batch.map(toRow));
    } catch (e) {
      this.putBack(batch);
      this.log.error(`writing ${batch.length} view rows to the audit log failed; kept for the next try: ${(e as Error).message}`);
    }
  }

  /** A failed batch waits for the next flush, merged with what came since; it is not lost to a passing outage. */
  private putBack(batch: Pending[]) {
    const held = batch.reduce((n, p) => n + p.count, 0) + this.events;
    if (held > MAX_HELD_EVENTS) {
      this.log.error(`the audit log has been unreachable too long: ${batch.reduce((n, p) => n + p.count, 0)} views were dropped`);
      return;
    }
    for (const p of batch) {
      const key = keyOf(p.orgId, p.actor.userId, p.projectId, p.assetId, p.file);
      const now = this.pending.get(key);
      if (now) {
        now.count += p.count;
        now.first = p.first;
        for (const a of p.assets) now.assets.add(a);
      } else this.pending.set(key, p);
      this.events += p.count;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.config.AUDIT_VIEW_FLUSH_MS).unref();
  }

  /** The HTTP server is still open here, but no new request will be accepted after this; most views are flushed now, while the database is surely open. */
  async beforeApplicationShutdown() {
    await this.flush();
  }

  /** Views of requests that were still running when shutdown began; written if the pool has not been closed yet. */
  async onApplicationShutdown() {
    if (this.pending.size && this.db.isInitialized) await this.flush();
    if (this.pending.size) this.log.error(`${this.events} views could not be written to the audit log before shutdown`);
  }
}

const keyOf = (orgId: string, userId: string, projectId: string, assetId: string | null, file: ViewedFile) =>
  `${orgId}|${userId}|${assetId ? `a:${assetId}` : `p:${projectId}`}|${file}`;

function toRow(p: Pending): QueryDeepPartialEntity<AuditEventEntity> {
  const span = { count: p.count, first: p.first.toISOString(), last: p.last.toISOString() };
  return {
    orgId: p.orgId,
    at: p.first,
    actorId: p.actor.userId,
    actorEmail: p.actor.email,
    action: 'asset.viewed',
    resourceType: p.assetId ? 'asset' : 'project',
    resourceId: p.assetId ?? p.projectId,
    ip: p.origin?.ip ?? null,
    userAgent: p.origin?.userAgent ?? null,
    // One row stands for many requests: no single request id describes it.
    requestId: null,
    apiTokenId: p.origin?.apiTokenId ?? null,
    // jsonb: TypeORM's deep-partial type cannot describe an open record, as in AuditLog.record.
    details: (p.assetId ? { file: p.file, projectId: p.projectId, ...span } : { file: p.file, assets: [...p.assets], ...span }) as never,
  };
}
