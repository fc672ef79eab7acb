import type { Point } from '../geometry/polygon';

/**
 * COCO's uncompressed run-length encoding, as the annotation contracts hold
 * masks: `size` is [height, width]; `counts` alternate runs of 0s and 1s over
 * the pixels in column-major order, starting with 0s (possibly an empty run).
 */
export interface Rle {
  size: readonly [number, number] | [number, number];
  counts: readonly number[] | number[];
}

const total = (r: Rle) => r.size[0] * r.size[1];

export function rleArea(r: Rle): number {
  let a = 0;
  for (let i = 1; i < r.counts.length; i += 2) a += r.counts[i];
  return a;
}

/** Calls `visit(start, end)` for each run of 1s, as half-open linear (column-major) index intervals. */
export function forEachRun(r: Rle, visit: (start: number, end: number) => void) {
  let pos = 0;
  for (let i = 0; i < r.counts.length; i++) {
    const c = r.counts[i];
    if (i % 2 === 1 && c > 0) visit(pos, pos + c);
    pos += c;
  }
}

function sameSize(a: Rle, b: Rle) {
  if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1]) throw new RangeError(`RLE sizes differ: ${a.size} and ${b.size}`);
}

/** Pixels set in both, walking the two run lists together (no decoding). */
export function rleIntersection(a: Rle, b: Rle): number {
  sameSize(a, b);
  let i = 0, j = 0;
  let ia = 0, ib = 0; // where run i of a, run j of b start
  let inter = 0;
  while (i < a.counts.length && j < b.counts.length) {
    const ea = ia + a.counts[i];
    const eb = ib + b.counts[j];
    if (i % 2 === 1 && j % 2 === 1) inter += Math.max(0, Math.min(ea, eb) - Math.max(ia, ib));
    if (ea <= eb) {
      ia = ea;
      i++;
    } else {
      ib = eb;
      j++;
    }
  }
  return inter;
}

/** IoU of two masks of one size; two empty masks agree (1). */
export function rleIou(a: Rle, b: Rle): number {
  const inter = rleIntersection(a, b);
  const union = rleArea(a) + rleArea(b) - inter;
  return union ? inter / union : 1;
}

/** Dice (F1 of pixels) of two masks of one size; two empty masks agree (1). */
export function rleDice(a: Rle, b: Rle): number {
  const sum = rleArea(a) + rleArea(b);
  return sum ? (2 * rleIntersection(a, b)) / sum : 1;
}

/** Builds counts from sorted, disjoint runs of 1s given as half-open linear intervals. */
export function rleFromRuns(size: readonly [number, number], runs: Iterable<readonly [number, number]>): Rle {
  const counts: number[] = [];
  const n = size[0] * size[1];
  let pos = 0;
  for (const [s0, e0] of runs) {
    const s = Math.max(s0, pos);
    const e = Math.min(e0, n);
    if (e <= s) continue;
    if (s === pos && counts.length) counts[counts.length - 1] += e - s; // touches the previous run
    else counts.push(s - pos, e - s);
    pos = e;
  }
  if (pos < n) counts.push(n - pos);
  if (!counts.length) counts.push(0);
  return { size: [size[0], size[1]], counts };
}

/** Encodes a mask given column-major (COCO's, Fortran order), any non-zero byte set. */
export function rleEncode(mask: ArrayLike<number>, height: number, width: number): Rle {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < height * width; i++) {
    if (mask[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, height * width]);
  return rleFromRuns([height, width], runs);
}

/** Decodes to a column-major byte mask. */
export function rleDecode(r: Rle): Uint8Array {
  const out = new Uint8Array(total(r));
  forEachRun(r, (s, e) => out.fill(1, s, e));
  return out;
}

/** The tight bounds of the set pixels as [x, y, w, h] (pycocotools' toBbox); zeros for an empty mask. */
export function rleBbox(r: Rle): [number, number, number, number] {
  const h = r.size[0];
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  forEachRun(r, (s, e) => {
    const cs = Math.floor(s / h);
    const ce = Math.floor((e - 1) / h);
    x0 = Math.min(x0, cs);
    x1 = Math.max(x1, ce);
    if (cs === ce) {
      y0 = Math.min(y0, s % h);
      y1 = Math.max(y1, (e - 1) % h);
    } else {
      // The run wraps past the bottom of a column: it covers the top of the next and the bottom of this one.
      y0 = 0;
      y1 = h - 1;
    }
  });
  return x0 === Infinity ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

/**
 * Rasterises a polygon (even–odd rule) into a mask of `size`: a pixel is set
 * when its centre lies inside, so abutting polygons share no pixel. `offset`
 * shifts the polygon first (to rasterise into a window of a larger image).
 * Column by column, which is the RLE's own order: cost ∝ width + Σ edge widths.
 */
export function rleFromPolygon(points: readonly Point[], size: readonly [number, number], offset: readonly [number, number] = [0, 0]): Rle {
  const [h, w] = size;
  const crossingsByColumn: number[][] = Array.from({ length: w }, () => []);
  const n = points.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const x1 = points[j][0] - offset[0], y1 = points[j][1] - offset[1];
    const x2 = points[i][0] - offset[0], y2 = points[i][1] - offset[1];
    if (x1 === x2) continue;
    const lo = Math.min(x1, x2);
    const hi = Math.max(x1, x2);
    // Columns whose centre lies in [lo, hi): half-open, so a vertex is counted once.
    const c0 = Math.max(0, Math.ceil(lo - 0.5));
    const c1 = Math.min(w - 1, Math.ceil(hi - 0.5) - 1);
    const slope = (y2 - y1) / (x2 - x1);
    for (let c = c0; c <= c1; c++) crossingsByColumn[c].push(y1 + (c + 0.5 - x1) * slope);
  }
  const runs: [number, number][] = [];
  for (let c = 0; c < w; c++) {
    const ys = crossingsByColumn[c];
    if (ys.length < 2) continue;
    ys.sort((p, q) => p - q);
    for (let k = 0; k + 1 < ys.length; k += 2) {
      const r0 = Math.max(0, Math.ceil(ys[k] - 0.5));
      const r1 = Math.min(h, Math.ceil(ys[k + 1] - 0.5));
      if (r1 > r0) runs.push([c * h + r0, c * h + r1]);
    }
  }
  return rleFromRuns(size, runs);
}

/**
 * Pixels set in at least `minVotes` of the masks (a majority vote when
 * minVotes > half their number), by sweeping the runs' ends: no decoding.
 */
export function rleVote(masks: readonly Rle[], minVotes: number): Rle {
  if (!masks.length) throw new RangeError('rleVote: no masks');
  masks.forEach((m) => sameSize(masks[0], m));
  const events: number[] = [];
  // A start at index s is 2s + 1, an end at e is 2e: at a shared index, ends sort (and count) first.
  for (const m of masks) forEachRun(m, (s, e) => events.push(2 * s + 1, 2 * e));
  events.sort((a, b) => a - b);
  const runs: [number, number][] = [];
  let votes = 0;
  let start = -1;
  for (const ev of events) {
    const isStart = ev % 2 === 1;
    const at = isStart ? (ev - 1) / 2 : ev / 2;
    const before = votes;
    votes += isStart ? 1 : -1;
    if (before < minVotes && votes >= minVotes) start = at;
    else if (before >= minVotes && votes < minVotes) runs.push([start, at]);
  }
  return rleFromRuns(masks[0].size, runs);
}

/**
 * COCO's compressed RLE string (pycocotools' rleToString): each count minus
 * the count two before it, as signed LEB128-like 5-bit groups offset by 48.
 */
export function rleToString(r: Rle): string {
  let s = '';
  for (let i = 0; i < r.counts.length; i++) {
    let x = r.counts[i] - (i > 2 ? r.counts[i - 2] : 0);
    for (;;) {
      let c = x & 0x1f;
      x >>= 5;
      const more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
      if (!more) break;
    }
  }
  return s;
}

export function rleFromString(s: string, size: readonly [number, number]): Rle {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let c = 0;
    do {
      if (p >= s.length) throw new RangeError('rleFromString: truncated string');
      c = s.charCodeAt(p++) - 48;
      if (c < 0 || c > 63) throw new RangeError('rleFromString: not a COCO RLE string');
      x += (c & 0x1f) * 2 ** (5 * k);
      k++;
    } while (c & 0x20);
    if (c & 0x10) x -= 2 ** (5 * k);
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  const r: Rle = { size: [size[0], size[1]], counts };
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum !== total(r) || counts.some((c) => c < 0)) throw new RangeError(`rleFromString: counts cover ${sum} pixels, the size ${total(r)}`);
  return r;
}
