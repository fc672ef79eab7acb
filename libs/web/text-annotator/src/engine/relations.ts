import type { Annotation, Label } from '@tessera/contracts';
import { rowOf } from './layout';
import type { PlacedSpan } from './layout';

/**
 * Relations between spans: which of them a document holds, where the caret
 * of a relation being made goes next, and the arcs drawn above the lines.
 * Pure, so the editor's behaviour is tested without a browser.
 */
export interface PlacedRelation {
  id: string;
  labelId: string;
  from: string;
  to: string;
  /** The label says the relation runs both ways: no arrow head. */
  symmetric: boolean;
  model: boolean;
}

export function relationsOf(annotations: readonly Annotation[], labels: ReadonlyMap<string, Label>): PlacedRelation[] {
  const out: PlacedRelation[] = [];
  for (const a of annotations) {
    if (a.geometry.type !== 'relation') continue;
    out.push({ id: a.id, labelId: a.labelId, from: a.geometry.from, to: a.geometry.to, symmetric: !!labels.get(a.labelId)?.symmetric, model: a.source === 'model' });
  }
  return out;
}

/** A relation of that label between the two spans already (either way round, for a symmetric label). */
export function relationExists(relations: readonly PlacedRelation[], labelId: string, from: string, to: string, symmetric: boolean): boolean {
  return relations.some((r) => r.labelId === labelId && ((r.from === from && r.to === to) || (symmetric && r.from === to && r.to === from)));
}

/**
 * The next target of a relation being made, in document order (spans sorted
 * by start, as placeSpans gives them), never the span it starts from; from
 * no target yet, the span next to the source. Wraps round the document.
 */
export function stepTarget(spans: readonly PlacedSpan[], from: string, current: string | null, forward: boolean): string | null {
  if (spans.length < 2) return null;
  const at = spans.findIndex((s) => s.id === (current ?? from));
  if (at < 0) return spans.find((s) => s.id !== from)?.id ?? null;
  const n = spans.length;
  for (let k = 1; k < n; k++) {
    const s = spans[(at + (forward ? k : n - k)) % n];
    if (s.id !== from) return s.id;
  }
  return null;
}

/**
 * The target a line down (or up): the first span that starts on the next row
 * holding any span start after (before) the current target's row. Rows are
 * the layout's row starts.
 */
export function stepTargetRow(spans: readonly PlacedSpan[], starts: Uint32Array, from: string, current: string | null, down: boolean): string | null {
  const cur = spans.find((s) => s.id === (current ?? from));
  if (!cur) return stepTarget(spans, from, current, down);
  const row = rowOf(starts, cur.start);
  if (down) {
    const next = row + 1 < starts.length ? starts[row + 1] : Infinity;
    const hit = spans.find((s) => s.start >= next && s.id !== from);
    return hit?.id ?? current;
  }
  const here = starts[row];
  let best: PlacedSpan | undefined;
  for (const s of spans) {
    if (s.start >= here) break;
    if (s.id !== from) best = s;
  }
  if (!best) return current;
  // The first span of that row, not its last.
  const rowStart = starts[rowOf(starts, best.start)];
  return spans.find((s) => s.start >= rowStart && s.id !== from)?.id ?? best.id;
}

/** The rows that hold the start of a span some relation joins: each gets room above its text for the arcs. */
export function arcRowsOf(relations: readonly PlacedRelation[], spans: readonly PlacedSpan[], starts: Uint32Array): Uint8Array {
  const rows = new Uint8Array(starts.length);
  if (!relations.length) return rows;
  const joined = new Set<string>();
  for (const r of relations) {
    joined.add(r.from);
    joined.add(r.to);
  }
  for (const s of spans) if (joined.has(s.id)) rows[rowOf(starts, s.start)] = 1;
  return rows;
}

/** A relation with the two spans it joins. */
export interface RelationEnds {
  rel: PlacedRelation;
  a: PlacedSpan;
  b: PlacedSpan;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * An arc from one span's top to another's, rising `lift` pixels above the
 * higher of the two: a cubic curve whose control points stand over its ends.
 * Its label sits at the returned peak.
 */
export function arcPath(a: Point, b: Point, lift: number): { d: string; peak: Point } {
  const top = Math.min(a.y, b.y) - lift;
  const r = (n: number) => Math.round(n * 10) / 10;
  // A cubic with both controls at `c` peaks at 3/4 of the way from the ends to c.
  const c = a.y === b.y ? a.y - (a.y - top) * (4 / 3) : top;
  const peak = { x: r((a.x + b.x) / 2), y: r(a.y === b.y ? top : 0.125 * a.y + 0.375 * c + 0.375 * c + 0.125 * b.y) };
  return { d: `M${r(a.x)},${r(a.y)} C${r(a.x)},${r(c)} ${r(b.x)},${r(c)} ${r(b.x)},${r(b.y)}`, peak };
}
