import type { Annotation, EditOp, Label } from '@tessera/contracts';
import type { EngineHost } from './host';
import { Measurements } from './measurements';

// Cornerstone's annotation state stood in for by a map; patient space is the image's pixel grid (z = slice).
type CsAnnotation = { annotationUID: string; isLocked?: boolean; metadata: { toolName: string; referencedImageId: string }; data: { handles: { points: number[][] } } };
const state = new Map<string, CsAnnotation>();
const listeners = new Map<string, (e: Event) => void>();
const loaded = new Set(['a']);
jest.mock('@cornerstonejs/core', () => ({
  cache: { getImage: () => undefined },
  eventTarget: { addEventListener: (type: string, fn: (e: Event) => void) => listeners.set(type, fn), removeEventListener: () => undefined },
  // A slice's plane is known once its file is loaded (wadouri).
  metaData: { get: (_: string, id: string) => (loaded.has(id) ? { frameOfReferenceUID: 'for', rowCosines: [1, 0, 0], columnCosines: [0, 1, 0] } : undefined) },
  utilities: {},
}));
/** What Cornerstone finds under the pointer (see `idAt`). */
let near: string | null = null;
jest.mock('@cornerstonejs/tools', () => ({
  Enums: { Events: { ANNOTATION_COMPLETED: 'completed', ANNOTATION_MODIFIED: 'modified', ANNOTATION_REMOVED: 'removed', ANNOTATION_SELECTION_CHANGE: 'selection' } },
  utilities: { getAnnotationNearPoint: () => (near ? state.get(near) : null) },
  annotation: {
    // As Cornerstone does, a change of the selection is published at once.
    selection: {
      setAnnotationSelected: (id: string) => selectionEvent([id]),
      deselectAnnotation: () => selectionEvent([]),
    },
    state: {
      getAllAnnotations: () => [...state.values()],
      addAnnotation: (a: CsAnnotation) => void state.set(a.annotationUID, a),
      removeAnnotation: (id: string) => void state.delete(id),
    },
    locking: { setAnnotationLocked: (id: string, locked: boolean) => void (state.get(id)!.isLocked = locked) },
  },
}));

const ruler: Label = { id: 'ruler', name: 'Ruler', color: '#00ff00', tools: ['length'] } as unknown as Label;
const length = (id: string, points: number[][]): Annotation => ({
  id, labelId: 'ruler', schemaVersion: 1, attributes: {}, source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null,
  version: 1, createdBy: 'u', updatedBy: 'u', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  geometry: { type: 'length', sliceIndex: 0, points } as Annotation['geometry'],
});
const selectionEvent = (selection: string[]) => listeners.get('selection')?.(Object.assign(new Event('selection'), { detail: { selection } }));
const fire = (type: string, a: CsAnnotation) => listeners.get(type)!(Object.assign(new Event(type), { detail: { annotation: a } }));

function setUp(annotations: Annotation[]) {
  state.clear();
  const sent: EditOp[][] = [];
  const host = {
    imageIds: ['a', 'b'], labels: [ruler], labelId: 'ruler', annotations, readOnly: false, applying: 0, state: { slice: 0 },
    element: { getBoundingClientRect: () => ({ left: 0, top: 0 }) }, takes: true, notSaved: jest.fn(), select: jest.fn(), viewport: () => null,
    emit(ops: EditOp[]) {
      if (!this.takes) return false;
      sent.push(ops);
      return true;
    },
  };
  const m = new Measurements(host as unknown as EngineHost);
  m.listen();
  m.sync();
  return { host, m, sent };
}

const AT = [[1, 1, 0], [5, 1, 0]];
const MOVED = [[1, 1, 0], [9, 1, 0]];

it('a handle drag the host refuses is put back where the set has it, and the user told', () => {
  const { host, sent } = setUp([length('m1', AT)]);
  const cs = state.get('m1')!;
  host.takes = false;
  cs.data.handles.points = MOVED;
  fire('completed', cs);
  expect(sent).toEqual([]);
  expect(state.get('m1')!.data.handles.points).toEqual(AT);
  expect(host.notSaved).toHaveBeenCalledTimes(1);
});

it('a measurement drawn but refused is removed, not left on screen as if saved', () => {
  const { host, sent } = setUp([]);
  host.takes = false;
  const drawn: CsAnnotation = { annotationUID: 'm2', metadata: { toolName: 'Length', referencedImageId: 'a' }, data: { handles: { points: AT } } };
  state.set('m2', drawn);
  fire('completed', drawn);
  expect(sent).toEqual([]);
  expect(state.has('m2')).toBe(false);
  expect(host.notSaved).toHaveBeenCalledTimes(1);
});

it('becoming read-only sends a drag still resting first, then locks the measurements', () => {
  jest.useFakeTimers();
  try {
    const { host, m, sent } = setUp([length('m1', AT)]);
    const cs = state.get('m1')!;
    cs.data.handles.points = MOVED;
    fire('modified', cs);
    expect(sent).toEqual([]);
    m.flush();
    host.readOnly = true;
    m.lockAll(true);
    expect(sent).toEqual([[{ type: 'update', id: 'm1', patch: { geometry: { type: 'length', sliceIndex: 0, points: MOVED } } }]]);
    expect(state.get('m1')!.isLocked).toBe(true);
    // The timer finds nothing left to send.
    jest.runAllTimers();
    expect(sent).toHaveLength(1);
  } finally {
    jest.useRealTimers();
  }
});

it('a drag that rests only after the viewer went read-only is put back, not sent', () => {
  jest.useFakeTimers();
  try {
    const { host, sent } = setUp([length('m1', AT)]);
    const cs = state.get('m1')!;
    cs.data.handles.points = MOVED;
    fire('modified', cs);
    host.readOnly = true;
    jest.runAllTimers();
    expect(sent).toEqual([]);
    expect(state.get('m1')!.data.handles.points).toEqual(AT);
    expect(host.notSaved).toHaveBeenCalledTimes(1);
  } finally {
    jest.useRealTimers();
  }
});

describe('selection, for review comments', () => {
  it("a measurement clicked on the canvas is reported; another tool's annotation or an empty click is no selection", () => {
    const { host } = setUp([length('m1', AT)]);
    selectionEvent(['m1']);
    expect(host.select).toHaveBeenLastCalledWith('m1');
    selectionEvent(['not-in-the-set']);
    expect(host.select).toHaveBeenLastCalledWith(null);
    selectionEvent([]);
    expect(host.select).toHaveBeenLastCalledWith(null);
  });

  it('showing the selection the engine made is not reported back as the user’s', () => {
    const { host, m } = setUp([length('m1', AT)]);
    m.highlight('m1');
    m.highlight(null);
    expect(host.select).not.toHaveBeenCalled();
  });

  it('read-only, a measurement is found under the pointer though Cornerstone will not select a locked one', () => {
    const { m } = setUp([length('m1', AT)]);
    m.lockAll(true);
    near = 'm1';
    expect(m.idAt(10, 10)).toBe('m1');
    near = null;
    expect(m.idAt(10, 10)).toBeNull();
  });
});

it('Cornerstone working out the statistics of a measurement from the set is no change: nothing sent, nothing taken back', () => {
  jest.useFakeTimers();
  try {
    const { host, sent } = setUp([length('m1', AT)]);
    fire('modified', state.get('m1')!);
    jest.runAllTimers();
    host.readOnly = true;
    fire('modified', state.get('m1')!);
    jest.runAllTimers();
    expect(sent).toEqual([]);
    expect(host.notSaved).not.toHaveBeenCalled();
  } finally {
    jest.useRealTimers();
  }
});

it('a measurement on a slice not loaded yet is drawn once it is, with its frame of reference', () => {
  const later = { ...length('m2', AT), geometry: { type: 'length', sliceIndex: 1, points: AT } as Annotation['geometry'] };
  const { m } = setUp([later]);
  expect(state.has('m2')).toBe(false);
  loaded.add('b');
  m.sync();
  expect(state.get('m2')).toMatchObject({ metadata: { referencedImageId: 'b', FrameOfReferenceUID: 'for' } });
  loaded.delete('b');
});
