import RBush from 'rbush';
import type { Annotation } from '@tessera/contracts';
import { boundsOf, hits, isImageGeometry, type Bounds, type ImageGeometry } from '../geometry';

interface Item extends Bounds {
  id: string;
}

/** The bounds' R-tree, and each annotation's entry in it (removing one takes the entry it was loaded with). */
type Spatial = { tree: RBush<Item>; items: Map<string, Item> };

function itemOf(a: Annotation): Item | null {
  const b = boundsOf(a.geometry as ImageGeometry);
  return b ? { ...b, id: a.id } : null;
}

/**
 * The annotations the editor draws, with what drawing and clicking need:
 * their z-order and an R-tree of their bounds. Updates are incremental: a
 * changed annotation is a new object, so identity tells what moved.
 *
 * The bounds and their tree are made on first use (`index`): a big scene's
 * open needs neither, its settled bitmap being drawn by the worker, and at
 * 10,000 polygons they took 45–165 ms of the open's main thread (Chromium's
 * profile) before the worker was sent the scene. The editor asks for them once
 * the open is done.
 */
export class SceneIndex {
  readonly byId = new Map<string, Annotation>();
  /** Drawing order, bottom first. */
  order: Annotation[] = [];
  private rank = new Map<string, number>();
  private spatial: Spatial | null = null;

  /** Returns the ids that were here and are gone. */
  set(list: readonly Annotation[]): string[] {
    const next = new Map<string, Annotation>();
    for (const a of list) if (isImageGeometry(a.geometry)) next.set(a.id, a);
    const gone: string[] = [];
    for (const id of this.byId.keys()) {
      if (next.has(id)) continue;
      gone.push(id);
      this.unindex(id);
    }
    if (this.spatial) {
      const changed = [...next.values()].filter((a) => this.byId.get(a.id) !== a);
      for (const a of changed) this.unindex(a.id);
      this.insert(this.spatial, changed);
    }
    this.byId.clear();
    for (const [id, a] of next) this.byId.set(id, a);
    this.order = [...next.values()].sort((a, b) => a.zIndex - b.zIndex || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    this.rank = new Map(this.order.map((a, i) => [a.id, i]));
    return gone;
  }

  /** The bounds and their tree, made now if not yet. */
  index(): Spatial {
    if (!this.spatial) {
      this.spatial = { tree: new RBush<Item>(), items: new Map() };
      this.insert(this.spatial, this.byId.values());
    }
    return this.spatial;
  }

  private insert(spatial: Spatial, annotations: Iterable<Annotation>) {
    const fresh: Item[] = [];
    for (const a of annotations) {
      const item = itemOf(a);
      if (!item) continue;
      spatial.items.set(a.id, item);
      fresh.push(item);
    }
    // Bulk loading is several times faster than one insert at a time: the first load of 10,000 objects takes it.
    if (fresh.length > 100) spatial.tree.load(fresh);
    else for (const it of fresh) spatial.tree.insert(it);
  }

  private unindex(id: string) {
    const spatial = this.spatial;
    const it = spatial?.items.get(id);
    if (!spatial || !it) return;
    spatial.tree.remove(it);
    spatial.items.delete(id);
  }

  get(id: string) {
    return this.byId.get(id);
  }

  boundsOf(id: string): Bounds | undefined {
    if (this.spatial) return this.spatial.items.get(id);
    // One object's bounds (a selection's, at the open) are no reason to index them all.
    const a = this.byId.get(id);
    return (a && boundsOf(a.geometry as ImageGeometry)) ?? undefined;
  }

  /** Annotations whose bounds meet the rectangle, in drawing order. */
  within(r: Bounds): Annotation[] {
    return this.index()
      .tree.search(r)
      .map((it) => this.byId.get(it.id)!)
      .sort((a, b) => this.rank.get(a.id)! - this.rank.get(b.id)!);
  }

  /** The topmost annotation under the point that `accept` allows. */
  hit(x: number, y: number, tol: number, accept: (a: Annotation) => boolean): Annotation | null {
    const near = this.index().tree.search({ minX: x - tol, minY: y - tol, maxX: x + tol, maxY: y + tol });
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
