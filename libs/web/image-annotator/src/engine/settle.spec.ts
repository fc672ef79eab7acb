import type { Annotation } from '@tessera/contracts';
import { sceneAnnotations } from '../playground/scene';
import { boundsOf, type ImageGeometry } from '../geometry';
import { Mirror, MirrorDiff, packItems, transferables, unpackBounded } from './settle';

const at = '2026-01-01T00:00:00.000Z';
const shape = (id: string, geometry: Annotation['geometry'], extra: Partial<Annotation> = {}): Annotation => ({
  id, labelId: 'car', schemaVersion: 1, geometry, attributes: {}, source: 'human', score: null, predictionId: null, zIndex: 0,
  groupId: null, version: 1, createdBy: 'u', updatedBy: 'u', createdAt: at, updatedAt: at, ...extra,
});

describe('the settle worker mirror', () => {
  it('packs polygons and polylines into one array and gives every shape back as it was', () => {
    const list = [
      shape('a', { type: 'polygon', points: [[1, 2], [3, 4], [5, 6.5]] }),
      shape('b', { type: 'box', x: 1, y: 2, width: 3, height: 4, rotation: 0 } as Annotation['geometry'], { zIndex: 2 }),
      shape('c', { type: 'polyline', points: [[0, 0], [10, 10]] }, { source: 'model', score: 0.75, labelId: 'road' }),
    ];
    const packed = packItems(list);
    expect(packed.coords).toEqual(Float64Array.from([1, 2, 3, 4, 5, 6.5, 0, 0, 10, 10]));
    expect(packed.other).toEqual([list[1].geometry]);
    expect(unpackBounded(packed).map((u) => u.item)).toEqual(list.map(({ id, labelId, zIndex, source, score, geometry }) => ({ id, labelId, zIndex, source, score, geometry })));
    expect(transferables({ type: 'scene', put: packed, drop: [], order: null })).toHaveLength(4);
  });

  it('unpacks each shape with the bounds the scene index gives it', () => {
    const list = [
      ...sceneAnnotations({ objects: 20, vertices: 7, width: 500, height: 400, seed: 9 }),
      shape('box', { type: 'box', x: 10, y: 20, width: 30, height: 40, rotation: 30 } as Annotation['geometry']),
    ];
    const unpacked = unpackBounded(packItems(list));
    expect(unpacked.map((u) => u.item.id)).toEqual(list.map((a) => a.id));
    expect(unpacked.map((u) => u.bounds)).toEqual(list.map((a) => boundsOf(a.geometry as ImageGeometry)));
  });

  it('sends only what changed, by identity, and the order when it changed', () => {
    const diff = new MirrorDiff();
    const list = sceneAnnotations({ objects: 5, vertices: 6, width: 100, height: 100, seed: 3 });
    const byId = new Map(list.map((a) => [a.id, a]));
    const first = diff.next(byId, list)!;
    expect(first.put.ids).toEqual(list.map((a) => a.id));
    expect(first.order).toEqual(list.map((a) => a.id));
    expect(diff.next(byId, list)).toBeNull();

    const moved = { ...list[2], geometry: { type: 'polygon' as const, points: [[1, 1], [2, 1], [2, 2]] as [number, number][] } };
    const next = new Map(byId);
    next.set(moved.id, moved);
    next.delete(list[4].id);
    const order = [list[0], list[1], moved, list[3]];
    const second = diff.next(next, order)!;
    expect(second.put.ids).toEqual([moved.id]);
    expect(second.drop).toEqual([list[4].id]);
    expect(second.order).toEqual(order.map((a) => a.id));
  });

  it('finds what meets a rectangle in drawing order, as the scene changes', () => {
    const square = (id: string, x: number, y: number) => shape(id, { type: 'polygon', points: [[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10]] });
    const list = [square('left', 0, 0), square('far', 500, 500), square('middle', 40, 0), square('top', 5, 5)];
    const diff = new MirrorDiff();
    const mirror = new Mirror();
    const ids = (b: { minX: number; minY: number; maxX: number; maxY: number }) => mirror.within(b).map((a) => a.id);
    mirror.apply(diff.next(new Map(list.map((a) => [a.id, a])), list)!);
    // Touching an edge counts; drawing order is the scene's, not where the shapes lie.
    expect(ids({ minX: 0, minY: 0, maxX: 40, maxY: 100 })).toEqual(['left', 'middle', 'top']);
    expect(ids({ minX: 100, minY: 100, maxX: 200, maxY: 200 })).toEqual([]);
    expect(mirror.boundsOf('far')).toEqual({ minX: 500, minY: 500, maxX: 510, maxY: 510 });

    // 'top' goes under 'left', 'middle' moves away, 'far' is deleted.
    const moved = square('middle', 300, 300);
    const order = [list[3], list[0], moved];
    mirror.apply(diff.next(new Map(order.map((a) => [a.id, a])), order)!);
    expect(ids({ minX: 0, minY: 0, maxX: 1000, maxY: 1000 })).toEqual(['top', 'left', 'middle']);
    expect(ids({ minX: 0, minY: 0, maxX: 40, maxY: 100 })).toEqual(['top', 'left']);
    expect(mirror.boundsOf('far')).toBeUndefined();
    // What is drawn is what drawing needs of each, not the whole annotation.
    expect(mirror.within({ minX: 300, minY: 300, maxX: 301, maxY: 301 })).toEqual([
      { id: 'middle', labelId: 'car', zIndex: 0, source: 'human', score: null, geometry: moved.geometry },
    ]);
  });
});
