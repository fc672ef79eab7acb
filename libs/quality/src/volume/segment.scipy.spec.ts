import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rleDecode } from '../mask/rle';
import { surfaceDistance, type SliceMasks } from './segment';
import { segmentFromVoxels as segmentOf } from './voxels';

// HD95 checked against another implementation: scipy's exact Euclidean distance transform with
// MONAI's definition (edges = mask minus its 6-neighbourhood erosion; larger directed 95th percentile).
const PYTHON = '/usr/bin/python3';
const hasScipy = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import scipy.ndimage, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasScipy) console.warn('SKIPPED: HD95 against scipy needs /usr/bin/python3 with numpy and scipy (apt-get install python3-scipy)');

const SCRIPT = `
import json, sys, numpy as np
from scipy import ndimage
d = json.load(sys.stdin)
shape = tuple(d['shape'])
def vol(v): return np.array(v, dtype=bool).reshape(shape)
a, b = vol(d['a']), vol(d['b'])
st = ndimage.generate_binary_structure(3, 1)
def edges(m): return m ^ ndimage.binary_erosion(m, structure=st, border_value=0)
ea, eb = edges(a), edges(b)
sp = d['spacing']
da = ndimage.distance_transform_edt(~eb, sampling=sp)[ea]
db = ndimage.distance_transform_edt(~ea, sampling=sp)[eb]
print(json.dumps(max(np.percentile(da, 95), np.percentile(db, 95))))
`;

function dense(s: SliceMasks, h: number, w: number, slices: number): number[] {
  // z, y, x order (C order of a [slices, h, w] array)
  const out = new Array<number>(slices * h * w).fill(0);
  for (const [k, r] of Object.entries(s)) {
    const bits = rleDecode(r);
    for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) out[Number(k) * h * w + y * w + x] = bits[x * h + y];
  }
  return out;
}

(hasScipy ? describe : describe.skip)('HD95 against scipy', () => {
  it.each([
    ['two offset ellipsoids', 0],
    ['an ellipsoid and a lumpier one', 1],
  ])('%s', (_name, variant) => {
    const h = 32, w = 36, slices = 20;
    const a = segmentOf(h, w, slices, (x, y, z) => ((x - 17) / 11) ** 2 + ((y - 15) / 9) ** 2 + ((z - 9) / 6) ** 2 <= 1);
    const b = segmentOf(h, w, slices, (x, y, z) =>
      variant === 0
        ? ((x - 19) / 10) ** 2 + ((y - 16) / 9) ** 2 + ((z - 10) / 6) ** 2 <= 1
        : ((x - 17) / 12) ** 2 + ((y - 15) / 8) ** 2 + ((z - 9) / 6) ** 2 <= 1 + 0.3 * Math.sin(x) * Math.cos(y + z));
    const spacing = { x: 0.7, y: 0.8, z: 2.5 };
    const input = JSON.stringify({ shape: [slices, h, w], a: dense(a, h, w, slices), b: dense(b, h, w, slices), spacing: [spacing.z, spacing.y, spacing.x] });
    const expected = JSON.parse(execFileSync(PYTHON, ['-c', SCRIPT], { input }).toString()) as number;
    expect(surfaceDistance(a, b, spacing).hd95).toBeCloseTo(expected, 9);
  });
});
