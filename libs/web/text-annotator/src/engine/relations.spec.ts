import type { Annotation, Label } from '@tessera/contracts';
import { ARC, layoutRows, placeSpans, wrapRows } from './layout';
import { arcPath, arcRowsOf, relationExists, relationsOf, stepTarget, stepTargetRow } from './relations';

const at = '2026-01-01T00:00:00.000Z';
const ann = (id: string, labelId: string, geometry: Annotation['geometry']): Annotation => ({
  id, labelId, geometry, schemaVersion: 1, attributes: {}, source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null, version: 1, createdBy: 'u', updatedBy: 'u', createdAt: at, updatedAt: at,
});
const span = (id: string, start: number, end: number) => ann(id, 'per', { type: 'span', start, end });
const labels = new Map<string, Label>([
  ['works', { id: 'works', name: 'Works for', color: '#595959', tools: ['relation'], attributes: [] }],
  ['same', { id: 'same', name: 'Same as', color: '#000000', tools: ['relation'], attributes: [], symmetric: true }],
]);

// "Alice works at Acme.\nBob too, at Globex." — rows of 40 columns: one per line.
const TEXT = 'Alice works at Acme.\nBob too, at Globex.';
const annotations = [span('a', 0, 5), span('acme', 15, 19), span('bob', 21, 24), span('globex', 33, 39), ann('r1', 'works', { type: 'relation', from: 'a', to: 'acme' }), ann('r2', 'same', { type: 'relation', from: 'acme', to: 'globex' })];

describe('relations', () => {
  it('are read from the annotations with their direction from the label schema', () => {
    expect(relationsOf(annotations, labels)).toEqual([
      { id: 'r1', labelId: 'works', from: 'a', to: 'acme', symmetric: false, model: false },
      { id: 'r2', labelId: 'same', from: 'acme', to: 'globex', symmetric: true, model: false },
    ]);
  });

  it('count as there already either way round only when symmetric', () => {
    const rels = relationsOf(annotations, labels);
    expect(relationExists(rels, 'works', 'a', 'acme', false)).toBe(true);
    expect(relationExists(rels, 'works', 'acme', 'a', false)).toBe(false);
    expect(relationExists(rels, 'same', 'globex', 'acme', true)).toBe(true);
    expect(relationExists(rels, 'works', 'bob', 'globex', false)).toBe(false);
  });

  it('step their target through the spans in document order, never onto the source, wrapping round', () => {
    const spans = placeSpans(annotations);
    expect(stepTarget(spans, 'acme', null, true)).toBe('bob');
    expect(stepTarget(spans, 'acme', 'bob', true)).toBe('globex');
    expect(stepTarget(spans, 'acme', 'globex', true)).toBe('a');
    expect(stepTarget(spans, 'acme', 'a', true)).toBe('bob');
    expect(stepTarget(spans, 'acme', 'bob', false)).toBe('a');
    expect(stepTarget(spans, 'acme', 'a', false)).toBe('globex');
    expect(stepTarget(placeSpans([span('only', 0, 5)]), 'only', null, true)).toBeNull();
  });

  it('step their target a line down or up, to the first span of that line', () => {
    const spans = placeSpans(annotations);
    const starts = wrapRows(TEXT, 40);
    expect(starts).toEqual(Uint32Array.from([0, 21]));
    expect(stepTargetRow(spans, starts, 'a', null, true)).toBe('bob');
    expect(stepTargetRow(spans, starts, 'a', 'bob', true)).toBe('bob');
    expect(stepTargetRow(spans, starts, 'bob', 'globex', false)).toBe('a');
    expect(stepTargetRow(spans, starts, 'a', 'globex', false)).toBe('acme');
  });

  it('give the rows holding their spans room above the text for the arcs', () => {
    const spans = placeSpans(annotations);
    const starts = wrapRows(TEXT, 40);
    const rels = relationsOf(annotations, labels);
    const rows = arcRowsOf(rels, spans, starts);
    expect([...rows]).toEqual([1, 1]);
    expect([...arcRowsOf(rels.slice(0, 1), spans, starts)]).toEqual([1, 0]);
    const layout = layoutRows(starts, spans, arcRowsOf(rels.slice(0, 1), spans, starts));
    const plain = layoutRows(starts, spans);
    expect(layout.tops[1] - plain.tops[1]).toBe(ARC);
    expect(layout.tops[2] - layout.tops[1]).toBe(plain.tops[2] - plain.tops[1]);
  });

  it('are drawn as arcs peaking above the higher end', () => {
    const same = arcPath({ x: 10, y: 50 }, { x: 110, y: 50 }, 12);
    expect(same.peak).toEqual({ x: 60, y: 38 });
    expect(same.d).toBe('M10,50 C10,34 110,34 110,50');
    const across = arcPath({ x: 10, y: 100 }, { x: 50, y: 50 }, 10);
    expect(across.peak.y).toBeLessThan(50);
    expect(across.peak.y).toBeGreaterThan(40);
  });
});
