import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { erodeSegment, segmentFromVoxels, tokenize, type Rle } from '@tessera/quality';
import { api, startTestServer, type TestServer } from '@tessera/server/testing';

/**
 * Quality control must catch real mistakes. The demo data is loaded as `npm
 * run up` loads it (so its ground truth lands in DATA_DIR/seed-cache), gold
 * references are made from that truth, and an annotator hands in the truth
 * with one error injected per task: the quality job must flag each one, and
 * nothing on an untouched copy.
 */
let server: TestServer;
let manager: string;
let annotator: { id: string; token: string };
let orgId: string;
const root = join(__dirname, '../../..');
const run = (script: string) => spawnSync(process.execPath, [join(root, script)], { env: { ...server.env, TESSERA_DEMO_PASSWORD: 'demo-password' }, cwd: root, encoding: 'utf8' });
const projectOf = async (name: string) => (await server.db.query(`SELECT id FROM projects WHERE name = $1`, [name]))[0].id as string;
const call = (token: string, method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token, body });
const truth = async (projectId: string, file: string) => JSON.parse(await readFile(join(server.env.DATA_DIR, 'seed-cache', projectId, file), 'utf8'));

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, seconds = 240): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen in ${seconds} s\n${server.logs()}`);
}

type Draft = { labelId: string; geometry: Record<string, unknown>; attributes?: Record<string, unknown> };
let seq = 0;
const creates = (items: Draft[]) => items.map((a) => ({ type: 'create', clientId: 'injected-errors', clientSeq: ++seq, annotation: { id: randomUUID(), attributes: {}, ...a } }));

async function commitAll(path: string, token: string, items: Draft[]) {
  for (const ops of [creates(items)]) {
    const res = await call(token, 'POST', path, { ops });
    expect(res.status).toBe(200);
    const refused = res.json.results.filter((r: any) => r.status !== 'committed');
    expect(refused).toEqual([]);
  }
}

/** A gold asset (its reference in the working set), and a gold task on it that the annotator hands in as `submitted`. */
async function goldTask(projectId: string, assetId: string, reference: Draft[], submitted: Draft[]) {
  await commitAll(`/assets/${assetId}/annotations/ops`, manager, reference);
  expect((await call(manager, 'PUT', `/assets/${assetId}/gold`, { gold: true })).status).toBe(200);
  const [{ id: batchId }] = await server.db.query(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'injected errors', 1) RETURNING id`, [orgId, projectId]);
  const [{ id: taskId }] = await server.db.query(
    `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, assignee_id, is_gold) VALUES ($1, $2, $3, $4, 'annotate', 'in_progress', $5, true) RETURNING id`,
    [orgId, projectId, batchId, assetId, annotator.id]);
  await commitAll(`/tasks/${taskId}/annotations/ops`, annotator.token, submitted);
  const res = await call(annotator.token, 'POST', `/tasks/${taskId}/submit`);
  expect(res.status).toBe(200);
  return taskId as string;
}

async function findings(taskId: string) {
  await until(`the gold score of ${taskId}`, async () => (await server.db.query(`SELECT 1 FROM quality_task_results WHERE task_id = $1 AND metric = 'gold'`, [taskId])).length);
  const q = await call(manager, 'GET', `/tasks/${taskId}/quality`);
  expect(q.status).toBe(200);
  return q.json.gold.findings as { kind: string; refId?: string; otherId?: string; hd95?: number; dice?: number }[];
}

const kinds = (f: { kind: string }[]) => f.map((x) => x.kind).sort();

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  expect(run('dist/seeds/seed.js').stderr).toBe('');
  const loaded = run('dist/seeds/load.js');
  expect(loaded.stderr).toBe('');
  const [m] = await server.db.query(`SELECT u.id, m.org_id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = 'manager@demo.local'`);
  orgId = m.org_id;
  manager = await server.tokenFor(m.id, orgId);
  const [a] = await server.db.query(`SELECT id FROM users WHERE email = 'annotator1@demo.local'`);
  annotator = { id: a.id, token: await server.tokenFor(a.id, orgId) };
}, 420000);
afterAll(() => server?.close());

describe('street scenes: boxes and polygons from the seeded truth', () => {
  let projectId: string;
  let images: { id: string; name: string }[];
  let scenes: { file: string; objects: { label: string; box: { x: number; y: number; w: number; h: number }; polygon?: [number, number][]; attributes: Record<string, unknown> }[] }[];
  const drafts = (objects: (typeof scenes)[number]['objects']): Draft[] => objects.map((o) => o.label === 'traffic-sign'
    ? { labelId: o.label, geometry: { type: 'polygon', points: o.polygon }, attributes: o.attributes }
    : { labelId: o.label, geometry: { type: 'box', x: o.box.x, y: o.box.y, width: o.box.w, height: o.box.h }, attributes: o.attributes });
  const scene = (i: number) => ({ asset: images.find((a) => a.name === scenes[i].file)!, reference: drafts(scenes[i].objects) });

  beforeAll(async () => {
    projectId = await projectOf('Street scenes');
    scenes = (await truth(projectId, 'street-scenes.truth.json')).images;
    images = await until('24 ready images', async () => {
      const list = (await call(manager, 'GET', `/projects/${projectId}/assets?limit=100`)).json;
      return list.counts.ready === 24 && list.items;
    });
  }, 300000);

  it('finds nothing on an untouched copy of the truth', async () => {
    const { asset, reference } = scene(0);
    expect(await findings(await goldTask(projectId, asset.id, reference, reference))).toEqual([]);
  });

  it('flags a wrong label', async () => {
    const { asset, reference } = scene(1);
    const i = reference.findIndex((d) => d.labelId === 'car');
    const wrong = reference.map((d, k) => (k === i ? { ...d, labelId: 'cyclist', attributes: {} } : d));
    const f = await findings(await goldTask(projectId, asset.id, reference, wrong));
    expect(kinds(f)).toEqual(['wrong_label']);
  });

  it('flags a box shifted to IoU < 0.5: missed where it was, extra where it went', async () => {
    const { asset, reference } = scene(2);
    const i = reference.findIndex((d) => d.geometry.type === 'box' && (d.geometry.width as number) > 20);
    const g = reference[i].geometry as { x: number; width: number };
    // Moved by 0.7 of its width (IoU 0.3/1.7 ≈ 0.18), towards whichever side has room.
    const dx = g.x + 1.7 * g.width < 950 ? 0.7 * g.width : -0.7 * g.width;
    const shifted = reference.map((d, k) => (k === i ? { ...d, geometry: { ...d.geometry, x: g.x + dx } } : d));
    expect(kinds(await findings(await goldTask(projectId, asset.id, reference, shifted)))).toEqual(['extra', 'missed']);
  });

  it('flags a missed object and an extra one', async () => {
    const { asset, reference } = scene(3);
    const dropped = reference.slice(1);
    const extra: Draft = { labelId: 'cyclist', geometry: { type: 'box', x: 2, y: 2, width: 12, height: 12 } };
    const f = await findings(await goldTask(projectId, asset.id, reference, [...dropped, extra]));
    expect(kinds(f)).toEqual(['extra', 'missed']);
  });
});

describe('news entities: a span off by one token', () => {
  it('flags the span on its boundary', async () => {
    const projectId = await projectOf('News entities');
    const docs = (await truth(projectId, 'news.spans.json')).documents as { id: string; spans: { start: number; end: number; label: string }[] }[];
    const assets = await until('30 ready texts', async () => {
      const list = (await call(manager, 'GET', `/projects/${projectId}/assets?limit=100`)).json;
      return list.counts.ready === 30 && list.items;
    });
    // news.jsonl:1 is the first record, the first document.
    const asset = assets.find((a: any) => a.name === 'news.jsonl:1');
    const doc = docs.find((d) => d.id === asset.metadata.fields.id)!;
    const spans = doc.spans.filter((s) => s.label !== 'email');
    const reference: Draft[] = spans.map((s) => ({ labelId: s.label, geometry: { type: 'span', start: s.start, end: s.end } }));
    const text = (await api(server.url, 'GET', `/api/v1/assets/${asset.id}/content`, { token: manager })).text;
    const tokens = tokenize(text);
    const nextToken = tokens.find((t) => t.start >= spans[0].end)!;
    const offByOne = reference.map((d, k) => (k === 0 ? { ...d, geometry: { type: 'span', start: spans[0].start, end: nextToken.end } } : d));
    const f = await findings(await goldTask(projectId, asset.id, reference, offByOne));
    expect(kinds(f)).toEqual(['boundary']);
  });
});

describe('liver CT: a segment eroded by 2 voxels', () => {
  it('flags the segment on its boundary: HD95 over the project\'s limit', async () => {
    const projectId = await projectOf('Liver CT');
    const layout = await truth(projectId, 'liver-ct.truth.json');
    const series = await until('the CT series ready', async () => {
      const [s] = (await call(manager, 'GET', `/projects/${projectId}/assets`)).json.items;
      return s?.status === 'ready' && s.metadata.instanceCount === layout.slices && s;
    });
    const { size, slices } = layout;
    const l = layout.phantom.liver;
    const liver = segmentFromVoxels(size, size, slices, (x, y, z) => {
      const t = z / (slices - 1);
      if (t < l.z[0] || t > l.z[1]) return false;
      const k = 1 - 0.6 * ((t - l.z[0]) / (l.z[1] - l.z[0])) ** 2;
      return ((x - l.cx) / (l.rx * k)) ** 2 + ((y - l.cy) / (l.ry * k)) ** 2 <= 1;
    });
    const eroded = erodeSegment(liver, size, size, slices, 2);
    const seg = (s: Record<string, Rle>): Draft => ({ labelId: 'liver', geometry: { type: 'segment', slices: s } });
    const f = await findings(await goldTask(projectId, series.id, [seg(liver)], [seg(eroded)]));
    expect(kinds(f)).toEqual(['boundary']);
    expect(f[0].hd95).toBeGreaterThan(3);
  }, 120000);
});
