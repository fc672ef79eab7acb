import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobContext, JobPayload, JobResult } from '@tessera/contracts';
import { BoundedDeidentifier, bufferOver, DicomParseError, MAX_INFLATED_BYTES, T, deidentifyInThread, isDeflatedPart10, nums, parsePart10, seriesGeometry, u16, type Dataset, type DeidOutcome, type DeidRequest, type DicomErrorCode } from '@tessera/dicom';
import { CONFIG, type Config } from '@tessera/server/config';
import { BLOB_STORE, deriveKey, openSealed, type BlobStore } from '@tessera/server/storage';
import { SealedBlobs } from './sealed-blobs';
import { DroppedBlobs } from './dropped-blobs';
import { THUMBNAIL_EFFORT } from './ingest';
import { ByteBudget, inTurn } from './concurrency';

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

/** What became of one file of a batch. */
type FileResult =
  | { kind: 'stored'; facts: DeidOutcome['facts']; blobKey: string; size: number; quarantine: string[] }
  /** not DICOM, or nothing to annotate: the file is the problem */
  | { kind: 'refused'; reason: string; code: DicomErrorCode }
  /** storage, the database or the thread failed: another attempt may succeed */
  | { kind: 'transient'; error: Error }
  /** an earlier delivery finished it */
  | { kind: 'gone' };

/** Not there: no such file on disk, or 404 from an S3-compatible store. */
export const missingBlob = (e: unknown) =>
  (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as { name?: string }).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Bytes of DICOM a worker process holds open at once (decrypted upload and its
 * de-identified copy), across all the batches it runs: many small files move
 * in parallel, a huge one alone.
 */
const BYTES_IN_FLIGHT = 512 * 1024 * 1024;

/** Soft-tissue window for series thumbnails, in Hounsfield units. */
const SOFT_TISSUE = { center: 40, width: 400 };

/**
 * Turns one uploaded DICOM file into a de-identified instance of its series.
 * The raw bytes are only ever opened here, in memory, and are deleted once
 * the de-identified copy is stored: what annotators can reach never held a
 * name. A series is one asset; after each batch of files its order, geometry
 * and thumbnail are worked out again from every instance stored so far.
 */
@Injectable()
export class DicomIngestor implements OnModuleDestroy {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sealed: SealedBlobs,
    private readonly dropped: DroppedBlobs,
    @Optional() @Inject(DICOM_THREAD_SCRIPT) private readonly threadScript?: string,
  ) {}

  /** Derived once: an HMAC a file is a measurable share of its CPU. */
  private readonly incomingKey = deriveKey(this.config.DEID_SECRET, 'dicom-incoming');
  private readonly bounded = this.threadScript ? new BoundedDeidentifier(this.threadScript) : null;
  private readonly budget = new ByteBudget(BYTES_IN_FLIGHT);
  private readonly inflation = new ByteBudget(2 * MAX_INFLATED_BYTES);

  async onModuleDestroy() {
    await this.bounded?.close();
  }

  private deidentify(req: DeidRequest): Promise<DeidOutcome> {
    if (this.bounded) return this.bounded.run(req);
    const answer = deidentifyInThread(req);
    if (answer.ok) return Promise.resolve({ ...answer.outcome, bytes: bufferOver(answer.outcome.bytes) });
    return Promise.reject(answer.parseError ? new DicomParseError(answer.message, answer.code) : new Error(answer.message));
  }

  /**
   * A deflated dataset grows when it is read: its inflated bytes, and the de-identified copy written
   * from them, are counted against a budget of their own (taken while the file's own bytes are held,
   * never the other way round, so the two cannot wait on each other), and the parser stops inflating
   * at what was counted. Other files are not held up by it.
   */
  private deidentifyCounted(raw: Uint8Array, secret: string): Promise<DeidOutcome> {
    if (!isDeflatedPart10(bufferOver(raw))) return this.deidentify({ raw, secret, maxInflatedBytes: 0 });
    return this.inflation.use(2 * MAX_INFLATED_BYTES, () => this.deidentify({ raw, secret, maxInflatedBytes: MAX_INFLATED_BYTES }));
  }

  /** One secret per organisation, so UIDs map the same way within it and differently across. */
  private orgSecret(orgId: string) {
    return deriveKey(this.config.DEID_SECRET, `deid-uid:${orgId}`).toString('hex');
  }

  /**
   * One batch of uploaded files: each is opened, de-identified and stored;
   * then the instances are filed by series, each series touched is settled
   * once, and only then are the files counted, so a run that has counted its
   * last file has settled every series it fed. Everything before the count is
   * idempotent (content-addressed blobs, instances unique per series), so a
   * batch delivered again after a crash redoes it without doubling anything.
   */
  async ingest(payload: JobPayload<'dicom.ingest'>, ctx: JobContext): Promise<JobResult> {
    const [project] = await this.db.query<{ keep: boolean | null }[]>(`SELECT (workflow->>'keepDicomOriginals')::boolean AS keep FROM projects WHERE id = $1 AND org_id = $2`, [payload.projectId, payload.orgId]);
    const keepOriginal = project?.keep === true;
    const secret = this.orgSecret(payload.orgId);
    // A few files at a time: one in the parsing thread while others are read or stored.
    const results = await inTurn(payload.files, 4, (file) => this.deidentifyFile(file, secret));
    const transient = results.find((r): r is { kind: 'transient'; error: Error } => r.kind === 'transient');
    // Another attempt may succeed (storage or the thread hiccuped); on the last one the files fail with the reason.
    if (transient && !ctx.finalAttempt) throw transient.error;

    const stored = results.flatMap((r, i) => (r.kind === 'stored' ? [{ ...r, file: payload.files[i] }] : []));
    const bySeries = new Map<string, typeof stored>();
    for (const s of stored) bySeries.set(s.facts.seriesUid!, [...(bySeries.get(s.facts.seriesUid!) ?? []), s]);
    const originals = new Set<string>();
    for (const instances of bySeries.values()) {
      const series = await this.fileSeries(payload, instances.map((s) => ({ ...s, originalKey: keepOriginal ? s.file.blobKey : null })));
      for (const key of series.originals) originals.add(key);
      await this.settleSeries(series.assetId, instances[0].facts.modality ?? null, [...new Set(instances.flatMap((s) => s.quarantine))]);
    }
    // Kept originals are pointed at now: struck off the sealed ledger before the count closes the run, so that no
    // sweep can take one for an orphan.
    await this.sealed.settled([...originals]);

    await ctx.itemsDone(results.map((r, i) => {
      const { name } = payload.files[i];
      const key = String(i);
      switch (r.kind) {
        // Gone: an earlier delivery counted it and deleted it. The key keeps the count right.
        case 'gone': return { key, ok: true };
        case 'stored': return { key, ok: true, item: name, ...(r.quarantine.length ? { message: `quarantined: ${r.quarantine.join('; ')}`, code: 'dicom.quarantined' } : {}) };
        case 'refused': return { key, ok: false, item: name, message: `not a readable DICOM file: ${r.reason}`, code: r.code };
        case 'transient': return { key, ok: false, item: name, message: r.error.message, code: 'ingest.gave_up' };
      }
    }));
    // The sealed upload stays only as a kept original (a file sent again, whose instance keeps the first copy, does
    // not); otherwise nothing raw remains.
    await this.sealed.discard(payload.files.map((f) => f.blobKey).filter((key) => !originals.has(key)));
    return null;
  }

  /** Opens, de-identifies and stores one file; says what became of it instead of throwing. */
  private async deidentifyFile(file: { blobKey: string }, secret: string): Promise<FileResult> {
    try {
      let size: number;
      try {
        size = await this.blobs.size(file.blobKey);
      } catch (e) {
        if (missingBlob(e)) return { kind: 'gone' };
        throw e;
      }
      // The raw bytes and their de-identified copy are both held until the copy is stored.
      return await this.budget.use(2 * size, async () => {
        const raw = openSealed(this.incomingKey, await this.blobs.read(file.blobKey));
        const { bytes, report, facts } = await this.deidentifyCounted(raw, secret);
        if (!facts.seriesUid || !facts.sopUid) throw new DicomParseError('no Series or SOP Instance UID', 'dicom.no_uid');
        // Reports, SR documents and the like have nothing to look at or label.
        if (!facts.hasPixelData) throw new DicomParseError('no pixel data: not an image to annotate', 'dicom.no_pixel_data');
        const blob = await this.blobs.put(Readable.from([bufferOver(bytes)]));
        return { kind: 'stored' as const, facts, blobKey: blob.key, size: bytes.length, quarantine: report.quarantine };
      });
    } catch (e) {
      if (e instanceof DicomParseError) return { kind: 'refused', reason: e.message, code: e.code };
      return { kind: 'transient', error: e as Error };
    }
  }

  /**
   * A kept original, opened for an operator (the caller has checked the role on the asset and audits the read).
   * Only an instance of that asset: the audit entry names the asset, so it must be the one the bytes came from.
   */
  async original(orgId: string, assetId: string, instanceId: string): Promise<Buffer | null> {
    const [row] = await this.db.query<{ original_key: string | null }[]>(
      `SELECT original_key FROM dicom_instances WHERE id = $1 AND asset_id = $2 AND org_id = $3`, [instanceId, assetId, orgId]);
    if (!row?.original_key) return null;
    return openSealed(this.incomingKey, await this.blobs.read(row.original_key));
  }

  /**
   * Finds or makes the series' asset and adds the instances to it (those it has already are left alone); one statement
   * each. Answers with the sealed uploads these instances keep as their originals, an earlier delivery's included.
   */
  private async fileSeries(
    payload: JobPayload<'dicom.ingest'>, instances: { facts: DeidOutcome['facts']; blobKey: string; size: number; originalKey: string | null }[],
  ): Promise<{ assetId: string; originals: string[] }> {
    const { seriesUid, seriesNumber, studyUid } = instances[0].facts;
    const modality = instances[0].facts.modality ?? 'OT';
    // The series' identity, hashed, fills the content-hash slot a series asset has no bytes for.
    const identity = createHash('sha256').update(`series:${seriesUid}`).digest('hex');
    const [asset] = await this.db.query<{ id: string }[]>(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, content_type, series_uid, metadata, created_by)
       VALUES ($1, $2, 'dicom', 'pending', $3, $4, $5, 0, 'application/dicom', $6, $7, $8)
       ON CONFLICT (project_id, series_uid) WHERE series_uid IS NOT NULL DO UPDATE SET updated_at = now()
       RETURNING id`,
      [payload.orgId, payload.projectId, `${modality} series ${seriesNumber ?? ''}`.trim(), instances[0].blobKey, identity, seriesUid,
        JSON.stringify({ modality, studyInstanceUid: studyUid, seriesNumber }), payload.createdBy],
    );
    const kept = await this.db.query<{ original_key: string }[]>(
      `WITH given AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb)
           AS i(sop text, key text, number int, position float8[], orientation float8[], rows int, columns int, spacing float8[], size bigint, pixel jsonb, original text)),
       added AS (
         INSERT INTO dicom_instances (org_id, asset_id, sop_instance_uid, blob_key, instance_number, position, orientation, rows, columns, pixel_spacing, metadata, original_key)
         SELECT $1, $2, i.sop, i.key, i.number, i.position, i.orientation, i.rows, i.columns, i.spacing, jsonb_build_object('size', i.size, 'pixel', i.pixel), i.original
           FROM given i
         ON CONFLICT (asset_id, sop_instance_uid) DO NOTHING
         RETURNING original_key)
       SELECT original_key FROM added WHERE original_key IS NOT NULL
       UNION
       SELECT d.original_key FROM dicom_instances d JOIN given g ON d.sop_instance_uid = g.sop WHERE d.asset_id = $2 AND d.original_key IS NOT NULL`,
      [payload.orgId, asset.id, JSON.stringify(instances.map(({ facts: f, blobKey, size, originalKey }) => ({
        sop: f.sopUid, key: blobKey, number: f.instanceNumber, position: f.position, orientation: f.orientation, rows: f.rows, columns: f.columns,
        spacing: f.pixelSpacing, size, pixel: f.pixel, original: originalKey,
      })))],
    );
    return { assetId: asset.id, originals: kept.map((r) => r.original_key) };
  }

  /**
   * Orders the series, decides volume or stack, makes the thumbnail from the
   * middle slice, and sets the status. Holds the series row locked meanwhile,
   * so concurrent instances settle one after another and the last sees all.
   */
  private async settleSeries(assetId: string, modality: string | null, quarantine: string[]) {
    await this.db.transaction(async (em) => {
      await em.query(`SELECT id FROM assets WHERE id = $1 FOR UPDATE`, [assetId]);
      await this.settleLocked(em, assetId, modality, quarantine);
    });
  }

  private async settleLocked(em: EntityManager, assetId: string, modality: string | null, quarantine: string[]) {
    const query = em.query.bind(em);
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
    // The thumbnail it replaces (a middle slice that came later) is written down, for the sweep to delete unless a
    // row names it; so is the new one when the series is gone (deleted meanwhile).
    await this.dropped.drop(em, `SELECT k FROM old LEFT JOIN up ON true, LATERAL (VALUES (old.thumbnail_key), (CASE WHEN up.id IS NULL THEN $6 END)) v(k)
        WHERE k IS NOT NULL AND k IS DISTINCT FROM up.thumbnail_key`,
      [assetId, held, held ? `quarantined until an admin releases it: ${quarantine.join('; ')}` : null, geometry.columns ?? null, geometry.rows ?? null, thumbnailKey,
        JSON.stringify({
          instanceCount: rows.length, volume: geometry.volume, stackReason: geometry.reason ?? null, sliceSpacing: geometry.sliceSpacing ?? null,
          pixelSpacing: geometry.pixelSpacing ?? null, modality,
          order: geometry.ordered.map((r) => r.id),
          thumbnailOf: thumbnailKey ? middle!.id : (current?.thumbnail_of ?? null),
        })],
      // max(): one row, also when the series is gone.
      `WITH old AS (SELECT max(thumbnail_key) AS thumbnail_key FROM assets WHERE id = $1),
       up AS (
        UPDATE assets SET
         status = CASE WHEN status = 'quarantined' OR $2 THEN 'quarantined' ELSE 'ready' END,
         error = CASE WHEN $2 THEN $3 ELSE error END,
         error_code = CASE WHEN $2 THEN 'dicom.quarantined' ELSE error_code END,
         width = $4, height = $5, thumbnail_key = coalesce($6, thumbnail_key),
         metadata = metadata || $7::jsonb, updated_at = now()
        WHERE id = $1 RETURNING id, thumbnail_key)`,
    );
  }

  /** A WebP of one slice in a soft-tissue window; only for uncompressed greyscale pixel data. */
  private async thumbnail(blobKey: string): Promise<string | null> {
    const file = parsePart10(await this.blobs.read(blobKey));
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
    const webp = await sharp(grey, { raw: { width: columns, height: rows, channels: 1 } }).resize(256, 256, { fit: 'inside' }).webp({ quality: 80, effort: THUMBNAIL_EFFORT }).toBuffer();
    return (await this.blobs.put(Readable.from([webp]))).key;
  }
}
