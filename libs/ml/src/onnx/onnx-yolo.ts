import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions } from '../backend';
import { closeOnnxThread, onnxCall, type SessionMeta } from './onnx-thread';

/**
 * `onnx-yolo`: an uploaded YOLO-style detector run by onnxruntime-node. The
 * model takes one float32 NCHW image, RGB scaled to 0..1, letterboxed to
 * 640×640 (grey 114 padding, as the YOLO exporters train), and answers
 * boxes as centre x, centre y, width, height in input pixels followed by the
 * class scores: YOLOv8 and later as [1, 4 + classes, anchors], YOLOv5 as
 * [1, anchors, 5 + classes] with an objectness score. onnxruntime runs the
 * graph on its own threads, off the event loop; sessions are made once per
 * process for each distinct model file.
 */
export type OnnxYoloOptions = {
  /** The .onnx file's bytes. */
  model: Uint8Array;
  /** Class names in the model's output order. */
  classes: string[];
  /** Default 0.45. */
  iouThreshold?: number;
};

export class OnnxModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxModelError';
  }
}

type Layout = { size: number; inputName: string; outputName: string; kind: 'v8' | 'v8t' | 'v5'; anchors: number };
type Loaded = { key: string; layout: Layout };

const sessions = new Map<string, Promise<Loaded>>();

const dim = (d: number | string | undefined) => (typeof d === 'number' && d > 0 ? d : null);

/** Checks the graph's input and output against a YOLO detector with `classes.length` classes. */
function layoutOf(session: SessionMeta, nc: number): Layout {
  if (session.inputNames.length !== 1) throw new OnnxModelError(`a YOLO detector has one input; this model has ${session.inputNames.length} (${session.inputNames.join(', ')})`);
  if (session.outputNames.length < 1) throw new OnnxModelError('the model has no output');
  const input = session.inputs[0];
  const output = session.outputs[0];
  if (!input?.isTensor || !output?.isTensor) throw new OnnxModelError('the model\'s input and output must be tensors');
  if (input.type !== 'float32') throw new OnnxModelError(`the input must be float32, not ${input.type}`);
  const ishape = input.shape;
  if (ishape.length !== 4 || (dim(ishape[1]) !== null && dim(ishape[1]) !== 3)) throw new OnnxModelError(`the input must be an NCHW RGB image [1, 3, H, W]; it is [${ishape.join(', ')}]`);
  const h = dim(ishape[2]);
  const w = dim(ishape[3]);
  if (h !== null && w !== null && h !== w) throw new OnnxModelError(`the input must be square; it is ${w}×${h}`);
  const size = h ?? w ?? 640;
  if (size < 32 || size > 2048 || size % 32) throw new OnnxModelError(`the input size ${size} is not a multiple of 32 between 32 and 2048`);
  const o = output.shape;
  if (o.length !== 3) throw new OnnxModelError(`the output must be [1, 4 + classes, boxes] (YOLOv8) or [1, boxes, 5 + classes] (YOLOv5); it is [${o.join(', ')}]`);
  const [a, b] = [dim(o[1]), dim(o[2])];
  let kind: Layout['kind'];
  let anchors = 0;
  if (a === 4 + nc) [kind, anchors] = ['v8', b ?? 0];
  else if (b === 5 + nc) [kind, anchors] = ['v5', a ?? 0];
  else if (b === 4 + nc) [kind, anchors] = ['v8t', a ?? 0];
  else throw new OnnxModelError(`the output [${o.join(', ')}] does not fit ${nc} classes: expected [1, ${4 + nc}, boxes] or [1, boxes, ${5 + nc}]`);
  return { size, inputName: session.inputNames[0], outputName: session.outputNames[0], kind, anchors };
}

/** The session for a model file, made once per process; a bad file is a clear error. */
export function loadOnnxYolo(model: Uint8Array, classes: string[]): Promise<Loaded> {
  if (!(model instanceof Uint8Array) || model.length < 16) throw new OnnxModelError('the model file is empty');
  if (!classes.length || classes.length > 10_000 || classes.some((c) => typeof c !== 'string' || !c.trim())) throw new OnnxModelError('the class list must name 1 to 10 000 classes');
  if (new Set(classes).size !== classes.length) throw new OnnxModelError('class names must be unique');
  const key = createHash('sha256').update(model).digest('hex') + ':' + classes.length;
  let p = sessions.get(key);
  if (!p) {
    p = (async () => {
      let session: SessionMeta;
      try {
        const copy = Uint8Array.from(model);
        session = await onnxCall<SessionMeta>({ op: 'load', key, model: copy }, [copy.buffer]);
      } catch (e) {
        throw new OnnxModelError(`not a model onnxruntime can load: ${(e as Error).message.split('\n')[0].slice(0, 300)}`);
      }
      try {
        return { key, layout: layoutOf(session, classes.length) };
      } catch (e) {
        await onnxCall({ op: 'release', key });
        throw e;
      }
    })();
    p.catch(() => sessions.delete(key));
    sessions.set(key, p);
  }
  return p;
}

/** Releases every ONNX session of this process. */
export async function closeOnnxSessions(): Promise<void> {
  sessions.clear();
  await closeOnnxThread();
}

type Det = { x1: number; y1: number; x2: number; y2: number; score: number; cls: number };
const iou = (a: Det, b: Det) => {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const i = w * h;
  const u = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - i;
  return u > 0 ? i / u : 0;
};

export class OnnxYoloBackend implements ModelBackend {
  readonly kind = 'onnx-yolo';
  readonly media = 'image' as const;
  private readonly loaded: Promise<Loaded>;

  constructor(private readonly o: OnnxYoloOptions) {
    this.loaded = loadOnnxYolo(o.model, o.classes);
    this.loaded.catch(() => undefined);
  }

  /** Resolves when the model loads and fits the class list; rejects with an OnnxModelError saying why not. */
  async validate(): Promise<{ inputSize: number; boxes: number; layout: string }> {
    const { layout } = await this.loaded;
    return { inputSize: layout.size, boxes: layout.anchors, layout: layout.kind === 'v5' ? 'yolov5' : 'yolov8' };
  }

  async classes() {
    return [...this.o.classes];
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    if (input.media !== 'image') throw new OnnxModelError(`an ONNX detector takes images, not ${input.media}`);
    const { key, layout } = await this.loaded;
    const S = layout.size;
    let rgb: Buffer;
    let W: number;
    let H: number;
    try {
      const img = sharp(input.data, { limitInputPixels: 100_000_000 }).rotate().removeAlpha();
      const meta = await sharp(input.data).metadata();
      // EXIF orientations 5–8 turn the image a quarter.
      [W, H] = (meta.orientation ?? 1) >= 5 ? [meta.height!, meta.width!] : [meta.width!, meta.height!];
      rgb = await img.resize(S, S, { fit: 'contain', position: 'centre', background: { r: 114, g: 114, b: 114 } }).raw().toBuffer();
    } catch (e) {
      throw new OnnxModelError(`the image cannot be decoded (${(e as Error).message})`);
    }
    if (options.signal?.aborted) throw new Error('aborted');
    // sharp's "contain" centres the scaled image: the same scale and padding map boxes back.
    const scale = Math.min(S / W, S / H);
    const padX = Math.floor((S - Math.round(W * scale)) / 2);
    const padY = Math.floor((S - Math.round(H * scale)) / 2);
    const plane = S * S;
    const chw = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) {
      chw[i] = rgb[i * 3] / 255;
      chw[plane + i] = rgb[i * 3 + 1] / 255;
      chw[2 * plane + i] = rgb[i * 3 + 2] / 255;
    }
    const out = await onnxCall<{ dims: number[]; data: Float32Array }>({ op: 'run', key, input: layout.inputName, output: layout.outputName, data: chw, dims: [1, 3, S, S] }, [chw.buffer]);
    const data = out.data;
    const nc = this.o.classes.length;
    const [d1, d2] = [out.dims[1], out.dims[2]];
    const n = layout.kind === 'v8' ? d2 : d1;
    const at = layout.kind === 'v8' ? (box: number, f: number) => data[f * d2 + box] : (box: number, f: number) => data[box * d2 + f];
    const first = layout.kind === 'v5' ? 5 : 4;
    const dets: Det[] = [];
    for (let i = 0; i < n; i++) {
      let best = -1;
      let cls = -1;
      for (let c = 0; c < nc; c++) {
        const s = at(i, first + c);
        if (s > best) [best, cls] = [s, c];
      }
      const score = layout.kind === 'v5' ? best * at(i, 4) : best;
      if (!(score >= options.scoreThreshold)) continue;
      const [cx, cy, w, h] = [at(i, 0), at(i, 1), at(i, 2), at(i, 3)];
      const x1 = Math.max(0, Math.min(W, (cx - w / 2 - padX) / scale));
      const y1 = Math.max(0, Math.min(H, (cy - h / 2 - padY) / scale));
      const x2 = Math.max(0, Math.min(W, (cx + w / 2 - padX) / scale));
      const y2 = Math.max(0, Math.min(H, (cy + h / 2 - padY) / scale));
      if (x2 - x1 >= 1 && y2 - y1 >= 1) dets.push({ x1, y1, x2, y2, score, cls });
    }
    dets.sort((a, b) => b.score - a.score);
    const kept: Det[] = [];
    const thr = this.o.iouThreshold ?? 0.45;
    for (const d of dets) {
      if (kept.length >= options.maxObjects) break;
      if (kept.every((k) => k.cls !== d.cls || iou(k, d) <= thr)) kept.push(d);
    }
    const sx = input.width ? input.width / W : 1;
    const sy = input.height ? input.height / H : 1;
    return kept.map((d) => ({
      modelClass: this.o.classes[d.cls],
      score: Math.round(Math.min(1, d.score) * 1000) / 1000,
      geometry: { type: 'box' as const, x: d.x1 * sx, y: d.y1 * sy, width: (d.x2 - d.x1) * sx, height: (d.y2 - d.y1) * sy, rotation: 0 },
    }));
  }
}
