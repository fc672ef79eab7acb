import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { tinyYoloV8Onnx } from '@tessera/ml';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * The factories' backends through the real job, API and worker (its model
 * thread): the built-in COCO detector on a real photo of people that ships
 * with @vladmandic/human; a small real Label Studio ML backend in the test,
 * which fetches the asset through the absolute signed URL the job hands it
 * (PUBLIC_URL) and answers percent boxes; an uploaded ONNX detector built in
 * code, and a file that is not one (422).
 */
let server: TestServer;
let org: TestOrg;
let manager: string;
let project: string;
let ls: Server;
let lsUrl: string;
const lsSeen: { path: string; body: any; fetched?: { status: number; width?: number; height?: number } }[] = [];
const SCHEMA = {
  labels: [
    { id: 'person', name: 'Person', color: '#f5222d', tools: ['box'] },
    { id: 'car', name: 'Car', color: '#1677ff', tools: ['box'] },
  ],
};
const humanAssets = join(dirname(require.resolve('@vladmandic/human')), '..', 'assets');
const W = 1280;
const H = 958;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });

async function upload(projectId: string, files: { name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  return { status: res.status, json: (await res.json()) as any };
}
async function settled(runId: string) {
  for (let i = 0; i < 3000; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
    if (['succeeded', 'failed', 'cancelled'].includes(run.state)) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} did not finish\n${server.logs()}`);
}
const predictionsOf = (modelId: string) => server.db.query(
  `SELECT n.label_id, n.geometry, n.score, n.source, pm.model_id, pm.model_version
     FROM annotations n JOIN prediction_models pm ON pm.annotation_id = n.id
    WHERE pm.model_id = $1 AND n.source = 'model' ORDER BY n.score DESC`, [modelId]);

async function preannotate(modelId: string) {
  const started = await api(server.url, 'POST', `/api/v1/projects/${project}/preannotations`, { token: manager, body: { modelId } });
  expect(started.status).toBe(202);
  return settled(started.json.id);
}

beforeAll(async () => {
  // A Label Studio ML backend (label-studio-ml's API): it fetches the task's image itself, as real ones do.
  ls = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const body = raw ? JSON.parse(raw) : null;
    const seen: (typeof lsSeen)[number] = { path: url.pathname, body };
    lsSeen.push(seen);
    const json = (status: number, b: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(b));
    };
    if (url.pathname === '/health') return json(200, { status: 'UP', model_class: 'TestModel' });
    if (url.pathname === '/setup') return json(200, { model_version: 'ls-3' });
    if (url.pathname === '/predict') {
      const image = await fetch(body.tasks[0].data.image);
      seen.fetched = { status: image.status };
      if (image.ok) Object.assign(seen.fetched, await sharp(Buffer.from(await image.arrayBuffer())).metadata().then((m) => ({ width: m.width, height: m.height })));
      return json(200, {
        results: [{
          model_version: 'ls-3', score: 0.9,
          result: [
            { from_name: 'label', to_name: 'image', type: 'rectanglelabels', original_width: W, original_height: H, value: { x: 10, y: 20, width: 30, height: 40, rectanglelabels: ['Car'] }, score: 0.8 },
            { from_name: 'label', to_name: 'image', type: 'rectanglelabels', original_width: W, original_height: H, value: { x: 50, y: 50, width: 10, height: 10, rectanglelabels: ['Person'] }, score: 0.1 },
          ],
        }],
      });
    }
    json(404, { error: 'no such route' });
  });
  await new Promise<void>((r) => ls.listen(0, '127.0.0.1', r));
  lsUrl = `http://127.0.0.1:${(ls.address() as AddressInfo).port}`;

  server = await startTestServer({ worker: true, env: { OUTBOUND_ALLOW_HOSTS: '127.0.0.1' } });
  org = await createOrgWithRoles(server.db, 'Backends Org', 'backends.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  project = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Street scenes', mediaType: 'image', labelSchema: SCHEMA } })).json.id;
  // A group of people at a party, from the sample sheet that ships with @vladmandic/human.
  const photo = await sharp(readFileSync(join(humanAssets, 'samples.jpg'))).extract({ left: 0, top: 200, width: W, height: H }).jpeg().toBuffer();
  const up = await upload(project, [{ name: 'party.jpg', bytes: photo }]);
  expect(up.status).toBe(202);
  expect((await settled(up.json.jobRunId)).state).toBe('succeeded');
}, 180000);
afterAll(async () => {
  await server?.close();
  await new Promise((r) => ls?.close(r));
});

it('lists every backend kind once, the remote and uploaded ones with what they need', async () => {
  const kinds = (await api(server.url, 'GET', '/api/v1/model-kinds', { token: manager })).json.items;
  expect(kinds.map((k: any) => `${k.kind}/${k.mediaType}`)).toEqual(expect.arrayContaining([
    'builtin:coco-detect/image', 'builtin:face/image', 'builtin:pose/image', 'builtin:ocr-en/image', 'builtin:ocr-zh/image',
    'label-studio/image', 'label-studio/text', 'monai-label/dicom', 'onnx-yolo/image',
  ]));
  expect(kinds.find((k: any) => k.kind === 'builtin:coco-detect').classes).toContain('person');
  const monai = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'Spleen', kind: 'monai-label', version: '1', mediaType: 'dicom', url: 'http://127.0.0.1:9/' } });
  expect(monai.status).toBe(422);
  expect(monai.json.errors[0].path).toBe('options.model');
  // A remote model on a private address is refused, with what a client needs to say why in its own language.
  const inside = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'Inside', kind: 'label-studio', version: '1', mediaType: 'image', url: 'http://10.0.0.7/' } });
  expect(inside.status).toBe(422);
  expect(inside.json.errors).toEqual([{ path: 'url', code: 'refused_target', message: expect.stringContaining('10.0.0.7'), params: { reason: 'private', host: '10.0.0.7' } }]);
});

it('runs the built-in COCO detector through the job: people in the photo become Person boxes, as model predictions', async () => {
  const made = await api(server.url, 'POST', '/api/v1/models', {
    token: manager, body: { name: 'Detector', kind: 'builtin:coco-detect', version: 'centernet-1', mediaType: 'image', labelMap: { person: 'Person', car: 'Car' }, scoreThreshold: 0.15, projectIds: [project] },
  });
  expect(made.status).toBe(201);
  expect((await api(server.url, 'GET', `/api/v1/models/${made.json.id}/classes`, { token: manager })).json.classes).toContain('person');
  const run = await preannotate(made.json.id);
  expect(run).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
  const rows = await predictionsOf(made.json.id);
  const people = rows.filter((r: any) => r.label_id === 'person');
  expect(people.length).toBeGreaterThanOrEqual(3);
  for (const r of rows) {
    expect(r).toMatchObject({ source: 'model', model_version: 'centernet-1', geometry: { type: 'box' } });
    expect(r.score).toBeGreaterThanOrEqual(0.15);
    const g = r.geometry;
    expect(g.x).toBeGreaterThanOrEqual(-1);
    expect(g.y).toBeGreaterThanOrEqual(-1);
    expect(g.x + g.width).toBeLessThanOrEqual(W + 1);
    expect(g.y + g.height).toBeLessThanOrEqual(H + 1);
    // A person is a sizeable part of this photo, not a speck.
    if (r.label_id === 'person') expect(g.width * g.height).toBeGreaterThan(50 * 50);
  }
});

it('runs a Label Studio ML backend through the job: it fetches the image by its signed URL and its percent boxes land in pixels', async () => {
  const made = await api(server.url, 'POST', '/api/v1/models', {
    token: manager, body: { name: 'LS', kind: 'label-studio', version: '3', mediaType: 'image', url: lsUrl, labelMap: { Car: 'Car', Person: 'Person' }, scoreThreshold: 0.5, projectIds: [project] },
  });
  expect(made.status).toBe(201);
  // Its classes come from the server: /health, then /setup with the project's labelling config.
  const classes = await api(server.url, 'GET', `/api/v1/models/${made.json.id}/classes`, { token: manager });
  expect(classes.json).toEqual({ classes: ['Person', 'Car'], modelVersion: 'ls-3' });
  expect(lsSeen.find((s) => s.path === '/setup')!.body.schema).toContain('<Label value="Car"');

  const run = await preannotate(made.json.id);
  expect(run).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
  const predict = lsSeen.find((s) => s.path === '/predict')!;
  // An absolute link on PUBLIC_URL's origin, which the backend could open: the very photo.
  expect(predict.body.tasks[0].data.image.startsWith(`${server.url}/`)).toBe(true);
  expect(predict.fetched).toEqual({ status: 200, width: W, height: H });
  const rows = await predictionsOf(made.json.id);
  // The Person box scored under the threshold.
  expect(rows).toHaveLength(1);
  expect(rows[0].label_id).toBe('car');
  expect(rows[0].score).toBeCloseTo(0.8, 5);
  const g = rows[0].geometry;
  expect([g.x, g.y, g.width, g.height].map((v: number) => Math.round(v))).toEqual([128, Math.round(0.2 * H), 384, Math.round(0.4 * H)]);
});

it('takes an uploaded ONNX detector: a file that is not one is a 422, a real one runs through the job', async () => {
  const made = await api(server.url, 'POST', '/api/v1/models', {
    token: manager, body: { name: 'Yolo', kind: 'onnx-yolo', version: '8n', mediaType: 'image', options: { classes: ['person', 'car'] }, labelMap: { car: 'Car' }, projectIds: [project] },
  });
  expect(made.status).toBe(201);
  expect(made.json.file).toBeNull();
  const put = async (bytes: Uint8Array) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'model.onnx');
    const res = await fetch(`${server.url}/api/v1/models/${made.json.id}/file`, { method: 'PUT', body: form, headers: { authorization: `Bearer ${manager}` } });
    return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as any };
  };
  const bad = await put(Buffer.from('this is not an onnx model'));
  expect(bad.status).toBe(422);
  expect(bad.type).toMatch(/application\/problem\+json/);
  expect(bad.json.errors[0]).toMatchObject({ path: 'file', code: 'invalid_model' });
  // Three classes in the output, two in the model's list.
  const misfit = await put(tinyYoloV8Onnx([{ cx: 320, cy: 320, w: 100, h: 100, scores: [0, 1, 0] }]));
  expect(misfit.status).toBe(422);

  const onnx = tinyYoloV8Onnx([{ cx: 320, cy: 320, w: 64, h: 32, scores: [0.1, 0.9] }]);
  const good = await put(onnx);
  expect(good.status).toBe(200);
  expect(good.json.file).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: onnx.length });
  const run = await preannotate(made.json.id);
  expect(run).toMatchObject({ state: 'succeeded', counts: { total: 1, processed: 1, failed: 0 } });
  const rows = await predictionsOf(made.json.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ label_id: 'car', geometry: { type: 'box' } });
  // The letterbox's centre is the photo's centre; 64 input pixels are 2 photo pixels per input pixel (1280 / 640).
  const g = rows[0].geometry;
  expect(g.x + g.width / 2).toBeCloseTo(W / 2, 0);
  expect(g.width).toBeCloseTo(128, 0);
  const audit = await server.db.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id`, [made.json.id]);
  expect(audit.map((a: any) => a.action)).toEqual(['model.created', 'model.file_uploaded']);
});
