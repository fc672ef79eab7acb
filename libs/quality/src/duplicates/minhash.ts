/** Signature length and how it is cut for locality-sensitive hashing: 32 bands of 4 rows. */
export const MINHASH_SIZE = 128;
export const MINHASH_BANDS = 32;
const SHINGLE = 5;

/** MurmurHash3's finaliser: every input bit moves every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => mix(0x9e3779b9 + i * 0x632be5ab));

/** Lower case, whitespace runs as one space: what a near-duplicate is judged on. */
export const normaliseText = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The text's character 5-grams (Chinese has no spaces to make word shingles from), hashed; the whole text when shorter. */
export function shingles(text: string): Set<number> {
  const t = normaliseText(text);
  const chars = Array.from(t);
  const out = new Set<number>();
  if (chars.length <= SHINGLE) {
    if (t) out.add(fnv1a(t));
    return out;
  }
  for (let i = 0; i + SHINGLE <= chars.length; i++) out.add(fnv1a(chars.slice(i, i + SHINGLE).join('')));
  return out;
}

/**
 * The MinHash signature of a text (Broder 1997): for each of 128 hash
 * functions, the least hash over its shingles. Two signatures agree in a
 * share of places that estimates the texts' Jaccard similarity.
 */
export function minhash(text: string): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (const s of shingles(text)) {
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const h = mix(s ^ SEEDS[i]);
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

export function jaccardEstimate(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('jaccardEstimate: signatures of different lengths');
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Exact Jaccard similarity of two texts' shingle sets (to check a candidate pair). */
export function jaccard(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  let inter = 0;
  for (const s of x) if (y.has(s)) inter++;
  const union = x.size + y.size - inter;
  return union ? inter / union : 1;
}

/**
 * Band keys for locality-sensitive hashing: texts whose signatures share any
 * band are candidates. With 32 bands of 4 rows a pair at Jaccard 0.8 shares
 * one with probability ≈ 1 − (1 − 0.8⁴)³² > 0.9999, a pair at 0.3 ≈ 0.23.
 */
export function lshBands(sig: ArrayLike<number>): string[] {
  const rows = sig.length / MINHASH_BANDS;
  const out: string[] = [];
  for (let b = 0; b < MINHASH_BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r++) h = mix(h ^ sig[b * rows + r]) ^ Math.imul(r + 1, 0x9e3779b1);
    out.push(`${b.toString(36)}:${(h >>> 0).toString(36)}`);
  }
  return out;
}
