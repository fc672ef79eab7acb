import { labelSchemaDefinition } from '@tessera/contracts';
import { EnglishEntities } from '@tessera/ml';
import { mapPredictions } from '@tessera/server/preannotation';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * The worker is killed (SIGKILL: no shutdown hooks, no lock released) in the
 * middle of a pre-annotation run; a new worker takes over the jobs whose locks
 * lapse, and the run ends with every asset's predictions made once: as many as
 * the model makes on the documents, no asset predicted twice.
 */
let server: TestServer;
let org: TestOrg;
let manager: string;
const DOCS = 120;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PEOPLE = ['Angela Merkel', 'Tim Cook', 'Maria Garcia', 'John Smith', 'Barack Obama', 'Emmanuel Macron'];
const PLACES = ['Berlin', 'Paris', 'Madrid', 'London', 'Tokyo', 'Chicago'];
/** A news-like document of about 1 kB: real sentences with people and places the model finds. */
function doc(i: number): string {
  const out: string[] = [];
  for (let k = 0; out.join(' ').length < 1000; k++) {
    const p = PEOPLE[(i + k) % PEOPLE.length];
    const q = PLACES[(i * 3 + k) % PLACES.length];
    out.push(k % 2 ? `${p} arrived in ${q} on Monday to meet officials.` : `Reporters in ${q} asked ${p} about the budget for item ${i}.`);
  }
  return out.join(' ');
}
const SCHEMA = { labels: [{ id: 'per', name: 'Person', color: '#f5222d', tools: ['span'] }, { id: 'loc', name: 'Place', color: '#52c41a', tools: ['span'] }] };
const LABEL_MAP = { person: 'per', place: 'loc' };

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 120000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs()}`);
    await wait(30);
  }
}

beforeAll(async () => {
  // Short job locks, so the new worker takes over the dead one's jobs in seconds rather than a minute.
  server = await startTestServer({ worker: true, env: { JOB_LOCK_MS: '2000' } });
  org = await createOrgWithRoles(server.db, 'Crash Models Org', 'crash-models.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
}, 60000);
afterAll(() => server?.close());

it('resumes a pre-annotation run after the worker is killed, and makes no prediction twice', async () => {
  const projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Wire', mediaType: 'text', labelSchema: SCHEMA } })).json.id;
  const form = new FormData();
  for (let i = 0; i < DOCS; i++) form.append('file', new Blob([Buffer.from(doc(i))]), `wire-${String(i).padStart(3, '0')}.txt`);
  const up = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
  expect(up.status).toBe(202);
  const ingest = ((await up.json()) as { jobRunId: string }).jobRunId;
  await eventually(async () => (await api(server.url, 'GET', `/api/v1/job-runs/${ingest}`, { token: manager })).json.state === 'succeeded', 'ingest');

  const model = await api(server.url, 'POST', '/api/v1/models', { token: manager, body: { name: 'Wire entities', kind: 'ner-en', version: '1', mediaType: 'text', labelMap: LABEL_MAP, projectIds: [projectId] } });
  expect(model.status).toBe(201);
  const started = await api(server.url, 'POST', `/api/v1/projects/${projectId}/preannotations`, { token: manager, body: { modelId: model.json.id } });
  expect(started.status).toBe(202);
  const runId = started.json.id as string;
  const counts = async () => (await server.db.query(`SELECT state, counts FROM job_runs WHERE id = $1`, [runId]))[0];

  const atKill = await eventually(async () => {
    const r = await counts();
    return r.state === 'running' && r.counts.processed >= 4 && r.counts.processed < DOCS - 16 && r;
  }, 'the run to be under way');
  const dead = server.worker!;
  dead.kill('SIGKILL');
  await new Promise((resolve) => dead.once('exit', resolve));
  // Otherwise the test would prove nothing about recovery.
  const afterKill = await counts();
  expect(afterKill.state).toBe('running');
  expect(afterKill.counts.processed).toBeLessThan(DOCS);
  expect(atKill.counts.processed).toBeGreaterThan(0);

  await server.startWorker();
  const run = await eventually(async () => {
    const r = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
    return ['succeeded', 'failed'].includes(r.state) && r;
  }, 'the run to finish after the restart');
  expect(run).toMatchObject({ state: 'succeeded', counts: { total: DOCS, processed: DOCS, failed: 0 } });

  // What the model makes on these documents, worked out here with the same backend and mapping.
  const schema = labelSchemaDefinition.parse(SCHEMA);
  const ner = new EnglishEntities();
  let expected = 0;
  for (let i = 0; i < DOCS; i++) {
    const predictions = await ner.predict({ media: 'text', text: doc(i) }, { scoreThreshold: 0.5, maxObjects: 100 });
    expected += mapPredictions(predictions, { label_map: LABEL_MAP, score_threshold: 0.5, max_objects: 100 }, schema).kept.length;
  }
  expect(expected).toBeGreaterThan(DOCS);
  const rows = await server.db.query(
    `SELECT s.asset_id, n.label_id, n.geometry->>'start' AS start, n.geometry->>'end' AS "end" FROM annotations n JOIN annotation_sets s ON s.id = n.set_id
      WHERE s.project_id = $1 AND n.source = 'model'`, [projectId]);
  expect(rows).toHaveLength(expected);
  // No span predicted twice on one document.
  expect(new Set(rows.map((r: any) => `${r.asset_id}/${r.label_id}/${r.start}/${r.end}`)).size).toBe(rows.length);
  // Each create went into the op log once, and each prediction is recorded once for the model's version.
  const [{ ops }] = await server.db.query(`SELECT count(*)::int AS ops FROM annotation_ops WHERE client_id = $1 AND type = 'create'`, [`pa-${runId}`]);
  expect(ops).toBe(expected);
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM model_predictions WHERE model_id = $1 AND superseded_at IS NULL`, [model.json.id]);
  expect(n).toBe(expected);
  // One run, not started over as a new one.
  expect((await server.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE org_id = $1 AND type = 'preannotate.run'`, [org.orgId]))[0].n).toBe(1);
}, 300000);
