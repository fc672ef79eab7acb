import type { Annotation, EditOp, Rle } from '@tessera/contracts';

/**
 * Segments as the contracts store them (`segment` geometry: slice index →
 * COCO RLE of that slice, column-major, `size` [rows, columns]) against
 * Cornerstone's labelmap, one byte per pixel, row-major, holding each
 * pixel's segment index. Pure: the viewer hands in the labelmap slices and
 * takes the ops out.
 */

/** Which segment index of the labelmap a label paints with. */
export interface SegmentBinding {
  labelId: string;
  segmentIndex: number;
}

type Segment = Annotation & { geometry: Extract<Annotation['geometry'], { type: 'segment' }> };
export const isSegment = (a: Annotation): a is Segment => a.geometry.type === 'segment';

/** The pixels of one segment in a row-major labelmap slice, as RLE; null when it has none. */
export function encodeSlice(labelmap: ArrayLike<number>, width: number, height: number, segmentIndex: number): Rle | null {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  let any = false;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = labelmap[y * width + x] === segmentIndex ? 1 : 0;
      if (v) any = true;
      if (v === current) run++;
      else {
        counts.push(run);
        current = v;
        run = 1;
      }
    }
  }
  if (!any) return null;
  counts.push(run);
  return { size: [height, width], counts };
}

/** Sets `segmentIndex` wherever the RLE is on (a size that does not fit the slice paints nothing). */
export function paintSlice(labelmap: { [i: number]: number; length: number }, width: number, height: number, rle: Rle, segmentIndex: number): void {
  if (rle.size[0] !== height || rle.size[1] !== width) return;
  let at = 0;
  for (let i = 0; i < rle.counts.length; i++) {
    const n = rle.counts[i];
    if (i % 2 === 1) {
      for (let k = at; k < at + n && k < width * height; k++) {
        const x = Math.floor(k / height);
        const y = k - x * height;
        labelmap[y * width + x] = segmentIndex;
      }
    }
    at += n;
  }
}

/**
 * A pixel of a segment's slice, where a comment pinned to the segment is drawn: in the column of its middle pixel
 * (in the RLE's column-major order), the middle of the run holding that pixel, so always one of its own (a centroid
 * can fall outside a ring or a crescent). Column and row; null for an empty slice.
 */
export function pixelInside(rle: Rle): { col: number; row: number } | null {
  let on = 0;
  for (let i = 1; i < rle.counts.length; i += 2) on += rle.counts[i];
  if (!on) return null;
  let left = Math.floor(on / 2);
  let at = 0;
  for (let i = 0; i < rle.counts.length; i++) {
    const n = rle.counts[i];
    if (i % 2 === 1) {
      if (left < n) {
        const rows = rle.size[0];
        const col = Math.floor((at + left) / rows);
        const first = Math.max(at, col * rows);
        const last = Math.min(at + n - 1, col * rows + rows - 1);
        return { col, row: Math.floor((first + last) / 2) - col * rows };
      }
      left -= n;
    }
    at += n;
  }
  return null;
}

export const sameRle = (a: Rle | null | undefined, b: Rle | null | undefined): boolean => {
  if (!a || !b) return !a && !b;
  if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1] || a.counts.length !== b.counts.length) return false;
  for (let i = 0; i < a.counts.length; i++) if (a.counts[i] !== b.counts[i]) return false;
  return true;
};

/** The annotation a label's strokes go to: its oldest human segment (peers who both started one keep both; strokes go to the first). */
export function ownerOf(annotations: readonly Annotation[], labelId: string): Segment | undefined {
  let best: Segment | undefined;
  for (const a of annotations) {
    if (!isSegment(a) || a.labelId !== labelId || a.source === 'model') continue;
    if (!best || a.createdAt < best.createdAt || (a.createdAt === best.createdAt && a.id < best.id)) best = a;
  }
  return best;
}

/**
 * The ops for the slices a stroke changed: each label's slice RLE patched
 * into its segment (created on its first stroke), and only where it differs
 * from what is stored. Another segment of the same label that still holds one
 * of these slices loses it, so what is shown is what was painted.
 */
export function strokeOps(input: {
  changed: ReadonlyMap<number, ArrayLike<number>>;
  width: number;
  height: number;
  bindings: readonly SegmentBinding[];
  annotations: readonly Annotation[];
  newId: () => string;
}): EditOp[] {
  const { changed, width, height, bindings, annotations } = input;
  const ops: EditOp[] = [];
  for (const { labelId, segmentIndex } of bindings) {
    const owner = ownerOf(annotations, labelId);
    const patch: Record<string, Rle | null> = {};
    const others = new Map<string, Record<string, null>>();
    for (const [slice, labelmap] of changed) {
      const key = String(slice);
      const rle = encodeSlice(labelmap, width, height, segmentIndex);
      const stored = owner?.geometry.slices[key];
      if (!sameRle(rle, stored)) patch[key] = rle;
      for (const a of annotations) {
        if (a === owner || !isSegment(a) || a.labelId !== labelId || a.source === 'model' || !a.geometry.slices[key]) continue;
        others.set(a.id, { ...others.get(a.id), [key]: null });
      }
    }
    if (!owner) {
      const slices = Object.fromEntries(Object.entries(patch).filter((e): e is [string, Rle] => e[1] !== null));
      if (Object.keys(slices).length) ops.push({ type: 'create', annotation: { id: input.newId(), labelId, geometry: { type: 'segment', slices } } });
    } else if (Object.keys(patch).length) {
      ops.push({ type: 'update', id: owner.id, patch: { slices: patch } });
    }
    for (const [id, slices] of others) ops.push({ type: 'update', id, patch: { slices } });
  }
  return ops;
}

/** The slices whose stored RLE changed between two versions of the set (a new object for a slice is a change). */
export function changedSlices(before: readonly Annotation[], after: readonly Annotation[]): Set<number> {
  const out = new Set<number>();
  const old = new Map(before.filter(isSegment).map((a) => [a.id, a]));
  const seen = new Set<string>();
  for (const a of after) {
    if (!isSegment(a)) continue;
    seen.add(a.id);
    const prev = old.get(a.id);
    const was = prev?.geometry.slices ?? {};
    const now = a.geometry.slices;
    const labelMoved = prev && prev.labelId !== a.labelId;
    for (const k of Object.keys(now)) if (labelMoved || was[k] !== now[k]) out.add(Number(k));
    for (const k of Object.keys(was)) if (!(k in now)) out.add(Number(k));
  }
  for (const [id, a] of old) if (!seen.has(id)) for (const k of Object.keys(a.geometry.slices)) out.add(Number(k));
  return out;
}

/** One labelmap slice as the set has it: every visible segment's RLE on that slice, later ones over earlier ones. */
export function renderSlice(
  target: { [i: number]: number; length: number; fill?: (v: number) => unknown },
  slice: number, width: number, height: number,
  annotations: readonly Annotation[], indexOf: (a: Annotation) => number | null,
): void {
  for (let i = 0; i < target.length; i++) target[i] = 0;
  const key = String(slice);
  for (const a of annotations) {
    if (!isSegment(a)) continue;
    const rle = a.geometry.slices[key];
    const index = rle ? indexOf(a) : null;
    if (rle && index) paintSlice(target, width, height, rle, index);
  }
}

/** Whether two labelmap slices differ. */
export function sliceDiffers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return true;
  return false;
}
