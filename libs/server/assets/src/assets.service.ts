import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Asset, AssetListQuery, ImportRequest, MediaType, UploadResult } from '@tessera/contracts';
import { CONFIG, type Config } from '@tessera/server/config';
import { MAX_IMPORT_FILES, resolveImportFolder, walkFolder } from './folder-import';
import { refusal } from './asset-intake';
import { badRequest, conflict, forbidden, notFound } from '@tessera/server/http';
import { AuditLog } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { JobRunsService } from '@tessera/server/jobs';
import { ProjectsService } from '@tessera/server/projects';
import { BLOB_STORE, deriveKey, type BlobStore } from '@tessera/server/storage';
import { assertImportEndpoint, importClient, listImportObjects, sealSource } from './s3-import';
import { AssetEntity } from './asset.entity';
import { AssetIntake, type Admission } from './asset-intake';
import { DicomIngestor } from './dicom-ingestor';

export interface UploadedFile {
  filename: string;
  stream: Readable;
  /** set by the multipart parser when the file hit the size limit */
  truncated(): boolean;
}

export function toAsset(a: AssetEntity): Asset {
  return {
    id: a.id, projectId: a.projectId, kind: a.kind, status: a.status, name: a.name, sha256: a.sha256, size: Number(a.size),
    contentType: a.contentType, width: a.width, height: a.height, hasThumbnail: a.thumbnailKey !== null, preview: a.preview,
    error: a.error, errorCode: a.errorCode, metadata: a.metadata, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
  };
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
    if (project.status === 'archived') throw conflict('The project is archived; restore it to add data.');
    const src = req.source;
    let listing: AsyncIterable<{ relative: string; size: number }>;
    let payload: { path?: string; sealedS3?: string };
    if (src.type === 'folder') {
      const folder = await resolveImportFolder(this.config.IMPORT_ROOTS, src.path);
      listing = walkFolder(folder, MAX_IMPORT_FILES + 1);
      payload = { path: folder };
    } else {
      assertImportEndpoint(this.config.S3_IMPORT_ENDPOINTS, this.config.S3_IMPORT_ALLOW_PRIVATE, src.endpoint);
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
    if (project.status === 'archived') throw conflict('The project is archived; restore it to add data.');
    const target = { orgId: actor.orgId, userId: actor.userId, projectId, mediaType: project.mediaType };
    const admissions: Admission[] = [];
    for await (const file of files) {
      admissions.push(await this.intake.admit(target, file.filename, file.stream, { truncated: file.truncated, maxBytes: opts.maxFileBytes }));
    }
    const result = await this.intake.startRuns(target, admissions, opts.textField);
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'assets.uploaded', resourceType: 'project', resourceId: projectId, origin: actor.origin,
      details: { accepted: result.accepted.length, duplicates: result.duplicates.length, recordFiles: result.recordFiles.length, archives: result.archives.length, rejected: result.rejected.length, jobRunId: result.jobRunId, splitRunId: result.splitRunId, archiveRunId: result.archiveRunId },
    });
    return result;
  }

  async list(actor: Actor, projectId: string, q: AssetListQuery) {
    await this.projects.get(actor, projectId, 'assets.read');
    const qb = this.db.getRepository(AssetEntity).createQueryBuilder('a').where('a.orgId = :orgId AND a.projectId = :projectId', { orgId: actor.orgId, projectId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('a.kind = :kind', { kind: q.kind });
    if (q.q) qb.andWhere(`a.name ILIKE :q ESCAPE '\\'`, { q: `%${q.q.replace(/[\\%_]/g, '\\$&')}%` });
    const [rows, total] = await qb.orderBy('a.createdAt', 'DESC').addOrderBy('a.id').limit(q.limit).offset(q.offset).getManyAndCount();
    const byStatus = await this.db.query<{ status: 'pending' | 'ready' | 'failed' | 'quarantined'; n: string }[]>(
      `SELECT status, count(*) AS n FROM assets WHERE org_id = $1 AND project_id = $2 GROUP BY status`, [actor.orgId, projectId]);
    const counts = { pending: 0, ready: 0, failed: 0, quarantined: 0 };
    for (const r of byStatus) counts[r.status] = Number(r.n);
    return { items: rows.map(toAsset), total, counts };
  }

  /** An asset the actor may see for the action, or 404 — also for another organisation's ids. */
  async getEntity(actor: Actor, id: string, action: 'assets.read' | 'assets.upload' | 'assets.release' | 'assets.originals' = 'assets.read'): Promise<AssetEntity> {
    const a = await this.db.getRepository(AssetEntity).findOneBy({ id, orgId: actor.orgId });
    if (!a) throw notFound('asset');
    await this.projects.get(actor, a.projectId, action).catch(() => {
      throw notFound('asset');
    });
    return a;
  }

  async content(actor: Actor, id: string): Promise<{ stream: Readable; contentType: string; size: number; name: string }> {
    const a = await this.getEntity(actor, id);
    if (a.status !== 'ready') throw conflict(`The asset is ${a.status}; its content is served once ingest has checked it.`);
    if (a.kind === 'dicom') throw conflict('A DICOM series is read instance by instance: see /instances.');
    // Text is served as the normalised copy ingest stored; images as uploaded, with the type their bytes proved.
    const key = a.kind === 'text' ? String(a.metadata.textKey) : a.blobKey;
    return { stream: await this.blobs.get(key), contentType: a.contentType ?? 'application/octet-stream', size: await this.blobs.size(key), name: a.name };
  }

  async thumbnail(actor: Actor, id: string): Promise<Readable> {
    const a = await this.getEntity(actor, id);
    if (!a.thumbnailKey) throw notFound('thumbnail');
    return this.blobs.get(a.thumbnailKey);
  }

  /** A series' de-identified instances, in order along the slice normal. */
  async instances(actor: Actor, id: string) {
    const a = await this.getEntity(actor, id);
    if (a.kind !== 'dicom') throw notFound('DICOM series');
    if (a.status !== 'ready') throw conflict(`The series is ${a.status}.`);
    const rows = await this.db.query<{ id: string; sop_instance_uid: string; instance_number: number | null }[]>(
      `SELECT id, sop_instance_uid, instance_number FROM dicom_instances WHERE asset_id = $1 AND org_id = $2`, [a.id, actor.orgId]);
    const order = (a.metadata.order as string[] | undefined) ?? [];
    const rank = (r: { id: string }) => { const i = order.indexOf(r.id); return i < 0 ? Number.MAX_SAFE_INTEGER : i; };
    return rows.sort((x, y) => rank(x) - rank(y)).map((r) => ({ id: r.id, sopInstanceUid: r.sop_instance_uid, instanceNumber: r.instance_number }));
  }

  async instanceContent(actor: Actor, id: string, instanceId: string): Promise<{ stream: Readable; size: number }> {
    await this.instances(actor, id);
    const [row] = await this.db.query<{ blob_key: string }[]>(`SELECT blob_key FROM dicom_instances WHERE id = $1 AND asset_id = $2 AND org_id = $3`, [instanceId, id, actor.orgId]);
    if (!row) throw notFound('instance');
    return { stream: await this.blobs.get(row.blob_key), size: await this.blobs.size(row.blob_key) };
  }

  /** An instance's kept original (patient data and all), for owners and admins; every read is in the audit log. */
  async original(actor: Actor, id: string, instanceId: string): Promise<Buffer> {
    const a = await this.getEntity(actor, id, 'assets.originals');
    const bytes = await this.dicom.original(actor.orgId, instanceId);
    if (!bytes) throw notFound('kept original (the project does not keep originals, or this instance has none)');
    await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'asset.original_read', resourceType: 'dicom_instance', resourceId: instanceId, origin: actor.origin, details: { assetId: a.id } });
    return bytes;
  }

  /** Lets a quarantined series be seen: an operator has looked and found no patient data in the pixels. */
  async release(actor: Actor, id: string) {
    const a = await this.getEntity(actor, id, 'assets.release');
    const res = await this.db.createQueryBuilder().update(AssetEntity).set({ status: 'ready', error: null, errorCode: null, updatedAt: new Date() })
      .where('id = :id AND status = :q', { id: a.id, q: 'quarantined' }).execute();
    if (!res.affected) throw conflict(`Only a quarantined series can be released; this one is ${a.status}.`);
    await this.audit.record({ orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'asset.released', resourceType: 'asset', resourceId: a.id, origin: actor.origin, details: { reason: a.error } });
    return toAsset(await this.getEntity(actor, id));
  }

  /** Sends a failed asset through ingest again, as a new run. */
  async retry(actor: Actor, id: string) {
    const a = await this.getEntity(actor, id, 'assets.upload');
    const res = await this.db.createQueryBuilder().update(AssetEntity).set({ status: 'pending', error: null, errorCode: null, updatedAt: new Date() })
      .where('id = :id AND status = :failed', { id: a.id, failed: 'failed' }).execute();
    if (!res.affected) throw conflict(`Only a failed asset can be retried; this one is ${a.status}.`);
    return this.jobs.startItems(actor, 'assets.ingest', [{ key: `${a.id}-retry-${Date.now()}`, payload: { assetIds: [a.id] } }], { projectId: a.projectId, retry: a.id });
  }
}
