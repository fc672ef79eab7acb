import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deriveKey, openSealed, openSealedStream, sealStream } from './sealed';

const key = deriveKey('secret-for-sealed-tests', 'test');
async function seal(data: Buffer): Promise<Buffer> {
  return Buffer.concat(await Readable.from([data]).pipe(sealStream(key)).toArray());
}
/** Feeds `sealed` in chunks of `size` through openSealedStream. */
async function openInChunks(sealed: Buffer, size: number, k = key): Promise<Buffer> {
  const chunks = Array.from({ length: Math.ceil(sealed.length / size) }, (_, i) => sealed.subarray(i * size, (i + 1) * size));
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), openSealedStream(k), async function* (source) {
    for await (const c of source) out.push(c as Buffer);
  });
  return Buffer.concat(out);
}

describe('sealed streams', () => {
  const data = randomBytes(100_000);

  it.each([1, 7, 12, 16, 28, 4096, 1_000_000])('opens what sealStream wrote, fed in chunks of %i bytes', async (size) => {
    const sealed = await seal(data);
    expect((await openInChunks(sealed, size)).equals(data)).toBe(true);
    expect(openSealed(key, sealed).equals(data)).toBe(true);
  });

  it('opens an empty sealed value', async () => {
    expect((await openInChunks(await seal(Buffer.alloc(0)), 5)).length).toBe(0);
  });

  it('fails on a changed byte, a cut tail or another key', async () => {
    const sealed = await seal(data);
    const changed = Buffer.from(sealed);
    changed[5000] ^= 1;
    await expect(openInChunks(changed, 4096)).rejects.toThrow();
    await expect(openInChunks(sealed.subarray(0, sealed.length - 3), 4096)).rejects.toThrow();
    await expect(openInChunks(sealed, 4096, deriveKey('another', 'test'))).rejects.toThrow();
    await expect(openInChunks(sealed.subarray(0, 10), 4096)).rejects.toThrow(/too short/);
    expect(() => openSealed(key, changed)).toThrow();
    expect(() => openSealed(deriveKey('another', 'test'), sealed)).toThrow();
    expect(() => openSealed(key, sealed.subarray(0, 10))).toThrow(/too short/);
  });
});
