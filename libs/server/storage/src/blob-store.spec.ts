import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { LocalBlobStore, type BlobStore } from './blob-store';
import { S3BlobStore } from './s3-blob-store';

const text = async (s: Readable) => Buffer.concat(await s.toArray()).toString('utf8');
let dir: string;
let s3: S3rver;
let s3Port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-blobs-'));
  // A real S3-protocol server on loopback, so the driver speaks the real wire protocol.
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: 'tessera-test', configs: [] }] });
  s3Port = (await s3.run()).port;
});
afterAll(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const drivers: [string, () => BlobStore][] = [
  ['local disk', () => new LocalBlobStore(join(dir, 'local'))],
  ['S3', () => new S3BlobStore({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', bucket: 'tessera-test', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, spoolDir: join(dir, 'spool') })],
];

describe.each(drivers)('%s blob store', (_name, make) => {
  let store: BlobStore;
  beforeAll(() => {
    store = make();
  });

  it('names blobs by their sha256 and gives the bytes back', async () => {
    const bytes = randomBytes(300_000);
    const blob = await store.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(blob).toEqual({ key: `sha256/${createHash('sha256').update(bytes).digest('hex')}`, sha256: blob.sha256, size: 300_000 });
    expect(Buffer.concat(await (await store.get(blob.key)).toArray()).equals(bytes)).toBe(true);
    expect(await store.size(blob.key)).toBe(300_000);
  });

  it('takes a large blob in many chunks and reads it back whole', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    const blob = await store.put(Readable.from(chunks));
    expect(blob.size).toBe(bytes.length);
    expect((await store.read(blob.key)).equals(bytes)).toBe(true);
  });

  it('deletes a blob, and a second delete is fine', async () => {
    const blob = await store.put(Readable.from([randomBytes(1000)]));
    await store.delete(blob.key);
    await expect(store.read(blob.key)).rejects.toThrow();
    await expect(store.delete(blob.key)).resolves.toBeUndefined();
  });

  it('deletes a blob let go of, but not one written within the grace, nor one written again since', async () => {
    const blob = await store.put(Readable.from([randomBytes(1000)]));
    expect(await store.deleteUnlessFresh(blob.key, 60_000)).toBe(false);
    expect((await store.read(blob.key)).length).toBe(1000);
    // A grace of nothing: written a moment ago is long enough ago.
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.deleteUnlessFresh(blob.key, 1)).toBe(true);
    await expect(store.read(blob.key)).rejects.toThrow();
    expect(await store.deleteUnlessFresh(blob.key, 1)).toBe(true);

    // The same bytes put again renew the blob's time, whether or not they were there already (S3 keeps whole seconds).
    const bytes = randomBytes(1000);
    const first = await store.put(Readable.from([bytes]));
    await new Promise((r) => setTimeout(r, 2100));
    await store.put(Readable.from([bytes]));
    expect(await store.deleteUnlessFresh(first.key, 2000)).toBe(false);
    expect((await store.read(first.key)).equals(bytes)).toBe(true);
  });

  it('takes a stream of strings as UTF-8', async () => {
    const blob = await store.put(Readable.from(['naïve ', 'café']));
    expect(blob.sha256).toBe(createHash('sha256').update('naïve café', 'utf8').digest('hex'));
    expect((await store.read(blob.key)).toString('utf8')).toBe('naïve café');
  });

  it('stores the same bytes once', async () => {
    const a = await store.put(Readable.from([Buffer.from('same')]));
    const b = await store.put(Readable.from([Buffer.from('same')]));
    expect(a).toEqual(b);
    expect(await text(await store.get(a.key))).toBe('same');
  });

  it('refuses keys that are not content addresses (no path tricks)', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a blob key/);
    await expect(store.get('sha256/../../x')).rejects.toThrow(/not a blob key/);
  });

  it('answers the readiness check', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe('local blob store, a source that fails part way', () => {
  it('stores nothing and leaves no temporary file', async () => {
    const root = join(dir, 'failing');
    const store = new LocalBlobStore(root);
    async function* broken() {
      yield randomBytes(2 * 1024 * 1024);
      throw new Error('the client went away');
    }
    await expect(store.put(Readable.from(broken()))).rejects.toThrow('the client went away');
    expect(await readdir(join(root, 'blobs', 'tmp'))).toEqual([]);
    expect((await readdir(join(root, 'blobs'))).filter((d) => d !== 'tmp')).toEqual([]);
  });
});
