import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { RECORD_EXTENSIONS, TEXT_EXTENSIONS, type IngestErrorCode, type MediaType, type UploadResult } from '@tessera/contracts';
import { JobRunsService } from '@tessera/server/jobs';
import { BLOB_STORE, deriveKey, sealStream, type BlobStore } from '@tessera/server/storage';
import { CONFIG, type Config } from '@tessera/server/config';
import { Transform } from 'node:stream';
import { displayName, pseudonymousName } from './ingest';
import { SealedBlobs } from './sealed-blobs';

/** Where files go, and on whose behalf. */
export interface IntakeTarget {
  orgId: string;
  userId: string;
  projectId: string;
  mediaType: MediaType;
  /** The run whose job takes the files in (an import, an archive), when it is not a request. */
  heldBy?: string;
}

export type Admission =
  | { kind: 'asset'; assetId: string; name: string }
  /** Already in the project; `pending`: never ingested (its first upload was cut off before its run began). */
  | { kind: 'duplicate'; assetId: string; name: string; pending: boolean }
  | { kind: 'records'; name: string; blobKey: string; format: 'jsonl' | 'csv' }
  | { kind: 'archive'; name: string; blobKey: string }
  /** Raw DICOM, sealed until the worker de-identifies it; nobody reads it in between. (An archive in a DICOM project is sealed too.) */
  | { kind: 'dicom'; name: string; blobKey: string }
  | { kind: 'rejected'; name: string; reason: string; code: IngestErrorCode };

/**
 * DICOM files per job. Settling a series (re-reading its instances, ordering
 * them, maybe a new thumbnail) happens once per batch instead of once per
 * file; small enough that a batch of large files stays within memory and a
 * redelivered batch redoes little.
 */
export const DICOM_BATCH = 16;
/** Images and texts per job: a job's fixed costs (queue, run, count) are shared, and its files decode side by side. */
export const ASSET_BATCH = 8;

const inBatches = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** The `assets.ingest` jobs for these pending assets, ASSET_BATCH a job. */
export const ingestJobs = (assetIds: string[]) =>
  inBatches(assetIds, ASSET_BATCH).map((ids, i) => ({ key: String(i), count: ids.length, payload: { assetIds: ids } }));

/** The `quality.fingerprint` jobs (quality control's near-duplicate check) for these assets, 32 a job. */
export const fingerprintJobs = (assetIds: string[]) =>
  inBatches(assetIds, 32).map((ids, i) => ({ key: String(i), count: ids.length, payload: { assetIds: ids } }));

const tooLarge = (name: string, maxBytes: number): Admission =>
  ({ kind: 'rejected', name, reason: `larger than the upload limit of ${maxBytes} bytes; use resumable upload`, code: 'file.too_large' });

const STAND_IN = /^file-[0-9a-f]{12}(\.[a-z0-9]{1,8})?$/;
const extensionOf = (name: string) => /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? '';

/** A text project's file of records (JSONL, CSV), split into text assets by its own job. */
const recordFormat = (target: Pick<IntakeTarget, 'mediaType'>, name: string) =>
  target.mediaType === 'text' ? RECORD_EXTENSIONS[extensionOf(name) as keyof typeof RECORD_EXTENSIONS] : undefined;

/** Why a file cannot come into a project of this media type, judged by name before any byte is stored. */
export function refusal(mediaType: MediaType, name: string, insideArchive: boolean): { code: IngestErrorCode; reason: string } | null {
  const ext = extensionOf(name);
  if (ext === '.zip') return insideArchive ? { code: 'zip.nested', reason: 'archives inside archives are not expanded' } : null;
  const textOk = [...TEXT_EXTENSIONS, ...Object.keys(RECORD_EXTENSIONS)];
  if (mediaType === 'text' && !textOk.includes(ext)) return { code: 'file.wrong_type', reason: `"${ext || 'no extension'}" is not a text format this project takes (${textOk.join(', ')})` };
  return null;
}

/**
 * The one way a file becomes data: the same for a browser upload and for a
 * file inside an archive. Stores the bytes content-addressed, makes a pending
 * asset (the same bytes twice in a project are one asset) or sets the file
 * aside for splitting or expanding; then starts the runs that finish the job.
 */
@Injectable()
export class AssetIntake {
  private readonly log = new Logger(AssetIntake.name);
  private readonly arrivalListeners: ((orgId: string, assetIds: string[]) => Promise<void>)[] = [];

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly jobs: JobRunsService,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sealed: SealedBlobs,
  ) {}

  /** Keys derived once, not per file: an HMAC each was a measurable share of a DICOM upload's CPU. */
  private readonly incomingKey = deriveKey(this.config.DEID_SECRET, 'dicom-incoming');
  private readonly nameKeys = new Map<string, Buffer>();

  /**
   * What a project's runs, job payloads and errors call a file. In a DICOM
   * project a stand-in: names there are often the patient's, and they would
   * outlive the de-identified data in every run record.
   */
  nameFor(target: Pick<IntakeTarget, 'orgId' | 'mediaType'>, fileName: string): string {
    const name = displayName(fileName);
    // A stand-in already (a resumable upload's name is replaced when it starts) stays as it is.
    if (target.mediaType !== 'dicom' || STAND_IN.test(name)) return name;
    let key = this.nameKeys.get(target.orgId);
    if (!key) this.nameKeys.set(target.orgId, (key = deriveKey(this.config.DEID_SECRET, `deid-name:${target.orgId}`)));
    return pseudonymousName(key, name);
  }

  /**
   * Everything uploaded to a DICOM project goes in sealed, archives too: raw
   * patient data must not rest readable. Scanners often write files without
   * a name, so any name is taken for a DICOM file. An archive, or a record
   * file of a text project, goes in sealed in any project: its random IV makes
   * the blob its own, so the worker can delete it once expanded or split (a
   * content-addressed blob may be another record's too), and its contents do
   * not rest twice.
   */
  private async setAsideSealed(target: IntakeTarget, name: string, stream: Readable, opts: { truncated?: () => boolean; maxBytes: number }): Promise<Admission> {
    let size = 0;
    const count = new Transform({ transform: (chunk: Buffer, _e, done) => ((size += chunk.length), done(null, chunk)) });
    const blob = await this.blobs.put(stream.pipe(count).pipe(sealStream(this.incomingKey)));
    try {
      await this.sealed.setAside(target.orgId, blob.key, target.heldBy ?? null);
    } catch (e) {
      // Not written down, it could never be found again: not kept either.
      await this.blobs.delete(blob.key).catch(() => undefined);
      throw e;
    }
    if (opts.truncated?.() || size === 0) {
      await this.sealed.discard([blob.key]);
      return size === 0 ? { kind: 'rejected', name, reason: 'the file is empty', code: 'file.empty' } : tooLarge(name, opts.maxBytes);
    }
    const format = recordFormat(target, name);
    if (format) return { kind: 'records', name, blobKey: blob.key, format };
    return { kind: extensionOf(name) === '.zip' ? 'archive' : 'dicom', name, blobKey: blob.key };
  }

  async admit(target: IntakeTarget, fileName: string, stream: Readable, opts: { truncated?: () => boolean; maxBytes: number; insideArchive?: boolean }): Promise<Admission> {
    const name = this.nameFor(target, fileName);
    const refused = refusal(target.mediaType, name, opts.insideArchive ?? false);
    if (refused) {
      stream.resume();
      return { kind: 'rejected', name, ...refused };
    }
    if (target.mediaType === 'dicom' || extensionOf(name) === '.zip' || recordFormat(target, name)) return this.setAsideSealed(target, name, stream, opts);
    const blob = await this.blobs.put(stream);
    if (opts.truncated?.()) return tooLarge(name, opts.maxBytes);
    if (blob.size === 0) return { kind: 'rejected', name, reason: 'the file is empty', code: 'file.empty' };

    const [inserted] = await this.db.query<{ id: string }[]>(
      `INSERT INTO assets (org_id, project_id, kind, name, blob_key, sha256, size, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (project_id, sha256) DO NOTHING RETURNING id`,
      [target.orgId, target.projectId, target.mediaType, name, blob.key, blob.sha256, blob.size, target.userId],
    );
    if (inserted) return { kind: 'asset', assetId: inserted.id, name };
    const [existing] = await this.db.query(`SELECT id, status FROM assets WHERE project_id = $1 AND sha256 = $2`, [target.projectId, blob.sha256]);
    return { kind: 'duplicate', assetId: existing.id, name, pending: existing.status === 'pending' };
  }

  /**
   * Work that follows assets as ingest makes them ready, from other features (pre-annotation on arrival):
   * each listener hears of every batch of them. A redelivered ingest job may tell of an asset twice.
   */
  whenArrived(listener: (orgId: string, assetIds: string[]) => Promise<void>): void {
    this.arrivalListeners.push(listener);
  }

  /** Assets ingest just made ready: their fingerprints, then the listeners. A failure costs that follow-up, never the assets. */
  async arrived(orgId: string, assetIds: string[]): Promise<void> {
    if (!assetIds.length) return;
    await this.startFingerprints(orgId, assetIds).catch((e: Error) => this.log.warn(`near-duplicate fingerprints not queued: ${e.message}`));
    for (const listener of this.arrivalListeners) await listener(orgId, assetIds).catch((e: Error) => this.log.warn(`work on arrival not started: ${e.message}`));
  }

  /**
   * After ingest made assets ready: their near-duplicate fingerprints (quality control's
   * `quality.fingerprint` job), 32 assets a job. Nothing to do for none.
   */
  async startFingerprints(orgId: string, assetIds: string[]) {
    if (!assetIds.length) return null;
    return this.jobs.startItems({ orgId, userId: null }, 'quality.fingerprint', fingerprintJobs(assetIds), { assets: assetIds.length });
  }

  /**
   * Image and text assets pending for `olderThanMs` that no open ingest run carries (the process that took them in
   * died before starting one, and nobody sent them again), and that no import still running in their project may
   * yet start one for, get a run, one per project; returns how many. An asset on its way after all is settled once:
   * ingest takes only what is pending.
   */
  async ingestForgotten(olderThanMs: number, limit = 1000): Promise<number> {
    const rows = await this.db.query<{ id: string; org_id: string; project_id: string }[]>(
      `SELECT a.id, a.org_id, a.project_id FROM assets a
        WHERE a.status = 'pending' AND a.kind IN ('image', 'text') AND a.updated_at < now() - make_interval(secs => $1::float8 / 1000)
          AND NOT EXISTS (
            SELECT 1 FROM job_runs r
             WHERE r.state IN ('queued', 'running') AND r.type = 'assets.ingest' AND r.org_id = a.org_id
               AND r.item_jobs->'jobs' @> jsonb_build_array(jsonb_build_object('payload', jsonb_build_object('assetIds', jsonb_build_array(a.id)))))
          -- An import or archive still walking its files starts their ingest once it has them all, which for thousands
          -- of files can take longer than the sweep waits: its project's pending assets are left to it meanwhile.
          AND NOT EXISTS (
            SELECT 1 FROM job_runs h
             WHERE h.state IN ('queued', 'running') AND h.type IN ('assets.import', 'assets.unzip') AND h.org_id = a.org_id
               AND h.params->>'projectId' = a.project_id::text)
        ORDER BY a.updated_at LIMIT $2`,
      [olderThanMs, limit],
    );
    const byProject = new Map<string, typeof rows>();
    for (const r of rows) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r]);
    for (const [projectId, assets] of byProject) {
      const ids = assets.map((a) => a.id);
      await this.jobs.startItems({ orgId: assets[0].org_id, userId: null }, 'assets.ingest', ingestJobs(ids), { projectId, files: ids.length, forgotten: true });
    }
    return rows.length;
  }

  /** One run per kind of follow-up work: ingest new assets, split record files, expand archives. */
  async startRuns(target: IntakeTarget, admissions: Admission[], textField: string): Promise<UploadResult> {
    const pick = <K extends Admission['kind']>(kind: K) => admissions.filter((a): a is Extract<Admission, { kind: K }> => a.kind === kind);
    const owner = { orgId: target.orgId, userId: target.userId };
    const assets = pick('asset');
    // A file sent again that is still pending goes through ingest with the new ones: its first upload may have
    // ended before its run began (the process died). Ingest takes only what is pending, so one already on its
    // way is settled once.
    const toIngest = [...assets, ...pick('duplicate').filter((d) => d.pending)];
    const records = pick('records');
    const archives = pick('archive');
    const dicom = pick('dicom');
    const ingest = toIngest.length
      ? await this.jobs.startItems(owner, 'assets.ingest', ingestJobs(toIngest.map((a) => a.assetId)), { projectId: target.projectId, files: toIngest.length })
      : null;
    const split = records.length
      ? await this.jobs.startItems(owner, 'assets.split', records.map((f, i) => ({
          key: String(i),
          payload: { projectId: target.projectId, blobKey: f.blobKey, name: f.name, format: f.format, textField, createdBy: target.userId, sealed: true },
        })), { projectId: target.projectId, recordFiles: records.length, textField })
      : null;
    const dicomRun = dicom.length
      ? await this.jobs.startItems(owner, 'dicom.ingest', inBatches(dicom, DICOM_BATCH).map((batch, i) => ({
          key: String(i),
          count: batch.length,
          payload: { projectId: target.projectId, files: batch.map(({ blobKey, name }) => ({ blobKey, name })), createdBy: target.userId },
        })), { projectId: target.projectId, files: dicom.length })
      : null;
    const unzip = archives.length
      ? await this.jobs.startItems(owner, 'assets.unzip', archives.map((f, i) => ({
          key: String(i),
          payload: { projectId: target.projectId, blobKey: f.blobKey, name: f.name, textField, createdBy: target.userId, sealed: true },
        })), { projectId: target.projectId, archives: archives.length })
      : null;
    return {
      jobRunId: ingest?.id ?? null,
      splitRunId: split?.id ?? null,
      archiveRunId: unzip?.id ?? null,
      dicomRunId: dicomRun?.id ?? null,
      dicomFiles: dicom.length,
      accepted: assets.map(({ assetId, name }) => ({ assetId, name })),
      duplicates: pick('duplicate').map(({ assetId, name }) => ({ assetId, name })),
      recordFiles: records.map(({ name }) => ({ name })),
      archives: archives.map(({ name }) => ({ name })),
      rejected: pick('rejected').map(({ name, reason, code }) => ({ name, reason, code })),
    };
  }
}
