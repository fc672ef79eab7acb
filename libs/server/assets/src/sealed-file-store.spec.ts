import { Upload } from '@tus/server';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readFile, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SealedFileStore } from './sealed-file-store';

let dir: string;
let store: SealedFileStore;
const key = randomBytes(32);
const id = 'a'.repeat(32);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealed-tus-'));
  store = new SealedFileStore({ directory: dir, key, expiryMs: 60_000 });
  await store.create(new Upload({ id, size: 300_000, offset: 0, metadata: { filename: 'file-0123456789ab.dcm' } }));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const plaintext = async () => Buffer.concat(await store.plaintextOf(id).toArray());

describe('SealedFileStore', () => {
  const data = randomBytes(300_000);

  it('keeps the bytes sealed, counts the plaintext as the offset, and gives the plaintext back', async () => {
    expect(await store.write(Readable.from([data.subarray(0, 100_000)]), id, 0)).toBe(100_000);
    expect(await store.write(Readable.from([data.subarray(100_000, 250_000), data.subarray(250_000)]), id, 100_000)).toBe(300_000);
    expect((await store.getUpload(id)).offset).toBe(300_000);
    const onDisk = await readFile(join(dir, id));
    expect(onDisk.includes(data.subarray(1000, 1064))).toBe(false);
    expect((await plaintext()).equals(data)).toBe(true);
  });

  it('does not count a frame a crash cut short, and writes over it', async () => {
    await store.write(Readable.from([data.subarray(0, 100_000)]), id, 0);
    await appendFile(join(dir, id), randomBytes(5000));
    expect((await store.getUpload(id)).offset).toBe(100_000);
    await store.write(Readable.from([data.subarray(100_000)]), id, 100_000);
    expect((await plaintext()).equals(data)).toBe(true);
  });

  it('refuses a write at the wrong offset', async () => {
    await store.write(Readable.from([data.subarray(0, 10)]), id, 0);
    await expect(store.write(Readable.from([data.subarray(10, 20)]), id, 5)).rejects.toMatchObject({ status_code: 409 });
  });

  it('fails to open a changed byte', async () => {
    await store.write(Readable.from([data.subarray(0, 1000)]), id, 0);
    const path = join(dir, id);
    const bytes = await readFile(path);
    bytes[100] ^= 1;
    await rm(path);
    await appendFile(path, bytes);
    await expect(plaintext()).rejects.toThrow();
  });

  it('deletes uploads nobody has written to for the expiry period, and only those', async () => {
    const other = 'b'.repeat(32);
    await store.create(new Upload({ id: other, size: 10, offset: 0 }));
    const longAgo = new Date(Date.now() - 120_000);
    await utimes(join(dir, id), longAgo, longAgo);
    expect(await store.deleteExpired()).toBe(1);
    expect((await readdir(dir)).filter((n) => n.startsWith(id))).toEqual([]);
    expect((await store.getUpload(other)).offset).toBe(0);
  });
});
