import type { Annotation } from '@tessera/contracts';

/**
 * The document cut into rows of at most `columns` columns (a wide, CJK,
 * character takes two), at line breaks, else after a space or between wide
 * characters, never inside a grapheme. Row heights follow from how many
 * spans are stacked under them, so the scroll position of every row is known
 * without measuring the DOM, and only the rows in view are drawn.
 */
export interface Layout {
  /** Where each row starts; a row ends where the next starts (its line break, if any, is the last code unit). */
  starts: Uint32Array;
  /** Each row's top, in pixels; one more entry than rows: the total height. */
  tops: Float64Array;
  /** Lanes stacked under each row. */
  lanes: Uint16Array;
  /** Rows with room above their text for relation arcs (1), or none (0). */
  arcs: Uint8Array;
  count: number;
}

export interface PlacedSpan {
  id: string;
  labelId: string;
  start: number;
  end: number;
  /** Its place in the stack under the line: 0 nearest the text. */
  lane: number;
  model: boolean;
}

export const LINE = 24;
export const LANE = 5;
/** Room above a row whose spans a relation joins, for the arcs and their labels. */
export const ARC = 18;

const isWide = (c: number) => (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0xd800 && c <= 0xdbff);
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** Combining marks, joiners and variation selectors: a row never starts with one. */
const joins = (c: number) => isLow(c) || (c >= 0x300 && c <= 0x36f) || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x20d0 && c <= 0x20ff);

/** Row starts, in one pass over the text (1 MB in some tens of milliseconds). */
export function wrapRows(text: string, columns: number): Uint32Array {
  const starts: number[] = [0];
  let rowStart = 0;
  let width = 0;
  let lastBreak = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (i + 1 < text.length) starts.push(i + 1);
      rowStart = i + 1;
      width = 0;
      lastBreak = -1;
      continue;
    }
    if (isLow(c)) continue;
    const w = isWide(c) ? 2 : joins(c) ? 0 : 1;
    if (width + w > columns && i > rowStart && !joins(c)) {
      // Before a wide character, or after the last space, or (a word longer than the row) here.
      const at = w === 2 || lastBreak <= rowStart ? i : lastBreak;
      starts.push(at);
      rowStart = at;
      width = 0;
      for (let j = at; j < i; j++) {
        const cj = text.charCodeAt(j);
        if (!isLow(cj)) width += isWide(cj) ? 2 : joins(cj) ? 0 : 1;
      }
      lastBreak = -1;
    }
    width += w;
    // A row may break after a space, or before a wide character.
    if (c === 32 || c === 9) lastBreak = i + 1;
    else if (w === 2 && i > rowStart) lastBreak = i;
  }
  return Uint32Array.from(starts);
}

/** The row holding an offset (binary search). */
export function rowOf(starts: Uint32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The row at a scroll position (binary search over the tops). */
export function rowAtY(layout: Layout, y: number): number {
  let lo = 0;
  let hi = layout.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.tops[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Stacks spans as brat and INCEpTION do: each takes the lowest lane free
 * over its whole extent, longer spans first where they start together, so a
 * span nested in another sits nearer the text.
 */
export function placeSpans(annotations: readonly Annotation[]): PlacedSpan[] {
  const spans: PlacedSpan[] = [];
  for (const a of annotations) {
    if (a.geometry.type !== 'span') continue;
    spans.push({ id: a.id, labelId: a.labelId, start: a.geometry.start, end: a.geometry.end, lane: 0, model: a.source === 'model' });
  }
  // Shorter first where they start together: a nested span takes the lane nearer the text.
  spans.sort((x, y) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : 1));
  // laneEnds[k]: where the last span in lane k ends.
  const laneEnds: number[] = [];
  for (const s of spans) {
    let k = 0;
    while (k < laneEnds.length && laneEnds[k] > s.start) k++;
    s.lane = k;
    laneEnds[k] = s.end;
  }
  return spans;
}

/** The rows' heights and tops, with room for the spans stacked under each; `spans` sorted by start, as placeSpans gives them. */
export function layoutRows(starts: Uint32Array, spans: readonly PlacedSpan[], arcs: Uint8Array = new Uint8Array(starts.length)): Layout {
  const count = starts.length;
  const lanes = new Uint16Array(count);
  // The spans come sorted by start (placeSpans), so one row pointer walks forward with them: no search per span.
  let first = 0;
  for (const s of spans) {
    while (first + 1 < count && starts[first + 1] <= s.start) first++;
    for (let r = first; r < count && (r === first || starts[r] < s.end); r++) if (lanes[r] < s.lane + 1) lanes[r] = s.lane + 1;
  }
  const tops = new Float64Array(count + 1);
  for (let r = 0; r < count; r++) tops[r + 1] = tops[r] + LINE + lanes[r] * LANE + (lanes[r] ? 2 : 0) + (arcs[r] ? ARC : 0);
  return { starts, tops, lanes, arcs, count };
}

/** The spans that touch [from, to): a sorted list is searched, not walked. */
export function spansIn(spans: readonly PlacedSpan[], from: number, to: number, maxLength: number): PlacedSpan[] {
  // Sorted by start: every span touching the range starts after from - maxLength.
  let lo = 0;
  let hi = spans.length;
  const floor = from - maxLength;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < floor) lo = mid + 1;
    else hi = mid;
  }
  const out: PlacedSpan[] = [];
  for (let i = lo; i < spans.length && spans[i].start < to; i++) if (spans[i].end > from) out.push(spans[i]);
  return out;
}

/** Cuts [from, to) at every span edge inside it, so each piece has one set of spans over it. */
export function piecesOf(from: number, to: number, spans: readonly PlacedSpan[], extraCuts: readonly number[] = []): { start: number; end: number; spans: PlacedSpan[] }[] {
  const cuts = new Set<number>([from, to]);
  for (const s of spans) {
    if (s.start > from && s.start < to) cuts.add(s.start);
    if (s.end > from && s.end < to) cuts.add(s.end);
  }
  for (const c of extraCuts) if (c > from && c < to) cuts.add(c);
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: { start: number; end: number; spans: PlacedSpan[] }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [start, end] = [sorted[i], sorted[i + 1]];
    out.push({ start, end, spans: spans.filter((s) => s.start < end && s.end > start) });
  }
  return out;
}
