import { maxWeightMatching, type Pair } from '../match/hungarian';
import { addCounts, NO_COUNTS, prf, type Counts, type Prf } from '../stats/prf';
import type { LabelledSpan } from './tokens';

export type SpanMatchMode = 'exact' | 'overlap';

/** Characters in both ÷ characters in either. */
export function spanIou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (inter <= 0) return 0;
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
}

/**
 * Pairs of spans: `exact` pairs only identical boundaries; `overlap` pairs
 * any that share a character, the greatest total overlap winning (one to one).
 * A pair with the same label is preferred over one with more overlap.
 */
export function matchSpans(ref: readonly LabelledSpan[], other: readonly LabelledSpan[], mode: SpanMatchMode): Pair[] {
  return maxWeightMatching(ref.length, other.length, (i, j) => {
    const a = ref[i];
    const b = other[j];
    const iou = mode === 'exact' ? (a.start === b.start && a.end === b.end ? 1 : 0) : spanIou(a, b);
    if (iou <= 0) return null;
    return iou + (a.labelId === b.labelId ? 1 : 0);
  });
}

/**
 * Levenshtein distance over Unicode code points (so an astral character is one
 * edit), two rows of memory.
 */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (!x.length) return y.length;
  if (!y.length) return x.length;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  let cur = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length];
}

/** Character error rate: edits to turn the hypothesis into the reference ÷ the reference's length (may exceed 1). */
export function characterErrorRate(reference: string, hypothesis: string): number {
  const n = Array.from(reference).length;
  if (!n) return Array.from(hypothesis).length ? 1 : 0;
  return editDistance(reference, hypothesis) / n;
}

/**
 * Precision, recall and F1 of predicted spans against reference ones, over all
 * labels and per label: `exact` counts a prediction right only with the same
 * boundaries and label (CoNLL's rule); `overlap` when it shares a character
 * with a reference span of its label (each span used once).
 */
export function spanPrf(reference: readonly LabelledSpan[], predicted: readonly LabelledSpan[], mode: SpanMatchMode): { overall: Prf; perLabel: Record<string, Prf> } {
  const per = new Map<string, Counts>();
  const add = (label: string, c: Partial<Counts>) => per.set(label, addCounts(per.get(label) ?? NO_COUNTS, { tp: 0, fp: 0, fn: 0, ...c }));
  const labels = [...new Set([...reference.map((s) => s.labelId), ...predicted.map((s) => s.labelId)])];
  for (const label of labels) {
    const r = reference.filter((s) => s.labelId === label);
    const p = predicted.filter((s) => s.labelId === label);
    const tp = matchSpans(r, p, mode).length;
    add(label, { tp, fn: r.length - tp, fp: p.length - tp });
  }
  const perLabel: Record<string, Prf> = {};
  let total: Counts = NO_COUNTS;
  for (const [label, c] of per) {
    perLabel[label] = prf(c);
    total = addCounts(total, c);
  }
  return { overall: prf(total), perLabel };
}
