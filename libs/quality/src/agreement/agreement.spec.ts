import { cohenKappa, cohenKappaFromTable } from './cohen';
import { fleissKappa, fleissKappaOfRatings } from './fleiss';
import { krippendorffAlpha } from './krippendorff';

/** Reliability data as printed: one row per observer, "." where they gave no value. */
const byUnit = (rows: string[]) => {
  const cells = rows.map((r) => r.trim().split(/\s+/));
  return cells[0].map((_, u) => cells.map((row) => (row[u] === '.' ? null : row[u])));
};

describe("Cohen's κ", () => {
  it('matches the textbook 2 × 2 case (Wikipedia, "Cohen\'s kappa": 20/5/10/15 of 50 → κ = 0.4)', () => {
    const k = cohenKappaFromTable([[20, 5], [10, 15]]);
    expect(k.po).toBeCloseTo(0.7, 12);
    expect(k.pe).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it('matches the same article\'s pair of tables with equal agreement but different κ (0.1304 and 0.2593)', () => {
    expect(cohenKappaFromTable([[45, 15], [25, 15]]).kappa).toBeCloseTo(0.130435, 6);
    expect(cohenKappaFromTable([[25, 35], [5, 35]]).kappa).toBeCloseTo(0.259259, 6);
  });

  it('gives the same from raw ratings, leaving out items either rater skipped', () => {
    const a = [...Array(20).fill('yes'), ...Array(5).fill('yes'), ...Array(10).fill('no'), ...Array(15).fill('no'), 'yes', null];
    const b = [...Array(20).fill('yes'), ...Array(5).fill('no'), ...Array(10).fill('yes'), ...Array(15).fill('no'), null, 'no'];
    const k = cohenKappa(a, b);
    expect(k.n).toBe(50);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement and undefined (null) when chance agreement is already perfect', () => {
    expect(cohenKappa(['a', 'b', 'a'], ['a', 'b', 'a']).kappa).toBeCloseTo(1, 12);
    expect(cohenKappa(['a', 'a'], ['a', 'a']).kappa).toBeNull();
    expect(() => cohenKappa(['a'], [])).toThrow(RangeError);
  });
});

describe("Fleiss' κ", () => {
  // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
  const table = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
  ];

  it('matches the worked example: P̄ = 0.378, P̄ₑ = 0.213, κ = 0.210', () => {
    const k = fleissKappa(table);
    expect(k.pBar).toBeCloseTo(0.378, 3);
    expect(k.peBar).toBeCloseTo(0.213, 3);
    expect(k.kappa).toBeCloseTo(0.2099307, 6);
  });

  it('gives the same from the raw ratings', () => {
    const ratings = table.map((row) => row.flatMap((c, j) => Array<string>(c).fill(`cat${j + 1}`)));
    expect(fleissKappaOfRatings(ratings).kappa).toBeCloseTo(0.2099307, 6);
  });

  it("equals Scott's π for two raters, which is below Cohen's κ when the raters' margins differ", () => {
    const a = ['x', 'x', 'y', 'y', 'x', 'y'];
    const b = ['x', 'y', 'y', 'y', 'y', 'y'];
    const fleiss = fleissKappaOfRatings(a.map((v, i) => [v, b[i]])).kappa!;
    // π by hand: P̄ = 4/6; pooled shares x = 4/12, y = 8/12 → P̄ₑ = 5/9; π = (2/3 − 5/9) / (4/9) = 0.25.
    expect(fleiss).toBeCloseTo(0.25, 12);
    expect(cohenKappa(a, b).kappa!).toBeGreaterThan(fleiss);
  });
});

describe("Krippendorff's α (nominal)", () => {
  it("matches Krippendorff (2011)'s worked example with 4 observers, 12 units and missing values: α = 0.743", () => {
    const units = byUnit([
      '1 2 3 3 2 1 4 1 2 . . .',
      '1 2 3 3 2 2 4 1 2 5 . 3',
      '. 3 3 3 2 3 4 2 2 5 1 .',
      '1 2 3 3 2 4 4 1 2 5 1 .',
    ]);
    const a = krippendorffAlpha(units);
    expect(a.pairable).toBeCloseTo(40, 9);
    expect(a.alpha).toBeCloseTo(0.743, 3);
  });

  it("matches the paper's two-observer examples: binary data α = 0.095, nominal letters α = 0.692", () => {
    expect(krippendorffAlpha(byUnit(['0 1 0 0 0 0 0 0 1 0', '1 1 1 0 0 1 0 0 0 0'])).alpha).toBeCloseTo(0.095, 3);
    expect(krippendorffAlpha(byUnit(['a a b b d c c c e d d a', 'b a b b b c c c e d d d'])).alpha).toBeCloseTo(0.692, 3);
  });

  it('is 1 for perfect agreement, null when there is no variation, and ignores units with one value', () => {
    expect(krippendorffAlpha([['a', 'a'], ['b', 'b'], ['c', null]]).alpha).toBeCloseTo(1, 12);
    expect(krippendorffAlpha([['a', 'a'], ['a', 'a']]).alpha).toBeNull();
  });
});
