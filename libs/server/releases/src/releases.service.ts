import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FORMATS_BY_MEDIA, defaultReleaseName, reachOf, type Release, type ReleaseCreateParsed } from '@tessera/contracts';
import { AuditLog } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { CONFIG, type Config } from '@tessera/server/config';
import { forbidden, notFound, unprocessable } from '@tessera/server/errors';
import type { RequestOrigin } from '@tessera/server/http';
import { JobRunsService } from '@tessera/server/jobs';
import { ProjectsService } from '@tessera/server/projects';
import { BLOB_STORE, deriveKey, type BlobStore } from '@tessera/server/storage';
import { watermarkedArchive } from './watermark';

/** A signed download link lives this long (seconds). */
const LINK_TTL = 300;

interface ReleaseRow {
  id: string; org_id: string; project_id: string; number: number; name: string; state: Release['state']; params: ReleaseCreateParsed;
  job_run_id: string | null; blob_key: string | null; file_name: string | null; size: string | null; sha256: string | null;
  manifest: Release['manifest']; datasheet: Release['datasheet']; diff: Release['diff']; created_at: Date; finished_at: Date | null;
}

const toRelease = (r: ReleaseRow): Release => ({
  id: r.id, projectId: r.project_id, number: r.number, name: r.name, state: r.state, formats: r.params.formats, licence: r.params.licence,
  jobRunId: r.job_run_id,
  file: r.blob_key ? { fileName: r.file_name!, size: Number(r.size), sha256: r.sha256! } : null,
  manifest: r.manifest, datasheet: r.datasheet, diff: r.diff,
  createdAt: new Date(r.created_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

const b64 = (b: Buffer) => b.toString('base64url');

/**
 * Releases: cutting them (a `releases.build` job), reading them, granting them
 * to consumers, and handing their archive out through short-lived signed
 * links. A consumer reaches a release only through a grant that is still
 * valid at that moment — checked again on every download, which is audited.
 */
@Injectable()
export class ReleasesService {
  private readonly log = new Logger('Releases');
  private readonly key: Buffer;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly projects: ProjectsService,
    private readonly jobs: JobRunsService,
    private readonly audit: AuditLog,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) config: Config,
  ) {
    this.key = deriveKey(config.JWT_SECRET, 'release-download');
  }

  private who(actor: Actor) {
    return { orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, origin: actor.origin };
  }

  async create(actor: Actor, projectId: string, req: ReleaseCreateParsed): Promise<Release> {
    const project = await this.projects.get(actor, projectId, 'releases.manage');
    const allowed: readonly string[] = FORMATS_BY_MEDIA[project.mediaType];
    const wrong = req.formats.filter((f) => !allowed.includes(f));
    if (wrong.length) throw unprocessable(`not formats for ${project.mediaType} projects: ${wrong.join(', ')}`, [{ path: 'formats', message: `choose from ${allowed.join(', ')}` }]);
    const unknown = req.filter?.labelIds?.filter((id) => !project.labelSchema.labels.some((l) => l.id === id)) ?? [];
    if (unknown.length) throw unprocessable(`not labels of this project: ${unknown.join(', ')}`, [{ path: 'filter.labelIds', message: 'unknown label' }]);
    const { id, queue } = await this.db.transaction(async (em) => {
      // The project's row lock numbers releases one after another, however many are cut at once.
      await em.query(`SELECT id FROM projects WHERE id = $1 FOR UPDATE`, [projectId]);
      const [{ next }] = await em.query(`SELECT coalesce(max(number), 0) + 1 AS next FROM releases WHERE project_id = $1`, [projectId]);
      const params = { ...req, formats: [...new Set(req.formats)] };
      const [row] = await em.query(
        `INSERT INTO releases (org_id, project_id, number, name, params, schema_version, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [actor.orgId, projectId, next, req.name ?? defaultReleaseName(next), JSON.stringify(params), project.schemaVersion, actor.userId],
      );
      const { run, queue } = await this.jobs.create(actor, 'releases.build', { releaseId: row.id }, em);
      await em.query(`UPDATE releases SET job_run_id = $2 WHERE id = $1`, [row.id, run.id]);
      await this.audit.record({ ...this.who(actor), action: 'release.created', resourceType: 'release', resourceId: row.id, details: { projectId, number: next, formats: params.formats, licence: req.licence } }, em);
      return { id: row.id as string, queue };
    });
    // Queued once the release and its run are committed; if Redis is away now, the worker's reconciler queues it.
    await queue().catch((e: Error) => this.log.warn(`release ${id} not queued now (${e.message}); the job reconciler will`));
    return this.get(actor, id);
  }

  /** Releases the actor may see: all of the organisation's for managers and auditors; a consumer's granted ones (ready, not expired). */
  private scoped(actor: Actor, where: string, params: unknown[]) {
    const own = reachOf(actor.role, 'releases.read') === 'own';
    const grant = own
      ? ` AND r.state = 'ready' AND EXISTS (SELECT 1 FROM release_grants g WHERE g.release_id = r.id AND g.user_id = $2 AND (g.expires_at IS NULL OR g.expires_at > now()))`
      : ' AND $2::uuid IS NOT NULL';
    return this.db.query<ReleaseRow[]>(`SELECT r.* FROM releases r WHERE r.org_id = $1${grant} AND ${where} ORDER BY r.created_at DESC`, [actor.orgId, actor.userId, ...params]);
  }

  async list(actor: Actor, projectId: string): Promise<{ items: Release[] }> {
    await this.projects.get(actor, projectId);
    return { items: (await this.scoped(actor, 'r.project_id = $3', [projectId])).map(toRelease) };
  }

  async mine(actor: Actor): Promise<{ items: Release[] }> {
    return { items: (await this.scoped(actor, 'true', [])).map(toRelease) };
  }

  async get(actor: Actor, id: string): Promise<Release> {
    const [r] = await this.scoped(actor, 'r.id = $3', [id]);
    if (!r) throw notFound('release');
    return toRelease(r);
  }

  async grants(actor: Actor, id: string) {
    await this.managed(actor, id);
    const rows = await this.db.query(
      `SELECT g.user_id, u.email, u.name, g.expires_at, g.watermark, g.created_at FROM release_grants g JOIN users u ON u.id = g.user_id WHERE g.release_id = $1 AND g.org_id = $2 ORDER BY g.created_at`, [id, actor.orgId]);
    return {
      items: rows.map((g: { user_id: string; email: string; name: string; expires_at: Date | null; watermark: boolean; created_at: Date }) => ({
        userId: g.user_id, email: g.email, name: g.name, expiresAt: g.expires_at?.toISOString() ?? null, watermark: g.watermark, createdAt: g.created_at.toISOString(),
      })),
    };
  }

  private async managed(actor: Actor, id: string): Promise<ReleaseRow> {
    const [r] = await this.db.query<ReleaseRow[]>(`SELECT * FROM releases WHERE id = $1 AND org_id = $2`, [id, actor.orgId]);
    if (!r) throw notFound('release');
    return r;
  }

  async grant(actor: Actor, id: string, userId: string, expiresAt: string | null, watermark = false) {
    await this.managed(actor, id);
    const [member] = await this.db.query(`SELECT 1 FROM memberships WHERE user_id = $1 AND org_id = $2`, [userId, actor.orgId]);
    if (!member) throw notFound('member');
    if (expiresAt && new Date(expiresAt) <= new Date()) throw unprocessable('The expiry is in the past.', [{ path: 'expiresAt', message: 'must be in the future' }]);
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO release_grants (org_id, release_id, user_id, expires_at, watermark, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (release_id, user_id) DO UPDATE SET expires_at = EXCLUDED.expires_at, watermark = EXCLUDED.watermark, created_by = EXCLUDED.created_by, created_at = now()`,
        [actor.orgId, id, userId, expiresAt, watermark, actor.userId],
      );
      await this.audit.record({ ...this.who(actor), action: 'release.granted', resourceType: 'release', resourceId: id, details: { userId, expiresAt, watermark } }, em);
    });
    return (await this.grants(actor, id)).items.find((g: { userId: string }) => g.userId === userId)!;
  }

  async revoke(actor: Actor, id: string, userId: string) {
    await this.managed(actor, id);
    await this.db.transaction(async (em) => {
      const [grant] = await em.query(`SELECT id FROM release_grants WHERE release_id = $1 AND user_id = $2 AND org_id = $3 FOR UPDATE`, [id, userId, actor.orgId]);
      if (!grant) throw notFound('grant');
      await em.query(`DELETE FROM release_grants WHERE id = $1`, [grant.id]);
      await this.audit.record({ ...this.who(actor), action: 'release.grant_revoked', resourceType: 'release', resourceId: id, details: { userId } }, em);
    });
  }

  /** Whether this person may take the archive now: a manager of the organisation, or a grantee with a valid grant. */
  private async mayDownload(orgId: string, userId: string, releaseId: string): Promise<{ row: ReleaseRow; email: string; watermark: boolean } | null> {
    const [m] = await this.db.query<{ role: Actor['role']; email: string }[]>(`SELECT m.role, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.org_id = $2`, [userId, orgId]);
    if (!m) return null;
    const [row] = await this.db.query<ReleaseRow[]>(`SELECT * FROM releases WHERE id = $1 AND org_id = $2 AND state = 'ready'`, [releaseId, orgId]);
    if (!row) return null;
    if (reachOf(m.role, 'releases.manage') === 'org') return { row, email: m.email, watermark: false };
    if (reachOf(m.role, 'releases.download') !== 'own') return null;
    const [g] = await this.db.query<{ watermark: boolean }[]>(`SELECT watermark FROM release_grants WHERE release_id = $1 AND user_id = $2 AND org_id = $3 AND (expires_at IS NULL OR expires_at > now())`, [releaseId, userId, orgId]);
    return g ? { row, email: m.email, watermark: g.watermark } : null;
  }

  /** A link of about five minutes to the archive: HMAC over (org, release, person, expiry). */
  async downloadLink(actor: Actor, id: string): Promise<{ url: string; expiresAt: string }> {
    const ok = await this.mayDownload(actor.orgId, actor.userId, id);
    if (!ok) throw notFound('release');
    const e = Math.ceil(Date.now() / 1000) + LINK_TTL;
    const payload = b64(Buffer.from(JSON.stringify({ o: actor.orgId, r: id, u: actor.userId, e })));
    const mac = b64(createHmac('sha256', this.key).update(`tessera-release-v1.${payload}`).digest());
    return { url: `/api/v1/release-files/${payload}.${mac}`, expiresAt: new Date(e * 1000).toISOString() };
  }

  /** The archive behind a signed link, after the link and the person's access are checked again; the download is audited. */
  async open(token: string, origin: RequestOrigin): Promise<{ stream: Readable; fileName: string; size: number | null; sha256: string | null }> {
    const [payload, mac] = token.split('.');
    const want = createHmac('sha256', this.key).update(`tessera-release-v1.${payload}`).digest();
    const got = Buffer.from(mac, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw forbidden('The link is not valid.');
    let claims: { o: string; r: string; u: string; e: number };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw notFound('release');
    }
    if (claims.e * 1000 < Date.now()) throw forbidden('The link has expired; ask for a new one.');
    const ok = await this.mayDownload(claims.o, claims.u, claims.r);
    if (!ok) throw notFound('release');
    await this.audit.record({
      orgId: claims.o, actor: { userId: claims.u, email: ok.email }, origin, action: 'release.downloaded', resourceType: 'release', resourceId: claims.r,
      details: { number: ok.row.number, projectId: ok.row.project_id, sha256: ok.row.sha256, size: Number(ok.row.size), watermark: ok.watermark },
    });
    const archive = await this.blobs.get(ok.row.blob_key!);
    // A watermarked copy is made as it streams (its pictures differ per consumer), so it has no size or digest up front.
    if (ok.watermark && ok.row.params.includeMedia) {
      const stream = await watermarkedArchive(archive, ok.row.finished_at ?? ok.row.created_at, claims.u);
      return { stream, fileName: ok.row.file_name!.replace(/\.zip$/, '-watermarked.zip'), size: null, sha256: null };
    }
    return { stream: archive, fileName: ok.row.file_name!, size: Number(ok.row.size), sha256: ok.row.sha256! };
  }
}
