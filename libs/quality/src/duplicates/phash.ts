/** The side of the greyscale thumbnail pHash works on, and of the low-frequency block it keeps. */
export const PHASH_INPUT = 32;
const BLOCK = 8;

const COS = (() => {
  const n = PHASH_INPUT;
  const t = new Float64Array(BLOCK * n);
  for (let u = 0; u < BLOCK; u++) for (let x = 0; x < n; x++) t[u * n + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * n));
  return t;
})();

/**
 * The perceptual hash of an image (the DCT hash of Zauner 2010, as Python's
 * imagehash.phash computes it): the 32 × 32 greyscale image's 2-D DCT, its
 * 8 × 8 lowest frequencies compared with their median, as 64 bits in 16 hex
 * digits (row by row, first bit highest). Resizing and greyscale are the
 * caller's (sharp on the server). Re-encoding, resizing and small edits move
 * few bits; different pictures differ in about half.
 */
export function phash(grey: ArrayLike<number>): string {
  const n = PHASH_INPUT;
  if (grey.length !== n * n) throw new RangeError(`phash: need ${n}×${n} pixels, got ${grey.length}`);
  // Only the 8 × 8 low-frequency coefficients are needed: rows first, then columns.
  const rows = new Float64Array(n * BLOCK); // [y][v]
  for (let y = 0; y < n; y++) {
    for (let v = 0; v < BLOCK; v++) {
      let s = 0;
      for (let x = 0; x < n; x++) s += grey[y * n + x] * COS[v * n + x];
      rows[y * BLOCK + v] = s;
    }
  }
  const block = new Float64Array(BLOCK * BLOCK); // [u][v]
  for (let u = 0; u < BLOCK; u++) {
    for (let v = 0; v < BLOCK; v++) {
      let s = 0;
      for (let y = 0; y < n; y++) s += rows[y * BLOCK + v] * COS[u * n + y];
      block[u * BLOCK + v] = s;
    }
  }
  const sorted = Float64Array.from(block).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4; b++) nibble = (nibble << 1) | (block[i + b] > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** Bits that differ between two hashes of the same length in hex. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new RangeError('hammingDistance: hashes of different lengths');
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

/** A 64-bit hash (16 hex digits) cut into four 16-bit bands, bits 0–15 first. */
const bandValues = (hex: string) => [0, 1, 2, 3].map((i) => parseInt(hex.slice(12 - 4 * i, 16 - 4 * i), 16));

/**
 * A hash's index keys (`p<band>:<value>`): found by an index, they spare comparing a new hash with every
 * other. Two hashes within 6 bits have a band within 1 bit of each other's (were all four 2 or more bits
 * apart, the hashes would be 8), so the search asks for `phashBandProbes`.
 */
export function phashBands(hex: string): string[] {
  return bandValues(hex).map((v, i) => `p${i}:${v}`);
}

/** The keys of every band value within one bit of this hash's: 4 × 17. */
export function phashBandProbes(hex: string): string[] {
  return bandValues(hex).flatMap((v, i) => [v, ...Array.from({ length: 16 }, (_, bit) => v ^ (1 << bit))].map((x) => `p${i}:${x}`));
}
