import { Inject, Injectable } from '@nestjs/common';
import { Readable, pipeline } from 'node:stream';
import { DataSource } from 'typeorm';
import type { ItemOutcome, JobContext, JobPayload, JobResult } from '@tessera/contracts';
import { BLOB_STORE, deriveKey, openSealedStream, type BlobStore } from '@tessera/server/storage';
import { AssetEntity } from './asset.entity';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_SIGNATURE_BYTES, IngestError, normaliseText, probeImage, startsLikeImage } from './ingest';
import { splitRecords } from './records';
import { ByteBudget, inTurn } from './concurrency';
import { AssetIntake, type Admission, type IntakeTarget } from './asset-intake';
import { ARCHIVE_LIMITS, spoolTo, walkArchive } from './unzip';
import { missingBlob } from './dicom-ingestor';
import { SealedBlobs } from './sealed-blobs';
import { DroppedBlobs } from './dropped-blobs';
import { resolveImportFolder, walkFolder } from './folder-import';
import { assertImportEndpoint, assertNotOwnBucket, importClient, listImportObjects, openImportObject, openSource, ownBlobBucket } from './s3-import';
import { createReadStream } from 'node:fs';
import { CONFIG, type Config } from '@tessera/server/config';
import type { MediaType, UploadResult } from '@tessera/contracts';

/** Decompression bombs stop here; 100 megapixels is a large aerial tile. */
export const MAX_IMAGE_PIXELS = 100_000_000;
export const MAX_TEXT_BYTES = 10 * 1024 * 1024;
export const MAX_RECORD_FILE_BYTES = 512 * 1024 * 1024;
const RECORD_BATCH = 500;
/** Assets of one batch decoded at once: libvips works off the event loop, on libuv's threads. */
const INGEST_LANES = 3;
/**
 * Bytes of uploaded images a worker process holds at once across its batches
 * (libuv's four threads bound the decoding itself): many photos side by side,
 * a huge TIFF alone.
 */
const IMAGE_BYTES_IN_FLIGHT = 512 * 1024 * 1024;
const PREVIEW_CHARS = 280;

/**
 * An image file larger than this is first looked at for the signature every accepted format begins with, and refused
 * without being read whole when it lacks one (a video dropped into an image project: the worker read the bench's
 * 256 MB non-image into memory to find out). Smaller files cost little to read and go straight to the decoder,
 * whose refusal can name the format it found ("svg").
 */
const SNIFF_IMAGES_ABOVE_BYTES = 1024 * 1024;
/** The largest image file read into memory (as much as one read of a file can give). */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/** The first `n` bytes of a stream (all of it when shorter); the rest is left unread. */
async function readHead(stream: Readable, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new IngestError('file.too_large', `the file is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A spool file lives as long as one archive's walk; one older than this was
 * left by a worker that died mid-walk, and may be a DICOM archive in the clear.
 */
const STALE_SPOOL_MS = 6 * 3600 * 1000;

async function removeStaleSpools(dir: string) {
  const before = Date.now() - STALE_SPOOL_MS;
  for (const name of await readdir(dir).catch(() => [])) {
    const path = join(dir, name);
    const modified = await stat(path).then((s) => s.mtimeMs, () => null);
    if (modified !== null && modified < before) await rm(path, { force: true });
  }
}

/** One line for the run's record: what came in, which runs carry it on, and the first thing refused. */
function describeRuns(runs: UploadResult, refused: { name: string; reason: string; code: string }[]): string {
  return `${runs.accepted.length} new files, ${runs.duplicates.length} already here, ${runs.recordFiles.length} record files` +
    (runs.archives.length ? `, ${runs.archives.length} archives` : '') +
    (runs.dicomFiles ? `, ${runs.dicomFiles} DICOM files (run ${runs.dicomRunId})` : '') +
    (runs.jobRunId ? ` (ingest run ${runs.jobRunId})` : '') +
    (refused.length ? `; ${refused.length} skipped, first: ${refused[0].name}: ${refused[0].reason}` : '');
}

/** An asset's outcome of ingest: ready with what was learnt of it, or failed with why. */
type Settled = { id: string; status: 'ready' | 'failed' } & Partial<Pick<AssetEntity, 'contentType' | 'width' | 'height' | 'thumbnailKey' | 'preview' | 'metadata' | 'error' | 'errorCode'>>;

/**
 * The worker side of ingest: one asset per job. Idempotent — only a pending
 * asset is processed, and the run counts each job once.
 */
@Injectable()
export class AssetIngestor {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly intake: AssetIntake,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sealed: SealedBlobs,
    private readonly dropped: DroppedBlobs,
  ) {}

  private readonly budget = new ByteBudget(IMAGE_BYTES_IN_FLIGHT);
  /** What the intake seals the files it sets aside with (archives, record files, raw DICOM). */
  private readonly incomingKey = deriveKey(this.config.DEID_SECRET, 'dicom-incoming');

  /**
   * The file an upload set aside for this job (an archive, a record file), opened as it is read if it rests sealed: a
   * changed byte fails the stream at its end, as does a failed read of the blob. Null when an earlier delivery counted
   * it and deleted it: it is counted again, which changes nothing.
   */
  private async setAside(payload: { blobKey: string; name: string }, sealed: boolean, ctx: JobContext): Promise<Readable | null> {
    let source: Readable;
    try {
      source = await this.blobs.get(payload.blobKey);
    } catch (e) {
      if (!sealed || !missingBlob(e)) throw e;
      await ctx.itemDone({ ok: true, item: payload.name });
      return null;
    }
    return sealed ? pipeline(source, openSealedStream(this.incomingKey), () => undefined) : source;
  }

  /** Where an import's or archive's files go, and on whose behalf; null when the project is gone. */
  private async targetOf(payload: { orgId: string; jobRunId: string; projectId: string; createdBy: string }): Promise<IntakeTarget | null> {
    const [project] = await this.db.query<{ media_type: MediaType }[]>(`SELECT media_type FROM projects WHERE id = $1 AND org_id = $2`, [payload.projectId, payload.orgId]);
    return project ? { orgId: payload.orgId, userId: payload.createdBy, projectId: payload.projectId, mediaType: project.media_type, heldBy: payload.jobRunId } : null;
  }

  /** Imports a server folder: the allowlist is checked again here, then every file goes through the intake. */
  async importFolder(payload: JobPayload<'assets.import'>, ctx: JobContext): Promise<JobResult> {
    const target = await this.targetOf(payload);
    if (!target) return null;
    try {
      const admissions: Admission[] = [];
      if (payload.path) {
        const folder = await resolveImportFolder(this.config.IMPORT_ROOTS, payload.path);
        for await (const f of walkFolder(folder)) {
          admissions.push(await this.intake.admit(target, f.relative, createReadStream(f.path), { maxBytes: Number.MAX_SAFE_INTEGER }));
        }
      } else {
        // The allowlist is checked again: it may have changed since the run was queued.
        const src = openSource(deriveKey(this.config.DEID_SECRET, 'import-source'), payload.sealedS3!);
        assertImportEndpoint(this.config.S3_IMPORT_ENDPOINTS, this.config.S3_IMPORT_ALLOW_PRIVATE, src.endpoint);
        assertNotOwnBucket(ownBlobBucket(this.config), src);
        const client = importClient(src, this.config.S3_IMPORT_ALLOW_PRIVATE);
        for await (const o of listImportObjects(client, src)) {
          admissions.push(await this.intake.admit(target, o.key, await openImportObject(client, src, o.key), { maxBytes: Number.MAX_SAFE_INTEGER }));
        }
      }
      const runs = await this.intake.startRuns(target, admissions, payload.textField);
      const summary = describeRuns(runs, runs.rejected);
      ctx.log(summary);
      await ctx.itemDone({ ok: true, item: payload.path ?? 's3', message: summary, details: runs.rejected.map((r) => ({ item: r.name, message: r.reason, code: r.code })) });
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (!(status && status < 500) && !ctx.finalAttempt) throw e;
      await ctx.itemDone({ ok: false, item: payload.path ?? 's3', message: (e as Error).message, code: 'ingest.gave_up' });
    }
    return null;
  }

  /**
   * Expands one zip archive: each file inside goes through the same intake as
   * an upload, and the files then get their own ingest (and split) runs. The
   * archive rests sealed, is opened only into a spool file that lives as long
   * as the walk, and is deleted once its files are counted; in a DICOM project
   * each file inside is sealed again on its own until it is de-identified.
   */
  async unzip(payload: JobPayload<'assets.unzip'>, ctx: JobContext): Promise<JobResult> {
    const target = await this.targetOf(payload);
    if (!target) return null;
    const sealed = payload.sealed ?? target.mediaType === 'dicom';
    const dir = join(tmpdir(), 'tessera-unzip');
    await mkdir(dir, { recursive: true });
    await removeStaleSpools(dir);
    const spool = join(dir, randomUUID());
    try {
      const source = await this.setAside(payload, sealed, ctx);
      if (!source) return null;
      await spoolTo(spool, source);
      const admissions: Admission[] = [];
      const { skipped } = await walkArchive(spool, ARCHIVE_LIMITS, async (name, stream) => {
        admissions.push(await this.intake.admit(target, name, stream, { maxBytes: ARCHIVE_LIMITS.maxEntryBytes, insideArchive: true }));
      });
      const runs = await this.intake.startRuns(target, admissions, payload.textField);
      // Entries the walk skipped are named by the archive; in a DICOM project those names get stand-ins too.
      const refused = [...(target.mediaType === 'dicom' ? skipped.map((r) => ({ ...r, name: r.name === '…' ? r.name : this.intake.nameFor(target, r.name) })) : skipped), ...runs.rejected];
      const summary = describeRuns(runs, refused);
      ctx.log(summary);
      await ctx.itemDone({ ok: true, item: payload.name, message: refused.length ? summary : undefined, details: refused.map((r) => ({ item: `${payload.name}/${r.name}`, message: r.reason, code: r.code })) });
    } catch (e) {
      if (!(e instanceof IngestError) && !ctx.finalAttempt) throw e;
      await ctx.itemDone({ ok: false, item: payload.name, message: (e as Error).message, code: e instanceof IngestError ? e.code : 'ingest.gave_up' });
    } finally {
      await rm(spool, { force: true });
    }
    // Counted, one way or the other: the raw archive has served its purpose.
    if (sealed) await this.sealed.discard([payload.blobKey]);
    return null;
  }

  /**
   * A batch of pending assets, a few decoded side by side. Idempotent: only a
   * pending asset is processed (an asset settled by an earlier delivery is
   * just counted), and the run counts each asset once.
   */
  async ingest(payload: JobPayload<'assets.ingest'>, ctx: JobContext): Promise<JobResult> {
    const rows = await this.db.query<Pick<AssetEntity, 'id' | 'kind' | 'status' | 'name' | 'error' | 'errorCode' | 'blobKey'>[]>(
      `SELECT id, kind, status, name, error, error_code AS "errorCode", blob_key AS "blobKey" FROM assets WHERE id = ANY($1::uuid[]) AND org_id = $2`,
      [payload.assetIds, payload.orgId]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    let transient: Error | undefined;
    const settled: Settled[] = [];
    const outcomes = await inTurn(payload.assetIds, INGEST_LANES, async (id, i): Promise<(ItemOutcome & { key: string }) | null> => {
      const key = String(i);
      const asset = byId.get(id);
      if (!asset) return { key, ok: false, item: id, message: 'the asset was deleted before ingest' };
      // Settled by an earlier delivery that died before counting it: count it now (once).
      if (asset.status !== 'pending') return asset.status === 'ready' ? { key, ok: true } : { key, ok: false, item: asset.name, message: asset.error ?? 'failed', code: asset.errorCode ?? undefined };
      try {
        const facts = asset.kind === 'image' ? await this.image(asset) : await this.text(asset);
        settled.push({ id: asset.id, status: 'ready', ...facts });
        return { key, ok: true };
      } catch (e) {
        const permanent = e instanceof IngestError;
        if (!permanent && !ctx.finalAttempt) {
          transient ??= e as Error; // BullMQ retries the batch with backoff; the others are counted now
          return null;
        }
        const reason = permanent ? (e as Error).message : `could not be processed after ${ctx.attempt} attempts: ${(e as Error).message}`;
        const code = permanent ? (e as IngestError).code : 'ingest.gave_up';
        settled.push({ id: asset.id, status: 'failed', error: reason, errorCode: code });
        return { key, ok: false, item: asset.name, message: reason, code };
      }
    });
    await this.settle(settled);
    // Follow-ups first, so that a run that says it is done has them queued.
    await this.intake.arrived(payload.orgId, payload.assetIds.filter((_, i) => outcomes[i]?.ok));
    await ctx.itemsDone(outcomes.filter((o): o is ItemOutcome & { key: string } => o !== null));
    if (transient) throw transient;
    return null;
  }

  /**
   * One record file → one ready text asset per good record, inserted in
   * set-based batches; the same text twice in a project stays one asset, so a
   * redelivered job adds nothing.
   */
  async split(payload: JobPayload<'assets.split'>, ctx: JobContext): Promise<JobResult> {
    const sealed = payload.sealed === true;
    try {
      const source = await this.setAside(payload, sealed, ctx);
      if (!source) return null;
      const bytes = await readAll(source, MAX_RECORD_FILE_BYTES + 3);
      const { records, problems } = splitRecords(bytes, payload.format, payload.textField, { fileBytes: MAX_RECORD_FILE_BYTES, textBytes: MAX_TEXT_BYTES });
      let created = 0;
      for (let i = 0; i < records.length; i += RECORD_BATCH) {
        const batch = await Promise.all(records.slice(i, i + RECORD_BATCH).map(async (r) => {
          const bytes = Buffer.from(r.text, 'utf8');
          const stored = await this.blobs.put(Readable.from(bytes));
          return { ...r, key: stored.key, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
        }));
        const inserted = await this.db.query(
          `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, content_type, preview, metadata, created_by)
           SELECT $1, $2, 'text', 'ready', n, k, h, s, 'text/plain; charset=utf-8', p, m, $3
             FROM unnest($4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::jsonb[]) AS r(n, k, h, s, p, m)
           ON CONFLICT (project_id, sha256) DO NOTHING RETURNING id`,
          [payload.orgId, payload.projectId, payload.createdBy,
            batch.map((r) => `${payload.name}:${r.line}`), batch.map((r) => r.key), batch.map((r) => r.sha256), batch.map((r) => r.size),
            batch.map((r) => r.text.slice(0, PREVIEW_CHARS)),
            batch.map((r) => JSON.stringify({ textKey: r.key, source: payload.name, line: r.line, characters: r.text.length, fields: r.metadata }))],
        );
        created += inserted.length;
        await this.intake.arrived(payload.orgId, (inserted as { id: string }[]).map((r) => r.id));
        await ctx.progress(Math.min(i + RECORD_BATCH, records.length), records.length).catch(() => undefined);
      }
      const refused = problems.length ? `; ${problems.length} refused, first: line ${problems[0].line}: ${problems[0].message}` : '';
      ctx.log(`${created} new text assets from ${records.length} records${refused}`);
      await ctx.itemDone({
        ok: records.length > 0,
        item: payload.name,
        message: records.length ? (refused ? `${records.length} records taken${refused}` : undefined) : `no usable records${refused}`,
        code: records.length ? undefined : 'records.none_usable',
      });
    } catch (e) {
      if (!(e instanceof IngestError) && !ctx.finalAttempt) throw e;
      await ctx.itemDone({ ok: false, item: payload.name, message: (e as Error).message, code: e instanceof IngestError ? e.code : 'ingest.gave_up' });
    }
    // Counted, one way or the other: its records are assets now, and the file is not kept beside them.
    if (sealed) await this.sealed.discard([payload.blobKey]);
    return null;
  }

  private async image(asset: Pick<AssetEntity, 'blobKey'>) {
    const size = await this.blobs.size(asset.blobKey);
    if (size > SNIFF_IMAGES_ABOVE_BYTES && !startsLikeImage(await readHead(await this.blobs.get(asset.blobKey), IMAGE_SIGNATURE_BYTES))) {
      throw new IngestError('image.unreadable', 'not a readable image (it does not begin as a JPEG, PNG, WebP, TIFF or BMP file does)');
    }
    if (size > MAX_IMAGE_BYTES) throw new IngestError('file.too_large', `the file is larger than ${MAX_IMAGE_BYTES} bytes`);
    const facts = await this.budget.use(size, async () => probeImage(await this.blobs.read(asset.blobKey), MAX_IMAGE_PIXELS));
    const thumb = await this.blobs.put(Readable.from([facts.thumbnail]));
    return { contentType: facts.contentType, width: facts.width, height: facts.height, thumbnailKey: thumb.key, metadata: facts.metadata };
  }

  private async text(asset: Pick<AssetEntity, 'blobKey'>) {
    const text = normaliseText(await readAll(await this.blobs.get(asset.blobKey), MAX_TEXT_BYTES + 3), MAX_TEXT_BYTES);
    const stored = await this.blobs.put(Readable.from(Buffer.from(text, 'utf8')));
    const lines = text.length ? text.split('\n').length : 0;
    return {
      contentType: 'text/plain; charset=utf-8',
      preview: text.slice(0, PREVIEW_CHARS),
      metadata: { textKey: stored.key, characters: text.length, lines, normalisedSha256: stored.sha256 },
    };
  }

  /**
   * Moves the batch's assets out of pending, in one statement: one per image cost the worker a round trip each
   * (docs/performance.md, Ingest). What an asset's outcome does not say is left as it was; a concurrent
   * delivery that got there first wins. The blobs this delivery made for an asset it did not settle (deleted
   * meanwhile, or settled by that other delivery) are written down in the same statement, for the sweep to delete
   * unless a row names them.
   */
  private async settle(assets: readonly Settled[]): Promise<void> {
    if (!assets.length) return;
    await this.dropped.drop(this.db.manager,
      `SELECT k FROM s, LATERAL (VALUES (s."thumbnailKey"), (s.metadata->>'textKey')) v(k) WHERE k IS NOT NULL AND s.id NOT IN (SELECT id FROM settled)`,
      [JSON.stringify(assets)],
      `WITH s AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS s (id uuid, status text, "contentType" text, width int, height int, "thumbnailKey" text,
              preview text, metadata jsonb, error text, "errorCode" text)),
       settled AS (
        UPDATE assets a SET status = s.status, content_type = coalesce(s."contentType", a.content_type), width = coalesce(s.width, a.width),
              height = coalesce(s.height, a.height), thumbnail_key = coalesce(s."thumbnailKey", a.thumbnail_key), preview = coalesce(s.preview, a.preview),
              metadata = coalesce(s.metadata, a.metadata), error = coalesce(s.error, a.error), error_code = coalesce(s."errorCode", a.error_code), updated_at = now()
         FROM s WHERE a.id = s.id AND a.status = 'pending'
        RETURNING a.id)`,
    );
  }
}
