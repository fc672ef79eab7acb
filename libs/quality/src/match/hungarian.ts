/**
 * The assignment problem (Kuhn 1955, Munkres 1957) by shortest augmenting
 * paths with potentials, O(n²·m) for n ≤ m: each row gets a distinct column
 * and the total cost is least. `cost[i][j]` is a finite number.
 * Returns, per row, its column.
 */
export function solveAssignment(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  if (!n) return [];
  const m = cost[0].length;
  if (n > m) {
    // More rows than columns: solve the transpose and read it back.
    const t = Array.from({ length: m }, (_, j) => Array.from({ length: n }, (_, i) => cost[i][j]));
    const colOfRow = new Array<number>(n).fill(-1);
    solveAssignment(t).forEach((i, j) => (colOfRow[i] = j));
    return colOfRow;
  }
  // 1-based arrays, row 0 / column 0 the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0];
      let delta = Infinity;
      let j1 = 0;
      const row = cost[i0 - 1];
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = row[j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOfCol[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOfCol[j0] = rowOfCol[j1];
      j0 = j1;
    } while (j0);
  }
  const colOfRow = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (rowOfCol[j]) colOfRow[rowOfCol[j] - 1] = j - 1;
  return colOfRow;
}

export interface Pair {
  a: number;
  b: number;
  weight: number;
}

/**
 * The matching of greatest total weight between items a[0..n) and b[0..m),
 * where `weight(i, j)` is positive for a pair that may match and null for one
 * that may not. Pairs that may match form components that are usually small
 * (a box overlaps few others), so each component is solved on its own: the
 * cost stays near linear for scattered objects, and cubic only within a crowd.
 */
export function maxWeightMatching(n: number, m: number, weight: (i: number, j: number) => number | null): Pair[] {
  const edges: Pair[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const w = weight(i, j);
      if (w !== null && w > 0) edges.push({ a: i, b: j, weight: w });
    }
  }
  return matchEdges(n, m, edges);
}

/** As maxWeightMatching, from a list of the pairs that may match (for callers that find candidates faster than n·m). */
export function matchEdges(n: number, m: number, edges: readonly Pair[]): Pair[] {
  if (!edges.length) return [];
  // Union–find over rows 0..n-1 and columns n..n+m-1.
  const parent = Int32Array.from({ length: n + m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const e of edges) parent[find(e.a)] = find(n + e.b);
  const components = new Map<number, Pair[]>();
  for (const e of edges) {
    const root = find(e.a);
    const list = components.get(root);
    if (list) list.push(e);
    else components.set(root, [e]);
  }
  const out: Pair[] = [];
  for (const list of components.values()) {
    if (list.length === 1) {
      out.push(list[0]);
      continue;
    }
    const rows = [...new Set(list.map((e) => e.a))];
    const cols = [...new Set(list.map((e) => e.b))];
    const rowIndex = new Map(rows.map((r, i) => [r, i]));
    const colIndex = new Map(cols.map((c, i) => [c, i]));
    // Minimise −weight; a pair that may not match costs 0, like leaving both unmatched.
    const cost = rows.map(() => new Array<number>(cols.length).fill(0));
    const w = rows.map(() => new Array<number>(cols.length).fill(0));
    for (const e of list) {
      cost[rowIndex.get(e.a)!][colIndex.get(e.b)!] = -e.weight;
      w[rowIndex.get(e.a)!][colIndex.get(e.b)!] = e.weight;
    }
    solveAssignment(cost).forEach((c, r) => {
      if (c >= 0 && w[r][c] > 0) out.push({ a: rows[r], b: cols[c], weight: w[r][c] });
    });
  }
  return out.sort((p, q) => p.a - q.a);
}
