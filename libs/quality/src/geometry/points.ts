import type { Geometry } from '@tessera/contracts';

type P = readonly number[];

const distance = (a: P, b: P) => Math.hypot(a[0] - b[0], a[1] - b[1], (a[2] ?? 0) - (b[2] ?? 0));

/** Mean distance from each point of `a` to the nearest of `b`. */
function meanNearest(a: readonly P[], b: readonly P[]): number {
  let s = 0;
  for (const p of a) {
    let best = Infinity;
    for (const q of b) best = Math.min(best, distance(p, q));
    s += best;
  }
  return s / a.length;
}

/**
 * How alike two point sets are (points, polylines, DICOM measurements), 0–1,
 * in the manner of COCO's OKS: exp(−d² ÷ (2·(k·s)²)) with d the symmetric mean
 * distance to the nearest vertex, s the reference's scale (the diagonal of its
 * bounds, at least `minScale`) and k = 0.1, so a displacement of a tenth of
 * the object's size scores about 0.61 and one of a quarter about 0.04.
 */
export function pointSetSimilarity(ref: readonly P[], other: readonly P[], minScale = 10): number {
  if (!ref.length || !other.length) return 0;
  const d = (meanNearest(ref, other) + meanNearest(other, ref)) / 2;
  const dims = ref[0].length;
  let diag2 = 0;
  for (let k = 0; k < dims; k++) {
    const vs = ref.map((p) => p[k]);
    diag2 += (Math.max(...vs) - Math.min(...vs)) ** 2;
  }
  const s = Math.max(Math.sqrt(diag2), minScale);
  return Math.exp(-(d * d) / (2 * (0.1 * s) ** 2));
}

/** The vertices of a point-like geometry (points, polyline, a DICOM measurement's ends), as plain arrays. */
export function pointsOf(g: Geometry): number[][] {
  if ('points' in g) return (g.points as unknown[]).filter((p): p is number[] => Array.isArray(p)).map((p) => [...p]);
  return [];
}
