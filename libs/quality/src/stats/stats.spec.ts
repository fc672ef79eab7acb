import { percentile } from './percentile';
import { prf } from './prf';
import { wilson } from './wilson';

describe('Wilson score interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → (%f, %f) as Newcombe tabulates', (s, n, low, high) => {
    const w = wilson(s, n);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
    expect(w.p).toBeCloseTo(s / n, 12);
  });

  it('stays within [0, 1], reaches 1 at p = 1, and is the whole range without trials', () => {
    const all = wilson(29, 29);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.8830302, 6);
    expect(wilson(0, 0)).toEqual({ successes: 0, trials: 0, p: null, low: 0, high: 1 });
    expect(() => wilson(3, 2)).toThrow(RangeError);
  });
});

describe('percentile', () => {
  it('interpolates linearly between ranks, as numpy does', () => {
    expect(percentile([1, 2, 3, 4], 95)).toBeCloseTo(3.85, 12);
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('precision, recall, F1', () => {
  it('follows the definitions, with null where a ratio has no denominator', () => {
    expect(prf({ tp: 6, fp: 2, fn: 4 })).toMatchObject({ precision: 0.75, recall: 0.6, f1: 12 / 18 });
    expect(prf({ tp: 0, fp: 0, fn: 3 })).toMatchObject({ precision: null, recall: 0, f1: 0 });
    expect(prf({ tp: 0, fp: 0, fn: 0 }).f1).toBe(1);
  });
});
