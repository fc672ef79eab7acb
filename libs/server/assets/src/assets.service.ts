import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { allows, reachOf, type Asset, type AssetFile, type AssetFileList, type DicomInstanceGeometry, type AssetChoice, type AssetFilter, type AssetListQuery, type ImportRequest, type MediaType, type Role, type UploadResult } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { containsPattern, pageSql } from '@tessera/server/db';
import { MAX_IMPORT_FILES, resolveImportFolder, walkFolder } from './folder-import';
import { badRequest, conflict, forbidden, notFound, reason, type RequestOrigin } from '@tessera/server/http';
import { AuditLog, ViewLog, type ViewedFile } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { JobRunsService } from '@tessera/server/jobs';
import { ProjectsService } from '@tessera/server/projects';
import { BLOB_STORE, deriveKey, type BlobStore } from '@tessera/server/storage';
import { assertImportEndpoint, assertNotOwnBucket, importClient, listImportObjects, ownBlobBucket, sealSource } from './s3-import';
import { AssetEntity } from './asset.entity';
import { AssetIntake, ingestJobs, refusal, type Admission } from './asset-intake';
import { DicomIngestor } from './dicom-ingestor';
import { FileLinks, type FileClaims } from './file-links';

export interface UploadedFile {
  filename: string;
  stream: Readable;
  /** set by the multipart parser when the file hit the size limit */
  truncated(): boolean;
}

/** A file ready to send: the bytes and what the response must say about them. */
export interface ServedFile {
  stream: Readable;
  contentType: string;
  size: number;
  /** A fixed, safe name for Content-Disposition: never the uploaded name. */
  filename: string;
  /** When the link that asked for it stops working: caches must not keep it longer. */
  expiresAt: Date;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/tiff': 'tiff', 'image/bmp': 'bmp' };

/** Whether the asset `a` is gold (its working set holds the reference answers), as a select expression. */
export const GOLD_SQL = 'EXISTS (SELECT 1 FROM gold_assets g WHERE g.asset_id = a.id)';

/** The asset's columns under AssetEntity's property names, for reads written as SQL text. */
const ASSET_COLUMNS = `a.id, a.org_id AS "orgId", a.project_id AS "projectId", a.kind, a.status, a.series_uid AS "seriesUid", a.name,
  a.blob_key AS "blobKey", a.sha256, a.size, a.content_type AS "contentType", a.width, a.height, a.thumbnail_key AS "thumbnailKey",
  a.preview, a.error, a.error_code AS "errorCode", a.metadata, a.created_by AS "createdBy", a.created_at AS "createdAt",
  a.updated_at AS "updatedAt"`;

type GoldMarked = AssetEntity & { gold: boolean };

/**
 * `thumbnailUrl` is signed for one viewer, so only the service that knows the viewer fills it in;
 * `gold` lives in its own table, so whoever loads the row selects it beside it (GOLD_SQL).
 */
export function toAsset(a: AssetEntity, thumbnailUrl: string | null = null, gold = false): Asset {
  return {
    id: a.id, projectId: a.projectId, kind: a.kind, status: a.status, name: a.name, sha256: a.sha256, size: Number(a.size),
    contentType: a.contentType, width: a.width, height: a.height, hasThumbnail: a.thumbnailKey !== null, thumbnailUrl, preview: a.preview,
    error: a.error, errorCode: a.errorCode, metadata: a.metadata, gold, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
  };
}

/** The assets `a` a list's filters match, as an SQL condition whose values it adds to `params`. */
export function assetFilterSql(filter: AssetFilter, params: unknown[]): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  const filters = ['true'];
  if (filter.status) filters.push(`a.status = ${param(filter.status)}`);
  if (filter.kind) filters.push(`a.kind = ${param(filter.kind)}`);
  if (filter.q) filters.push(`a.name ILIKE ${param(containsPattern(filter.q))} ESCAPE '\\'`);
  return filters.join(' AND ');
}

/** The assets `a` a person chose at once (by id, or by the list's filters but some), as an SQL condition. */
export function assetChoiceSql(choice: AssetChoice, params: unknown[]): string {
  if (choice.ids) return `a.id = ANY($${params.push(choice.ids)}::uuid[])`;
  return `${assetFilterSql(choice.matching ?? {}, params)} AND a.id <> ALL($${params.push(choice.except ?? [])}::uuid[])`;
}

@Injectable()
export class AssetsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly projects: ProjectsService,
    private readonly jobs: JobRunsService,
    private readonly audit: AuditLog,
    private readonly intake: AssetIntake,
    @Inject(CONFIG) private readonly config: Config,
    private readonly dicom: DicomIngestor,
    private readonly links: FileLinks,
    private readonly views: ViewLog,
  ) {}

  importSources() {
    return { roots: this.config.IMPORT_ROOTS, s3Endpoints: this.config.S3_IMPORT_ENDPOINTS };
  }

  /**
   * Bulk import from a server folder under an allowlisted root, or from an
   * allowlisted S3 endpoint. A dry run lists and counts what would come in; a
   * real one hands the walk to the worker, which takes each file through the
   * same intake as an upload.
   */
  async importData(actor: Actor, projectId: string, req: ImportRequest) {
    const project = await this.projects.get(actor, projectId, 'assets.import');
    if (project.status === 'archived') throw conflict('The project is archived; restore it to add data.', reason('project_archived'));
    const src = req.source;
    let listing: AsyncIterable<{ relative: string; size: number }>;
    let payload: { path?: string; sealedS3?: string };
    if (src.type === 'folder') {
      const folder = await resolveImportFolder(this.config.IMPORT_ROOTS, src.path);
      listing = walkFolder(folder, MAX_IMPORT_FILES + 1);
      payload = { path: folder };
    } else {
      assertImportEndpoint(this.config.S3_IMPORT_ENDPOINTS, this.config.S3_IMPORT_ALLOW_PRIVATE, src.endpoint);
      assertNotOwnBucket(ownBlobBucket(this.config), src);
      const client = importClient(src, this.config.S3_IMPORT_ALLOW_PRIVATE);
      listing = (async function* () {
        for await (const o of listImportObjects(client, src, MAX_IMPORT_FILES + 1)) yield { relative: o.key, size: o.size };
      })();
      payload = { sealedS3: sealSource(deriveKey(this.config.DEID_SECRET, 'import-source'), src) };
    }
    if (req.dryRun) return this.count(listing, project.mediaType).catch((e) => Promise.reject(this.sourceProblem(e)));
    // Reach the source once before queueing, so a wrong bucket or key is said now, not in a failed run.
    if (src.type === 's3') await listing[Symbol.asyncIterator]().next().catch((e) => Promise.reject(this.sourceProblem(e)));
    const where = src.type === 'folder' ? payload.path : `${new URL(src.endpoint).origin}/${src.bucket}/${src.prefix}`;
    const run = await this.jobs.startItems(actor, 'assets.import', [{ key: 'source', payload: { projectId, textField: req.textField, createdBy: actor.userId, ...payload } }], { projectId, source: src.type, from: where });
    await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'assets.import_started', resourceType: 'project', resourceId: projectId, origin: actor.origin, details: { source: src.type, from: where, jobRunId: run.id } });
    return { dryRun: false as const, jobRunId: run.id };
  }

  private async count(listing: AsyncIterable<{ relative: string; size: number }>, mediaType: MediaType) {
    const byExtension: Record<string, number> = {};
    const sample: string[] = [];
    let files = 0;
    let bytes = 0;
    let skipped = 0;
    for await (const f of listing) {
      if (files + skipped >= MAX_IMPORT_FILES) return { dryRun: true as const, files, bytes, byExtension, skipped, truncated: true, sample };
      const name = f.relative.split('/').pop()!;
      if (refusal(mediaType, name, false)) {
        skipped++;
        continue;
      }
      const ext = /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? '';
      byExtension[ext] = (byExtension[ext] ?? 0) + 1;
      files++;
      bytes += f.size;
      if (sample.length < 20) sample.push(f.relative);
    }
    return { dryRun: true as const, files, bytes, byExtension, skipped, truncated: false, sample };
  }

  /** The source's own refusal (no bucket, bad keys, an address it may not reach) as a 4xx, not a 500. */
  private sourceProblem(e: unknown) {
    if ((e as { status?: number }).status) return e;
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const message = (e as Error).message ?? String(e);
    if (/private or local address/.test(message)) return forbidden(`Refused to connect: ${message}.`);
    const detail = `The import source answered: ${message}`;
    return status === 403 || status === 401 ? forbidden(detail) : badRequest(detail);
  }

  /**
   * Takes each file in through the shared intake, then starts the runs that
   * finish the work. Nothing is decoded here: the worker does that.
   */
  async upload(actor: Actor, projectId: string, files: AsyncIterable<UploadedFile>, opts: { maxFileBytes: number; textField: string }): Promise<UploadResult> {
    const project = await this.projects.get(actor, projectId, 'assets.upload');
    if (project.status === 'archived') throw conflict('The project is archived; restore it to add data.', reason('project_archived'));
    const target = { orgId: actor.orgId, userId: actor.userId, projectId, mediaType: project.mediaType };
    const admissions: Admission[] = [];
    let cutOff: unknown = null;
    try {
      for await (const file of files) {
        admissions.push(await this.intake.admit(target, file.filename, file.stream, { truncated: file.truncated, maxBytes: opts.maxFileBytes }));
      }
    } catch (e) {
      // The request broke off (the connection dropped, the body was malformed): the files that came in whole are
      // in the project as pending, and are ingested all the same; the error still answers the request.
      cutOff = e;
    }
    const result = await this.intake.startRuns(target, admissions, opts.textField);
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'assets.uploaded', resourceType: 'project', resourceId: projectId, origin: actor.origin,
      details: {
        accepted: result.accepted.length, duplicates: result.duplicates.length, recordFiles: result.recordFiles.length, archives: result.archives.length, rejected: result.rejected.length,
        jobRunId: result.jobRunId, splitRunId: result.splitRunId, archiveRunId: result.archiveRunId, ...(cutOff ? { cutOff: true } : {}),
      },
    });
    if (cutOff) throw cutOff;
    return result;
  }

  /**
   * A page of the project's assets, the number that match and the counts by status: after the access check, one
   * statement for the counts (one pass over the project's assets) and one for the page with its gold flags.
   */
  async list(actor: Actor, projectId: string, q: AssetListQuery) {
    if (!(await this.projects.reaches(actor, projectId, 'assets.read'))) throw notFound('project');
    const params: unknown[] = [actor.orgId, projectId];
    const matching = assetFilterSql(q, params);
    const [counts] = await this.db.query<({ total: number } & Record<AssetEntity['status'], number>)[]>(
      `SELECT count(*) FILTER (WHERE ${matching})::int AS total,
              count(*) FILTER (WHERE a.status = 'pending')::int AS pending, count(*) FILTER (WHERE a.status = 'ready')::int AS ready,
              count(*) FILTER (WHERE a.status = 'failed')::int AS failed, count(*) FILTER (WHERE a.status = 'quarantined')::int AS quarantined
         FROM assets a WHERE a.org_id = $1 AND a.project_id = $2`, params);
    const pageParams = [...params];
    const rows = await this.db.query<GoldMarked[]>(
      `SELECT ${ASSET_COLUMNS}, ${GOLD_SQL} AS gold FROM assets a
        WHERE a.org_id = $1 AND a.project_id = $2 AND ${matching}
        ORDER BY a.created_at DESC, a.id ${pageSql(q.limit, q.offset, pageParams)}`, pageParams);
    const { total, ...byStatus } = counts;
    const expiresAt = this.links.expiry();
    return { items: rows.map((a) => this.present(actor, a, a.gold, expiresAt)), total, counts: byStatus };
  }

  /** An asset of the organisation, for server-side work (a job) that acts for no one in particular. */
  async findInOrg(orgId: string, id: string): Promise<AssetEntity | null> {
    return this.db.getRepository(AssetEntity).findOneBy({ id, orgId });
  }

  /** An asset the actor may see for the action, with its gold flag, or 404 — also for another organisation's ids. */
  async getEntity(actor: Actor, id: string, action: 'assets.read' | 'assets.upload' | 'assets.release' | 'assets.originals' | 'assets.delete' = 'assets.read'): Promise<GoldMarked> {
    const [a] = await this.db.query<GoldMarked[]>(`SELECT ${ASSET_COLUMNS}, ${GOLD_SQL} AS gold FROM assets a WHERE a.id = $1 AND a.org_id = $2`, [id, actor.orgId]);
    if (!a) throw notFound('asset');
    // One statement: whether the actor reaches the project, without reading its label schema.
    if (!(await this.projects.reaches(actor, a.projectId, action))) throw notFound('asset');
    return a;
  }

  /** One asset as the viewer sees it, with a thumbnail URL signed for them when they may see the thumbnail. */
  async get(actor: Actor, id: string): Promise<Asset> {
    const a = await this.getEntity(actor, id);
    return this.present(actor, a, a.gold);
  }

  private present(actor: Actor, a: AssetEntity, gold: boolean, expiresAt = this.links.expiry()): Asset {
    const thumb = a.thumbnailKey && viewable(actor.role, a) ? this.links.url(this.claims(actor, a, 'thumbnail', expiresAt)) : null;
    // Gold must look like any other asset to those it measures: only those who keep gold are told.
    return toAsset(a, thumb, gold && allows(actor.role, 'gold.manage'));
  }

  private claims(actor: Actor, a: AssetEntity, file: FileClaims['file'], expiresAt: Date): FileClaims {
    return { orgId: actor.orgId, assetId: a.id, file, userId: actor.userId, expiresAt };
  }

  /**
   * Refuses bytes of an asset that is not ready. A quarantined series may show
   * patient data burned into its pixels: only those who may release it (owners,
   * admins) see it, because they must look before they release. Pending series
   * are refused too: their quarantine is not decided yet.
   */
  private assertViewable(actor: Actor, a: AssetEntity) {
    if (viewable(actor.role, a)) return;
    const what = a.kind === 'dicom' ? 'series' : 'asset';
    if (a.status === 'quarantined') throw conflict(`The ${what} is quarantined: it may show patient data, and only an owner or admin sees it until they release it.`);
    throw conflict(`The ${what} is ${a.status}; its content is served once ingest has checked it.`);
  }

  private noteView(actor: Actor, a: AssetEntity, file: ViewedFile, origin: RequestOrigin = actor.origin) {
    this.views.note({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, projectId: a.projectId, assetId: a.id, file, origin });
  }

  async content(actor: Actor, id: string): Promise<{ stream: Readable; contentType: string; size: number; name: string }> {
    const a = await this.getEntity(actor, id);
    this.assertViewable(actor, a);
    if (a.kind === 'dicom') throw conflict('A DICOM series is read instance by instance: see /instances.');
    // Text is served as the normalised copy ingest stored; images as uploaded, with the type their bytes proved.
    const key = a.kind === 'text' ? String(a.metadata.textKey) : a.blobKey;
    const out = { stream: await this.blobs.get(key), contentType: a.contentType ?? 'application/octet-stream', size: await this.blobs.size(key), name: a.name };
    this.noteView(actor, a, 'content');
    return out;
  }

  async thumbnail(actor: Actor, id: string): Promise<Readable> {
    const a = await this.getEntity(actor, id);
    if (!a.thumbnailKey) throw notFound('thumbnail');
    // A series' thumbnail is one of its slices: held back with the series while it is quarantined.
    this.assertViewable(actor, a);
    const stream = await this.blobs.get(a.thumbnailKey);
    this.noteView(actor, a, 'thumbnail');
    return stream;
  }

  /** A series' de-identified instances, in order along the slice normal. */
  async instances(actor: Actor, id: string) {
    const a = await this.getEntity(actor, id);
    if (a.kind !== 'dicom') throw notFound('DICOM series');
    this.assertViewable(actor, a);
    return (await this.orderedInstances(a)).map((r) => ({ id: r.id, sopInstanceUid: r.sop_instance_uid, instanceNumber: r.instance_number }));
  }

  private async orderedInstances(a: AssetEntity) {
    const rows = await this.db.query<InstanceListRow[]>(
      `SELECT id, sop_instance_uid, instance_number, blob_key, metadata->>'size' AS size,
              position, orientation, rows, columns, pixel_spacing, metadata->'pixel' AS pixel
         FROM dicom_instances WHERE asset_id = $1 AND org_id = $2`, [a.id, a.orgId]);
    // Ingest settles the order along the slice normal after every instance; one that arrived since sorts last until then.
    const rank = new Map(((a.metadata.order as string[] | undefined) ?? []).map((id, i) => [id, i]));
    const at = (r: { id: string; instance_number: number | null }) => [rank.get(r.id) ?? Number.MAX_SAFE_INTEGER, r.instance_number ?? 0];
    return rows.sort((x, y) => at(x)[0] - at(y)[0] || at(x)[1] - at(y)[1]);
  }

  async instanceContent(actor: Actor, id: string, instanceId: string): Promise<{ stream: Readable; size: number }> {
    const a = await this.getEntity(actor, id);
    if (a.kind !== 'dicom') throw notFound('DICOM series');
    this.assertViewable(actor, a);
    const [row] = await this.db.query<{ blob_key: string }[]>(`SELECT blob_key FROM dicom_instances WHERE id = $1 AND asset_id = $2 AND org_id = $3`, [instanceId, id, actor.orgId]);
    if (!row) throw notFound('instance');
    const out = { stream: await this.blobs.get(row.blob_key), size: await this.blobs.size(row.blob_key) };
    this.noteView(actor, a, 'instance');
    return out;
  }

  /**
   * The bytes of an asset as signed URLs the browser can fetch without a token:
   * the image or the text, or every instance of a DICOM series in slice order.
   * Listing signs; it shows nothing, so it is not a view. Fetching a URL is,
   * and lands in the audit log (batched, see ViewLog).
   */
  async files(actor: Actor, id: string): Promise<AssetFileList> {
    const a = await this.getEntity(actor, id);
    this.assertViewable(actor, a);
    const expiresAt = this.links.expiry();
    const url = (file: FileClaims['file']) => this.links.url(this.claims(actor, a, file, expiresAt));
    let items: AssetFile[];
    if (a.kind === 'dicom') {
      const rows = await this.orderedInstances(a);
      items = await Promise.all(rows.map(async (r) => ({
        kind: 'instance' as const, url: url({ instance: r.id }), contentType: 'application/dicom',
        size: r.size !== null ? Number(r.size) : await this.blobs.size(r.blob_key),
        instanceId: r.id, sopInstanceUid: r.sop_instance_uid, instanceNumber: r.instance_number, geometry: geometryOf(r),
      })));
    } else {
      const size = a.kind === 'text' ? await this.blobs.size(String(a.metadata.textKey)) : Number(a.size);
      items = [{ kind: 'content', url: url('content'), contentType: a.contentType ?? 'application/octet-stream', size }];
    }
    return { assetId: a.id, expiresAt: expiresAt.toISOString(), thumbnailUrl: a.thumbnailKey ? url('thumbnail') : null, items };
  }

  /**
   * Serves a signed file link. The signature proves we made the link; it does
   * not prove the viewer may still see the file, so that is asked again: the
   * viewer must still be a member with their role read now, the asset must
   * still be in that organisation and in a project they may read, and it must
   * be viewable (a series quarantined since stays hidden from non-operators).
   */
  async openSigned(token: string, origin: RequestOrigin): Promise<ServedFile> {
    const c = this.links.open(token);
    const instanceId = typeof c.file === 'object' ? c.file.instance : null;
    // One statement for every check (each file of a 300-slice series is one request): the viewer's membership and
    // role now, the asset in that organisation with its project, whether they are a member of that project, and
    // the instance's blob. What the role reaches is decided below from the role read here, as ProjectsService.scoped does.
    const { entities: [a], raw: [row] } = await this.db.getRepository(AssetEntity).createQueryBuilder('a')
      .innerJoin('users', 'u', 'u.id = :userId', { userId: c.userId })
      .innerJoin('memberships', 'm', 'm.user_id = u.id AND m.org_id = a.org_id')
      .innerJoin('projects', 'p', 'p.id = a.project_id AND p.org_id = a.org_id')
      .leftJoin('dicom_instances', 'di', 'di.id = :instanceId AND di.asset_id = a.id AND di.org_id = a.org_id', { instanceId })
      .addSelect(['u.email AS member_email', 'u.name AS member_name', 'm.role AS member_role', 'di.blob_key AS instance_key'])
      .addSelect('EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = a.project_id AND pm.user_id = u.id)', 'in_project')
      .where('a.id = :assetId AND a.org_id = :orgId', { assetId: c.assetId, orgId: c.orgId })
      .getRawAndEntities<{ member_email: string; member_name: string; member_role: Role; instance_key: string | null; in_project: boolean }>();
    if (!a || !row) throw await this.signedRefusal(c.userId, c.orgId);
    const actor: Actor = { userId: c.userId, orgId: c.orgId, email: row.member_email, name: row.member_name, role: row.member_role, origin };
    const reach = reachOf(actor.role, 'assets.read');
    if (!reach) throw forbidden();
    if (reach !== 'org' && !(reach === 'project' && row.in_project)) throw notFound('asset');
    this.assertViewable(actor, a);
    let key: string;
    let contentType: string;
    let filename: string;
    let file: ViewedFile;
    if (c.file === 'thumbnail') {
      if (!a.thumbnailKey) throw notFound('thumbnail');
      [key, contentType, filename, file] = [a.thumbnailKey, 'image/webp', `${a.id}-thumbnail.webp`, 'thumbnail'];
    } else if (c.file === 'content') {
      if (a.kind === 'dicom') throw notFound('file');
      const text = a.kind === 'text';
      key = text ? String(a.metadata.textKey) : a.blobKey;
      contentType = a.contentType ?? 'application/octet-stream';
      filename = `${a.id}.${text ? 'txt' : EXTENSIONS[contentType] ?? 'bin'}`;
      file = 'content';
    } else {
      if (!row.instance_key) throw notFound('instance');
      [key, contentType, filename, file] = [row.instance_key, 'application/dicom', `${c.file.instance}.dcm`, 'instance'];
    }
    const [size, stream] = [await this.blobs.size(key), await this.blobs.get(key)];
    this.noteView(actor, a, file, origin);
    return { stream, contentType, size, filename, expiresAt: c.expiresAt };
  }

  /**
   * Why a signed link found nothing (only asked when it did): the person is no longer a member of the
   * organisation (403), their role reads no asset (403), or the asset is gone from it (404).
   */
  private async signedRefusal(userId: string, orgId: string) {
    const [member] = await this.db.query<{ role: Role }[]>(`SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.org_id = $2`, [userId, orgId]);
    if (!member) return forbidden('The person this link was made for is no longer a member.');
    if (!allows(member.role, 'assets.read')) return forbidden();
    return notFound('asset');
  }

  /** An instance's kept original (patient data and all), for owners and admins; every read is in the audit log. */
  async original(actor: Actor, id: string, instanceId: string): Promise<Buffer> {
    const a = await this.getEntity(actor, id, 'assets.originals');
    const bytes = await this.dicom.original(actor.orgId, a.id, instanceId);
    if (!bytes) throw notFound('kept original (the project does not keep originals, or this instance has none)');
    await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'asset.original_read', resourceType: 'dicom_instance', resourceId: instanceId, origin: actor.origin, details: { assetId: a.id } });
    return bytes;
  }

  /** Lets a quarantined series be seen: an operator has looked and found no patient data in the pixels. */
  async release(actor: Actor, id: string) {
    const a = await this.getEntity(actor, id, 'assets.release');
    const res = await this.db.createQueryBuilder().update(AssetEntity).set({ status: 'ready', error: null, errorCode: null, updatedAt: new Date() })
      .where('id = :id AND status = :q', { id: a.id, q: 'quarantined' }).execute();
    if (!res.affected) throw conflict(`Only a quarantined series can be released; this one is ${a.status}.`, reason('not_quarantined', { status: a.status }));
    await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'asset.released', resourceType: 'asset', resourceId: a.id, origin: actor.origin, details: { reason: a.error } });
    return this.get(actor, id);
  }

  /**
   * Sends a failed asset through ingest again, as a new run. The asset turns pending in the transaction that
   * writes the run, so it is never pending without a run to ingest it (the reconciler queues a run's jobs that
   * were not queued).
   */
  async retry(actor: Actor, id: string) {
    const a = await this.getEntity(actor, id, 'assets.upload');
    const { run, queue } = await this.db.transaction(async (em) => {
      const res = await em.createQueryBuilder().update(AssetEntity).set({ status: 'pending', error: null, errorCode: null, updatedAt: new Date() })
        .where('id = :id AND status = :failed', { id: a.id, failed: 'failed' }).execute();
      if (!res.affected) throw conflict(`Only a failed asset can be retried; this one is ${a.status}.`, reason('not_failed', { status: a.status }));
      return this.jobs.createItems(actor, 'assets.ingest', [{ key: `${a.id}-retry-${Date.now()}`, payload: { assetIds: [a.id] } }], { projectId: a.projectId, retry: a.id }, em);
    });
    await queue();
    return run;
  }

  /**
   * The failed ones among the assets a person chose go through ingest again, as one run (ASSET_BATCH a job); the
   * others are left as they are. 409 when none of them has failed.
   */
  async retryMany(actor: Actor, projectId: string, choice: AssetChoice) {
    if (!(await this.projects.reaches(actor, projectId, 'assets.upload'))) throw notFound('project');
    const { run, queue } = await this.db.transaction(async (em) => {
      const params: unknown[] = [actor.orgId, projectId];
      // A SELECT around the UPDATE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      const ids = (await em.query<{ id: string }[]>(
        `WITH again AS (
           UPDATE assets a SET status = 'pending', error = NULL, error_code = NULL, updated_at = now()
            WHERE a.org_id = $1 AND a.project_id = $2 AND a.status = 'failed' AND ${assetChoiceSql(choice, params)}
           RETURNING a.id, a.created_at)
         SELECT id FROM again ORDER BY created_at, id`, params)).map((r) => r.id);
      if (!ids.length) throw conflict('None of the chosen assets has failed.', reason('none_failed'));
      return this.jobs.createItems(actor, 'assets.ingest', ingestJobs(ids), { projectId, files: ids.length, retry: 'many' }, em);
    });
    await queue();
    return run;
  }

}

/** Whether the viewer may see the bytes of the asset now (see assertViewable). */
function viewable(role: Role, a: AssetEntity): boolean {
  return a.status === 'ready' || (a.status === 'quarantined' && allows(role, 'assets.release'));
}

interface InstanceListRow {
  id: string;
  sop_instance_uid: string;
  instance_number: number | null;
  blob_key: string;
  size: string | null;
  position: number[] | null;
  orientation: number[] | null;
  rows: number | null;
  columns: number | null;
  pixel_spacing: number[] | null;
  pixel: Partial<Record<keyof DicomInstanceGeometry, number | string | null>> | null;
}

/**
 * An instance's plane and pixel format as ingest read them, or null when any of it is missing (a series
 * ingested before the pixel format was kept, a slice without a plane): the viewer then reads every file first.
 */
function geometryOf(r: InstanceListRow): DicomInstanceGeometry | null {
  const p = r.pixel;
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  if (!p || r.rows === null || r.columns === null || r.position?.length !== 3 || r.orientation?.length !== 6 || r.pixel_spacing?.length !== 2) return null;
  const bitsAllocated = int(p.bitsAllocated);
  const pixelRepresentation = int(p.pixelRepresentation);
  if (bitsAllocated === null || pixelRepresentation === null) return null;
  const bitsStored = int(p.bitsStored) ?? bitsAllocated;
  return {
    rows: r.rows, columns: r.columns, position: r.position, orientation: r.orientation, pixelSpacing: r.pixel_spacing,
    sliceThickness: typeof p.sliceThickness === 'number' ? p.sliceThickness : null,
    samplesPerPixel: int(p.samplesPerPixel) ?? 1,
    photometricInterpretation: typeof p.photometricInterpretation === 'string' ? p.photometricInterpretation : 'MONOCHROME2',
    bitsAllocated, bitsStored, highBit: int(p.highBit) ?? bitsStored - 1, pixelRepresentation,
    // DICOM's defaults when a modality LUT is absent.
    rescaleSlope: typeof p.rescaleSlope === 'number' ? p.rescaleSlope : 1,
    rescaleIntercept: typeof p.rescaleIntercept === 'number' ? p.rescaleIntercept : 0,
  };
}
