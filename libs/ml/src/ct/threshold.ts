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
 * Flood fills from each seed through 6-connected voxels that `inside` takes,
 * marking them in `seen`; each component's voxels come back (those of at
 * least `minVoxels`). `inside` is asked once per voxel.
 */
function components(
  dims: readonly [number, number, number], seen: Uint8Array, seed: (i: number) => boolean, inside: (i: number) => boolean, minVoxels: number,
  onEach?: (voxels: Int32Array) => boolean,
): Int32Array[] {
  const [w, h, d] = dims;
  const plane = w * h;
  const n = plane * d;
  const out: Int32Array[] = [];
  let stack = new Int32Array(1 << 16);
  let list = new Int32Array(1 << 16);
  for (let start = 0; start < n; start++) {
    if (seen[start] || !seed(start)) continue;
    seen[start] = 1;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      if (size === list.length) {
        const bigger = new Int32Array(list.length * 2);
        bigger.set(list);
        list = bigger;
      }
      list[size++] = i;
      const x = i % w;
      const y = ((i - x) / w) % h;
      const z = Math.floor(i / plane);
      // The six neighbours, each taken once.
      for (let k = 0; k < 6; k++) {
        let j: number;
        if (k === 0) { if (x === 0) continue; j = i - 1; }
        else if (k === 1) { if (x === w - 1) continue; j = i + 1; }
        else if (k === 2) { if (y === 0) continue; j = i - w; }
        else if (k === 3) { if (y === h - 1) continue; j = i + w; }
        else if (k === 4) { if (z === 0) continue; j = i - plane; }
        else { if (z === d - 1) continue; j = i + plane; }
        if (seen[j] || !inside(j)) continue;
        seen[j] = 1;
        if (top === stack.length) {
          const bigger = new Int32Array(stack.length * 2);
          bigger.set(stack);
          stack = bigger;
        }
        stack[top++] = j;
      }
    }
    if (size < minVoxels) continue;
    const voxels = list.slice(0, size);
    if (onEach && !onEach(voxels)) continue;
    out.push(voxels);
  }
  return out;
}

/** Whether a component reaches the volume's side (x or y border): air outside the patient does. */
function touchesSide(voxels: Int32Array, w: number, h: number): boolean {
  for (const i of voxels) {
    const x = i % w;
    const y = Math.floor(i / w) % h;
    if (x === 0 || y === 0 || x === w - 1 || y === h - 1) return true;
  }
  return false;
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

  // Bone: region growing from cortical seeds into cancellous bone.
  const bone = new Uint8Array(hu.length);
  for (const voxels of components(dims, bone, (i) => hu[i] >= t.boneSeed, (i) => hu[i] >= t.boneGrow, min(t.minMl.bone))) {
    out.push({ modelClass: 'bone', voxels });
  }
  // Marks of components too small to keep stay in `bone` too, which is right: vessels are not bone-coloured noise either.
  const seenAir = new Uint8Array(hu.length);
  for (const voxels of components(dims, seenAir, (i) => hu[i] < t.air, (i) => hu[i] < t.air, min(t.minMl.air), (v) => !touchesSide(v, w, h))) {
    out.push({ modelClass: 'air', voxels });
  }
  const [lo, hi] = t.vessel;
  // Bone voxels (kept or not) are taken already: `bone` is the seen-mask, so a vessel never runs into bone.
  for (const voxels of components(dims, bone, (i) => hu[i] >= lo && hu[i] <= hi, (i) => hu[i] >= lo && hu[i] <= hi, min(t.minMl.vessel))) {
    out.push({ modelClass: 'vessel', voxels });
  }
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
