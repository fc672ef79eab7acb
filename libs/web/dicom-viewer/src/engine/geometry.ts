/** Pure geometry between Cornerstone's handles and the contracts' points (no Cornerstone import: unit-testable). */

export function hexRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h.slice(0, 6);
  const n = parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const round3 = (p: readonly number[]) => p.slice(0, 3).map((v) => Math.round(v * 1000) / 1000) as [number, number, number];

/** Cornerstone's handle points → the contract's (a rectangle keeps two opposite corners). */
export function pointsOf(geometry: string, points: readonly (readonly number[])[]): [number, number, number][] | null {
  const need = { length: 2, rectangle: 4, ellipse: 4, angle: 3, bidirectional: 4 }[geometry] ?? 0;
  if (points.length < need) return null;
  if (geometry === 'rectangle') return [round3(points[0]), round3(points[3])];
  return points.slice(0, need).map(round3);
}

/** The contract's points → Cornerstone's handles (a rectangle's four corners from two, along the slice's row and column). */
export function cornerstonePoints(type: string, points: readonly (readonly number[])[], row = [1, 0, 0], col = [0, 1, 0]): number[][] {
  if (type !== 'rectangle') return points.map((p) => [...p]);
  const [a, b] = points;
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const along = d[0] * row[0] + d[1] * row[1] + d[2] * row[2];
  const p1 = [a[0] + along * row[0], a[1] + along * row[1], a[2] + along * row[2]];
  const down = d[0] * col[0] + d[1] * col[1] + d[2] * col[2];
  const p2 = [a[0] + down * col[0], a[1] + down * col[1], a[2] + down * col[2]];
  return [[...a], p1, p2, [...b]];
}

export const cross = (a: readonly number[], b: readonly number[]) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
