/**
 * The Label Studio ML backend client against a small real HTTP server that
 * follows label-studio-ml's API: GET /health → {status: "UP"}, POST /setup
 * {project, schema} → {model_version}, POST /predict {tasks, label_config,
 * project, params} → {results: [{result, score, model_version}]}, POST
 * /webhook {action, annotation, task, project} → 201. The server fetches the
 * image through the task's absolute URL, as a real backend does.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { LabelSchema } from '@tessera/contracts';
import { brushFromBitmap } from '@tessera/formats';
import { LabelStudioBackend } from './label-studio';
import { RemoteModelError } from './http';

const schema: LabelSchema = {
  labels: [
    { id: 'car', name: 'Car', color: '#ff0000', tools: ['box', 'polygon'], attributes: [] },
    { id: 'road', name: 'Road', color: '#00ff00', tools: ['mask'], attributes: [] },
    { id: 'person', name: 'Person', color: '#0000ff', tools: ['box', 'points'], attributes: [] },
  ],
};
const textSchema: LabelSchema = { labels: [{ id: 'per', name: 'PER', color: '#ff0000', tools: ['span'], attributes: [] }] };

type Seen = { method: string; path: string; body: any };
let server: Server;
let base: string;
const seen: Seen[] = [];
let png: Buffer;
let failNext = 0;
let slowMs = 0;
let inFlight = 0;
let maxInFlight = 0;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });

/** Label Studio's brush RLE of a W×H mask whose left half is set (see libs/formats' encoder). */
function leftHalfBrush(W: number, H: number): number[] {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W / 2; x++) data[y * W + x] = 1;
  return brushFromBitmap({ width: W, height: H, data });
}

beforeAll(async () => {
  png = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#808080' } }).png().toBuffer();
  const brush = leftHalfBrush(200, 100);
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const body = raw ? JSON.parse(raw) : null;
    seen.push({ method: req.method!, path: url.pathname, body });
    const json = (status: number, b: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(b));
    };
    if (url.pathname.startsWith('/hang')) return; // never answers
    if (url.pathname === '/files/street.png') {
      if (url.searchParams.get('sig') !== 'ok') return json(403, { error: 'bad signature' });
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(png);
    }
    if (url.pathname === '/health') return json(200, { status: 'UP', model_class: 'TestModel' });
    if (url.pathname === '/setup') return json(200, { model_version: 'v7' });
    if (url.pathname === '/webhook') return json(201, {});
    if (url.pathname === '/predict') {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
        if (failNext > 0) {
          failNext--;
          return json(503, { error: 'warming up' });
        }
        const task = body.tasks[0];
        if (task.data.text !== undefined) {
          const text: string = task.data.text;
          const start = text.indexOf('Ada');
          return json(200, { results: [{ model_version: 'ner-1', score: 0.8, result: [{ id: 's1', from_name: 'label', to_name: 'text', type: 'labels', value: { start, end: start + 3, text: 'Ada', labels: ['PER'] } }] }] });
        }
        // Fetch the image as a real backend would, to read its size.
        const img = await fetch(task.data.image);
        if (!img.ok) return json(500, { error: `cannot fetch ${task.data.image}` });
        const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
        const frame = { original_width: meta.width, original_height: meta.height, image_rotation: 0 };
        return json(200, {
          results: [{
            model_version: 'v7', score: 0.5,
            result: [
              { id: 'r1', from_name: 'label', to_name: 'image', type: 'rectanglelabels', score: 0.9, ...frame, value: { x: 10, y: 20, width: 25, height: 50, rotation: 0, rectanglelabels: ['Car'] } },
              { id: 'r2', from_name: 'label', to_name: 'image', type: 'polygonlabels', score: 0.7, ...frame, value: { points: [[0, 0], [50, 0], [50, 100]], polygonlabels: ['Car'] } },
              { id: 'r3', from_name: 'label', to_name: 'image', type: 'brushlabels', ...frame, value: { format: 'rle', rle: brush, brushlabels: ['Road'] } },
              { id: 'r4', from_name: 'label', to_name: 'image', type: 'keypointlabels', score: 0.2, ...frame, value: { x: 50, y: 50, width: 0.5, keypointlabels: ['Person'] } },
            ],
          }],
        });
      } finally {
        inFlight--;
      }
    }
    if (url.pathname.startsWith('/hang')) return; // never answers
    json(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => {
  server.closeAllConnections();
  server.close(r);
}));
beforeEach(() => {
  seen.length = 0;
  failNext = 0;
  slowMs = 0;
  maxInFlight = 0;
});

const imageInput = () => ({ media: 'image' as const, data: new Uint8Array(png), width: 200, height: 100, url: `${base}/files/street.png?sig=ok` });

it('checks health, sets up with a labelling config generated from the schema, and reads the model version', async () => {
  const ls = new LabelStudioBackend({ url: base, media: 'image', schema });
  expect(await ls.health()).toEqual({ ok: true, status: 'UP' });
  expect(await ls.setup()).toBe('v7');
  const setup = seen.find((s) => s.path === '/setup')!;
  expect(setup.body.schema).toContain('<RectangleLabels name="label" toName="image">');
  expect(setup.body.schema).toContain('<Label value="Car"');
  expect(setup.body.schema).toContain('<BrushLabels');
  expect(await ls.classes()).toEqual(['Car', 'Road', 'Person']);
});

it('predicts from the signed URL and maps percent coordinates, polygons, brush RLE and keypoints to pixels', async () => {
  const ls = new LabelStudioBackend({ url: base, media: 'image', schema });
  const out = await ls.predict(imageInput(), { scoreThreshold: 0.3, maxObjects: 10 });
  const predict = seen.find((s) => s.path === '/predict')!;
  expect(predict.body.tasks[0].data.image).toBe(`${base}/files/street.png?sig=ok`);
  expect(predict.body.label_config).toContain('<Image name="image" value="$image"/>');
  expect(ls.modelVersion).toBe('v7');
  // The keypoint (0.2) is under the threshold; the brush takes the prediction's score (0.5).
  expect(out.map((p) => [p.modelClass, p.score, p.geometry.type])).toEqual([
    ['Car', 0.9, 'box'],
    ['Car', 0.7, 'polygon'],
    ['Road', 0.5, 'mask'],
  ]);
  expect(out[0].geometry).toEqual({ type: 'box', x: 20, y: 20, width: 50, height: 50, rotation: 0 });
  expect(out[1].geometry).toEqual({ type: 'polygon', points: [[0, 0], [100, 0], [100, 100]] });
  const mask = out[2].geometry;
  if (mask.type !== 'mask') throw new Error('not a mask');
  expect(mask.rle.size).toEqual([100, 200]);
  // Column-major runs: the left 100 columns set, then the right 100 clear.
  expect(mask.rle.counts).toEqual([0, 100 * 100, 100 * 100]);
  const points = await ls.predict(imageInput(), { scoreThreshold: 0, maxObjects: 10 });
  expect(points.find((p) => p.geometry.type === 'points')?.geometry).toEqual({ type: 'points', points: [[100, 50]] });
});

it('maps text spans from start/end offsets', async () => {
  const ls = new LabelStudioBackend({ url: base, media: 'text', schema: textSchema });
  const text = '数学家 Ada Lovelace 写了程序';
  const out = await ls.predict({ media: 'text', text }, { scoreThreshold: 0, maxObjects: 10 });
  expect(out).toEqual([{ modelClass: 'PER', score: 0.8, geometry: { type: 'span', start: text.indexOf('Ada'), end: text.indexOf('Ada') + 3 } }]);
  expect(seen.find((s) => s.path === '/predict')!.body.tasks[0].data).toEqual({ text });
});

it('retries a 503, then gives up with a coded error; refuses an image without a signed URL', async () => {
  const ls = new LabelStudioBackend({ url: base, media: 'image', schema, retries: 2, retryDelayMs: 1 });
  failNext = 2;
  expect((await ls.predict(imageInput(), { scoreThreshold: 0.3, maxObjects: 10 })).length).toBe(3);
  expect(seen.filter((s) => s.path === '/predict')).toHaveLength(3);
  failNext = 5;
  await expect(ls.predict(imageInput(), { scoreThreshold: 0.3, maxObjects: 10 })).rejects.toMatchObject({ code: 'remote_status', status: 503 });
  await expect(ls.predict({ ...imageInput(), url: undefined }, { scoreThreshold: 0, maxObjects: 1 })).rejects.toBeInstanceOf(RemoteModelError);
});

it('times out a backend that does not answer, and keeps to the concurrency limit', async () => {
  const hung = new LabelStudioBackend({ url: `${base}/hang`, media: 'image', schema, timeoutMs: 200, retries: 0 });
  await expect(hung.health()).rejects.toMatchObject({ code: 'remote_timeout' });
  const ls = new LabelStudioBackend({ url: base, media: 'image', schema, concurrency: 2 });
  slowMs = 50;
  const all = await Promise.all(Array.from({ length: 6 }, () => ls.predict(imageInput(), { scoreThreshold: 0.3, maxObjects: 10 })));
  expect(all.every((o) => o.length === 3)).toBe(true);
  expect(maxInFlight).toBe(2);
});

it('sends accepted work as an ANNOTATION_CREATED webhook with Label Studio results, only when asked', async () => {
  const input = imageInput();
  const car = schema.labels[0];
  const work = [{ id: '5a0d9f34-8c9e-4f0e-9a51-0f6f8e3b7c11', label: car, geometry: { type: 'box' as const, x: 20, y: 20, width: 50, height: 50, rotation: 0 } }];
  expect(await new LabelStudioBackend({ url: base, media: 'image', schema }).accepted(input, work)).toBe('off');
  const ls = new LabelStudioBackend({ url: base, media: 'image', schema, trainOnAccept: true });
  expect(await ls.accepted(input, work)).toBe('webhook');
  const hook = seen.find((s) => s.path === '/webhook')!;
  expect(hook.body.action).toBe('ANNOTATION_CREATED');
  expect(hook.body.project.label_config).toContain('<RectangleLabels');
  const r = hook.body.annotation.result[0];
  expect(r.type).toBe('rectanglelabels');
  expect(r.value).toMatchObject({ x: 10, y: 20, width: 25, height: 50, rectanglelabels: ['Car'] });
});
