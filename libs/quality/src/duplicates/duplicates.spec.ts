import { hammingDistance, phash, phashBandProbes, phashBands } from './phash';
import { jaccard, jaccardEstimate, lshBands, minhash } from './minhash';

const image = (f: (x: number, y: number) => number) => Float64Array.from({ length: 1024 }, (_, i) => f(i % 32, Math.floor(i / 32)));

describe('perceptual hash', () => {
  const scene = image((x, y) => 128 + 100 * Math.sin(x / 5) * Math.cos(y / 7) + (x > 20 && y < 10 ? 60 : 0));

  it('barely moves for a brightness change or noise, and moves about half the bits for another picture', () => {
    const brighter = scene.map((v) => v * 0.9 + 20);
    const noisy = scene.map((v, i) => v + ((i * 7919) % 11) - 5);
    const other = image((x, y) => 128 + 100 * Math.cos(x / 3 + y / 4));
    expect(phash(scene)).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(phash(scene), phash(brighter))).toBeLessThanOrEqual(2);
    expect(hammingDistance(phash(scene), phash(noisy))).toBeLessThanOrEqual(6);
    expect(hammingDistance(phash(scene), phash(other))).toBeGreaterThan(16);
  });

  it('refuses input of the wrong size', () => {
    expect(() => phash(new Uint8Array(10))).toThrow(RangeError);
  });

  it("finds every hash within 6 bits through its bands, wherever the bits fall", () => {
    expect(phashBands('0123456789abcdef')).toEqual([`p0:${0xcdef}`, `p1:${0x89ab}`, `p2:${0x4567}`, `p3:${0x0123}`]);
    expect(new Set(phashBandProbes('ffff000000000000')).size).toBe(68);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const hex = (x: bigint) => x.toString(16).padStart(16, '0');
    for (let n = 0; n < 2000; n++) {
      const a = BigInt(Math.floor(random() * 2 ** 32)) << 32n | BigInt(Math.floor(random() * 2 ** 32));
      let b = a;
      const flips = new Set(Array.from({ length: 1 + Math.floor(random() * 7) }, () => Math.floor(random() * 64)));
      for (const bit of flips) b ^= 1n << BigInt(bit);
      const probes = new Set(phashBandProbes(hex(a)));
      const found = phashBands(hex(b)).some((k) => probes.has(k));
      expect({ distance: hammingDistance(hex(a), hex(b)), found }).toEqual({ distance: flips.size, found: flips.size <= 6 ? true : found });
    }
  });
});

describe('MinHash', () => {
  const base = 'The city council approved the new tram line on Tuesday, after a debate that lasted six hours and drew hundreds of residents to the town hall.';
  it('estimates Jaccard similarity of shingles within a few points', () => {
    const edited = base.replace('Tuesday', 'Wednesday').replace('six', 'seven');
    const est = jaccardEstimate(minhash(base), minhash(edited));
    expect(Math.abs(est - jaccard(base, edited))).toBeLessThan(0.12);
    expect(jaccardEstimate(minhash(base), minhash(base.toUpperCase().replace(/ /g, '  ')))).toBe(1);
    expect(jaccardEstimate(minhash(base), minhash('北京市政府周二批准了新的有轨电车线路。'))).toBeLessThan(0.05);
  });

  it('puts near-duplicates in a shared LSH band and unrelated texts in none', () => {
    const bands = (t: string) => new Set(lshBands(minhash(t)));
    const near = bands(base.replace('hundreds', 'dozens'));
    expect([...bands(base)].some((b) => near.has(b))).toBe(true);
    const far = bands('A completely different story about the weather in the mountains and the snow that fell overnight on the pass.');
    expect([...bands(base)].some((b) => far.has(b))).toBe(false);
  });
});
