import type { Annotation, Geometry, Label } from '@tessera/contracts';
import {
  cycleTarget, deleteOps, draftGeometry, editableOf, groupOps, moveOps, nudgeOps, pasteOps, relabelOps, removeVertexOps, reorderOps, selectAllIds, toggleTagOps, ungroupOps,
} from './commands';
import { SceneIndex } from './scene';

const USER = '00000000-0000-4000-8000-000000000001';
const IMAGE = { width: 100, height: 80 };

function ann(id: string, geometry: Geometry, more: Partial<Annotation> = {}): Annotation {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id, labelId: 'car', schemaVersion: 1, geometry, attributes: {}, source: 'human', score: null, predictionId: null,
    zIndex: 0, groupId: null, version: 1, createdBy: USER, updatedBy: USER, createdAt: at, updatedAt: at, ...more,
  };
}
const box = (x: number, y: number, width = 10, height = 10): Geometry => ({ type: 'box', x, y, width, height, rotation: 0 });
const polygon = (...points: [number, number][]): Geometry => ({ type: 'polygon', points });
function sceneOf(...list: Annotation[]) {
  const scene = new SceneIndex();
  scene.set(list);
  return scene;
}
const ids = (list: readonly { id: string }[]) => list.map((a) => a.id);
/** Hands out predictable ids, so that what a command creates can be named in the test. */
const counter = (prefix: string) => {
  let n = 0;
  return () => `${prefix}${++n}`;
};
const label = (id: string, tools: Label['tools']): Label => ({ id, name: id, color: '#ff0000', tools, attributes: [] }) as unknown as Label;

describe('what a command applies to', () => {
  const scene = sceneOf(ann('a', box(0, 0)), ann('b', box(20, 0)), ann('c', box(40, 0)));

  it('takes the selection in its own order and drops ids no longer in the scene', () => {
    expect(ids(editableOf(scene, ['c', 'gone', 'a'], new Set(), false))).toEqual(['c', 'a']);
  });

  it('never lets a locked object or a read-only editor change anything', () => {
    expect(ids(editableOf(scene, ['a', 'b'], new Set(['b']), false))).toEqual(['a']);
    expect(editableOf(scene, ['a', 'b'], new Set(), true)).toEqual([]);
  });

  it('selects all that is neither hidden nor locked', () => {
    expect(selectAllIds(scene, new Set(['a']), new Set(['c']))).toEqual(['b']);
  });

  it('cycles through the visible objects, round both ends', () => {
    const hidden = new Set(['b']);
    expect(cycleTarget(scene, hidden, [], 1)).toBe('a');
    expect(cycleTarget(scene, hidden, ['a'], 1)).toBe('c');
    expect(cycleTarget(scene, hidden, ['c'], 1)).toBe('a');
    expect(cycleTarget(scene, hidden, ['a'], -1)).toBe('c');
    expect(cycleTarget(scene, new Set(['a', 'b', 'c']), ['a'], 1)).toBeNull();
  });
});

describe('edit commands', () => {
  it('deletes each item', () => {
    const scene = sceneOf(ann('a', box(0, 0)), ann('b', box(20, 0)));
    expect(deleteOps(editableOf(scene, ['a', 'b'], new Set(), false))).toEqual([
      { type: 'delete', id: 'a' },
      { type: 'delete', id: 'b' },
    ]);
  });

  it('moves every item by the same amount', () => {
    const a = ann('a', polygon([0, 0], [10, 0], [10, 10]));
    const b = ann('b', box(5, 5));
    expect(moveOps([a, b], 2, 3)).toEqual([
      { type: 'update', id: 'a', patch: { geometry: polygon([2, 3], [12, 3], [12, 13]) } },
      { type: 'update', id: 'b', patch: { geometry: box(7, 8) } },
    ]);
  });

  it('nudges a selection together and stops it at the picture edge', () => {
    const a = ann('a', box(85, 0));
    const b = ann('b', box(50, 0));
    const scene = sceneOf(a, b);
    // a's right edge is at 95: only 5 of the 10 pixels asked for fit, and b moves the same 5.
    const ops = nudgeOps(scene, [a, b], 10, 0, IMAGE);
    expect(ops.map((o) => o.type === 'update' && o.patch.geometry)).toEqual([box(90, 0), box(55, 0)]);
  });

  it('sends nothing when a nudge cannot move at all, or nothing is selected', () => {
    const a = ann('a', box(90, 0));
    expect(nudgeOps(sceneOf(a), [a], 1, 0, IMAGE)).toEqual([]);
    expect(nudgeOps(sceneOf(a), [], 1, 0, IMAGE)).toEqual([]);
  });

  it('reorders one step, or past the whole scene', () => {
    const a = ann('a', box(0, 0), { zIndex: 2 });
    const range = [-5, 7] as const;
    const z = (dir: Parameters<typeof reorderOps>[1]) => reorderOps([a], dir, range).map((o) => o.type === 'update' && o.patch.zIndex);
    expect(z('up')).toEqual([3]);
    expect(z('down')).toEqual([1]);
    expect(z('top')).toEqual([8]);
    expect(z('bottom')).toEqual([-6]);
  });

  it('groups two or more under one new id, never one alone', () => {
    const a = ann('a', box(0, 0));
    const b = ann('b', box(20, 0));
    expect(groupOps([a], counter('g'))).toEqual([]);
    expect(groupOps([a, b], counter('g'))).toEqual([
      { type: 'update', id: 'a', patch: { groupId: 'g1' } },
      { type: 'update', id: 'b', patch: { groupId: 'g1' } },
    ]);
  });

  it('ungroups only what is in a group', () => {
    const a = ann('a', box(0, 0), { groupId: 'g' });
    const b = ann('b', box(20, 0));
    expect(ungroupOps([a, b])).toEqual([{ type: 'update', id: 'a', patch: { groupId: null } }]);
  });

  it('pastes shifted copies under new ids, outside any group, kept on the picture', () => {
    const a = ann('a', box(0, 0), { groupId: 'g', attributes: { colour: 'red' }, zIndex: 4 });
    const b = ann('b', box(85, 65));
    const scene = sceneOf(a, b);
    const { ops, ids: made } = pasteOps(scene, [a, b], IMAGE, 10, counter('n'));
    expect(made).toEqual(['n1', 'n2']);
    expect(ops).toEqual([
      { type: 'create', annotation: { id: 'n1', labelId: 'car', geometry: box(10, 10), attributes: { colour: 'red' }, zIndex: 4, groupId: null } },
      // Only 5 pixels are left to the right and below.
      { type: 'create', annotation: { id: 'n2', labelId: 'car', geometry: box(90, 70), attributes: {}, zIndex: 0, groupId: null } },
    ]);
  });

  it('relabels only what the label may draw and does not already carry it', () => {
    const shape = ann('shape', polygon([0, 0], [10, 0], [10, 10]));
    const frame = ann('frame', box(0, 0));
    const done = ann('done', box(0, 0), { labelId: 'person' });
    expect(relabelOps([shape, frame, done], label('person', ['box']))).toEqual([{ type: 'update', id: 'frame', patch: { labelId: 'person' } }]);
  });

  it('toggles a tag: a second press takes it away', () => {
    expect(toggleTagOps([], 'night', counter('t'))).toEqual([{ type: 'create', annotation: { id: 't1', labelId: 'night', geometry: { type: 'tag' } } }]);
    const tag = ann('tag', { type: 'tag' }, { labelId: 'night' });
    expect(toggleTagOps([tag], 'night', counter('t'))).toEqual([{ type: 'delete', id: 'tag' }]);
  });

  it('removes a vertex only while the shape keeps its minimum', () => {
    const tri = polygon([0, 0], [10, 0], [10, 10]);
    expect(removeVertexOps(ann('a', tri), tri as never, 1)).toEqual([]);
    const quad = polygon([0, 0], [10, 0], [10, 10], [0, 10]);
    expect(removeVertexOps(ann('a', quad), quad as never, 1)).toEqual([{ type: 'update', id: 'a', patch: { geometry: polygon([0, 0], [10, 10], [0, 10]) } }]);
    expect(removeVertexOps(ann('b', box(0, 0)), box(0, 0) as never, 0)).toEqual([]);
  });
});

describe('finishing a draft', () => {
  it('makes a shape only with enough points for its kind', () => {
    expect(draftGeometry({ tool: 'polygon', points: [[0, 0], [1, 1]] })).toBeNull();
    expect(draftGeometry({ tool: 'polygon', points: [[0, 0], [1, 1], [2, 0]] })).toEqual(polygon([0, 0], [1, 1], [2, 0]));
    expect(draftGeometry({ tool: 'polyline', points: [[0, 0], [1, 1]] })).toEqual({ type: 'polyline', points: [[0, 0], [1, 1]] });
    expect(draftGeometry({ tool: 'points', points: [[4, 4]] })).toEqual({ type: 'points', points: [[4, 4]] });
    expect(draftGeometry({ tool: 'points', points: [] })).toBeNull();
  });

  it('keeps skipped keypoints as empty slots, and needs at least one placed', () => {
    expect(draftGeometry({ tool: 'keypoints', points: [null, null], skipped: new Set([0]) })).toBeNull();
    expect(draftGeometry({ tool: 'keypoints', points: [[1, 2], null], skipped: new Set([1]) })).toEqual({ type: 'keypoints', points: [{ x: 1, y: 2, visible: true }, null] });
  });
});
