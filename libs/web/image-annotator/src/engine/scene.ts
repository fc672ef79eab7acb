import RBush from 'rbush';
import type { Annotation } from '@tessera/contracts';
import { boundsOf, hits, isImageGeometry, type Bounds, type ImageGeometry } from '../geometry';

interface Item extends Bounds {
  id: string;
}

/**
 * The annotations the editor draws, with what drawing and clicking need:
 * their z-order and an R-tree of their bounds. Updates are incremental: a
 * changed annotation is a new object, so identity tells what moved.
 */
export class SceneIndex {
  readonly byId = new Map<string, Annotation>();
  /** Drawing order, bottom first. */
  order: Annotation[] = [];
  private rank = new Map<string, number>();
  private tree = new RBush<Item>();
  private items = new Map<string, Item>();

  /** Returns the ids that were here and are gone. */
  set(list: readonly Annotation[]): string[] {
    const next = new Map<string, Annotation>();
    for (const a of list) if (isImageGeometry(a.geometry)) next.set(a.id, a);
    const gone: string[] = [];
    const fresh: Item[] = [];
    for (const id of this.byId.keys()) {
      if (next.has(id)) continue;
      gone.push(id);
      this.unindex(id);
    }
    for (const [id, a] of next) {
      if (this.byId.get(id) === a) continue;
      this.unindex(id);
      const b = boundsOf(a.geometry as ImageGeometry);
      if (!b) continue;
      const item = { ...b, id };
      this.items.set(id, item);
      fresh.push(item);
    }
    // Bulk loading is several times faster than one insert at a time: the first load of 10,000 objects takes it.
    if (fresh.length > 100) this.tree.load(fresh);
    else for (const it of fresh) this.tree.insert(it);
    this.byId.clear();
    for (const [id, a] of next) this.byId.set(id, a);
    this.order = [...next.values()].sort((a, b) => a.zIndex - b.zIndex || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    this.rank = new Map(this.order.map((a, i) => [a.id, i]));
    return gone;
  }

  private unindex(id: string) {
    const it = this.items.get(id);
    if (!it) return;
    this.tree.remove(it);
    this.items.delete(id);
  }

  get(id: string) {
    return this.byId.get(id);
  }

  boundsOf(id: string): Bounds | undefined {
    return this.items.get(id);
  }

  /** Annotations whose bounds meet the rectangle, in drawing order. */
  within(r: Bounds): Annotation[] {
    return this.tree
      .search(r)
      .map((it) => this.byId.get(it.id)!)
      .sort((a, b) => this.rank.get(a.id)! - this.rank.get(b.id)!);
  }

  /** The topmost annotation under the point that `accept` allows. */
  hit(x: number, y: number, tol: number, accept: (a: Annotation) => boolean): Annotation | null {
    const near = this.tree.search({ minX: x - tol, minY: y - tol, maxX: x + tol, maxY: y + tol });
    let best: Annotation | null = null;
    let bestRank = -1;
    for (const it of near) {
      const a = this.byId.get(it.id)!;
      const r = this.rank.get(a.id)!;
      if (r > bestRank && accept(a) && hits(a.geometry as ImageGeometry, x, y, tol)) {
        best = a;
        bestRank = r;
      }
    }
    return best;
  }

  get zRange(): [number, number] {
    return this.order.length ? [this.order[0].zIndex, this.order[this.order.length - 1].zIndex] : [0, 0];
  }
}
