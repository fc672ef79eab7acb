import { join } from 'node:path';
import sharp from 'sharp';
import type { ImageInput, ModelBackend, ModelInput, ModelPrediction, PredictOptions } from '../backend';
import { GraphThread, humanModelsDir, type GraphOutput } from './graph-thread';
import { COCO_CLASSES, COCO_KEYPOINTS, nms, type Box } from './coco';

/**
 * Built-in image models, offline: the weights are the graph models that ship
 * in @vladmandic/human's package (CenterNet on COCO-80, BlazeFace, MoveNet
 * Lightning); TensorFlow.js runs them in a worker thread per backend kind,
 * loaded once per process. Pre- and post-processing (resizing with sharp,
 * anchor decoding, non-maximum suppression) stay here, in plain TypeScript.
 */

const threads = new Map<string, GraphThread>();
/** One thread per backend kind per process; every backend of that kind shares it. */
function threadFor(kind: string): GraphThread {
  let t = threads.get(kind);
  if (!t) threads.set(kind, (t = new GraphThread()));
  return t;
}

/** Ends every image model thread of this process (tests, shutdown). */
export async function closeImageThreads(): Promise<void> {
  const all = [...threads.values()];
  threads.clear();
  await Promise.all(all.map((t) => t.close()));
}

function asImage(input: ModelInput, kind: string): ImageInput {
  if (input.media !== 'image') throw new Error(`${kind} takes images, not ${input.media}`);
  return input;
}

function checkAbort(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** The image, oriented as its EXIF says and without alpha, as RGB bytes at its own size. */
async function decode(data: Uint8Array): Promise<{ rgb: Buffer; width: number; height: number }> {
  try {
    const { data: rgb, info } = await sharp(data, { limitInputPixels: 100_000_000 }).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { rgb, width: info.width, height: info.height };
  } catch (e) {
    throw new Error(`the image cannot be decoded (${(e as Error).message})`);
  }
}

type Rgb = { rgb: Buffer; width: number; height: number };

/** A region of the image resized to size×size (letterboxed when `square`), as RGB bytes, with the map back to image pixels. */
async function patch(img: Rgb, size: number, region: { left: number; top: number; width: number; height: number }, fit: 'fill' | 'contain') {
  const out = await sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } })
    .extract(region)
    .resize(size, size, { fit, position: 'left top', background: { r: 0, g: 0, b: 0 }, kernel: 'linear' })
    .raw()
    .toBuffer();
  const sx = fit === 'fill' ? region.width / size : Math.max(region.width, region.height) / size;
  const sy = fit === 'fill' ? region.height / size : sx;
  return { bytes: out, toImage: (x: number, y: number) => [region.left + x * sx, region.top + y * sy] as [number, number] };
}

const toFloat = (bytes: Buffer, scale = 1, offset = 0) => {
  const f = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) f[i] = bytes[i] * scale + offset;
  return f;
};
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

const CENTERNET = 'centernet';
const CENTERNET_SIZE = 512;

/** CenterNet's boxes in image pixels, all classes, after per-class NMS. */
async function detectObjects(thread: GraphThread, img: Rgb, minScore: number, max: number): Promise<Box[]> {
  await thread.load(CENTERNET, join(humanModelsDir(), 'centernet.json'));
  const whole = { left: 0, top: 0, width: img.width, height: img.height };
  const p = await patch(img, CENTERNET_SIZE, whole, 'fill');
  const [det] = await thread.run(CENTERNET, toFloat(p.bytes), [1, CENTERNET_SIZE, CENTERNET_SIZE, 3], ['tower_0/detections']);
  const boxes: Box[] = [];
  const n = det.shape[1];
  for (let i = 0; i < n; i++) {
    const [x1, y1, x2, y2, score, cls] = det.data.subarray(i * 6, i * 6 + 6);
    if (!(score >= minScore) || !Number.isInteger(cls) || cls < 0 || cls >= COCO_CLASSES.length) continue;
    const [ax, ay] = p.toImage(x1, y1);
    const [bx, by] = p.toImage(x2, y2);
    const b = { x1: clamp(ax, 0, img.width), y1: clamp(ay, 0, img.height), x2: clamp(bx, 0, img.width), y2: clamp(by, 0, img.height), score, cls };
    if (b.x2 - b.x1 >= 1 && b.y2 - b.y1 >= 1) boxes.push(b);
  }
  return nms(boxes, 0.5, max);
}

const boxGeometry = (b: Box) => ({ type: 'box' as const, x: b.x1, y: b.y1, width: b.x2 - b.x1, height: b.y2 - b.y1, rotation: 0 });

abstract class ImageBackend implements ModelBackend {
  readonly media = 'image' as const;
  abstract readonly kind: string;
  protected get thread() {
    return threadFor(this.kind);
  }
  abstract classes(): Promise<string[]>;
  protected abstract run(img: Rgb, options: PredictOptions): Promise<ModelPrediction[]>;

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    const image = asImage(input, this.kind);
    checkAbort(options.signal);
    const img = await decode(image.data);
    checkAbort(options.signal);
    const out = await this.run(img, options);
    // Coordinates are in the pixels of the image as stored; a caller that gave other dimensions gets them scaled.
    const sx = image.width && image.width !== img.width ? image.width / img.width : 1;
    const sy = image.height && image.height !== img.height ? image.height / img.height : 1;
    if (sx !== 1 || sy !== 1) for (const p of out) scaleGeometry(p, sx, sy);
    return out.sort((a, b) => b.score - a.score).slice(0, options.maxObjects);
  }

  async close(): Promise<void> {
    const t = threads.get(this.kind);
    threads.delete(this.kind);
    await t?.close();
  }
}

function scaleGeometry(p: ModelPrediction, sx: number, sy: number) {
  const g = p.geometry;
  if (g.type === 'box') Object.assign(g, { x: g.x * sx, y: g.y * sy, width: g.width * sx, height: g.height * sy });
  else if (g.type === 'keypoints') g.points = g.points.map((q) => (q ? { ...q, x: q.x * sx, y: q.y * sy } : null));
}

/** `builtin:coco-detect`: boxes of COCO's 80 classes. */
export class CocoDetector extends ImageBackend {
  readonly kind = 'builtin:coco-detect';
  async classes() {
    return [...COCO_CLASSES];
  }
  protected async run(img: Rgb, o: PredictOptions) {
    const boxes = await detectObjects(this.thread, img, o.scoreThreshold, o.maxObjects);
    return boxes.map((b) => ({ modelClass: COCO_CLASSES[b.cls], score: round(b.score), geometry: boxGeometry(b) }));
  }
}

const BLAZEFACE = 'blazeface';

/** BlazeFace's anchors: strides 16 and 8 of the input, 2 and 6 anchors per cell. */
function faceAnchors(size: number): [number, number][] {
  const anchors: [number, number][] = [];
  for (const [stride, count] of [[size / 16, 2], [size / 8, 6]]) {
    const cells = Math.floor((size + stride - 1) / stride);
    for (let gy = 0; gy < cells; gy++) for (let gx = 0; gx < cells; gx++) for (let k = 0; k < count; k++) anchors.push([stride * (gx + 0.5), stride * (gy + 0.5)]);
  }
  return anchors;
}

/**
 * BlazeFace's rows, one per anchor: [logit, cx, cy, w, h, …landmarks]. This
 * conversion has four outputs (scores and regressors for the 16- and 8-pixel
 * strides); the original has one [1, 896, 17] tensor.
 */
function faceRows(outs: GraphOutput[]): Float32Array[] {
  const rowsOf = (o: GraphOutput) => {
    const w = o.shape[o.shape.length - 1];
    return Array.from({ length: o.data.length / w }, (_, i) => o.data.subarray(i * w, (i + 1) * w) as Float32Array);
  };
  if (outs.length === 1) return rowsOf(outs[0]);
  if (outs.length !== 4) throw new Error(`BlazeFace returned ${outs.length} outputs`);
  const [s1, s2, b1, b2] = [...outs].sort((a, b) => a.data.length - b.data.length);
  const join2 = (s: GraphOutput, b: GraphOutput) => rowsOf(b).map((r, i) => Float32Array.of(s.data[i], ...r));
  // The 16-pixel stride (more anchors) first, as the anchors are generated.
  return [...join2(s2, b2), ...join2(s1, b1)];
}

/** `builtin:face`: face boxes. */
export class FaceDetector extends ImageBackend {
  readonly kind = 'builtin:face';
  async classes() {
    return ['face'];
  }
  protected async run(img: Rgb, o: PredictOptions) {
    const info = await this.thread.load(BLAZEFACE, join(humanModelsDir(), 'blazeface.json'));
    const size = info.inputs[0]?.shape?.[1] && info.inputs[0].shape[1] > 0 ? info.inputs[0].shape[1] : 256;
    const p = await patch(img, size, { left: 0, top: 0, width: img.width, height: img.height }, 'fill');
    const outs = await this.thread.run(BLAZEFACE, toFloat(p.bytes, 1 / 127.5, -1), [1, size, size, 3]);
    const rows = faceRows(outs);
    const anchors = faceAnchors(size);
    const count = Math.min(anchors.length, rows.length);
    const boxes: Box[] = [];
    for (let i = 0; i < count; i++) {
      const r = rows[i];
      const score = 1 / (1 + Math.exp(-r[0]));
      if (score < o.scoreThreshold) continue;
      const cx = r[1] + anchors[i][0];
      const cy = r[2] + anchors[i][1];
      // The image is stretched to the square input: faces come back as squares in image pixels, of the same area.
      const [ax, ay] = p.toImage(cx - r[3] / 2, cy - r[4] / 2);
      const [bx, by] = p.toImage(cx + r[3] / 2, cy + r[4] / 2);
      const half = Math.sqrt((bx - ax) * (by - ay)) / 2;
      const [mx, my] = [(ax + bx) / 2, (ay + by) / 2];
      const [x1, y1, x2, y2] = [mx - half, my - half, mx + half, my + half];
      const b = { x1: clamp(x1, 0, img.width), y1: clamp(y1, 0, img.height), x2: clamp(x2, 0, img.width), y2: clamp(y2, 0, img.height), score, cls: 0 };
      if (b.x2 - b.x1 >= 1 && b.y2 - b.y1 >= 1) boxes.push(b);
    }
    return nms(boxes, 0.3, o.maxObjects).map((b) => ({ modelClass: 'face', score: round(b.score), geometry: boxGeometry(b) }));
  }
}

const MOVENET = 'movenet-lightning';
/** A keypoint below this score is left out (null); between it and VISIBLE it is placed but marked not visible. */
const PLACED = 0.15;
const VISIBLE = 0.3;

/**
 * `builtin:pose`: people's keypoints on COCO's 17-point skeleton. Top-down:
 * CenterNet finds the people, MoveNet (a single-person model) places the
 * points within a square around each one.
 */
export class PoseEstimator extends ImageBackend {
  readonly kind = 'builtin:pose';
  async classes() {
    return ['person'];
  }
  protected async run(img: Rgb, o: PredictOptions) {
    const people = (await detectObjects(this.thread, img, o.scoreThreshold, 100)).filter((b) => b.cls === 0).slice(0, o.maxObjects);
    const info = await this.thread.load(MOVENET, join(humanModelsDir(), 'movenet-lightning.json'));
    const size = info.inputs[0]?.shape?.[1] && info.inputs[0].shape[1] > 0 ? info.inputs[0].shape[1] : 192;
    const out: ModelPrediction[] = [];
    for (const person of people) {
      // A square a quarter larger than the person's box, kept inside the image.
      const side = Math.min(Math.max(person.x2 - person.x1, person.y2 - person.y1) * 1.25, Math.max(img.width, img.height));
      const cx = (person.x1 + person.x2) / 2;
      const cy = (person.y1 + person.y2) / 2;
      const left = Math.round(clamp(cx - side / 2, 0, Math.max(0, img.width - 1)));
      const top = Math.round(clamp(cy - side / 2, 0, Math.max(0, img.height - 1)));
      const region = { left, top, width: Math.max(1, Math.min(Math.round(side), img.width - left)), height: Math.max(1, Math.min(Math.round(side), img.height - top)) };
      const p = await patch(img, size, region, 'contain');
      const [res] = await this.thread.run(MOVENET, Int32Array.from(p.bytes), [1, size, size, 3]);
      const points = COCO_KEYPOINTS.map((_, k) => {
        const [y, x, s] = res.data.subarray(k * 3, k * 3 + 3);
        if (s < PLACED) return null;
        const [ix, iy] = p.toImage(x * size, y * size);
        return { x: round(ix, 1), y: round(iy, 1), visible: s >= VISIBLE };
      });
      const placed = points.filter((q) => q);
      if (placed.length < 3) continue;
      out.push({ modelClass: 'person', score: round(person.score), geometry: { type: 'keypoints', points } });
    }
    return out;
  }
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;
