import type { Annotation } from '@tessera/contracts';
import { layoutRows, placeSpans, placeSpansFrom, relayoutRows, wrapRows } from './layout';
import { makeDocument } from '../playground/document';

const at = '2026-01-01T00:00:00.000Z';
const span = (id: string, start: number, end: number): Annotation => ({
  id, labelId: 'per', geometry: { type: 'span', start, end }, schemaVersion: 1, attributes: {}, source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null, version: 1, createdBy: 'u', updatedBy: 'u', createdAt: at, updatedAt: at,
});

describe('placing spans after a few more are made', () => {
  it('gives the same lanes and row heights as placing them all anew', () => {
    const doc = makeDocument({ chars: 20_000, spans: 1500, seed: 7 });
    const starts = wrapRows(doc.text, 80);
    let annotations = doc.annotations;
    let placing = placeSpansFrom(null, annotations);
    let layout = layoutRows(starts, placing.placed);
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let step = 0; step < 60; step++) {
      // One to three new spans anywhere, overlapping others or nested in them.
      const more = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => {
        const start = Math.floor(rnd() * (doc.text.length - 40));
        return span(`new-${step}-${k}`, start, start + 1 + Math.floor(rnd() * 30));
      });
      annotations = [...annotations, ...more];
      placing = placeSpansFrom(placing, annotations);
      const fresh = placeSpans(annotations);
      expect(placing.dirty).not.toBeNull();
      expect(placing.placed.map((s) => `${s.id}:${s.lane}`)).toEqual(fresh.map((s) => `${s.id}:${s.lane}`));
      const longest = fresh.reduce((m, s) => Math.max(m, s.end - s.start), 0);
      layout = relayoutRows(layout, placing.placed, placing.dirty!, longest);
      const whole = layoutRows(starts, fresh);
      expect([...layout.lanes]).toEqual([...whole.lanes]);
      expect([...layout.tops]).toEqual([...whole.tops]);
    }
  });

  it('places anew when an annotation changed or went', () => {
    const a = [span('a', 0, 5), span('b', 2, 8)];
    const first = placeSpansFrom(null, a);
    expect(placeSpansFrom(first, [a[0]]).dirty).toBeNull();
    expect(placeSpansFrom(first, [a[0], { ...a[1] }, span('c', 1, 3)]).dirty).toBeNull();
    const more = placeSpansFrom(first, [...a, span('c', 1, 3)]);
    expect(more.dirty).toEqual([0, 8]);
    expect(more.placed.map((s) => `${s.id}:${s.lane}`)).toEqual(['a:0', 'c:1', 'b:2']);
  });
});
