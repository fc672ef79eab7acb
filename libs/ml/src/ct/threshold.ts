import type { Rle } from '@tessera/contracts';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions, VolumeInput } from '../backend';

/** The classes the CT threshold model returns. */
export const CT_CLASSES = ['bone', 'air', 'vessel'] as const;

/**
 * Hounsfield ranges, from the usual CT windows: cortical bone is far above
 * everything else and seeds bone, which then grows into cancellous bone
 * (≥ 200 HU) touching it; air inside the body (lung, bowel gas) is below
 * −400 HU and not connected to the air around the patient; contrast-filled
 * vessels are 180–600 HU and are not bone.
 */
export const CT_THRESHOLDS = {
  boneSeed: 700,
  boneGrow: 200,
  air: -400,
  vessel: [180, 600] as const,
  /** Components smaller than this (ml) are noise, not structures. */
  minMl: { bone: 0.5, air: 0.2, vessel: 0.5 },
};

const SCORES = { bone: 0.95, air: 0.9, vessel: 0.8 } as const;

/** A 3D component: the voxels' indices (x fastest, then y, then slice). */
interface Component {
  modelClass: (typeof CT_CLASSES)[number];
  voxels: Int32Array;
}

/**
 * 6-connected flood fill over a candidate mask (1: may join, 0: may not;
 * filled voxels become 2). Starts at each candidate `seed` accepts (every
 * candidate without one, or the `starts` given); each component of at least
 * `minVoxels` comes back as its voxels' indices, unless `collect` is false (a
 * fill that only marks).
 */
function fill(
  dims: readonly [number, number, number], mask: Uint8Array, minVoxels: number,
  seed: ((i: number) => boolean) | null, starts?: Iterable<number>, collect = true,
): Int32Array[] {
  const [w, h, d] = dims;
  const plane = w * h;
  const n = plane * d;
  const out: Int32Array[] = [];
  const grow = (a: Int32Array) => {
    const bigger = new Int32Array(a.length * 2);
    bigger.set(a);
    return bigger;
  };
  let stack = new Int32Array(1 << 16);
  let list = new Int32Array(1 << 16);
  const run = (start: number) => {
    mask[start] = 2;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      if (collect) {
        if (size === list.length) list = grow(list);
        list[size] = i;
      }
      size++;
      const p = i % plane;
      const x = p % w;
      const y = (p - x) / w;
      const z = (i - p) / plane;
      // The six neighbours that are candidates, each taken once.
      if (top + 6 > stack.length) stack = grow(stack);
      if (x > 0 && mask[i - 1] === 1) { mask[i - 1] = 2; stack[top++] = i - 1; }
      if (x < w - 1 && mask[i + 1] === 1) { mask[i + 1] = 2; stack[top++] = i + 1; }
      if (y > 0 && mask[i - w] === 1) { mask[i - w] = 2; stack[top++] = i - w; }
      if (y < h - 1 && mask[i + w] === 1) { mask[i + w] = 2; stack[top++] = i + w; }
      if (z > 0 && mask[i - plane] === 1) { mask[i - plane] = 2; stack[top++] = i - plane; }
      if (z < d - 1 && mask[i + plane] === 1) { mask[i + plane] = 2; stack[top++] = i + plane; }
    }
    if (collect && size >= minVoxels) out.push(list.slice(0, size));
  };
  if (starts) {
    for (const i of starts) if (mask[i] === 1) run(i);
  } else {
    for (let i = 0; i < n; i++) if (mask[i] === 1 && (!seed || seed(i))) run(i);
  }
  return out;
}

/** The voxels on the volume's sides (the x and y borders of every slice): air there is the air around the patient. */
function* sides(dims: readonly [number, number, number]): Generator<number> {
  const [w, h, d] = dims;
  for (let z = 0; z < d; z++) {
    const base = z * w * h;
    for (let x = 0; x < w; x++) {
      yield base + x;
      yield base + (h - 1) * w + x;
    }
    for (let y = 1; y < h - 1; y++) {
      yield base + y * w;
      yield base + y * w + w - 1;
    }
  }
}

/** A component's voxels as one COCO RLE (column-major, size [rows, columns]) per slice it reaches. */
export function sliceRles(voxels: Int32Array, dims: readonly [number, number, number]): Record<string, Rle> {
  const [w, h] = dims;
  const plane = w * h;
  const bySlice = new Map<number, number[]>();
  for (const i of voxels) {
    const z = Math.floor(i / plane);
    const p = i - z * plane;
    const x = p % w;
    const y = (p - x) / w;
    let list = bySlice.get(z);
    if (!list) bySlice.set(z, (list = []));
    list.push(x * h + y); // column-major
  }
  const out: Record<string, Rle> = {};
  for (const z of [...bySlice.keys()].sort((a, b) => a - b)) {
    const cols = Int32Array.from(bySlice.get(z)!).sort();
    const counts: number[] = [];
    let at = 0;
    let k = 0;
    while (k < cols.length) {
      let end = k;
      while (end + 1 < cols.length && cols[end + 1] === cols[end] + 1) end++;
      counts.push(cols[k] - at, end - k + 1);
      at = cols[end] + 1;
      k = end + 1;
    }
    if (at < plane) counts.push(plane - at);
    out[String(z)] = { size: [h, w], counts };
  }
  return out;
}

/** Segments a CT volume into bone, internal air and contrast-filled vessels, each 3D component its own segment. */
export function segmentCt(input: VolumeInput): Component[] {
  const { voxels: hu, dims, spacing } = input;
  const [w, h, d] = dims;
  if (hu.length !== w * h * d) throw new Error(`the volume has ${hu.length} voxels, not ${w}×${h}×${d}`);
  const voxelMl = (spacing[0] * spacing[1] * spacing[2]) / 1000;
  const min = (ml: number) => Math.max(1, Math.ceil(ml / voxelMl));
  const t = CT_THRESHOLDS;
  const out: Component[] = [];
  const n = hu.length;

  // Bone: region growing from cortical seeds into cancellous bone (the grow mask's components that hold a seed).
  const bone = new Uint8Array(n);
  for (let i = 0; i < n; i++) bone[i] = hu[i] >= t.boneGrow ? 1 : 0;
  for (const voxels of fill(dims, bone, min(t.minMl.bone), (i) => hu[i] >= t.boneSeed)) out.push({ modelClass: 'bone', voxels });

  // Air inside the body: the air reached from the volume's sides is outside it, and only marked.
  const air = new Uint8Array(n);
  for (let i = 0; i < n; i++) air[i] = hu[i] < t.air ? 1 : 0;
  fill(dims, air, 0, null, sides(dims), false);
  for (const voxels of fill(dims, air, min(t.minMl.air), null)) out.push({ modelClass: 'air', voxels });

  // Contrast-filled vessels: in range and not bone grown from a seed (2 in its mask).
  const [lo, hi] = t.vessel;
  const vessel = new Uint8Array(n);
  for (let i = 0; i < n; i++) vessel[i] = bone[i] !== 2 && hu[i] >= lo && hu[i] <= hi ? 1 : 0;
  for (const voxels of fill(dims, vessel, min(t.minMl.vessel), null)) out.push({ modelClass: 'vessel', voxels });
  return out;
}

/**
 * The CT threshold model: HU thresholds with 3D connected components and
 * region growing (see CT_THRESHOLDS). Each component is a `segment`, one RLE
 * per slice it reaches; its score is the class's, larger structures first
 * when `maxObjects` cuts.
 */
export class CtThreshold implements ModelBackend {
  readonly kind = 'ct-threshold';
  readonly media = 'dicom' as const;

  async classes(): Promise<string[]> {
    return [...CT_CLASSES];
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    if (input.media !== 'dicom') throw new Error(`ct-threshold reads a CT volume, not ${input.media}`);
    if (input.modality && input.modality !== 'CT') throw new Error(`ct-threshold reads CT, not ${input.modality}`);
    const found = segmentCt(input)
      .filter((c) => SCORES[c.modelClass] >= options.scoreThreshold)
      .sort((a, b) => b.voxels.length - a.voxels.length)
      .slice(0, options.maxObjects);
    return found.map((c) => ({
      modelClass: c.modelClass,
      score: SCORES[c.modelClass],
      geometry: { type: 'segment', slices: sliceRles(c.voxels, input.dims) },
      attributes: {},
    }));
  }
}
