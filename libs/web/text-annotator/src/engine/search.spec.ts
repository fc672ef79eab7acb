import type { Annotation, Label } from '@tessera/contracts';
import { entityRowList, groupEntities } from './entities';
import { layoutRows, placeSpans, wrapRows } from './layout';
import { mapMarks, matchMarks } from './minimap';
import { findMatches, matchAfter, matchesIn } from './search';

const pairs = (m: Uint32Array) => Array.from({ length: m.length / 2 }, (_, i) => [m[i * 2], m[i * 2 + 1]]);

describe('search', () => {
  it('finds every match in any case, in order, with literal punctuation', () => {
    const text = 'Acme acme ACME. a.c.m.e (acme)';
    expect(pairs(findMatches(text, 'acme'))).toEqual([[0, 4], [5, 9], [10, 14], [25, 29]]);
    expect(pairs(findMatches(text, 'a.c'))).toEqual([[16, 19]]);
    expect(pairs(findMatches(text, '(acme)'))).toEqual([[24, 30]]);
    expect(findMatches(text, '').length).toBe(0);
  });

  it('widens a match to whole graphemes: never half an emoji or a letter without its accent', () => {
    const text = 'cafe\u0301 👍🏽 北京';
    // "e" is the base of "é" written with a combining accent: the accent comes along.
    expect(pairs(findMatches(text, 'e'))).toEqual([[3, 5]]);
    // The first half of a skin-toned thumbs-up finds the whole of it.
    expect(pairs(findMatches(text, '👍'))).toEqual([[6, 10]]);
    expect(pairs(findMatches(text, '北京'))).toEqual([[11, 13]]);
  });

  it('stops at the limit, and finds the match after a place and those in a range', () => {
    const text = 'ab '.repeat(100);
    const m = findMatches(text, 'ab', 10);
    expect(m.length / 2).toBe(10);
    expect(matchAfter(m, 4)).toBe(2);
    expect(matchAfter(m, 1000)).toBe(0);
    expect(matchesIn(m, 4, 10)).toEqual([1, 4]);
    expect(matchesIn(m, 2, 3)).toEqual([1, 1]);
  });
});

const at = '2026-01-01T00:00:00.000Z';
const span = (id: string, labelId: string, start: number, end: number): Annotation => ({
  id, labelId, geometry: { type: 'span', start, end }, schemaVersion: 1, attributes: {}, source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null, version: 1, createdBy: 'u', updatedBy: 'u', createdAt: at, updatedAt: at,
});
const labels: Label[] = [
  { id: 'per', name: 'Person', color: '#ff0000', tools: ['span'], attributes: [] },
  { id: 'org', name: 'Organisation', color: '#0000ff', tools: ['span'], attributes: [] },
  { id: 'rel', name: 'Works for', color: '#000000', tools: ['relation'], attributes: [] },
];
const TEXT = 'Alice works at Acme.\nBob works at Globex.\nCarol too.';
const spans = placeSpans([span('a', 'per', 0, 5), span('acme', 'org', 15, 19), span('bob', 'per', 21, 24), span('globex', 'org', 34, 40), span('carol', 'per', 42, 47)]);

describe('the entity list', () => {
  it('groups spans by label in the schema’s order, each group in document order', () => {
    const rows = entityRowList(groupEntities(spans, labels, TEXT, '', new Set()));
    expect(rows.map((r) => (r.kind === 'group' ? `${r.labelId}:${r.count}` : r.id))).toEqual(['per:3', 'a', 'bob', 'carol', 'org:2', 'acme', 'globex']);
  });

  it('filters by the span’s text or its label’s name, in any case, and folds a group to its heading', () => {
    expect(entityRowList(groupEntities(spans, labels, TEXT, 'GLOB', new Set())).map((r) => (r.kind === 'group' ? r.labelId : r.id))).toEqual(['org', 'globex']);
    expect(entityRowList(groupEntities(spans, labels, TEXT, 'person', new Set())).filter((r) => r.kind === 'span').length).toBe(3);
    expect(entityRowList(groupEntities(spans, labels, TEXT, '', new Set(['per']))).map((r) => (r.kind === 'group' ? `${r.labelId}:${r.folded}` : r.id))).toEqual(['per:true', 'org:false', 'acme', 'globex']);
  });
});

describe('the scrollbar map', () => {
  it('marks where the spans are, in the first label of each pixel, and where the matches are', () => {
    const layout = layoutRows(wrapRows(TEXT, 40), spans);
    expect(layout.count).toBe(3);
    const marks = mapMarks(layout, spans, 30);
    expect(marks).toHaveLength(30);
    // Three rows of equal height: each span is marked at its row's first pixel.
    expect(marks[0]).toBe('per');
    expect(marks[10]).toBe('per');
    expect(marks[20]).toBe('per');
    expect(marks.filter((m) => m !== null)).toHaveLength(3);
    const found = matchMarks(layout, findMatches(TEXT, 'works'), 30);
    expect([...found].map((v, i) => (v ? i : -1)).filter((i) => i >= 0)).toEqual([0, 10]);
    expect(mapMarks(layout, spans, 0)).toEqual([]);
  });
});
