import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { T, parsePart10, str } from '@tessera/dicom';
import { api, startTestServer, type TestServer } from '@tessera/server/testing';
import { CT_PATIENT } from './liver-ct';
import { newsCorpus } from './news-corpus';
import { streetScenes } from './street-scenes';

// What `npm run up` does after migrating: dist/seeds/seed.js (accounts, projects), then, with api and worker up, dist/seeds/load.js.
let server: TestServer;
let token: string;
const root = join(__dirname, '../..');
const run = (script: string) => spawnSync(process.execPath, [join(root, script)], { env: { ...server.env, TESSERA_DEMO_PASSWORD: 'demo-password' }, cwd: root, encoding: 'utf8' });
const projectId = async (name: string) => (await server.db.query(`SELECT id FROM projects WHERE name = $1`, [name]))[0].id as string;
const assets = async (name: string) => (await api(server.url, 'GET', `/api/v1/projects/${await projectId(name)}/assets?limit=500`, { token })).json;

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 120): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen in ${seconds} s\n${server.logs()}`);
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  const seeded = run('dist/seeds/seed.js');
  expect(seeded.stderr).toBe('');
  const [manager] = await server.db.query(`SELECT u.id, m.org_id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = 'manager@demo.local'`);
  token = await server.tokenFor(manager.id, manager.org_id);
}, 60000);
afterAll(() => server?.close());

it('uploads the generated images, texts and CT series through the API, and the worker makes them ready', async () => {
  const loaded = run('dist/seeds/load.js');
  expect(loaded.stderr).toBe('');
  expect(loaded.stdout).toMatch(/Street scenes: 24 files uploaded/);
  expect(loaded.stdout).toMatch(/News entities: 1 file uploaded/);
  expect(loaded.stdout).toMatch(/Liver CT: 120 files uploaded/);

  const scenes = streetScenes();
  const images = await until('24 ready images', async () => {
    const list = await assets('Street scenes');
    return list.counts.ready === 24 ? list : undefined;
  });
  for (const s of scenes) {
    expect(images.items.find((a: any) => a.name === s.file)).toMatchObject({ kind: 'image', status: 'ready', width: s.width, height: s.height, hasThumbnail: true });
  }

  const { documents, truth } = newsCorpus();
  const texts = await until('30 ready texts', async () => {
    const list = await assets('News entities');
    return list.counts.ready === 30 ? list : undefined;
  });
  // Spans made on the generated text still fit what ingest stored.
  const first = texts.items.find((a: any) => a.name === 'news.jsonl:2');
  expect(first.metadata.fields).toMatchObject({ id: 'news-002', lang: 'zh' });
  const stored = (await api(server.url, 'GET', `/api/v1/assets/${first.id}/content`, { token })).text;
  expect(stored).toBe(documents[1].text);
  for (const s of truth[1].spans) expect(stored.slice(s.start, s.end)).toBe(s.text);

  const ct = await until('a CT series of 120 ready instances', async () => {
    const [series] = (await assets('Liver CT')).items;
    return series?.status === 'ready' && series.metadata.instanceCount === 120 ? series : undefined;
  }, 240);
  expect(ct).toMatchObject({ kind: 'dicom', width: 512, height: 512, hasThumbnail: true, metadata: { modality: 'CT', volume: true } });
  const instances = (await api(server.url, 'GET', `/api/v1/assets/${ct.id}/instances`, { token })).json.items;
  expect(instances.length).toBeGreaterThanOrEqual(100);
  const one = await fetch(`${server.url}/api/v1/assets/${ct.id}/instances/${instances[60].id}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await one.arrayBuffer());
  const d = parsePart10(bytes).dataset;
  expect(str(d.get(T.PatientIdentityRemoved))).toBe('YES');
  expect(str(d.get(T.PatientName))).toBe('');
  for (const value of [CT_PATIENT.patientName, CT_PATIENT.patientId, CT_PATIENT.patientBirthDate, CT_PATIENT.institutionName, 'John Doe']) expect(bytes.includes(value)).toBe(false);

  // The ground truth is kept beside the data for later QC work; the raw DICOM is not.
  const cache = join(server.env.DATA_DIR, 'seed-cache');
  const truthFile = JSON.parse(await readFile(join(cache, await projectId('Street scenes'), 'street-scenes.truth.json'), 'utf8'));
  expect(truthFile.images).toHaveLength(24);
  expect(truthFile.images[0]).toMatchObject({ file: scenes[0].file, objects: JSON.parse(JSON.stringify(scenes[0].objects)) });
  expect(await readdir(join(cache, await projectId('Liver CT')))).toEqual(['liver-ct.truth.json']);

  // Once in, each project's data waits in its pool, so an annotator can take work straight away.
  for (const [name, assetCount] of [['Street scenes', 24], ['News entities', 30], ['Liver CT', 1]] as const) {
    const { items } = (await api(server.url, 'GET', `/api/v1/projects/${await projectId(name)}/batches`, { token })).json;
    expect(items).toEqual([expect.objectContaining({ name: 'Demo batch', assetCount })]);
  }
  expect(loaded.stdout).toMatch(/demo work: Street scenes: 24 assets in the pool as "Demo batch"/);
  const [annotator] = await server.db.query(`SELECT u.id, m.org_id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = 'annotator1@demo.local'`);
  const next = await api(server.url, 'POST', `/api/v1/projects/${await projectId('Street scenes')}/tasks/next`, { token: await server.tokenFor(annotator.id, annotator.org_id), body: {} });
  expect(next.json).toMatchObject({ stage: 'annotate', state: 'assigned' });
}, 360000);

it('leaves projects that have data alone when run again', async () => {
  const before = (await server.db.query(`SELECT count(*)::int AS n FROM assets`))[0].n;
  const again = run('dist/seeds/load.js');
  expect(again.stderr).toBe('');
  expect(again.stdout).toMatch(/Street scenes, News entities, Liver CT already had data/);
  expect(again.stdout).not.toMatch(/demo work/);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM assets`))[0].n).toBe(before);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM batches`))[0].n).toBe(3);
});
