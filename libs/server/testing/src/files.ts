// Real files in real formats, written byte by byte, for formats no installed library writes.

/** A tiny BMP writer, so the decoder is tested on files laid out exactly as the format says. */
export function bmp(width: number, height: number, bpp: 8 | 24 | 32, pixel: (x: number, y: number) => number[], opts: { topDown?: boolean; palette?: number[][]; bitfields?: boolean } = {}) {
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const headerSize = opts.bitfields ? 108 : 40;
  const paletteBytes = (opts.palette?.length ?? 0) * 4;
  const offset = 14 + headerSize + paletteBytes;
  const buf = Buffer.alloc(offset + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(headerSize, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(opts.topDown ? -height : height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bpp, 28);
  buf.writeUInt32LE(opts.bitfields ? 3 : 0, 30);
  buf.writeUInt32LE(opts.palette?.length ?? 0, 46);
  if (opts.bitfields) [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000].forEach((m, i) => buf.writeUInt32LE(m >>> 0, 54 + i * 4));
  opts.palette?.forEach(([r, g, b], i) => buf.set([b, g, r, 0], 14 + headerSize + i * 4));
  for (let y = 0; y < height; y++) {
    const row = offset + (opts.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const v = pixel(x, y);
      if (bpp === 8) buf[row + x] = v[0];
      else if (bpp === 24) buf.set([v[2], v[1], v[0]], row + x * 3);
      else buf.writeUInt32LE(((v[3] << 24) | (v[0] << 16) | (v[1] << 8) | v[2]) >>> 0, row + x * 4);
    }
  }
  return buf;
}

