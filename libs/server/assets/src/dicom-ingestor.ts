import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import type { JobContext, JobPayload, JobResult } from '@tessera/contracts';
import { BoundedDeidentifier, DicomParseError, T, deidentifyInThread, nums, parsePart10, seriesGeometry, u16, type Dataset, type DeidOutcome, type DeidRequest } from '@tessera/dicom';
import { CONFIG, type Config } from '@tessera/server/config';
import { BLOB_STORE, deriveKey, openSealed, type BlobStore } from '@tessera/server/storage';

interface InstanceRow {
  id: string;
  blob_key: string;
  instance_number: number | null;
  position: number[] | null;
  orientation: number[] | null;
  rows: number | null;
  columns: number | null;
  pixel_spacing: number[] | null;
}

/** Where the bundled worker keeps the thread script that parses untrusted DICOM; without it parsing runs inline. */
export const DICOM_THREAD_SCRIPT = Symbol('DICOM_THREAD_SCRIPT');

/** Soft-tissue window for series thumbnails, in Hounsfield units. */
const SOFT_TISSUE = { center: 40, width: 400 };

/**
 * Turns one uploaded DICOM file into a de-identified instance of its series.
 * The raw bytes are only ever opened here, in memory, and are deleted once
 * the de-identified copy is stored: what annotators can reach never held a
 * name. A series is one asset; after each instance its order, geometry and
 * thumbnail are worked out again from every instance stored so far.
 */
@Injectable()
export class DicomIngestor implements OnModuleDestroy {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: Config,
    @Optional() @Inject(DICOM_THREAD_SCRIPT) private readonly threadScript?: string,
  ) {}

  private readonly bounded = this.threadScript ? new BoundedDeidentifier(this.threadScript) : null;

  async onModuleDestroy() {
    await this.bounded?.close();
  }

  private deidentify(req: DeidRequest): Promise<DeidOutcome> {
    if (this.bounded) return this.bounded.run(req);
    const answer = deidentifyInThread(req);
    if (answer.ok) return Promise.resolve({ ...answer.outcome, bytes: Buffer.from(answer.outcome.bytes) });
    return Promise.reject(answer.parseError ? new DicomParseError(answer.message) : new Error(answer.message));
  }

  /** One secret per organisation, so UIDs map the same way within it and differently across. */
  private orgSecret(orgId: string) {
    return deriveKey(this.config.DEID_SECRET, `deid-uid:${orgId}`).toString('hex');
  }

  async ingest(payload: JobPayload<'dicom.ingest'>, ctx: JobContext): Promise<JobResult> {
    let raw: Buffer;
    let keepOriginal = false;
    try {
      raw = await openSealed(deriveKey(this.config.DEID_SECRET, 'dicom-incoming'), await this.blobs.get(payload.blobKey));
    } catch (e) {
      // Gone: an earlier delivery finished and deleted it. The (run, job) key keeps the count right.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as { name?: string }).name === 'NoSuchKey') {
        await ctx.itemDone({ ok: true });
        return null;
      }
      throw e;
    }
    try {
      const { bytes, report, facts } = await this.deidentify({ raw, secret: this.orgSecret(payload.orgId) });
      if (!facts.seriesUid || !facts.sopUid) throw new DicomParseError('no Series or SOP Instance UID');
      // Reports, SR documents and the like have nothing to look at or label.
      if (!facts.hasPixelData) throw new DicomParseError('no pixel data: not an image to annotate');
      const stored = await this.blobs.put(Readable.from(Buffer.from(bytes)));
      const [project] = await this.db.query<{ keep: boolean | null }[]>(`SELECT (workflow->>'keepDicomOriginals')::boolean AS keep FROM projects WHERE id = $1 AND org_id = $2`, [payload.projectId, payload.orgId]);
      keepOriginal = project?.keep === true;
      const assetId = await this.fileInstance(payload, facts, stored.key, bytes.length, keepOriginal ? payload.blobKey : null);
      await this.settleSeries(assetId, facts.modality ?? null, report.quarantine);
      await ctx.itemDone({ ok: true, item: payload.name, message: report.quarantine.length ? `quarantined: ${report.quarantine.join('; ')}` : undefined });
    } catch (e) {
      if (!(e instanceof DicomParseError) && !ctx.finalAttempt) throw e;
      await ctx.itemDone({ ok: false, item: payload.name, message: e instanceof DicomParseError ? `not a readable DICOM file: ${e.message}` : (e as Error).message });
    }
    // The sealed upload stays only as a kept original; otherwise nothing raw remains.
    if (!keepOriginal) await this.blobs.delete(payload.blobKey);
    return null;
  }

  /** A kept original, opened for an operator (the caller has checked the role and audits the read). */
  async original(orgId: string, instanceId: string): Promise<Buffer | null> {
    const [row] = await this.db.query<{ original_key: string | null }[]>(`SELECT original_key FROM dicom_instances WHERE id = $1 AND org_id = $2`, [instanceId, orgId]);
    if (!row?.original_key) return null;
    return openSealed(deriveKey(this.config.DEID_SECRET, 'dicom-incoming'), await this.blobs.get(row.original_key));
  }

  private async fileInstance(payload: JobPayload<'dicom.ingest'>, facts: DeidOutcome['facts'], blobKey: string, size: number, originalKey: string | null): Promise<string> {
    const { seriesUid, sopUid, seriesNumber } = facts;
    const modality = facts.modality ?? 'OT';
    // The series' identity, hashed, fills the content-hash slot a series asset has no bytes for.
    const identity = createHash('sha256').update(`series:${seriesUid}`).digest('hex');
    const [asset] = await this.db.query<{ id: string }[]>(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, content_type, series_uid, metadata, created_by)
       VALUES ($1, $2, 'dicom', 'pending', $3, $4, $5, 0, 'application/dicom', $6, $7, $8)
       ON CONFLICT (project_id, series_uid) WHERE series_uid IS NOT NULL DO UPDATE SET updated_at = now()
       RETURNING id`,
      [payload.orgId, payload.projectId, `${modality} series ${seriesNumber ?? ''}`.trim(), blobKey, identity, seriesUid,
        JSON.stringify({ modality, studyInstanceUid: facts.studyUid, seriesNumber }), payload.createdBy],
    );
    await this.db.query(
      `INSERT INTO dicom_instances (org_id, asset_id, sop_instance_uid, blob_key, instance_number, position, orientation, rows, columns, pixel_spacing, metadata, original_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (asset_id, sop_instance_uid) DO NOTHING`,
      [payload.orgId, asset.id, sopUid, blobKey, facts.instanceNumber, facts.position, facts.orientation, facts.rows, facts.columns,
        facts.pixelSpacing, JSON.stringify({ size }), originalKey],
    );
    return asset.id;
  }

  /**
   * Orders the series, decides volume or stack, makes the thumbnail from the
   * middle slice, and sets the status. Holds the series row locked meanwhile,
   * so concurrent instances settle one after another and the last sees all.
   */
  private async settleSeries(assetId: string, modality: string | null, quarantine: string[]) {
    await this.db.transaction(async (em) => {
      await em.query(`SELECT id FROM assets WHERE id = $1 FOR UPDATE`, [assetId]);
      await this.settleLocked(em.query.bind(em), assetId, modality, quarantine);
    });
  }

  private async settleLocked(query: DataSource['query'], assetId: string, modality: string | null, quarantine: string[]) {
    const rows = await query<InstanceRow[]>(
      `SELECT id, blob_key, instance_number, position, orientation, rows, columns, pixel_spacing FROM dicom_instances WHERE asset_id = $1`, [assetId]);
    const asDataset = (r: InstanceRow): Dataset => {
      const ds: Dataset = new Map();
      const text = (t: number, v: number[] | number | null) => v !== null && ds.set(t, { vr: 'DS', value: Buffer.from(Array.isArray(v) ? v.join('\\') : String(v)) });
      text(T.ImagePositionPatient, r.position?.length ? r.position : null);
      text(T.ImageOrientationPatient, r.orientation?.length ? r.orientation : null);
      text(T.PixelSpacing, r.pixel_spacing?.length ? r.pixel_spacing : null);
      text(T.InstanceNumber, r.instance_number);
      if (r.rows !== null) ds.set(T.Rows, { vr: 'US', value: Buffer.from(new Uint16Array([r.rows]).buffer) });
      if (r.columns !== null) ds.set(T.Columns, { vr: 'US', value: Buffer.from(new Uint16Array([r.columns]).buffer) });
      return ds;
    };
    const geometry = seriesGeometry(rows, asDataset);
    const middle = geometry.ordered[Math.floor(geometry.ordered.length / 2)];
    // The thumbnail is redrawn only when the middle slice changes, not for every instance that arrives.
    const [current] = await query<{ thumbnail_of: string | null }[]>(`SELECT metadata->>'thumbnailOf' AS thumbnail_of FROM assets WHERE id = $1`, [assetId]);
    const redraw = middle && current?.thumbnail_of !== middle.id;
    const thumbnailKey = redraw ? await this.thumbnail(middle.blob_key).catch(() => null) : null;
    const held = quarantine.length > 0;
    await query(
      `UPDATE assets SET
         status = CASE WHEN status = 'quarantined' OR $2 THEN 'quarantined' ELSE 'ready' END,
         error = CASE WHEN $2 THEN $3 ELSE error END,
         width = $4, height = $5, thumbnail_key = coalesce($6, thumbnail_key),
         metadata = metadata || $7::jsonb, updated_at = now()
       WHERE id = $1`,
      [assetId, held, held ? `quarantined until an admin releases it: ${quarantine.join('; ')}` : null, geometry.columns ?? null, geometry.rows ?? null, thumbnailKey,
        JSON.stringify({
          instanceCount: rows.length, volume: geometry.volume, stackReason: geometry.reason ?? null, sliceSpacing: geometry.sliceSpacing ?? null,
          pixelSpacing: geometry.pixelSpacing ?? null, modality,
          order: geometry.ordered.map((r) => r.id),
          thumbnailOf: thumbnailKey ? middle!.id : (current?.thumbnail_of ?? null),
        })],
    );
  }

  /** A WebP of one slice in a soft-tissue window; only for uncompressed greyscale pixel data. */
  private async thumbnail(blobKey: string): Promise<string | null> {
    const file = parsePart10(Buffer.concat(await (await this.blobs.get(blobKey)).toArray()));
    const ds = file.dataset;
    const pixels = ds.get(T.PixelData);
    const rows = u16(ds.get(T.Rows));
    const columns = u16(ds.get(T.Columns));
    const bits = u16(ds.get(T.BitsAllocated));
    if (!pixels || !('value' in pixels) || !rows || !columns || (bits !== 16 && bits !== 8) || u16(ds.get(T.SamplesPerPixel)) !== 1) return null;
    const signed = u16(ds.get(T.PixelRepresentation)) === 1;
    const slope = nums(ds.get(T.RescaleSlope))[0] ?? 1;
    const intercept = nums(ds.get(T.RescaleIntercept))[0] ?? 0;
    const low = SOFT_TISSUE.center - SOFT_TISSUE.width / 2;
    const grey = Buffer.alloc(rows * columns);
    for (let i = 0; i < rows * columns; i++) {
      const stored = bits === 8 ? pixels.value[i] : signed ? pixels.value.readInt16LE(i * 2) : pixels.value.readUInt16LE(i * 2);
      const hu = stored * slope + intercept;
      grey[i] = Math.max(0, Math.min(255, Math.round(((hu - low) / SOFT_TISSUE.width) * 255)));
    }
    const webp = await sharp(grey, { raw: { width: columns, height: rows, channels: 1 } }).resize(256, 256, { fit: 'inside' }).webp({ quality: 80 }).toBuffer();
    return (await this.blobs.put(Readable.from(webp))).key;
  }
}
