import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, type HeadObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { writeHashed, type BlobStore, type StoredBlob } from './blob-store';

export interface S3Options {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Local scratch space: a blob is hashed on disk before it is named and sent. */
  spoolDir: string;
}

const KEY = /^sha256\/([0-9a-f]{64})$/;

/** Any S3-compatible store (AWS, MinIO, Ceph…), with the same content-addressed keys as the local driver. */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  constructor(private readonly options: S3Options) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // Plain payloads: many S3-compatible servers do not speak the SDK's default aws-chunked checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
    });
  }

  async put(content: Readable): Promise<StoredBlob> {
    await mkdir(this.options.spoolDir, { recursive: true });
    const spool = join(this.options.spoolDir, randomUUID());
    try {
      const { sha256, size } = await writeHashed(content, spool);
      const key = `sha256/${sha256}`;
      // Sent even when the bytes are there already: the put renews their time, so that deleteUnlessFresh keeps them
      // for the row this put is about to write (a copy onto themselves would too on S3, not on every compatible
      // server), and a new blob, the common case, takes one request where a look first took two.
      await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key), Body: createReadStream(spool), ContentLength: size }));
      return { key, sha256, size };
    } finally {
      await rm(spool, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
    return res.Body as Readable;
  }

  async read(key: string): Promise<Buffer> {
    return Buffer.concat(await (await this.get(key)).toArray());
  }

  async size(key: string): Promise<number> {
    const res = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
    return Number(res.ContentLength ?? 0);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  /** S3 has no rename: a put landing between the look at the time and the delete is lost (milliseconds apart). */
  async deleteUnlessFresh(key: string, freshMs: number): Promise<boolean> {
    const head = await this.head(key);
    if (!head) return true;
    if (head.LastModified && Date.now() - head.LastModified.getTime() < freshMs) return false;
    await this.delete(key);
    return true;
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  /** The object's head, or null when there is none. */
  private async head(key: string): Promise<HeadObjectCommandOutput | null> {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
    } catch (e) {
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw e;
    }
  }

  private objectKey(key: string): string {
    const m = KEY.exec(key);
    if (!m) throw new Error(`not a blob key: ${key}`);
    return `blobs/${m[1].slice(0, 2)}/${m[1]}`;
  }
}
