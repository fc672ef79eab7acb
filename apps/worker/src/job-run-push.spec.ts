import sharp from 'sharp';
import type { JobRunUpdate } from '@tessera/contracts';
import { connected, createOrgWithRoles, request, startTestServer, syncSocket, type TestOrg, type TestServer, type TestSocket } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Push Org', 'push.test');
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

async function watcher(role: 'manager' | 'annotator' | 'admin') {
  const s = syncSocket(server.url, await server.tokenFor(org.users[role].id, org.orgId));
  sockets.push(s);
  await connected(s);
  expect(await request(s, 'jobs:watch', {})).toEqual({ ok: true });
  const seen: JobRunUpdate[] = [];
  s.on('job-run', (r) => seen.push(r));
  return seen;
}

it('pushes a run’s progress to its starter and the organisation’s staff, and to nobody else', async () => {
  const manager = await watcher('manager');
  const admin = await watcher('admin');
  const annotator = await watcher('annotator');
  const token = await server.tokenFor(org.users.manager.id, org.orgId);
  const [{ id: projectId }] = await server.db.query(`INSERT INTO projects (org_id, name, media_type, workflow) VALUES ($1, 'push', 'image', '{}') RETURNING id`, [org.orgId]);
  await server.db.query(`INSERT INTO label_schema_versions (project_id, org_id, version, schema) VALUES ($1, $2, 1, '{"labels":[]}')`, [projectId, org.orgId]);
  const form = new FormData();
  for (let i = 0; i < 4; i++) {
    const png = await sharp({ create: { width: 32 + i, height: 32, channels: 3, background: { r: 10 * i, g: 0, b: 0 } } }).png().toBuffer();
    form.append('file', new Blob([png]), `p${i}.png`);
  }
  const res = await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const { jobRunId } = (await res.json()) as { jobRunId: string };
  const deadline = Date.now() + 30000;
  while (!manager.some((r) => r.id === jobRunId && r.state === 'succeeded')) {
    if (Date.now() > deadline) throw new Error(`no pushed success; saw ${JSON.stringify(manager)}\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const last = manager.filter((r) => r.id === jobRunId).at(-1)!;
  expect(last).toMatchObject({ type: 'assets.ingest', state: 'succeeded', progress: 1, counts: { total: 4, processed: 4, failed: 0 } });
  await new Promise((r) => setTimeout(r, 300));
  expect(admin.some((r) => r.id === jobRunId)).toBe(true);
  expect(annotator).toEqual([]);
});
