import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { JobContext, JobPayload, JobResult } from '@tessera/contracts';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { AssetEntity } from './asset.entity';
import { IngestError, normaliseText, probeImage } from './ingest';

/** Decompression bombs stop here; 100 megapixels is a large aerial tile. */
export const MAX_IMAGE_PIXELS = 100_000_000;
export const MAX_TEXT_BYTES = 10 * 1024 * 1024;
const PREVIEW_CHARS = 280;

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new IngestError(`the file is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The worker side of ingest: one asset per job. Idempotent — only a pending
 * asset is processed, and only the job that moves it out of pending counts it.
 */
@Injectable()
export class AssetIngestor {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  async ingest(payload: JobPayload<'assets.ingest'>, ctx: JobContext): Promise<JobResult> {
    const asset = await this.db.getRepository(AssetEntity).findOneBy({ id: payload.assetId, orgId: payload.orgId });
    if (!asset || asset.status !== 'pending') return null;
    try {
      const facts = asset.kind === 'image' ? await this.image(asset) : await this.text(asset);
      if (await this.settle(asset.id, { status: 'ready', ...facts })) await ctx.itemDone({ ok: true });
    } catch (e) {
      const permanent = e instanceof IngestError;
      if (!permanent && !ctx.finalAttempt) throw e; // transient: BullMQ retries with backoff
      const reason = permanent ? (e as Error).message : `could not be processed after ${ctx.attempt} attempts: ${(e as Error).message}`;
      if (await this.settle(asset.id, { status: 'failed', error: reason })) await ctx.itemDone({ ok: false, item: asset.name, message: reason });
    }
    return null;
  }

  private async image(asset: AssetEntity) {
    const bytes = await readAll(await this.blobs.get(asset.blobKey), 2 * 1024 * 1024 * 1024);
    const facts = await probeImage(bytes, MAX_IMAGE_PIXELS);
    const thumb = await this.blobs.put(Readable.from(facts.thumbnail));
    return { contentType: facts.contentType, width: facts.width, height: facts.height, thumbnailKey: thumb.key, metadata: facts.metadata };
  }

  private async text(asset: AssetEntity) {
    const text = normaliseText(await readAll(await this.blobs.get(asset.blobKey), MAX_TEXT_BYTES + 3), MAX_TEXT_BYTES);
    const stored = await this.blobs.put(Readable.from(Buffer.from(text, 'utf8')));
    const lines = text.length ? text.split('\n').length : 0;
    return {
      contentType: 'text/plain; charset=utf-8',
      preview: text.slice(0, PREVIEW_CHARS),
      metadata: { textKey: stored.key, characters: text.length, lines, normalisedSha256: stored.sha256 },
    };
  }

  /** Moves the asset out of pending once; false when another delivery already did. */
  private async settle(id: string, fields: Partial<AssetEntity>): Promise<boolean> {
    const res = await this.db.createQueryBuilder().update(AssetEntity).set({ ...fields, updatedAt: new Date() } as never)
      .where('id = :id AND status = :pending', { id, pending: 'pending' }).execute();
    return (res.affected ?? 0) > 0;
  }
}
