import { containsPattern, unstorableTextAt, pageSql, pageTotal } from './sql-text';

describe('pageSql', () => {
  it('writes the first page into the text, and later pages as parameters with one text for all', () => {
    const first: unknown[] = ['org'];
    expect(pageSql(100, 0, first)).toBe('LIMIT 100');
    expect(first).toEqual(['org']);

    const texts = new Set<string>();
    for (const offset of [100, 200, 12_300]) {
      const params: unknown[] = ['org', 'project'];
      texts.add(pageSql(100, offset, params));
      expect(params).toEqual(['org', 'project', 100, offset]);
    }
    expect([...texts]).toEqual(['LIMIT $3 OFFSET $4']);
  });

  it('refuses what is not a whole number, so nothing else is written into a statement', () => {
    for (const [limit, offset] of [[1.5, 0], [-1, 0], [Number.NaN, 0], [10, -5], [10, 2 ** 60]]) {
      expect(() => pageSql(limit, offset, [])).toThrow('not a count');
    }
  });
});

describe('containsPattern', () => {
  it('takes the text\'s own %, _ and \\ literally', () => {
    expect(containsPattern('100%_done\\x')).toBe('%100\\%\\_done\\\\x%');
  });
});

describe('pageTotal', () => {
  it('takes the total the page carries, counts again only past the last page, and knows an empty first page is 0', async () => {
    let counted = 0;
    const countAgain = async () => (counted++, 7);
    expect(await pageTotal([{ total: '7' }], 3, countAgain)).toBe(7);
    expect(await pageTotal([], 0, countAgain)).toBe(0);
    expect(counted).toBe(0);
    expect(await pageTotal([], 30, countAgain)).toBe(7);
    expect(counted).toBe(1);
  });
});

describe('unstorableTextAt', () => {
  it('names the first string or key holding U+0000, at any depth', () => {
    expect(unstorableTextAt({ name: 'ok', labels: [{ name: 'car' }, { name: 'b\0us' }] })).toBe('labels.1.name');
    expect(unstorableTextAt({ attributes: { 'k\0': 'v' } })).toBe('attributes.k\\u0000');
    expect(unstorableTextAt('a\0')).toBe('');
    expect(unstorableTextAt([1, null, true, { x: ['\0'] }])).toBe('3.x.0');
  });

  it('names half a surrogate pair alone, and passes whole pairs', () => {
    expect(unstorableTextAt({ a: 'x\uD800', b: 'ok' })).toBe('a');
    expect(unstorableTextAt({ a: '\uDC00x' })).toBe('a');
    expect(unstorableTextAt({ a: '😀 \uD83D\uDE00', b: ['𠀀'] })).toBeNull();
  });

  it('passes text without it, a backslash-u-0000 written out included', () => {
    expect(unstorableTextAt({ text: 'line\\u0000', n: 0, list: [], none: null, nested: { deeper: ['中文'] } })).toBeNull();
    expect(unstorableTextAt(undefined)).toBeNull();
  });

  it('walks nesting far deeper than the call stack would allow', () => {
    let deep: unknown = 'x\0';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableTextAt(deep)).toMatch(/^(0\.){199999}0$/);
  });
});
