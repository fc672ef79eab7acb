/** Counts of a comparison against a reference: true positives, false positives, false negatives. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Prf extends Counts {
  /** tp ÷ (tp + fp); null when nothing was found */
  precision: number | null;
  /** tp ÷ (tp + fn); null when there was nothing to find */
  recall: number | null;
  /** 2tp ÷ (2tp + fp + fn); 1 when both sides are empty (they agree on nothing being there) */
  f1: number;
}

export function prf({ tp, fp, fn }: Counts): Prf {
  return {
    tp, fp, fn,
    precision: tp + fp ? tp / (tp + fp) : null,
    recall: tp + fn ? tp / (tp + fn) : null,
    f1: tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 1,
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

export const NO_COUNTS: Counts = Object.freeze({ tp: 0, fp: 0, fn: 0 });
