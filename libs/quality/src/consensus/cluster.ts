import { disjoint } from '../compare/regions';
import type { Bounds } from '../geometry/polygon';
import { maxWeightMatching } from '../match/hungarian';

export interface Member<T> {
  person: number;
  item: T;
}

/**
 * Groups the objects of several people so that each group holds at most one
 * object per person and its objects are alike: people are taken in order,
 * and each one's objects are assigned (Hungarian, greatest total similarity)
 * to the groups so far, by their mean similarity to a group's members; the
 * unassigned start groups of their own. `similarity` answers 0–1 and `sameKind`
 * refuses pairs that may never group (a box and a polygon). With `boundsOf`,
 * where objects whose bounds are apart are never alike (regions), an object is
 * compared only with the groups whose bounds meet its own: most pairs of a
 * scene are far apart, and the check is a few comparisons where a similarity is a call.
 */
export function cluster<T>(
  people: readonly (readonly T[])[],
  similarity: (a: T, b: T) => number,
  threshold: number,
  bonus: (a: T, b: T) => number = () => 0,
  boundsOf?: (t: T) => Bounds,
): Member<T>[][] {
  const groups: Member<T>[][] = [];
  /** each group's bounds, the union of its members' */
  const reach: Bounds[] = [];
  people.forEach((items, person) => {
    const own = boundsOf ? items.map(boundsOf) : [];
    const pairs = maxWeightMatching(items.length, groups.length, (i, g) => {
      if (boundsOf && disjoint(own[i], reach[g])) return null;
      let sum = 0;
      for (const m of groups[g]) sum += similarity(items[i], m.item);
      const mean = sum / groups[g].length;
      return mean >= threshold && mean > 0 ? mean + bonus(items[i], groups[g][0].item) : null;
    });
    const taken = new Set<number>();
    for (const p of pairs) {
      groups[p.b].push({ person, item: items[p.a] });
      if (boundsOf) reach[p.b] = union(reach[p.b], own[p.a]);
      taken.add(p.a);
    }
    items.forEach((item, i) => {
      if (taken.has(i)) return;
      groups.push([{ person, item }]);
      if (boundsOf) reach.push(own[i]);
    });
  });
  return groups;
}

const union = (a: Bounds, b: Bounds): Bounds => ({ x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) });

/** The value with most votes; ties broken by the greater summed weight, then by the value's order. */
export function majority<V>(votes: readonly { value: V; weight: number }[]): { value: V; count: number; tie: boolean } {
  const tally = new Map<V, { count: number; weight: number }>();
  for (const v of votes) {
    const t = tally.get(v.value) ?? { count: 0, weight: 0 };
    t.count++;
    t.weight += v.weight;
    tally.set(v.value, t);
  }
  const ranked = [...tally.entries()].sort((a, b) => b[1].count - a[1].count || b[1].weight - a[1].weight || String(a[0]).localeCompare(String(b[0])));
  const [value, best] = ranked[0];
  return { value, count: best.count, tie: ranked.length > 1 && ranked[1][1].count === best.count };
}
