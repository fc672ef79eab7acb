import type { Annotation, EditOp, Label } from '@tessera/contracts';
import type { EngineHost } from './host';
import { Labelmap } from './labelmap';
import { encodeSlice } from './segments';

// Cornerstone stood in for by what the labelmap reads and writes: each labelmap slice is a plain image in a cache.
const images = new Map<string, { imageId: string; getPixelData: () => Uint8Array }>();
jest.mock('@cornerstonejs/core', () => ({
  cache: { getImage: (id: string) => images.get(id) },
  eventTarget: { addEventListener: () => undefined, removeEventListener: () => undefined },
  imageLoader: {
    createAndCacheDerivedLabelmapImages: (ids: string[]) =>
      ids.map((id) => {
        const pixels = new Uint8Array(W * H);
        const image = { imageId: `lm:${id}`, getPixelData: () => pixels };
        images.set(image.imageId, image);
        return image;
      }),
  },
}));
jest.mock('@cornerstonejs/tools', () => {
  const none = () => undefined;
  return {
    Enums: { Events: { SEGMENTATION_DATA_MODIFIED: 'modified' }, SegmentationRepresentations: { Labelmap: 'Labelmap' } },
    ToolGroupManager: { getToolGroup: none },
    utilities: { segmentation: { setBrushSizeForToolGroup: none } },
    segmentation: {
      addSegmentations: none,
      addLabelmapRepresentationToViewport: none,
      removeSegmentation: none,
      config: { color: { setSegmentIndexColor: none }, visibility: { setSegmentIndexVisibility: none } },
      segmentationStyle: { setStyle: none },
      segmentLocking: { setSegmentIndexLocked: none },
      activeSegmentation: { setActiveSegmentation: none },
      segmentIndex: { setActiveSegmentIndex: none },
      triggerSegmentationEvents: { triggerSegmentationDataModified: none },
    },
  };
});

const W = 4;
const H = 3;
const liver: Label = { id: 'liver', name: 'Liver', color: '#ff0000', tools: ['segment'] } as unknown as Label;
const segment = (slices: Record<string, Uint8Array>): Annotation => ({
  id: 'seg-1', labelId: 'liver', schemaVersion: 1, attributes: {}, source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null,
  version: 1, createdBy: 'u', updatedBy: 'u', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  geometry: { type: 'segment', slices: Object.fromEntries(Object.entries(slices).map(([k, v]) => [k, encodeSlice(v, W, H, 1)])) as never },
});
const rows = (r: string[]) => Uint8Array.from(r.join('').split('').map(Number));

/** A labelmap on a three-slice series whose host takes or refuses ops as the test says. */
function setUp(annotations: Annotation[] = []) {
  const sent: EditOp[][] = [];
  const host = {
    id: 'dv-test', viewportId: 'vp', toolGroupId: 'tg', imageIds: ['a', 'b', 'c'], labels: [liver], labelId: 'liver',
    element: { dataset: {} as Record<string, string> }, annotations, readOnly: false, applying: 0,
    state: { slice: 1, segmentationReady: false },
    /** Whether the host takes ops (the binding's answer: may this client edit now?). */
    takes: true,
    notSaved: jest.fn(),
    emit(ops: EditOp[]) {
      if (!this.takes) return false;
      sent.push(ops);
      return true;
    },
    viewport: () => null,
    changed: () => undefined,
    segmentLabels: () => [liver],
  };
  const seg = new Labelmap(host as unknown as EngineHost);
  seg.make(W, H);
  /** A stroke on a slice: its pixels as the brush left them, then out as our own tools send them. */
  const paint = (slice: number, r: string[]) => {
    seg.labelmapOf(slice)!.set(rows(r));
    seg.commit(new Set([slice]));
  };
  return { host, seg, sent, paint };
}

const STORED = ['1000', '0000', '0000'];
const PAINTED = ['1100', '0110', '0000'];

it('a stroke the host takes goes out and stays; painting it again sends nothing', () => {
  const { seg, sent, paint, host } = setUp();
  paint(1, PAINTED);
  expect(sent).toHaveLength(1);
  expect(seg.paintedOn(1)).toBe(4);
  paint(1, PAINTED);
  expect(sent).toHaveLength(1);
  expect(host.notSaved).not.toHaveBeenCalled();
});

it('a stroke the host refuses (the rights went before the viewer knew) is taken back on screen, and the user told', () => {
  const { seg, sent, paint, host } = setUp([segment({ '1': rows(STORED) })]);
  expect(seg.paintedOn(1)).toBe(1);
  host.takes = false;
  paint(1, PAINTED);
  expect(sent).toEqual([]);
  // The set's paint, not the stroke's: nothing on screen claims to be saved that is not.
  expect([...seg.labelmapOf(1)!]).toEqual([...rows(STORED)]);
  expect(seg.lastStroke).toMatchObject({ touched: [1], ops: 0, refused: true });
  expect(host.notSaved).toHaveBeenCalledTimes(1);

  // Rights back: the taken-back stroke is not sent later behind the user's back; a new stroke is compared with the set.
  host.takes = true;
  paint(1, PAINTED);
  expect(sent).toHaveLength(1);
  expect(host.notSaved).toHaveBeenCalledTimes(1);
});

it('slices still pending when the viewer is read-only are not kept to be sent later: they are taken back', () => {
  const { seg, sent, host } = setUp([segment({ '0': rows(STORED) })]);
  seg.labelmapOf(0)!.set(rows(PAINTED));
  seg.labelmapOf(2)!.set(rows(PAINTED));
  host.readOnly = true;
  seg.commit(new Set([0, 2]));
  expect(sent).toEqual([]);
  expect([...seg.labelmapOf(0)!]).toEqual([...rows(STORED)]);
  expect(seg.paintedOn(2)).toBe(0);
  expect(host.notSaved).toHaveBeenCalledTimes(1);

  // Editable again: nothing of the old strokes is left to go out with the next flush.
  host.readOnly = false;
  seg.flush();
  expect(sent).toEqual([]);
});
