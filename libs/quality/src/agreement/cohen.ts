/** A rater's value for one item; null: the rater gave none (the item is left out). */
export type Rating = string | number | boolean | null;

export interface Kappa {
  /** null when chance agreement is already perfect (both raters used one and the same category throughout) */
  kappa: number | null;
  /** observed agreement */
  po: number;
  /** agreement expected by chance */
  pe: number;
  /** items both raters rated */
  n: number;
}

/**
 * Cohen's κ for two raters over the same items (Cohen 1960): (pₒ − pₑ) ÷ (1 − pₑ),
 * pₑ from each rater's own category frequencies. Items either rater left out
 * are dropped.
 */
export function cohenKappa(a: readonly Rating[], b: readonly Rating[]): Kappa {
  if (a.length !== b.length) throw new RangeError(`cohenKappa: ${a.length} and ${b.length} ratings`);
  const fa = new Map<Rating, number>();
  const fb = new Map<Rating, number>();
  let n = 0;
  let agree = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === null || b[i] === null) continue;
    n++;
    if (a[i] === b[i]) agree++;
    fa.set(a[i], (fa.get(a[i]) ?? 0) + 1);
    fb.set(b[i], (fb.get(b[i]) ?? 0) + 1);
  }
  return kappaFrom(n, agree, fa, fb);
}

/** κ from a square table of counts (rows: rater A's category, columns: rater B's), as textbooks print them. */
export function cohenKappaFromTable(table: readonly (readonly number[])[]): Kappa {
  const k = table.length;
  const fa = new Map<number, number>();
  const fb = new Map<number, number>();
  let n = 0;
  let agree = 0;
  for (let i = 0; i < k; i++) {
    if (table[i].length !== k) throw new RangeError('cohenKappaFromTable: the table must be square');
    for (let j = 0; j < k; j++) {
      const c = table[i][j];
      n += c;
      if (i === j) agree += c;
      fa.set(i, (fa.get(i) ?? 0) + c);
      fb.set(j, (fb.get(j) ?? 0) + c);
    }
  }
  return kappaFrom(n, agree, fa, fb);
}

function kappaFrom<K>(n: number, agree: number, fa: Map<K, number>, fb: Map<K, number>): Kappa {
  if (!n) return { kappa: null, po: 0, pe: 0, n };
  const po = agree / n;
  let pe = 0;
  for (const [category, count] of fa) pe += (count / n) * ((fb.get(category) ?? 0) / n);
  return { kappa: pe >= 1 - 1e-12 ? null : (po - pe) / (1 - pe), po, pe, n };
}
