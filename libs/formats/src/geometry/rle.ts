import type { Rle } from '@tessera/contracts';

/**
 * Masks in every peer's encoding. The common form is a bitmap: a row-major
 * Uint8Array of height × width, 1 where the mask is. Tessera keeps COCO's
 * uncompressed RLE (column-major runs, zeros first).
 */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export function bitmapFromRle(rle: Rle): Bitmap {
  const [height, width] = rle.size;
  const data = new Uint8Array(width * height);
  let p = 0;
  let v = 0;
  for (const run of rle.counts) {
    if (v) {
      for (let k = p; k < p + run; k++) {
        const x = Math.floor(k / height);
        const y = k - x * height;
        data[y * width + x] = 1;
      }
    }
    p += run;
    v ^= 1;
  }
  return { width, height, data };
}

export function rleFromBitmap(b: Bitmap): Rle {
  const counts: number[] = [];
  let run = 0;
  let v = 0;
  for (let x = 0; x < b.width; x++) {
    for (let y = 0; y < b.height; y++) {
      const bit = b.data[y * b.width + x] ? 1 : 0;
      if (bit !== v) {
        counts.push(run);
        run = 0;
        v = bit;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [b.height, b.width], counts };
}

/** Pixels a run list covers; a valid mask's runs add up to height × width. */
export const rleTotal = (counts: number[]) => counts.reduce((n, c) => n + c, 0);

/** The mask's pixel count and extent (x, y, width, height in pixels), or null for an empty mask. */
export function rleExtent(rle: Rle): { area: number; bbox: [number, number, number, number] } | null {
  const h = rle.size[0];
  let p = 0;
  let v = 0;
  let area = 0;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const run of rle.counts) {
    if (v && run > 0) {
      area += run;
      const sx = Math.floor(p / h);
      const ex = Math.floor((p + run - 1) / h);
      x0 = Math.min(x0, sx);
      x1 = Math.max(x1, ex);
      if (sx === ex) {
        y0 = Math.min(y0, p - sx * h);
        y1 = Math.max(y1, p + run - 1 - ex * h);
      } else {
        y0 = 0;
        y1 = h - 1;
      }
    }
    p += run;
    v ^= 1;
  }
  return area ? { area, bbox: [x0, y0, x1 - x0 + 1, y1 - y0 + 1] } : null;
}

/** pycocotools' compressed RLE string (LEB128-like, differences from two runs back). */
export function decodeCocoString(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new Error('the compressed RLE string ends inside a number');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`"${s[p]}" is not an RLE character`);
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

export function encodeCocoString(counts: number[]): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = ((x % 32) + 32) % 32;
      x = Math.floor(x / 32);
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

/** CVAT's mask: runs over its box (left, top, width × height), row-major, zeros first. */
export function cvatRleFromBitmap(b: Bitmap): { rle: number[]; left: number; top: number; width: number; height: number } | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < b.height; y++) {
    for (let x = 0; x < b.width; x++) {
      if (b.data[y * b.width + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const rle: number[] = [];
  let run = 0;
  let v = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const bit = b.data[y * b.width + x] ? 1 : 0;
      if (bit !== v) {
        rle.push(run);
        run = 0;
        v = bit;
      }
      run++;
    }
  }
  rle.push(run);
  return { rle, left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

export function bitmapFromCvatRle(rle: number[], left: number, top: number, w: number, h: number, width: number, height: number): Bitmap {
  if (rleTotal(rle) !== w * h) throw new Error(`the mask's runs cover ${rleTotal(rle)} pixels, its ${w}×${h} box has ${w * h}`);
  if (left < 0 || top < 0 || left + w > width || top + h > height) throw new Error(`the mask's box lies outside the ${width}×${height} image`);
  const data = new Uint8Array(width * height);
  let p = 0;
  let v = 0;
  for (const run of rle) {
    if (v) for (let k = p; k < p + run; k++) data[(top + Math.floor(k / w)) * width + left + (k % w)] = 1;
    p += run;
    v ^= 1;
  }
  return { width, height, data };
}

// Label Studio's brush: thi.ng rle-pack over the RGBA image (4 bytes a pixel), the mask in every channel.

class BitReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.pos >> 3];
      if (byte === undefined) throw new Error('the brush RLE ends early');
      v = v * 2 + ((byte >> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return v;
  }
}

class BitWriter {
  private readonly bytes: number[] = [];
  private pos = 0;
  write(v: number, n: number) {
    for (let i = n - 1; i >= 0; i--) {
      const bit = Math.floor(v / 2 ** i) & 1;
      if ((this.pos & 7) === 0) this.bytes.push(0);
      if (bit) this.bytes[this.bytes.length - 1] |= 1 << (7 - (this.pos & 7));
      this.pos++;
    }
  }
  get result() {
    return this.bytes;
  }
}

/** Decodes Label Studio's brush RLE into a mask of width × height (a pixel is set where its alpha is). */
export function bitmapFromBrush(rle: number[], width: number, height: number): Bitmap {
  const input = new BitReader(Uint8Array.from(rle));
  const num = input.read(32);
  const wordSize = input.read(5) + 1;
  const sizes = [0, 1, 2, 3].map(() => input.read(4) + 1);
  if (num !== width * height * 4) throw new Error(`the brush RLE holds ${num} values, a ${width}×${height} RGBA image has ${width * height * 4}`);
  const data = new Uint8Array(width * height);
  for (let i = 0; i < num; ) {
    const repeat = input.read(1);
    const j = i + 1 + input.read(sizes[input.read(2)]);
    if (j > num) throw new Error('the brush RLE runs past the image');
    if (repeat) {
      const v = input.read(wordSize);
      if (v) for (let k = i; k < j; k++) if ((k & 3) === 3) data[k >> 2] = 1;
      i = j;
    } else {
      for (; i < j; i++) if (input.read(wordSize) && (i & 3) === 3) data[i >> 2] = 1;
    }
  }
  return { width, height, data };
}

/** Encodes a mask as Label Studio's brush RLE (every channel 255 where the mask is). */
export function brushFromBitmap(b: Bitmap): number[] {
  const sizes = [3, 4, 8, 16];
  const out = new BitWriter();
  const num = b.width * b.height * 4;
  out.write(num, 32);
  out.write(7, 5);
  for (const s of sizes) out.write(s - 1, 4);
  let i = 0;
  while (i < num) {
    const v = b.data[i >> 2];
    let j = i + 1;
    while (j < num && j - i < 1 << 16 && b.data[j >> 2] === v) j++;
    const n = j - i - 1;
    const cls = sizes.findIndex((s) => n < 2 ** s);
    out.write(1, 1);
    out.write(cls, 2);
    out.write(n, sizes[cls]);
    out.write(v ? 255 : 0, 8);
    i = j;
  }
  return out.result;
}
