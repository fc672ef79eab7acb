/**
 * The q-th percentile (0–100) with linear interpolation between closest
 * ranks: numpy's default, which MONAI and medpy use for HD95. Sorts a copy.
 */
export function percentile(values: ArrayLike<number>, q: number): number | null {
  const n = values.length;
  if (!n) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = (q / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}
