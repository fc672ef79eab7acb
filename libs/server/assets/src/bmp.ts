import { IngestError } from './ingest-error';

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * Decodes Windows bitmaps (libvips, and so sharp, cannot): BITMAPINFOHEADER
 * and later headers, 1/4/8-bit palettes and 24/32-bit pixels, uncompressed
 * or BI_BITFIELDS, bottom-up or top-down. Every size is checked against the
 * buffer and the pixel limit before anything is allocated.
 */
export function decodeBmp(buf: Buffer, maxPixels: number): RawImage {
  const fail = (why: string): never => {
    throw new IngestError('image.unreadable', `not a readable BMP (${why})`);
  };
  if (buf.length < 54 || buf.toString('latin1', 0, 2) !== 'BM') fail('no BMP header');
  const dataOffset = buf.readUInt32LE(10);
  const headerSize = buf.readUInt32LE(14);
  if (headerSize < 40) fail('OS/2 bitmaps are not supported');
  const width = buf.readInt32LE(18);
  const rawHeight = buf.readInt32LE(22);
  const bpp = buf.readUInt16LE(28);
  const compression = buf.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0) fail('no size');
  if (width * height > maxPixels) throw new IngestError('image.too_many_pixels', `the image has ${width}×${height} pixels, more than the limit of ${maxPixels}`);
  if (![1, 4, 8, 24, 32].includes(bpp)) fail(`${bpp} bits per pixel`);
  if (compression !== 0 && !(compression === 3 && bpp === 32)) fail('compressed bitmaps are not supported');
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > buf.length) fail('truncated pixel data');

  let palette: Buffer | null = null;
  if (bpp <= 8) {
    const colours = buf.readUInt32LE(46) || 1 << bpp;
    const start = 14 + headerSize;
    if (colours > 256 || start + colours * 4 > dataOffset) fail('bad palette');
    palette = buf.subarray(start, start + colours * 4);
  }
  // BI_BITFIELDS masks follow a 40-byte header; later headers carry them inside.
  const masks = compression === 3 ? [buf.readUInt32LE(54), buf.readUInt32LE(58), buf.readUInt32LE(62), headerSize >= 56 ? buf.readUInt32LE(66) : 0] : null;
  const channels = bpp === 32 && masks?.[3] ? 4 : 3;
  const out = Buffer.alloc(width * height * channels);
  const shiftOf = (mask: number) => (mask ? 31 - Math.clz32(mask & -mask) : 0);

  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      let r: number, g: number, b: number, a = 255;
      if (bpp === 24 || (bpp === 32 && !masks)) {
        const p = row + x * (bpp / 8);
        [b, g, r] = [buf[p], buf[p + 1], buf[p + 2]];
      } else if (bpp === 32 && masks) {
        const v = buf.readUInt32LE(row + x * 4);
        const chan = (m: number) => (m ? (((v & m) >>> shiftOf(m)) * 255) / (m >>> shiftOf(m)) : 255);
        [r, g, b, a] = [chan(masks[0]), chan(masks[1]), chan(masks[2]), chan(masks[3])];
      } else {
        const bit = x * bpp;
        const byte = buf[row + (bit >> 3)];
        const index = (byte >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        if (index * 4 + 2 >= palette!.length) fail('pixel outside the palette');
        [b, g, r] = [palette![index * 4], palette![index * 4 + 1], palette![index * 4 + 2]];
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      if (channels === 4) out[o + 3] = a;
    }
  }
  return { data: out, width, height, channels };
}
