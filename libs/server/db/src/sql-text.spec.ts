import { containsPattern, pageSql, pageTotal } from './sql-text';

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
