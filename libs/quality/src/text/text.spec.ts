import { characterErrorRate, editDistance, matchSpans, spanPrf } from './spans';
import { spansFromTokenLabels, tokenLabels, tokenize } from './tokens';

const words = (text: string) => tokenize(text).map((t) => text.slice(t.start, t.end));

describe('tokens', () => {
  it('splits words and punctuation, and each Chinese character on its own', () => {
    expect(words("Dr. O'Neil met Acme Corp. in Zürich, 2024.")).toEqual(['Dr', '.', 'O', "'", 'Neil', 'met', 'Acme', 'Corp', '.', 'in', 'Zürich', ',', '2024', '.']);
    expect(words('李明在北京见到了Acme公司')).toEqual(['李', '明', '在', '北', '京', '见', '到', '了', 'Acme', '公', '司']);
  });

  it('labels each token by the span covering most of it, and turns labelled tokens back into spans', () => {
    const text = 'Alice Smith visited Paris';
    const tokens = tokenize(text);
    const labels = tokenLabels(tokens, [{ start: 0, end: 11, labelId: 'person' }, { start: 20, end: 24, labelId: 'place' }]);
    expect(labels).toEqual(['person', 'person', null, 'place']);
    expect(spansFromTokenLabels(tokens, labels)).toEqual([{ start: 0, end: 11, labelId: 'person' }, { start: 20, end: 25, labelId: 'place' }]);
  });
});

describe('span matching and scores', () => {
  const ref = [{ start: 0, end: 11, labelId: 'person' }, { start: 20, end: 25, labelId: 'place' }, { start: 30, end: 34, labelId: 'date' }];
  const pred = [
    { start: 0, end: 5, labelId: 'person' }, // overlaps, boundary wrong
    { start: 20, end: 25, labelId: 'place' }, // exact
    { start: 30, end: 34, labelId: 'person' }, // right place, wrong label
    { start: 40, end: 44, labelId: 'org' }, // invented
  ];

  it('exact: only identical boundaries and label count (CoNLL): P = 1/4, R = 1/3', () => {
    const { overall, perLabel } = spanPrf(ref, pred, 'exact');
    expect(overall).toMatchObject({ tp: 1, fp: 3, fn: 2, precision: 0.25 });
    expect(overall.recall).toBeCloseTo(1 / 3, 12);
    expect(overall.f1).toBeCloseTo(2 / 7, 12);
    expect(perLabel.place.f1).toBe(1);
  });

  it('overlap: sharing a character with a span of the same label counts: P = 2/4, R = 2/3', () => {
    const { overall } = spanPrf(ref, pred, 'overlap');
    expect(overall).toMatchObject({ tp: 2, fp: 2, fn: 1, precision: 0.5 });
    expect(overall.f1).toBeCloseTo(4 / 7, 12);
  });

  it('pairs each span once, preferring the same label', () => {
    const pairs = matchSpans([{ start: 0, end: 10, labelId: 'a' }], [{ start: 0, end: 10, labelId: 'b' }, { start: 2, end: 8, labelId: 'a' }], 'overlap');
    expect(pairs.map((p) => p.b)).toEqual([1]);
  });
});

describe('character error rate', () => {
  it('counts Levenshtein edits over the reference length: kitten → sitting is 3 edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(characterErrorRate('kitten', 'sitting')).toBeCloseTo(0.5, 12);
    expect(characterErrorRate('北京市', '北京')).toBeCloseTo(1 / 3, 12);
    expect(editDistance('😀a', 'a')).toBe(1);
    expect(characterErrorRate('', '')).toBe(0);
  });
});
