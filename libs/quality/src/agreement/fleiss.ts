import type { Rating } from './cohen';

export interface FleissKappa {
  /** null when chance agreement is perfect (everyone used a single category) */
  kappa: number | null;
  /** mean agreement per item, P̄ */
  pBar: number;
  /** chance agreement, P̄ₑ */
  peBar: number;
  /** items with at least two ratings */
  n: number;
}

/**
 * Fleiss' κ (Fleiss 1971) from a table of counts: one row per item, one column
 * per category, each cell how many raters put the item in that category.
 * Fleiss assumed the same number of raters per item; items with different
 * numbers are allowed here, each item's agreement over its own pairs and the
 * category shares over all ratings (items with fewer than two are left out).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissKappa {
  let n = 0;
  let sumP = 0;
  let ratings = 0;
  const byCategory: number[] = [];
  for (const row of counts) {
    const m = row.reduce((s, c) => s + c, 0);
    if (m < 2) continue;
    n++;
    let squares = 0;
    row.forEach((c, j) => {
      squares += c * c;
      byCategory[j] = (byCategory[j] ?? 0) + c;
    });
    sumP += (squares - m) / (m * (m - 1));
    ratings += m;
  }
  if (!n) return { kappa: null, pBar: 0, peBar: 0, n };
  const pBar = sumP / n;
  const peBar = byCategory.reduce((s, c) => s + (c / ratings) ** 2, 0);
  return { kappa: peBar >= 1 - 1e-12 ? null : (pBar - peBar) / (1 - peBar), pBar, peBar, n };
}

/** Fleiss' κ from the raw ratings: one row per item, one entry per rater (null where they gave none). */
export function fleissKappaOfRatings(items: readonly (readonly Rating[])[]): FleissKappa {
  const categories = new Map<Rating, number>();
  for (const row of items) for (const r of row) if (r !== null && !categories.has(r)) categories.set(r, categories.size);
  return fleissKappa(items.map((row) => {
    const counts = new Array<number>(categories.size).fill(0);
    for (const r of row) if (r !== null) counts[categories.get(r)!]++;
    return counts;
  }));
}
