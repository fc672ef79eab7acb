import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { RECORD_EXTENSIONS, TEXT_EXTENSIONS, type Asset, type AssetListQuery, type MediaType, type UploadResult } from '@tessera/contracts';
import { conflict, notFound } from '@tessera/server/http';
import { AuditLog } from '@tessera/server/audit';
import type { Actor } from '@tessera/server/auth';
import { JobRunsService } from '@tessera/server/jobs';
import { ProjectsService } from '@tessera/server/projects';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { AssetEntity } from './asset.entity';
import { displayName } from './ingest';

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
    error: a.error, metadata: a.metadata, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
  };
}

const extensionOf = (name: string) => /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? '';
const recordFormat = (name: string) => RECORD_EXTENSIONS[extensionOf(name) as keyof typeof RECORD_EXTENSIONS];

/** Why a file cannot become an asset of a project of this media type, judged before any byte is stored. */
function refusal(mediaType: MediaType, name: string): string | null {
  const ext = extensionOf(name);
  const accepted = [...TEXT_EXTENSIONS, ...Object.keys(RECORD_EXTENSIONS)];
  if (mediaType === 'text' && !accepted.includes(ext)) {
    return `"${ext || 'no extension'}" is not a text format this project takes (${accepted.join(', ')})`;
  }
  if (mediaType === 'dicom') return 'DICOM ingest is not available yet';
  return null;
}

@Injectable()
export class AssetsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly projects: ProjectsService,
    private readonly jobs: JobRunsService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Stores each file content-addressed, makes a pending asset per new file
   * (the same bytes twice in a project are one asset) and fans out one ingest
   * job per asset. Nothing is decoded here: the worker does that.
   */
  async upload(actor: Actor, projectId: string, files: AsyncIterable<UploadedFile>, opts: { maxFileBytes: number; textField: string }): Promise<UploadResult> {
    const maxFileBytes = opts.maxFileBytes;
    const project = await this.projects.get(actor, projectId, 'assets.upload');
    if (project.status === 'archived') throw conflict('The project is archived; restore it to add data.');
    const result: UploadResult = { jobRunId: null, splitRunId: null, recordFiles: [], accepted: [], duplicates: [], rejected: [] };
    const splits: { name: string; blobKey: string; format: 'jsonl' | 'csv' }[] = [];
    for await (const file of files) {
      const name = displayName(file.filename);
      const reason = refusal(project.mediaType, name);
      if (reason) {
        file.stream.resume();
        result.rejected.push({ name, reason });
        continue;
      }
      const blob = await this.blobs.put(file.stream);
      if (file.truncated()) {
        result.rejected.push({ name, reason: `larger than the upload limit of ${maxFileBytes} bytes; use resumable upload` });
        continue;
      }
      if (blob.size === 0) {
        result.rejected.push({ name, reason: 'the file is empty' });
        continue;
      }
      const format = project.mediaType === 'text' ? recordFormat(name) : undefined;
      if (format) {
        // Split by the worker into one text asset per record.
        splits.push({ name, blobKey: blob.key, format });
        result.recordFiles.push({ name });
        continue;
      }
      const [inserted] = await this.db.query<{ id: string }[]>(
        `INSERT INTO assets (org_id, project_id, kind, name, blob_key, sha256, size, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (project_id, sha256) DO NOTHING RETURNING id`,
        [actor.orgId, projectId, project.mediaType, name, blob.key, blob.sha256, blob.size, actor.userId],
      );
      if (inserted) result.accepted.push({ assetId: inserted.id, name });
      else {
        const [existing] = await this.db.query(`SELECT id FROM assets WHERE project_id = $1 AND sha256 = $2`, [projectId, blob.sha256]);
        result.duplicates.push({ assetId: existing.id, name });
      }
    }
    if (result.accepted.length) {
      const run = await this.jobs.startItems(actor, 'assets.ingest', result.accepted.map((a) => ({ key: a.assetId, payload: { assetId: a.assetId } })), { projectId, files: result.accepted.length });
      result.jobRunId = run.id;
    }
    if (splits.length) {
      const run = await this.jobs.startItems(actor, 'assets.split', splits.map((f, i) => ({
        key: `${i}`,
        payload: { projectId, blobKey: f.blobKey, name: f.name, format: f.format, textField: opts.textField, createdBy: actor.userId },
      })), { projectId, recordFiles: splits.length, textField: opts.textField });
      result.splitRunId = run.id;
    }
    await this.audit.record({
      orgId: actor.orgId, actor: { userId: actor.userId, email: actor.email }, action: 'assets.uploaded', resourceType: 'project', resourceId: projectId,
      origin: actor.origin, details: { accepted: result.accepted.length, recordFiles: splits.length, duplicates: result.duplicates.length, rejected: result.rejected.length, jobRunId: result.jobRunId, splitRunId: result.splitRunId },
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
    const byStatus = await this.db.query<{ status: 'pending' | 'ready' | 'failed'; n: string }[]>(
      `SELECT status, count(*) AS n FROM assets WHERE org_id = $1 AND project_id = $2 GROUP BY status`, [actor.orgId, projectId]);
    const counts = { pending: 0, ready: 0, failed: 0 };
    for (const r of byStatus) counts[r.status] = Number(r.n);
    return { items: rows.map(toAsset), total, counts };
  }

  /** An asset the actor may see for the action, or 404 — also for another organisation's ids. */
  async getEntity(actor: Actor, id: string, action: 'assets.read' | 'assets.upload' = 'assets.read'): Promise<AssetEntity> {
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
    // Text is served as the normalised copy ingest stored; images as uploaded, with the type their bytes proved.
    const key = a.kind === 'text' ? String(a.metadata.textKey) : a.blobKey;
    return { stream: await this.blobs.get(key), contentType: a.contentType ?? 'application/octet-stream', size: await this.blobs.size(key), name: a.name };
  }

  async thumbnail(actor: Actor, id: string): Promise<Readable> {
    const a = await this.getEntity(actor, id);
    if (!a.thumbnailKey) throw notFound('thumbnail');
    return this.blobs.get(a.thumbnailKey);
  }

  /** Sends a failed asset through ingest again, as a new run. */
  async retry(actor: Actor, id: string) {
    const a = await this.getEntity(actor, id, 'assets.upload');
    const res = await this.db.createQueryBuilder().update(AssetEntity).set({ status: 'pending', error: null, updatedAt: new Date() })
      .where('id = :id AND status = :failed', { id: a.id, failed: 'failed' }).execute();
    if (!res.affected) throw conflict(`Only a failed asset can be retried; this one is ${a.status}.`);
    return this.jobs.startItems(actor, 'assets.ingest', [{ key: `${a.id}-retry-${Date.now()}`, payload: { assetId: a.id } }], { projectId: a.projectId, retry: a.id });
  }
}
