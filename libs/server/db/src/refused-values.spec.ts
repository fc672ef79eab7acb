import { isDataException, unstorableTextAt } from './refused-values';

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

it('tells a data exception (SQLSTATE class 22) from other failures', () => {
  expect(['22P02', '22021', '22P05', '22003'].map((code) => isDataException(Object.assign(new Error('x'), { code })))).toEqual([true, true, true, true]);
  expect([Object.assign(new Error('x'), { code: '40001' }), Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), new Error('x'), null].map(isDataException)).toEqual([false, false, false, false]);
});
