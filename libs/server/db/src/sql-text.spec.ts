import { containsPattern, pageSql } from './sql-text';

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
