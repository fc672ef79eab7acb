import { csvCell } from './csv-cell';

describe('csvCell (CSV injection)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+cmd', "'-2+cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
  ])('defuses a cell starting with a formula character: %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it.each([
    ['a;=cmd|\' /C calc\'!A0', `"a;'=cmd|' /C calc'!A0"`],
    ['x; +1+1;-2;@SUM(A1)', `"x; '+1+1;-2;'@SUM(A1)"`],
    ['ok;-', `"ok;'-"`],
  ])('defuses each part after a ; separator, and quotes the cell: %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('leaves plain numbers and ordinary text alone, and quotes commas, quotes and line breaks', () => {
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell('+1e-3')).toBe('+1e-3');
    expect(csvCell('mri-brain')).toBe('mri-brain');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell({ k: 'v' })).toBe('"{""k"":""v""}"');
  });
});
