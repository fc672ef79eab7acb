/** One placed point of a keypoints annotation, or null where it was not placed. */
export type Keypoint = { x: number; y: number; visible?: boolean } | null;

/** COCO's per-point σ when a skeleton gives none: the middle of the range COCO uses for people (0.025–0.107). */
export const DEFAULT_KEYPOINT_SIGMA = 0.05;

const placed = (p: Keypoint): p is NonNullable<Keypoint> => p !== null && p.visible !== false;

/** The object's scale s² for OKS: the area of the reference points' bounds (COCO uses the segment's area, which keypoints lack). */
export function keypointArea(points: readonly Keypoint[]): number {
  const shown = points.filter(placed);
  if (!shown.length) return 0;
  const xs = shown.map((p) => p.x);
  const ys = shown.map((p) => p.y);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

/**
 * Object keypoint similarity (COCO): the mean over the reference's visible
 * points of exp(−d² ÷ (2·s²·k²)), k = 2σ per point, s² the object's area.
 * A reference point the other side did not place scores 0; points the
 * reference lacks are not counted. No visible reference point: null.
 */
export function oks(reference: readonly Keypoint[], other: readonly Keypoint[], sigmas: readonly number[] = [], area = keypointArea(reference)): number | null {
  const s2 = Math.max(area, 1);
  let sum = 0;
  let count = 0;
  reference.forEach((r, i) => {
    if (!placed(r)) return;
    count++;
    const o = other[i];
    if (!o || o.visible === false) return;
    const k = 2 * (sigmas[i] ?? DEFAULT_KEYPOINT_SIGMA);
    const d2 = (r.x - o.x) ** 2 + (r.y - o.y) ** 2;
    sum += Math.exp(-d2 / (2 * s2 * k * k));
  });
  return count ? sum / count : null;
}
