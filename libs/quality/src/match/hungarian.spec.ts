import fc from 'fast-check';
import { maxWeightMatching, solveAssignment } from './hungarian';

function bruteForceMin(cost: number[][]): number {
  const n = cost.length;
  const m = cost[0].length;
  let best = Infinity;
  const used = new Array<boolean>(m).fill(false);
  const go = (i: number, sum: number) => {
    if (i === n) return void (best = Math.min(best, sum));
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, sum + cost[i][j]);
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

describe('assignment (Hungarian)', () => {
  it('solves the textbook 3 × 3 case', () => {
    const cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];
    const cols = solveAssignment(cost);
    expect(cols).toEqual([1, 0, 2]);
    expect(cols.reduce((s, c, i) => s + cost[i][c], 0)).toBe(5);
  });

  it('finds the least total on random rectangular matrices, as brute force does', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 25, maxLength: 25 }), (n, m, flat) => {
      const cost = Array.from({ length: n }, (_, i) => flat.slice(i * 5, i * 5 + m));
      const cols = solveAssignment(cost);
      const assigned = cols.filter((c) => c >= 0);
      expect(new Set(assigned).size).toBe(assigned.length);
      expect(assigned.length).toBe(Math.min(n, m));
      const total = cols.reduce((s, c, i) => s + (c >= 0 ? cost[i][c] : 0), 0);
      const best = n <= m ? bruteForceMin(cost) : bruteForceMin(cost[0].map((_, j) => cost.map((r) => r[j])));
      expect(total).toBe(best);
    }));
  });

  it('prefers the matching of greatest total weight over the greedy one, and never pairs what may not match', () => {
    // Greedy would take the 0.9 pair and leave the other row unmatched; 0.8 + 0.7 is more.
    const w = [[0.9, 0.8], [0.7, null]];
    const pairs = maxWeightMatching(2, 2, (i, j) => w[i][j]);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[0, 1], [1, 0]]);
    expect(maxWeightMatching(2, 2, () => null)).toEqual([]);
  });
});
