import type { Rating } from './cohen';

export interface Alpha {
  /** null when every pairable value is the same (no disagreement is possible) */
  alpha: number | null;
  /** observed disagreement Dₒ */
  observed: number;
  /** disagreement expected by chance Dₑ */
  expected: number;
  /** pairable values (those in units with at least two values) */
  pairable: number;
}

/**
 * Krippendorff's α for nominal data (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"), which takes any number of raters and
 * missing values: α = 1 − Dₒ ÷ Dₑ from the coincidence matrix.
 * `units`: one row per unit, one entry per rater (null: no value).
 */
export function krippendorffAlpha(units: readonly (readonly Rating[])[]): Alpha {
  // The coincidence matrix, kept sparse: o[c][k] adds 1/(mᵤ − 1) for every ordered pair (c, k) within a unit.
  const coincidences = new Map<Rating, Map<Rating, number>>();
  for (const unit of units) {
    const values = unit.filter((v) => v !== null);
    const m = values.length;
    if (m < 2) continue;
    const inUnit = new Map<Rating, number>();
    for (const v of values) inUnit.set(v, (inUnit.get(v) ?? 0) + 1);
    for (const [c, nc] of inUnit) {
      const row = coincidences.get(c) ?? new Map<Rating, number>();
      coincidences.set(c, row);
      for (const [k, nk] of inUnit) {
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        if (pairs) row.set(k, (row.get(k) ?? 0) + pairs / (m - 1));
      }
    }
  }
  const marginals = new Map<Rating, number>();
  let n = 0;
  let disagreeing = 0;
  for (const [c, row] of coincidences) {
    let nc = 0;
    for (const [k, o] of row) {
      nc += o;
      if (k !== c) disagreeing += o;
    }
    marginals.set(c, nc);
    n += nc;
  }
  if (n <= 1) return { alpha: null, observed: 0, expected: 0, pairable: n };
  let chancePairs = 0;
  for (const [c, nc] of marginals) for (const [k, nk] of marginals) if (c !== k) chancePairs += nc * nk;
  const observed = disagreeing / n;
  const expected = chancePairs / (n * (n - 1));
  return { alpha: expected === 0 ? null : 1 - observed / expected, observed, expected, pairable: Math.round(n * 1e9) / 1e9 };
}
