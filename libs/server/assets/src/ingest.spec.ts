import sharp from 'sharp';
import { hammingDistance } from '@tessera/quality';
import { bmp } from '@tessera/server/testing';
import { imagePhash, IMAGE_SIGNATURE_BYTES, probeImage, startsLikeImage } from './ingest';

const LIMIT = 100_000_000;

/** A drawn scene: two blocks on grey, placed by x. */
const scene = (hue: string, x: number) => sharp({ create: { width: 640, height: 360, channels: 3, background: '#3a3a3a' } })
  .composite([
    { input: { create: { width: 220, height: 120, channels: 3, background: hue } }, left: x, top: 180 },
    { input: { create: { width: 90, height: 200, channels: 3, background: '#f0f0f0' } }, left: 520 - x / 2, top: 40 },
  ]);

describe('the perceptual hash made at ingest', () => {
  it('is the hash the fingerprint job computes from the original, for every format', async () => {
    const png = await scene('#d4380d', 60).png().toBuffer();
    const files = [
      png,
      await sharp(png).jpeg({ quality: 90 }).toBuffer(),
      await sharp(png).resize(3000, 1688).jpeg().toBuffer(), // shrunk while decoding
      await sharp(png).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      await sharp(png).webp().toBuffer(),
      await sharp(png).tiff().toBuffer(),
      await sharp(png).ensureAlpha(0.5).png().toBuffer(),
      await sharp(png).toColourspace('rgb16').png().toBuffer(),
      bmp(300, 200, 24, (x, y) => [x % 256, y, 120]),
    ];
    for (const bytes of files) {
      const facts = await probeImage(bytes, LIMIT);
      expect(facts.metadata.phash).toMatch(/^[0-9a-f]{16}$/);
      expect(facts.metadata.phash).toBe(await imagePhash(bytes, LIMIT));
    }
  });

  it('is the same for the same picture, close for a re-encoded copy, far for another picture', async () => {
    const png = await scene('#d4380d', 60).png().toBuffer();
    const hash = async (b: Buffer) => (await probeImage(b, LIMIT)).metadata.phash as string;
    const original = await hash(png);
    expect(await hash(Buffer.from(png))).toBe(original);
    expect(hammingDistance(original, await hash(await sharp(png).resize(480, 270).jpeg({ quality: 70 }).toBuffer()))).toBeLessThanOrEqual(2);
    expect(hammingDistance(original, await hash(await sharp(png).resize(2560, 1440).jpeg({ quality: 85 }).toBuffer()))).toBeLessThanOrEqual(2);
    expect(hammingDistance(original, await hash(await scene('#1677ff', 330).flop().png().toBuffer()))).toBeGreaterThan(16);
  });

  it('comes from the decode the thumbnail is made from', async () => {
    const facts = await probeImage(await sharp(await scene('#d4380d', 60).png().toBuffer()).jpeg().withMetadata({ orientation: 6 }).toBuffer(), LIMIT);
    const thumb = await sharp(facts.thumbnail).metadata();
    expect([facts.width, facts.height, thumb.format, thumb.width, thumb.height]).toEqual([360, 640, 'webp', 144, 256]);
  });
});

describe('startsLikeImage', () => {
  const head = (b: Buffer | string) => Buffer.from(b).subarray(0, IMAGE_SIGNATURE_BYTES);
  const pixels = () => sharp({ create: { width: 8, height: 6, channels: 3, background: '#336699' } });

  it('knows every accepted format by its first bytes', async () => {
    for (const bytes of [await pixels().jpeg().toBuffer(), await pixels().png().toBuffer(), await pixels().webp().toBuffer(), await pixels().tiff().toBuffer(),
      await pixels().tiff({ bigtiff: true }).toBuffer(), bmp(4, 3, 24, () => [1, 2, 3])]) {
      expect(startsLikeImage(head(bytes))).toBe(true);
    }
  });

  it('tells other files apart, however they are named', async () => {
    for (const bytes of [await pixels().gif().toBuffer(), '<svg xmlns="http://www.w3.org/2000/svg"/>', Buffer.from('\0\0\0\x20ftypisom'), Buffer.from('RIFF\0\0\0\0AVI '),
      Buffer.from('%PDF-1.7'), Buffer.alloc(12), Buffer.alloc(0), Buffer.from([0xff, 0xd8])]) {
      expect(startsLikeImage(head(bytes))).toBe(false);
    }
  });
});
