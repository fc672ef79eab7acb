import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Readable } from 'node:stream';
import type { S3Source } from '@tessera/contracts';
import type { Config } from '@tessera/server/config';
import { forbidden } from '@tessera/server/http';
import { guardedAgents, isPrivateAddress } from '@tessera/server/storage';

export const MAX_S3_OBJECTS = 100_000;

/**
 * An import endpoint must be one the administrator allowlisted, by origin;
 * an address written as an IP literal is checked here (no DNS lookup happens
 * for it), names are checked on every connection by the guarded agents.
 */
export function assertImportEndpoint(allowlist: string[], allowPrivate: boolean, endpoint: string): void {
  const url = new URL(endpoint);
  if (!allowlist.includes(url.origin)) throw forbidden(`${url.origin} is not an allowlisted import endpoint; an administrator sets S3_IMPORT_ENDPOINTS.`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isPrivateAddress(host) && !allowPrivate) throw forbidden(`${url.origin} is a private or local address.`);
}

/** Where Tessera keeps its own blobs, when that is S3: every tenant's data, never an import source. */
export interface OwnBlobBucket {
  driver: 'local' | 's3';
  endpoint?: string;
  bucket: string;
}

/**
 * Refuses the blob store's own bucket as a source, whoever's keys come with the request. Without an
 * endpoint the store is AWS itself, where bucket names are global: the name alone is that bucket.
 */
export function assertNotOwnBucket(own: OwnBlobBucket, src: Pick<S3Source, 'endpoint' | 'bucket'>): void {
  if (own.driver !== 's3' || src.bucket !== own.bucket) return;
  const sameEndpoint = !own.endpoint || new URL(own.endpoint).origin === new URL(src.endpoint).origin;
  if (sameEndpoint) throw forbidden(`${src.bucket} is the bucket Tessera keeps its own blobs in; it cannot be imported from.`);
}

export const ownBlobBucket = (c: Pick<Config, 'BLOB_STORE_DRIVER' | 'S3_ENDPOINT' | 'S3_BUCKET'>): OwnBlobBucket =>
  ({ driver: c.BLOB_STORE_DRIVER, endpoint: c.S3_ENDPOINT, bucket: c.S3_BUCKET });

/** No signature at all: a keyless import is anonymous, as a public bucket expects. */
const UNSIGNED = { sign: async <T>(request: T) => request };

/**
 * The client for one import. It signs with the keys the request brought, or not at all: never with
 * the SDK's default chain (the server's environment, profile or instance role), which would let a
 * manager read what the server itself may read.
 */
export function importClient(src: S3Source, allowPrivate: boolean): S3Client {
  const keys = src.accessKeyId && src.secretAccessKey ? { accessKeyId: src.accessKeyId, secretAccessKey: src.secretAccessKey } : null;
  return new S3Client({
    endpoint: src.endpoint,
    region: src.region,
    forcePathStyle: src.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Credentials are always given, so the default chain is never consulted; without keys the signer does nothing.
    credentials: keys ?? { accessKeyId: 'anonymous', secretAccessKey: 'anonymous' },
    ...(keys ? {} : { signer: UNSIGNED }),
    requestHandler: new NodeHttpHandler({ ...guardedAgents(allowPrivate), connectionTimeout: 5000, requestTimeout: 60000 }),
    maxAttempts: 2,
  });
}

/** Objects under the prefix, page by page, bounded; "folders" (keys ending in /) are skipped. */
export async function* listImportObjects(client: S3Client, src: S3Source, limit = MAX_S3_OBJECTS): AsyncGenerator<{ key: string; size: number }> {
  let token: string | undefined;
  let seen = 0;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: src.bucket, Prefix: src.prefix || undefined, ContinuationToken: token, MaxKeys: 1000 }));
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith('/')) continue;
      if (++seen > limit) return;
      yield { key: o.Key, size: Number(o.Size ?? 0) };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

export async function openImportObject(client: S3Client, src: S3Source, key: string): Promise<Readable> {
  return (await client.send(new GetObjectCommand({ Bucket: src.bucket, Key: key }))).Body as Readable;
}

/** The source, credentials and all, sealed for the job queue, where it must not rest readable. */
export function sealSource(key: Buffer, src: S3Source): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(JSON.stringify(src)), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}

export function openSource(key: Buffer, sealed: string): S3Source {
  const buf = Buffer.from(sealed, 'base64');
  const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
  d.setAuthTag(buf.subarray(12, 28));
  return JSON.parse(Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8')) as S3Source;
}
