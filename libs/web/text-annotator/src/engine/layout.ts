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

/** Placed spans, and the document range whose lanes changed since the placing it was made from (null: all of it). */
export interface Placing {
  annotations: readonly Annotation[];
  placed: PlacedSpan[];
  dirty: [number, number] | null;
  /** The spans put in their places since the placing it was made from (with a dirty range only). */
  added?: PlacedSpan[];
}

const bySpanOrder = (x: PlacedSpan, y: PlacedSpan) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/**
 * placeSpans, from the placing before where it can: when the annotations are
 * the ones before with a few more at the end (a label's key, someone's new
 * span), those are put in their places and only the run of spans that
 * overlap them is stacked again. Anything else is placed anew.
 */
export function placeSpansFrom(prev: Placing | null, annotations: readonly Annotation[]): Placing {
  const anew = (): Placing => ({ annotations, placed: placeSpans(annotations), dirty: null });
  if (!prev || annotations.length <= prev.annotations.length || annotations.length - prev.annotations.length > 16) return anew();
  const old = prev.annotations;
  for (let i = 0; i < old.length; i++) if (annotations[i] !== old[i]) return anew();
  const placed = prev.placed.slice();
  // Where the new spans went (each insertion moves those after it along).
  const at: number[] = [];
  const added: PlacedSpan[] = [];
  for (let i = old.length; i < annotations.length; i++) {
    const a = annotations[i];
    if (a.geometry.type !== 'span') continue;
    const s: PlacedSpan = { id: a.id, labelId: a.labelId, start: a.geometry.start, end: a.geometry.end, lane: 0, model: a.source === 'model' };
    let lo = 0;
    let hi = placed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bySpanOrder(placed[mid], s) < 0) lo = mid + 1;
      else hi = mid;
    }
    placed.splice(lo, 0, s);
    added.push(s);
    for (let k = 0; k < at.length; k++) if (at[k] >= lo) at[k]++;
    at.push(lo);
  }
  if (!at.length) return { annotations, placed, dirty: [0, 0], added };
  return { annotations, placed, dirty: relane(placed, Math.min(...at), Math.max(...at)), added };
}

/**
 * Stacks again the spans from the last point before `from` where every
 * earlier span has ended (the lanes are all free there), up to the next such
 * point after `last`: past that, the lanes are what they were. Returns the
 * document range restacked.
 */
function relane(spans: PlacedSpan[], from: number, last: number): [number, number] {
  let c = 0;
  let ended = -Infinity;
  for (let i = 0; i <= from; i++) {
    if (ended <= spans[i].start) c = i;
    if (spans[i].end > ended) ended = spans[i].end;
  }
  const laneEnds: number[] = [];
  let reach = -Infinity;
  let i = c;
  for (; i < spans.length; i++) {
    const s = spans[i];
    if (i > last && reach <= s.start) break;
    let k = 0;
    while (k < laneEnds.length && laneEnds[k] > s.start) k++;
    s.lane = k;
    laneEnds[k] = s.end;
    if (s.end > reach) reach = s.end;
  }
  return [spans[c].start, reach];
}

/**
 * layoutRows after a placing that changed only the lanes in [from, to): the
 * rows there have their lanes counted again, and the tops follow.
 */
export function relayoutRows(prev: Layout, spans: readonly PlacedSpan[], [from, to]: [number, number], maxLength: number): Layout {
  const { starts, count, arcs } = prev;
  const lanes = prev.lanes.slice();
  if (to > from) {
    const r0 = rowOf(starts, from);
    const r1 = rowOf(starts, Math.max(from, to - 1));
    lanes.fill(0, r0, r1 + 1);
    const rowsEnd = r1 + 1 < count ? starts[r1 + 1] : Infinity;
    for (const s of spansIn(spans, starts[r0], rowsEnd, maxLength)) {
      const first = rowOf(starts, s.start);
      for (let r = Math.max(r0, first); r <= r1 && (r === first || starts[r] < s.end); r++) if (lanes[r] < s.lane + 1) lanes[r] = s.lane + 1;
    }
  }
  const tops = new Float64Array(count + 1);
  for (let r = 0; r < count; r++) tops[r + 1] = tops[r] + LINE + lanes[r] * LANE + (lanes[r] ? 2 : 0) + (arcs[r] ? ARC : 0);
  return { starts, tops, lanes, arcs, count };
}
