/**
 * The segmentation tools Cornerstone's brush does not give us the way we need
 * them: region grow from a click, fill holes, rectangle / circle / sphere
 * scissors and the 3D sphere brush. Pure functions on typed arrays: a
 * labelmap slice is row-major, one value per pixel (the segment index, 0 for
 * none), exactly Cornerstone's stack labelmap images, so the viewer hands its
 * slices in, and what changed goes out as the usual per-slice RLE patches.
 * Pixel coordinates are (column, row); spacing is in mm.
 */

/** A writable labelmap slice. */
export interface LabelSlice {
  [i: number]: number;
  readonly length: number;
}

/** What a tool writes: a segment index, or 0 to erase; pixels of a locked segment stay as they are. */
export interface Paint {
  segmentIndex: number;
  erase?: boolean;
  locked?: ReadonlySet<number>;
}

/** Writes one pixel; whether it changed. */
function put(lm: LabelSlice, i: number, p: Paint): boolean {
  const v = lm[i];
  if (v !== 0 && p.locked?.has(v)) return false;
  const next = p.erase ? 0 : p.segmentIndex;
  if (v === next) return false;
  lm[i] = next;
  return true;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** Rectangle scissors: every pixel between two corners (inclusive, in any order). Returns the pixels changed. */
export function paintRectangle(lm: LabelSlice, width: number, height: number, a: readonly number[], b: readonly number[], p: Paint): number {
  const x0 = clamp(Math.round(Math.min(a[0], b[0])), 0, width - 1);
  const x1 = clamp(Math.round(Math.max(a[0], b[0])), 0, width - 1);
  const y0 = clamp(Math.round(Math.min(a[1], b[1])), 0, height - 1);
  const y1 = clamp(Math.round(Math.max(a[1], b[1])), 0, height - 1);
  if (Math.max(a[0], b[0]) < 0 || Math.min(a[0], b[0]) > width - 1 || Math.max(a[1], b[1]) < 0 || Math.min(a[1], b[1]) > height - 1) return 0;
  let n = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (put(lm, y * width + x, p)) n++;
  return n;
}

/**
 * Circle scissors (and one slice of a sphere): pixels whose centre is within
 * `radius` mm of the centre, with the slice's pixel spacing [column, row].
 */
export function paintCircle(lm: LabelSlice, width: number, height: number, centre: readonly number[], radius: number, spacing: readonly [number, number], p: Paint): number {
  if (radius < 0) return 0;
  const [sx, sy] = spacing;
  const rx = radius / sx;
  const ry = radius / sy;
  const x0 = Math.max(0, Math.ceil(centre[0] - rx));
  const x1 = Math.min(width - 1, Math.floor(centre[0] + rx));
  const y0 = Math.max(0, Math.ceil(centre[1] - ry));
  const y1 = Math.min(height - 1, Math.floor(centre[1] + ry));
  const r2 = radius * radius;
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    const dy = (y - centre[1]) * sy;
    for (let x = x0; x <= x1; x++) {
      const dx = (x - centre[0]) * sx;
      if (dx * dx + dy * dy <= r2 && put(lm, y * width + x, p)) n++;
    }
  }
  return n;
}

export interface Dims {
  width: number;
  height: number;
  depth: number;
}

/**
 * Sphere scissors and the 3D brush: voxels within `radius` mm of the centre
 * (column, row, slice), spacing [column, row, slice] in mm. `sliceOf` gives
 * the labelmap of a slice (null: not loaded, left alone). Returns the slices
 * it changed.
 */
export function paintSphere(sliceOf: (z: number) => LabelSlice | null, dims: Dims, centre: readonly number[], radius: number, spacing: readonly [number, number, number], p: Paint): Set<number> {
  const changed = new Set<number>();
  const rz = radius / spacing[2];
  const z0 = Math.max(0, Math.ceil(centre[2] - rz));
  const z1 = Math.min(dims.depth - 1, Math.floor(centre[2] + rz));
  for (let z = z0; z <= z1; z++) {
    const dz = (z - centre[2]) * spacing[2];
    const r = Math.sqrt(Math.max(0, radius * radius - dz * dz));
    const lm = sliceOf(z);
    if (lm && paintCircle(lm, dims.width, dims.height, centre, r, [spacing[0], spacing[1]], p)) changed.add(z);
  }
  return changed;
}

/**
 * Fill holes on one slice: pixels not of the segment that the segment
 * encloses (not reachable from the slice's border through non-segment
 * pixels, 4-connected) and empty become the segment. Pixels of another
 * segment inside it stay: a lesion inside the liver is not a hole.
 */
export function fillHoles(lm: LabelSlice, width: number, height: number, segmentIndex: number, locked?: ReadonlySet<number>): number {
  const outside = new Uint8Array(width * height);
  const stack: number[] = [];
  const visit = (i: number) => {
    if (!outside[i] && lm[i] !== segmentIndex) {
      outside[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < width; x++) {
    visit(x);
    visit((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    visit(y * width);
    visit(y * width + width - 1);
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % width;
    if (x > 0) visit(i - 1);
    if (x < width - 1) visit(i + 1);
    if (i >= width) visit(i - width);
    if (i < width * (height - 1)) visit(i + width);
  }
  let n = 0;
  const p: Paint = { segmentIndex, locked };
  for (let i = 0; i < lm.length; i++) if (!outside[i] && lm[i] === 0 && put(lm, i, p)) n++;
  return n;
}

/** One slice's pixels and how they become HU (stored × slope + intercept). */
export interface HuSlice {
  pixels: ArrayLike<number>;
  slope: number;
  intercept: number;
}

export interface RegionGrowInput extends Dims {
  /** A slice's pixels (null: not loaded; the region stops there). */
  hu: (z: number) => HuSlice | null;
  /** The click: column, row, slice (rounded). */
  seed: readonly number[];
  /** Voxels within this many HU of the seed's value join (the seed's value: the median of its 3 × 3 neighbourhood, so neither noise nor a click on an edge decides). */
  tolerance: number;
  /** 6: faces only (4 within a slice); 26: faces, edges and corners (8 within a slice). */
  connectivity: 6 | 26;
  /** 2d: the seed's slice only. */
  mode: '2d' | '3d';
  /** Stops there, so a click in the wrong place cannot fill the body (default 8 million voxels). */
  maxVoxels?: number;
}

export interface RegionGrowResult {
  /** Per slice, 1 where the region is. */
  masks: Map<number, Uint8Array>;
  voxels: number;
  /** The seed's value (HU) the tolerance was measured from. */
  seedHu: number;
  /** Stopped at maxVoxels. */
  truncated: boolean;
}

/** The connected voxels whose HU is within the tolerance of the seed's. */
export function regionGrow(input: RegionGrowInput): RegionGrowResult {
  const { width: w, height: h, depth, tolerance, connectivity, mode } = input;
  const max = input.maxVoxels ?? 8_000_000;
  const sx = Math.round(input.seed[0]);
  const sy = Math.round(input.seed[1]);
  const sz = Math.round(input.seed[2] ?? 0);
  const masks = new Map<number, Uint8Array>();
  const empty = { masks, voxels: 0, seedHu: NaN, truncated: false };
  if (sx < 0 || sy < 0 || sz < 0 || sx >= w || sy >= h || sz >= depth) return empty;
  const slices = new Map<number, HuSlice | null>();
  const huOf = (z: number) => {
    if (!slices.has(z)) slices.set(z, input.hu(z));
    return slices.get(z)!;
  };
  const seedSlice = huOf(sz);
  if (!seedSlice) return empty;
  const around: number[] = [];
  for (let y = Math.max(0, sy - 1); y <= Math.min(h - 1, sy + 1); y++) {
    for (let x = Math.max(0, sx - 1); x <= Math.min(w - 1, sx + 1); x++) around.push(seedSlice.pixels[y * w + x] * seedSlice.slope + seedSlice.intercept);
  }
  around.sort((a, b) => a - b);
  const seedHu = around[Math.floor(around.length / 2)];
  const lo = seedHu - tolerance;
  const hi = seedHu + tolerance;

  // Neighbour offsets (dx, dy, dz); in 2D the slice's own ring only.
  const offsets: [number, number, number][] = [];
  for (let dz = -1; dz <= 1; dz++) {
    if (mode === '2d' && dz) continue;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const steps = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        if (steps === 0 || (connectivity === 6 && steps > 1)) continue;
        offsets.push([dx, dy, dz]);
      }
    }
  }

  const plane = w * h;
  const maskOf = (z: number) => {
    let m = masks.get(z);
    if (!m) masks.set(z, (m = new Uint8Array(plane)));
    return m;
  };
  // Voxels seen (in the region, or tested and outside it): one bit array per slice, made as the region reaches it.
  const seen = new Map<number, Uint8Array>();
  const seenOf = (z: number) => {
    let s = seen.get(z);
    if (!s) seen.set(z, (s = new Uint8Array(plane)));
    return s;
  };
  const queue: number[] = [sz * plane + sy * w + sx];
  seenOf(sz)[sy * w + sx] = 1;
  let voxels = 0;
  let truncated = false;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    const z = Math.floor(v / plane);
    const i = v - z * plane;
    const s = huOf(z)!;
    const value = s.pixels[i] * s.slope + s.intercept;
    if (value < lo || value > hi) continue;
    if (voxels >= max) {
      truncated = true;
      break;
    }
    maskOf(z)[i] = 1;
    voxels++;
    const y = Math.floor(i / w);
    const x = i - y * w;
    for (const [dx, dy, dz] of offsets) {
      const nx = x + dx;
      const ny = y + dy;
      const nz = z + dz;
      if (nx < 0 || ny < 0 || nx >= w || ny >= h || nz < 0 || nz >= depth) continue;
      const seenZ = seenOf(nz);
      const ni = ny * w + nx;
      if (seenZ[ni]) continue;
      seenZ[ni] = 1;
      if (!huOf(nz)) continue;
      queue.push(nz * plane + ni);
    }
    // The queue only grows: drop what has been read once it is large, so a big region does not keep it all.
    if (head > 1 << 20) {
      queue.splice(0, head + 1);
      head = -1;
    }
  }
  return { masks, voxels, seedHu, truncated };
}

/** Writes a region's masks into the labelmap; returns the slices that changed. */
export function paintMasks(sliceOf: (z: number) => LabelSlice | null, masks: ReadonlyMap<number, Uint8Array>, p: Paint): Set<number> {
  const changed = new Set<number>();
  for (const [z, mask] of masks) {
    const lm = sliceOf(z);
    if (!lm) continue;
    let any = false;
    for (let i = 0; i < mask.length; i++) if (mask[i] && put(lm, i, p)) any = true;
    if (any) changed.add(z);
  }
  return changed;
}
