import type { Annotation, Geometry } from '@tessera/contracts';
import { boundsOf, hits, type ImageGeometry } from '../geometry';
import { SceneIndex } from './scene';
import { random as prng } from '../playground/scene';

const USER = '00000000-0000-4000-8000-000000000001';

function ann(id: string, geometry: Geometry, opts: { zIndex?: number; createdAt?: string } = {}): Annotation {
  const at = opts.createdAt ?? '2025-01-01T00:00:00.000Z';
  return {
    id, labelId: 'car', schemaVersion: 1, geometry, attributes: {}, source: 'human', score: null, predictionId: null,
    zIndex: opts.zIndex ?? 0, groupId: null, version: 1, createdBy: USER, updatedBy: USER, createdAt: at, updatedAt: at,
  };
}

const box = (x: number, y: number, width = 10, height = 10, rotation = 0): Geometry => ({ type: 'box', x, y, width, height, rotation });
const all = () => true;
const idsOf = (as: readonly Annotation[]) => as.map((a) => a.id);
const everywhere = { minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9 };

/** What `hit` must answer, found the slow way: the last shape in drawing order that the point hits. */
function bruteHit(scene: SceneIndex, x: number, y: number, tol: number): Annotation | null {
  for (let i = scene.order.length - 1; i >= 0; i--) if (hits(scene.order[i].geometry as ImageGeometry, x, y, tol)) return scene.order[i];
  return null;
}

describe('SceneIndex.set', () => {
  it('keeps only image annotations, so other media never reach the canvas', () => {
    const scene = new SceneIndex();
    scene.set([ann('a', box(0, 0)), ann('t', { type: 'tag' }), ann('s', { type: 'span', start: 0, end: 3 })]);
    expect([...scene.byId.keys()]).toEqual(['a']);
    expect(idsOf(scene.order)).toEqual(['a']);
    expect(scene.get('t')).toBeUndefined();
  });

  it('orders by z-index, then creation time, then id', () => {
    const scene = new SceneIndex();
    scene.set([
      ann('d', box(0, 0), { zIndex: 2 }),
      ann('c', box(0, 0), { zIndex: 0, createdAt: '2025-01-02T00:00:00.000Z' }),
      ann('b', box(0, 0), { zIndex: 0, createdAt: '2025-01-01T00:00:00.000Z' }),
      ann('a', box(0, 0), { zIndex: 0, createdAt: '2025-01-02T00:00:00.000Z' }),
      ann('e', box(0, 0), { zIndex: -1 }),
    ]);
    expect(idsOf(scene.order)).toEqual(['e', 'b', 'a', 'c', 'd']);
    expect(scene.zRange).toEqual([-1, 2]);
  });

  it('has a zero z-range when empty', () => {
    expect(new SceneIndex().zRange).toEqual([0, 0]);
  });

  it('returns the ids that are gone, including one whose geometry is no longer an image shape', () => {
    const scene = new SceneIndex();
    expect(scene.set([ann('a', box(0, 0)), ann('b', box(20, 0)), ann('c', box(40, 0))])).toEqual([]);
    expect(scene.set([ann('b', { type: 'tag' })])).toEqual(['a', 'b', 'c']);
    expect(scene.order).toEqual([]);
  });

  it('returns nothing gone when the same list comes again', () => {
    const scene = new SceneIndex();
    const list = [ann('a', box(0, 0)), ann('b', box(20, 0))];
    scene.set(list);
    expect(scene.set(list)).toEqual([]);
    expect(scene.hit(5, 5, 0, all)?.id).toBe('a');
    expect(idsOf(scene.within(everywhere))).toEqual(['a', 'b']);
  });
});

describe('SceneIndex.hit', () => {
  it('returns the topmost of overlapping shapes by z-index, whatever order the list came in', () => {
    const scene = new SceneIndex();
    scene.set([ann('top', box(5, 5), { zIndex: 3 }), ann('bottom', box(0, 0), { zIndex: 1 })]);
    expect(scene.hit(7, 7, 0, all)?.id).toBe('top');
    expect(scene.hit(2, 2, 0, all)?.id).toBe('bottom');
  });

  it('breaks a z-index tie by drawing order: the later-created shape is on top', () => {
    const scene = new SceneIndex();
    scene.set([
      ann('newer', box(0, 0), { createdAt: '2025-01-02T00:00:00.000Z' }),
      ann('older', box(0, 0), { createdAt: '2025-01-01T00:00:00.000Z' }),
    ]);
    expect(scene.hit(5, 5, 0, all)?.id).toBe('newer');
  });

  it('passes over what the filter refuses to the shape below it', () => {
    const scene = new SceneIndex();
    scene.set([ann('top', box(0, 0), { zIndex: 1 }), ann('bottom', box(0, 0), { zIndex: 0 })]);
    expect(scene.hit(5, 5, 0, (a) => a.id !== 'top')?.id).toBe('bottom');
    expect(scene.hit(5, 5, 0, () => false)).toBeNull();
  });

  it('hits the exact shape, not its bounding box: a polyline on top lets a click in its hull through', () => {
    const scene = new SceneIndex();
    scene.set([
      ann('line', { type: 'polyline', points: [[0, 0], [10, 0], [10, 10]] }, { zIndex: 1 }),
      ann('under', box(0, 0)),
    ]);
    expect(scene.hit(4, 3, 1, all)?.id).toBe('under');
    expect(scene.hit(5, 0.5, 1, all)?.id).toBe('line');
  });

  it('reaches a shape within the tolerance of the click and nothing further', () => {
    const scene = new SceneIndex();
    scene.set([ann('a', box(0, 0))]);
    expect(scene.hit(11.5, 5, 2, all)?.id).toBe('a');
    expect(scene.hit(11.5, 5, 1, all)).toBeNull();
    expect(scene.hit(50, 50, 2, all)).toBeNull();
  });

  it('never hits a mask with no pixels, which has no bounds to index', () => {
    const scene = new SceneIndex();
    scene.set([ann('m', { type: 'mask', rle: { size: [10, 10], counts: [100] } })]);
    expect(scene.get('m')).toBeDefined();
    expect(scene.boundsOf('m')).toBeUndefined();
    expect(scene.hit(5, 5, 5, all)).toBeNull();
  });
});

describe('SceneIndex.within', () => {
  it('returns the shapes whose bounds meet the rectangle, in drawing order', () => {
    const scene = new SceneIndex();
    scene.set([
      ann('a', box(0, 0), { zIndex: 5 }),
      ann('b', box(20, 0), { zIndex: 1 }),
      ann('c', box(100, 100)),
      ann('d', box(5, 5), { zIndex: 3 }),
    ]);
    expect(idsOf(scene.within({ minX: 8, minY: 2, maxX: 22, maxY: 4 }))).toEqual(['b', 'a']);
    expect(idsOf(scene.within({ minX: 0, minY: 0, maxX: 30, maxY: 30 }))).toEqual(['b', 'd', 'a']);
    expect(scene.within({ minX: 50, minY: 50, maxX: 60, maxY: 60 })).toEqual([]);
  });

  it('goes by bounds, so a rotated box is found where its corners reach', () => {
    const scene = new SceneIndex();
    scene.set([ann('r', box(0, 0, 10, 10, 45))]);
    // 5√2 − 5 ≈ 2.07 px beyond the unrotated square on every side.
    expect(idsOf(scene.within({ minX: 11, minY: 4, maxX: 12, maxY: 6 }))).toEqual(['r']);
    expect(scene.within({ minX: 12.2, minY: 4, maxX: 13, maxY: 6 })).toEqual([]);
  });
});

describe('SceneIndex.boundsOf', () => {
  it('gives the bounds of the geometry, and nothing for an unknown id', () => {
    const scene = new SceneIndex();
    const poly: Geometry = { type: 'polygon', points: [[1, 2], [8, 3], [4, 9]] };
    scene.set([ann('p', poly)]);
    expect(scene.boundsOf('p')).toMatchObject({ minX: 1, minY: 2, maxX: 8, maxY: 9 });
    expect(scene.boundsOf('nope')).toBeUndefined();
  });
});

describe('SceneIndex updates', () => {
  it('moves a changed annotation in the index: found at its new place, not at its old one', () => {
    const scene = new SceneIndex();
    scene.set([ann('a', box(0, 0)), ann('b', box(50, 50))]);
    scene.set([ann('a', box(100, 0)), ann('b', box(50, 50))]);
    expect(scene.hit(5, 5, 0, all)).toBeNull();
    expect(scene.hit(105, 5, 0, all)?.id).toBe('a');
    expect(scene.boundsOf('a')).toMatchObject({ minX: 100, minY: 0, maxX: 110, maxY: 10 });
    expect(idsOf(scene.within({ minX: 0, minY: 0, maxX: 20, maxY: 20 }))).toEqual([]);
    expect(idsOf(scene.within(everywhere))).toEqual(['a', 'b']);
  });

  it('takes a new z-index into the drawing order and the hit test', () => {
    const scene = new SceneIndex();
    scene.set([ann('a', box(0, 0), { zIndex: 1 }), ann('b', box(0, 0), { zIndex: 0 })]);
    expect(scene.hit(5, 5, 0, all)?.id).toBe('a');
    scene.set([ann('a', box(0, 0), { zIndex: 1 }), ann('b', box(0, 0), { zIndex: 2 })]);
    expect(scene.hit(5, 5, 0, all)?.id).toBe('b');
    expect(idsOf(scene.order)).toEqual(['a', 'b']);
  });

  it('forgets a removed annotation everywhere', () => {
    const scene = new SceneIndex();
    scene.set([ann('a', box(0, 0), { zIndex: 1 }), ann('b', box(0, 0))]);
    expect(scene.set([ann('b', box(0, 0))])).toEqual(['a']);
    expect(scene.get('a')).toBeUndefined();
    expect(scene.boundsOf('a')).toBeUndefined();
    expect(scene.hit(5, 5, 0, all)?.id).toBe('b');
    expect(idsOf(scene.within(everywhere))).toEqual(['b']);
  });

  it('drops a mask from the index when it is erased to nothing, but keeps the annotation', () => {
    const scene = new SceneIndex();
    scene.set([ann('m', { type: 'mask', rle: { size: [2, 2], counts: [0, 4] } })]);
    expect(scene.hit(1, 1, 0, all)?.id).toBe('m');
    scene.set([ann('m', { type: 'mask', rle: { size: [2, 2], counts: [4] } })]);
    expect(scene.get('m')).toBeDefined();
    expect(scene.boundsOf('m')).toBeUndefined();
    expect(scene.within(everywhere)).toEqual([]);
  });

  it('stays consistent through a bulk load, then a bulk load on top, then small edits', () => {
    const rand = prng(7);
    const shape = (): Geometry => box(Math.round(rand() * 900), Math.round(rand() * 900), 5 + Math.round(rand() * 95), 5 + Math.round(rand() * 95), [0, 0, 30][Math.floor(rand() * 3)]);
    let list = Array.from({ length: 150 }, (_, i) => ann(`a${i}`, shape(), { zIndex: Math.floor(rand() * 5) }));
    const scene = new SceneIndex();

    const check = () => {
      expect(idsOf(scene.within(everywhere))).toEqual(idsOf(scene.order));
      expect(list.map((a) => scene.boundsOf(a.id))).toEqual(list.map((a) => ({ ...boundsOf(a.geometry as ImageGeometry), id: a.id })));
      const clicks = Array.from({ length: 200 }, () => [rand() * 1000, rand() * 1000]);
      expect(clicks.map(([x, y]) => scene.hit(x, y, 2, all)?.id ?? null)).toEqual(clicks.map(([x, y]) => bruteHit(scene, x, y, 2)?.id ?? null));
    };

    // More than 100 fresh items at once take the bulk-load path, first into an empty tree…
    scene.set(list);
    check();
    // …then into a tree that already has items, with some moved and some removed.
    list = [
      ...list.slice(0, 100).map((a, i) => (i % 3 === 0 ? ann(a.id, shape(), { zIndex: a.zIndex }) : a)),
      ...Array.from({ length: 150 }, (_, i) => ann(`b${i}`, shape(), { zIndex: Math.floor(rand() * 5) })),
    ];
    expect(scene.set(list)).toEqual(Array.from({ length: 50 }, (_, i) => `a${100 + i}`));
    check();
    // Few changes go one insert at a time.
    list = list.filter((_, i) => i % 7 !== 0).map((a, i) => (i % 11 === 0 ? ann(a.id, shape(), { zIndex: 9 }) : a));
    scene.set(list);
    check();
    expect(scene.order).toHaveLength(list.length);
  });

  it('makes its bounds and tree only when first asked, from the annotations of that moment', () => {
    const scene = new SceneIndex();
    const made = jest.spyOn(scene, 'index');
    // Loads, moves and removals before anything asks: the order follows them, nothing is indexed yet.
    scene.set([ann('a', box(0, 0)), ann('b', box(50, 50)), ann('c', box(200, 200))]);
    scene.set([ann('a', box(100, 0)), ann('b', box(50, 50))]);
    expect(idsOf(scene.order)).toEqual(['a', 'b']);
    // One object's bounds do not index them all.
    expect(scene.boundsOf('a')).toMatchObject({ minX: 100, minY: 0, maxX: 110, maxY: 10 });
    expect(scene.boundsOf('c')).toBeUndefined();
    expect(made).not.toHaveBeenCalled();
    // The first search makes the index of what is here now.
    expect(scene.hit(5, 5, 0, all)).toBeNull();
    expect(scene.hit(105, 5, 0, all)?.id).toBe('a');
    expect(scene.boundsOf('c')).toBeUndefined();
    expect(idsOf(scene.within(everywhere))).toEqual(['a', 'b']);
    // From then on updates go into it.
    scene.set([ann('a', box(100, 0)), ann('d', box(300, 300))]);
    expect(idsOf(scene.within(everywhere))).toEqual(['a', 'd']);
    expect(scene.hit(55, 55, 0, all)).toBeNull();
    expect(scene.boundsOf('d')).toMatchObject({ minX: 300, minY: 300, maxX: 310, maxY: 310 });
  });
});
