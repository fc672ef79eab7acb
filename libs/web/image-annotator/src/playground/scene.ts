import type { Annotation, Label } from '@tessera/contracts';

/**
 * A synthetic scene for the playground and the `canvas` benchmark: seeded,
 * so Tessera and the editor it is compared with draw exactly the same
 * polygons over exactly the same picture.
 */
export interface SceneSpec {
  objects: number;
  vertices: number;
  width: number;
  height: number;
  seed: number;
}

export const DEFAULT_SCENE: SceneSpec = { objects: 200, vertices: 12, width: 4000, height: 3000, seed: 1 };

export const SCENE_LABELS: Label[] = [
  { id: 'car', name: 'Car', color: '#1677ff', hotkey: '1', tools: ['box', 'polygon', 'polyline', 'points', 'mask'], attributes: [{ key: 'kind', name: 'Kind', type: 'select', options: ['sedan', 'van', 'truck'], required: false }, { key: 'occluded', name: 'Occluded', type: 'boolean', required: false }] },
  { id: 'person', name: 'Person', color: '#f5222d', hotkey: '2', tools: ['box', 'polygon', 'keypoints', 'mask'], attributes: [{ key: 'age', name: 'Age', type: 'number', min: 0, max: 120, required: false }], skeleton: { points: ['head', 'neck', 'left hand', 'right hand', 'hip', 'left foot', 'right foot'], edges: [[0, 1], [1, 2], [1, 3], [1, 4], [4, 5], [4, 6]] } },
  { id: 'road', name: 'Road', color: '#52c41a', hotkey: '3', tools: ['polygon', 'polyline', 'mask'], attributes: [] },
  { id: 'sign', name: 'Sign', color: '#faad14', hotkey: '4', tools: ['box', 'points'], attributes: [{ key: 'text', name: 'Text', type: 'text', required: false }] },
  { id: 'night', name: 'Night', color: '#722ed1', hotkey: '5', tools: ['tag'], attributes: [] },
];

/** mulberry32: tiny, fast and the same in every JavaScript engine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Star-ish polygons scattered over the image, each inside it. */
export function scenePolygons(spec: SceneSpec): Array<{ id: string; labelId: string; points: [number, number][] }> {
  const rnd = random(spec.seed);
  const shapeLabels = SCENE_LABELS.filter((l) => l.tools.includes('polygon'));
  const out: Array<{ id: string; labelId: string; points: [number, number][] }> = [];
  for (let i = 0; i < spec.objects; i++) {
    const r = 8 + rnd() * 40;
    const cx = r + rnd() * (spec.width - 2 * r);
    const cy = r + rnd() * (spec.height - 2 * r);
    const points: [number, number][] = [];
    for (let v = 0; v < spec.vertices; v++) {
      const a = (v / spec.vertices) * Math.PI * 2;
      const rr = r * (0.55 + rnd() * 0.45);
      points.push([Math.round((cx + Math.cos(a) * rr) * 10) / 10, Math.round((cy + Math.sin(a) * rr) * 10) / 10]);
    }
    out.push({ id: sceneId(i), labelId: shapeLabels[i % shapeLabels.length].id, points });
  }
  return out;
}

/** Deterministic UUID-shaped ids, so a reload of the playground names the same objects. */
export function sceneId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export function sceneAnnotations(spec: SceneSpec): Annotation[] {
  const at = '2026-01-01T00:00:00.000Z';
  return scenePolygons(spec).map((p, i) => ({
    id: p.id,
    labelId: p.labelId,
    schemaVersion: 1,
    geometry: { type: 'polygon', points: p.points },
    attributes: {},
    // Every tenth object is a prediction, so the playground shows how those look.
    source: i % 10 === 9 ? 'model' : 'human',
    score: i % 10 === 9 ? Math.round((0.3 + ((i * 37) % 70) / 100) * 100) / 100 : null,
    predictionId: null,
    zIndex: 0,
    groupId: null,
    version: 1,
    createdBy: 'playground',
    updatedBy: 'playground',
    createdAt: at,
    updatedAt: at,
  }));
}

/**
 * A picture to annotate as a JPEG object URL: gradients, discs and a grid, cheap to make at any size. It is
 * drawn and encoded in a worker where there is one, beside the page's own start-up, as a real picture arrives
 * over the network while an editor starts: on the main thread the 12-megapixel picture took about 100 ms to draw,
 * and its encoding as long again before the editor could even be given its URL. Both pages of the canvas
 * benchmark make their picture here.
 */
export async function sceneImage(spec: Pick<SceneSpec, 'width' | 'height' | 'seed'>): Promise<string> {
  return URL.createObjectURL(await scenePicture(spec));
}

/**
 * `?picture=/path`: the scene's picture as a file on the page's own server, which a page downloads as an
 * annotator's task page downloads its asset, instead of making it. The canvas benchmark serves it so: making a
 * 12-megapixel picture costs far more CPU than a download does. Paths of the page's own origin only.
 */
export function scenePictureFile(search: string): string | null {
  const path = new URLSearchParams(search).get('picture');
  return path && /^\/(?![/\\])/.test(path) ? path : null;
}

/** The picture itself, for a page that makes its object URL later (and revokes it). */
export async function scenePicture(spec: Pick<SceneSpec, 'width' | 'height' | 'seed'>): Promise<Blob> {
  return (await pictureInWorker(spec)) ?? (await pictureHere(spec));
}

/** Draws the picture; given everything it uses, because a worker runs it from its source text. */
function drawPicture(g: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, width: number, height: number, rnd: () => number) {
  const grad = g.createLinearGradient(0, 0, width, height);
  grad.addColorStop(0, '#6b7f99');
  grad.addColorStop(0.5, '#c9b98f');
  grad.addColorStop(1, '#4d6b4f');
  g.fillStyle = grad;
  g.fillRect(0, 0, width, height);
  for (let i = 0; i < 300; i++) {
    g.fillStyle = `hsla(${Math.floor(rnd() * 360)}, 35%, ${30 + rnd() * 40}%, 0.35)`;
    const r = 20 + rnd() * 200;
    g.beginPath();
    g.arc(rnd() * width, rnd() * height, r, 0, Math.PI * 2);
    g.fill();
  }
  g.strokeStyle = 'rgba(255,255,255,0.15)';
  for (let x = 0; x < width; x += 100) g.strokeRect(x, 0, 0, height);
  for (let y = 0; y < height; y += 100) g.strokeRect(0, y, width, 0);
}

// JPEG: encoding a 12-megapixel PNG would take longer than everything the editor does to open.
const JPEG = { type: 'image/jpeg', quality: 0.9 };

function pictureHere(spec: Pick<SceneSpec, 'width' | 'height' | 'seed'>): Promise<Blob> {
  const c = document.createElement('canvas');
  c.width = spec.width;
  c.height = spec.height;
  drawPicture(c.getContext('2d')!, spec.width, spec.height, random(spec.seed + 7));
  return new Promise<Blob>((ok) => c.toBlob((b) => ok(b!), JPEG.type, JPEG.quality));
}

/**
 * The same in a worker made from the two functions' source text (the benchmark's comparison page is bundled
 * by esbuild, which has no worker files); null where there are no workers or OffscreenCanvas.
 */
function pictureInWorker(spec: Pick<SceneSpec, 'width' | 'height' | 'seed'>): Promise<Blob | null> {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return Promise.resolve(null);
  const source = `const random = ${random.toString()};
const drawPicture = ${drawPicture.toString()};
onmessage = async ({ data: { width, height, seed, jpeg } }) => {
  try {
    const c = new OffscreenCanvas(width, height);
    drawPicture(c.getContext('2d'), width, height, random(seed + 7));
    postMessage(await c.convertToBlob(jpeg));
  } catch {
    postMessage(null);
  }
};`;
  const code = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return new Promise((resolve) => {
    const worker = new Worker(code);
    const done = (blob: Blob | null) => {
      worker.terminate();
      URL.revokeObjectURL(code);
      resolve(blob);
    };
    worker.onmessage = (e: MessageEvent<Blob | null>) => done(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      done(null);
    };
    worker.postMessage({ width: spec.width, height: spec.height, seed: spec.seed, jpeg: JPEG });
  });
}

/** `?objects=10000&vertices=20&width=4000&height=3000&seed=1` → a spec, defaults for what is missing. */
export function sceneFromQuery(search: string): SceneSpec {
  const q = new URLSearchParams(search);
  const n = (k: keyof SceneSpec, min: number, max: number) => {
    const v = Number(q.get(k));
    return Number.isFinite(v) && q.has(k) ? Math.max(min, Math.min(max, Math.round(v))) : DEFAULT_SCENE[k];
  };
  return { objects: n('objects', 0, 100_000), vertices: n('vertices', 3, 200), width: n('width', 16, 16_000), height: n('height', 16, 16_000), seed: n('seed', 0, 2 ** 31) };
}
