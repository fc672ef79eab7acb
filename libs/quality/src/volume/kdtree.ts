/**
 * A static k-d tree over 3-D points for nearest-neighbour distances. Built
 * once in place (median splits, cycling axes); memory is the points and one
 * index per point, so surfaces of large volumes fit where a distance
 * transform of the whole volume would not.
 */
export class KdTree3 {
  private readonly index: Uint32Array;

  /** `coords`: x, y, z of each point, one after another. */
  constructor(private readonly coords: Float64Array) {
    this.index = Uint32Array.from({ length: coords.length / 3 }, (_, i) => i);
    this.build(0, this.index.length, 0);
  }

  get size() {
    return this.index.length;
  }

  private build(lo: number, hi: number, axis: number) {
    if (hi - lo <= 1) return;
    const mid = (lo + hi) >> 1;
    this.select(lo, hi - 1, mid, axis);
    const next = (axis + 1) % 3;
    this.build(lo, mid, next);
    this.build(mid + 1, hi, next);
  }

  /** Quickselect: the k-th smallest along `axis` at position k, smaller ones before it. */
  private select(lo: number, hi: number, k: number, axis: number) {
    const ix = this.index;
    const c = this.coords;
    while (hi > lo) {
      const pivot = c[3 * ix[(lo + hi) >> 1] + axis];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (c[3 * ix[i] + axis] < pivot) i++;
        while (c[3 * ix[j] + axis] > pivot) j--;
        if (i <= j) {
          const t = ix[i];
          ix[i] = ix[j];
          ix[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return;
    }
  }

  /** Squared distance from (x, y, z) to the nearest point; Infinity for an empty tree. */
  nearestSquared(x: number, y: number, z: number): number {
    let best = Infinity;
    const ix = this.index;
    const c = this.coords;
    const q = [x, y, z];
    const visit = (lo: number, hi: number, axis: number) => {
      if (hi <= lo) return;
      const mid = (lo + hi) >> 1;
      const p = 3 * ix[mid];
      const dx = c[p] - x, dy = c[p + 1] - y, dz = c[p + 2] - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best) best = d;
      const diff = q[axis] - c[p + axis];
      const next = (axis + 1) % 3;
      const [near, far] = diff < 0 ? [[lo, mid], [mid + 1, hi]] : [[mid + 1, hi], [lo, mid]];
      visit(near[0], near[1], next);
      if (diff * diff < best) visit(far[0], far[1], next);
    };
    visit(0, ix.length, 0);
    return best;
  }
}
