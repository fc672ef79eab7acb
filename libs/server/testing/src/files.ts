import { crc32, deflateRawSync } from 'node:zlib';

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


export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** store (0) or deflate (8) */
  method?: 0 | 8;
  /** write this uncompressed size into the headers instead of the true one (a lying archive) */
  claimedSize?: number;
  /** a Unix mode (type and permissions, e.g. 0o120777 for a symlink), written as a Unix zip tool does */
  unixMode?: number;
}

/** A zip archive written by the book (local headers, central directory, end record). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(e.name, 'utf8');
    const size = e.claimedSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    // Version made by: 3.0 on Unix (3) when a mode is given, so readers look at the mode bits.
    central.writeUInt16LE(e.unixMode === undefined ? 20 : (3 << 8) | 30, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    if (e.unixMode !== undefined) central.writeUInt32LE(((e.unixMode << 16) >>> 0), 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
