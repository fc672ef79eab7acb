import { codePointOffset, graphemeBoundary, nextStop, previousStop, snapRange, unsplitPair, wordAt } from './tokens';
import { layoutRows, placeSpans, piecesOf, rowOf, spansIn, wrapRows } from './layout';
import type { Annotation } from '@tessera/contracts';

const slice = (text: string, r: { start: number; end: number } | null) => (r ? text.slice(r.start, r.end) : null);

describe('snapping a selection to tokens', () => {
  const en = 'Alice Smith works for Acme Corp.';

  it('widens a selection inside words to the whole words, without the spaces around them', () => {
    expect(slice(en, snapRange(en, 2, 8, 'word'))).toBe('Alice Smith');
    expect(slice(en, snapRange(en, 5, 12, 'word'))).toBe('Smith');
    expect(slice(en, snapRange(en, 22, 31, 'word'))).toBe('Acme Corp');
  });

  it('keeps character precision when asked, and gives nothing for white space alone', () => {
    expect(slice(en, snapRange(en, 1, 4, 'char'))).toBe('lic');
    expect(snapRange(en, 5, 6, 'word')).toBeNull();
  });

  it('splits Chinese into words, not whole runs of characters', () => {
    const zh = '张三在北京大学工作。';
    const word = wordAt(zh, 3, 'zh');
    expect(word).not.toBeNull();
    // A word, shorter than the run of Han characters it sits in.
    expect(word!.end - word!.start).toBeLessThan(9);
    expect(zh.slice(word!.start, word!.end)).toContain('北');
    expect(slice(zh, snapRange(zh, 0, 1, 'word', 'zh'))!.length).toBeLessThan(5);
  });

  it('never splits a surrogate pair, an emoji sequence or a combining mark', () => {
    const emoji = 'go 👩‍👩‍👧 now';
    // Anywhere inside the family emoji: the whole of it.
    for (let i = 4; i < 3 + '👩‍👩‍👧'.length; i++) {
      expect(slice(emoji, snapRange(emoji, 3, i, 'char'))).toBe('👩‍👩‍👧');
    }
    const pair = 'a😀b';
    expect(unsplitPair(pair, 2)).toBe(1);
    expect(graphemeBoundary(pair, 2)).toBe(1);
    expect(graphemeBoundary(pair, 2, true)).toBe(3);
    const marks = 'cafe\u0301 au lait';
    expect(slice(marks, snapRange(marks, 0, 4, 'char'))).toBe('cafe\u0301');
    expect(slice(marks, snapRange(marks, 1, 2, 'word'))).toBe('cafe\u0301');
  });
});

describe('grapheme boundaries without segmenting', () => {
  it('agrees with Intl.Segmenter over the whole text at every offset of a mixed text', () => {
    // Seeded: plain letters and Han beside everything that joins (marks, ZWJ, variation selectors, skin tones, flags, CR LF, Hangul jamo).
    const parts = ['a', 'Z', ' ', '.', '\n', '\r', '\r\n', '中', '文', '。', '、', '！', '\u0301', '\u200d', '\ufe0f', '👍', '🏽', '🇨', '🇳', '\u1100', '\u1161', '\u11a8', '각', '\u302a', '\u3099', 'か'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let text = '';
    while (text.length < 3000) text += parts[Math.floor(random() * parts.length)];
    const bounds = [...[...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.index), text.length];
    const wrong: number[] = [];
    for (let at = 0, k = 0; at <= text.length; at++) {
      while (bounds[k + 1] <= at) k++;
      const [back, ahead] = bounds[k] === at ? [at, at] : [bounds[k], bounds[k + 1]];
      if (graphemeBoundary(text, at) !== back || graphemeBoundary(text, at, true) !== ahead) wrong.push(at);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the caret moving by token', () => {
  it('walks word to word in English, passing spaces and punctuation', () => {
    const t = 'Hi, Bob. Go!';
    const stops: number[] = [];
    for (let at = 0; at < t.length; ) stops.push((at = nextStop(t, at, 'word')));
    expect(stops.map((s) => t.slice(0, s))).toEqual(['Hi', 'Hi, Bob', 'Hi, Bob. Go', t]);
    expect(previousStop(t, t.length, 'word')).toBe(9);
    expect(previousStop(t, 9, 'word')).toBe(4);
    expect(previousStop(t, 4, 'word')).toBe(0);
  });

  it('moves a grapheme at a time with character precision, over emoji whole', () => {
    const t = 'x👍🏽y';
    expect(nextStop(t, 1, 'char')).toBe(5);
    expect(previousStop(t, 5, 'char')).toBe(1);
  });

  it('steps through Chinese by words, and across a long run of spaces', () => {
    const zh = '我爱北京天安门';
    const stops: number[] = [];
    for (let at = 0; at < zh.length; ) stops.push((at = nextStop(zh, at, 'word', 'zh')));
    expect(stops.length).toBeGreaterThan(1);
    expect(stops[stops.length - 1]).toBe(zh.length);
    const far = `a${' '.repeat(1000)}b`;
    expect(nextStop(far, 1, 'word')).toBe(far.length);
    expect(previousStop(far, far.length - 1, 'word')).toBe(0);
  });

  it('counts code points as Python does', () => {
    const t = '😀ab';
    expect(codePointOffset(t, 2)).toBe(1);
    expect(codePointOffset(t, 4)).toBe(3);
  });
});

describe('rows and stacked spans', () => {
  const span = (id: string, start: number, end: number) => ({ id, labelId: 'x', source: 'human', geometry: { type: 'span', start, end } }) as unknown as Annotation;

  it('wraps at line breaks and at spaces, counting wide characters twice and never breaking an emoji', () => {
    const t = 'aaaa bbbb cccc\n中文中文中文\n😀😀😀😀😀😀';
    const starts = [...wrapRows(t, 10)];
    const rows = starts.map((s, i) => t.slice(s, starts[i + 1] ?? t.length));
    expect(rows[0]).toBe('aaaa bbbb ');
    expect(rows).toContain('中文中文中');
    for (const s of starts) expect(t.charCodeAt(s) >= 0xdc00 && t.charCodeAt(s) <= 0xdfff).toBe(false);
    expect(rowOf(wrapRows(t, 10), t.indexOf('中'))).toBe(2);
  });

  it('stacks a nested span nearer the text than the span around it, and overlapping ones apart', () => {
    const placed = placeSpans([span('outer', 0, 10), span('inner', 0, 4), span('later', 6, 12), span('after', 12, 14)]);
    const lane = Object.fromEntries(placed.map((s) => [s.id, s.lane]));
    expect(lane).toEqual({ inner: 0, outer: 1, later: 0, after: 0 });
    const layout = layoutRows(wrapRows('0123456789abcdef', 100), placed);
    expect(layout.lanes[0]).toBe(2);
    expect(spansIn(placed, 11, 13, 10).map((s) => s.id).sort()).toEqual(['after', 'later']);
    expect(piecesOf(0, 14, placed).map((p) => [p.start, p.end, p.spans.length])).toEqual([[0, 4, 2], [4, 6, 1], [6, 10, 2], [10, 12, 1], [12, 14, 1]]);
  });
});

describe('row heights', () => {
  it('gives every row a span crosses the span’s lanes, and no other row', () => {
    const text = 'aaaa bbbb cccc dddd eeee ffff';
    const starts = wrapRows(text, 10);
    const span = (id: string, start: number, end: number) => ({ id, labelId: 'x', source: 'human', geometry: { type: 'span', start, end } }) as unknown as Annotation;
    // The first crosses rows 0 and 1; the second, nested, stacks under it on row 1 only.
    const layout = layoutRows(starts, placeSpans([span('long', 2, 12), span('inner', 10, 12), span('last', 25, 29)]));
    expect([...layout.lanes]).toEqual([1, 2, 1]);
    expect(layout.tops[3]).toBeGreaterThan(layout.tops[2]);
  });
});
