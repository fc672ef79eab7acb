/** z for a two-sided 95 % interval (the 97.5th percentile of the standard normal). */
export const Z95 = 1.959963984540054;

export interface Proportion {
  successes: number;
  trials: number;
  /** successes ÷ trials; null without a trial */
  p: number | null;
  low: number;
  high: number;
}

/**
 * Wilson's score interval for a proportion (Wilson 1927; "method 3" in
 * Newcombe 1998). Unlike the Wald interval it stays inside [0, 1] and keeps
 * its coverage for small samples and proportions near 0 or 1, which is what
 * a person's first few gold items look like. No trial: the whole of [0, 1].
 */
export function wilson(successes: number, trials: number, z = Z95): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`wilson: need integers 0 ≤ successes ≤ trials, got ${successes}/${trials}`);
  }
  if (trials === 0) return { successes, trials, p: null, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Rounding can push the ends a hair past the exact bounds at p = 0 or 1.
  return { successes, trials, p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half) };
}
