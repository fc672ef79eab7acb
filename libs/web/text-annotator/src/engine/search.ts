import { graphemeBoundary } from './tokens';

/**
 * In-editor search: every place the query occurs (any case), in document
 * order, widened to whole graphemes so a match never splits one (searching
 * "e" in "é" written with a combining accent finds the whole "é"). At most
 * `limit` matches, so a one-letter query over 1 MB stays quick.
 */
export function findMatches(text: string, query: string, limit = 10_000): Uint32Array {
  if (!query) return new Uint32Array(0);
  const re = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  const out: number[] = [];
  let lastEnd = -1;
  for (let m = re.exec(text); m && out.length < limit * 2; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const start = graphemeBoundary(text, m.index);
    const end = graphemeBoundary(text, m.index + m[0].length, true);
    if (start < lastEnd) continue;
    out.push(start, end);
    lastEnd = end;
    if (re.lastIndex < end) re.lastIndex = end;
  }
  return Uint32Array.from(out);
}

/** The first match at or after `at` (wrapping to the first), as an index into the pairs; -1 when none. */
export function matchAfter(matches: Uint32Array, at: number): number {
  const n = matches.length / 2;
  if (!n) return -1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid * 2] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < n ? lo : 0;
}

/** The matches that touch [from, to): index range [first, last). */
export function matchesIn(matches: Uint32Array, from: number, to: number): [number, number] {
  const n = matches.length / 2;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid * 2 + 1] <= from) lo = mid + 1;
    else hi = mid;
  }
  let last = lo;
  while (last < n && matches[last * 2] < to) last++;
  return [lo, last];
}
