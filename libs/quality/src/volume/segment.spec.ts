import { dice3d, iou3d, segmentVolume, surfaceDistance, surfacePoints } from './segment';
import { erodeSegment as erode, segmentFromVoxels as segmentOf } from './voxels';

const cube = (x0: number) => segmentOf(16, 16, 12, (x, y, z) => x >= x0 && x < x0 + 10 && y >= 2 && y < 12 && z >= 1 && z < 11);

describe('3-D segments', () => {
  it('Dice and IoU by hand: a 10-voxel cube and the same moved 2 along x share 800 of 1000 voxels', () => {
    expect(segmentVolume(cube(2))).toBe(1000);
    expect(dice3d(cube(2), cube(4))).toBeCloseTo(0.8, 12);
    expect(iou3d(cube(2), cube(4))).toBeCloseTo(800 / 1200, 12);
    expect(dice3d({}, {})).toBe(1);
    expect(dice3d(cube(2), {})).toBe(0);
  });

  it('finds the surface: a 10³ cube has 10³ − 8³ voxels with a face outside', () => {
    expect(surfacePoints(cube(2), { x: 1, y: 1, z: 1 }).length / 3).toBe(1000 - 512);
  });

  it('HD95 in mm by hand: two single voxels 3 columns and 4 rows apart are 5 voxels apart, scaled by the spacing', () => {
    const a = segmentOf(8, 8, 1, (x, y) => x === 0 && y === 0);
    const b = segmentOf(8, 8, 1, (x, y) => x === 3 && y === 4);
    expect(surfaceDistance(a, b, { x: 1, y: 1, z: 1 }).hd95).toBeCloseTo(5, 12);
    expect(surfaceDistance(a, b, { x: 0.5, y: 2, z: 3 }).hd95).toBeCloseTo(Math.hypot(1.5, 8), 12);
    expect(surfaceDistance(a, a, { x: 1, y: 1, z: 1 })).toEqual({ hd95: 0, assd: 0 });
    expect(surfaceDistance(a, {}, { x: 1, y: 1, z: 1 }).hd95).toBeNull();
  });

  it('sees an erosion by 2 voxels: 2 voxel widths in-plane, 2 slice gaps through the caps', () => {
    const ball = segmentOf(40, 40, 30, (x, y, z) => ((x - 20) / 14) ** 2 + ((y - 20) / 12) ** 2 + ((z - 15) / 10) ** 2 <= 1);
    const eroded = erode(ball, 40, 40, 30, 2);
    const d = surfaceDistance(ball, eroded, { x: 0.7, y: 0.7, z: 2.5 });
    expect(dice3d(ball, eroded)).toBeLessThan(0.9);
    expect(d.hd95!).toBeGreaterThanOrEqual(1.4);
    expect(d.hd95!).toBeLessThanOrEqual(5 + 1e-9);
  });
});
