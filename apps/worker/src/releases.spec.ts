import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { openZip } from '@tessera/formats';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
/** The organisation's webhook receiver (real; the worker delivers), subscribed to release.ready. */
let receiver: Server;
const told: { event: string; data: Record<string, unknown> }[] = [];
let org: TestOrg;
let other: TestOrg;
let projectId: string;
const assets: string[] = [];
const ids: string[] = [];

const box = (x: number, labelId = 'car') => ({ id: randomUUID(), labelId, geometry: { type: 'box', x, y: 10, width: 20, height: 20, rotation: 0 }, attributes: {} });
let seq = 0;
const ops = (list: unknown[]) => ({ ops: list.map((op) => ({ ...(op as object), clientId: 'release-test', clientSeq: ++seq })) });

async function waitForRun(token: string, id: string) {
  for (let i = 0; i < 400; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token })).json;
    if (run.state === 'succeeded' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`release build still running:\n${server.logs()}`);
}

async function cut(token: string, body: Record<string, unknown>) {
  const res = await api(server.url, 'POST', `/api/v1/projects/${projectId}/releases`, { token, body });
  if (res.status !== 202) throw new Error(`${res.status} ${JSON.stringify(res.json)}\n${server.logs().slice(-3000)}`);
  const run = await waitForRun(token, res.json.jobRunId);
  expect(run.state).toBe('succeeded');
  return (await api(server.url, 'GET', `/api/v1/releases/${res.json.id}`, { token })).json;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c)).on('end', () => (told.push(JSON.parse(Buffer.concat(parts).toString())), res.writeHead(204).end()));
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  server = await startTestServer({ worker: true, env: { OUTBOUND_ALLOW_HOSTS: '127.0.0.1' } });
  org = await createOrgWithRoles(server.db, 'Release Org', 'release.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-release.test');
  const hook = await api(server.url, 'POST', '/api/v1/webhooks', {
    token: await server.tokenFor(org.users.owner.id, org.orgId),
    body: { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, events: ['release.ready'] },
  });
  expect(hook.status).toBe(201);
  const first = await createAnnotatableAsset(server.db, org, 'image');
  projectId = first.projectId;
  assets.push(first.assetId);
  for (let i = 0; i < 9; i++) {
    const [{ id }] = await server.db.query(`INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', $3, 'sha256/x', md5(random()::text), 1, 640, 480) RETURNING id`, [org.orgId, projectId, `img-${i}.jpg`]);
    assets.push(id);
  }
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  for (const [i, assetId] of assets.entries()) {
    const list = [box(10 + i), box(100 + i, i % 2 ? 'person' : 'car')];
    ids.push(...list.map((a) => a.id));
    expect((await api(server.url, 'POST', `/api/v1/assets/${assetId}/annotations/ops`, { token: manager, body: ops(list.map((annotation) => ({ type: 'create', annotation }))) })).json.results.every((r: { status: string }) => r.status === 'committed')).toBe(true);
  }
}, 60000);
afterAll(async () => {
  await server?.close();
  receiver?.close();
});

it('cuts numbered, immutable releases with a manifest, a datasheet, stratified splits and a diff against the last one', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const r1 = await cut(manager, { formats: ['coco', 'yolo-detect'], annotations: 'latest', splits: { seed: 7, train: 0.6, val: 0.2, test: 0.2 }, licence: 'CC-BY-4.0', description: 'Street scenes, first cut' });
  expect(r1).toMatchObject({ number: 1, state: 'ready', formats: ['coco', 'yolo-detect'], diff: { previous: null, added: { total: 20 } } });
  expect(r1.datasheet).toMatchObject({ licence: 'CC-BY-4.0', annotators: 1, schemaVersion: 1, deidentification: expect.stringMatching(/not applicable/) });
  expect(Object.values(r1.datasheet.assets).reduce((a: number, b) => a + (b as number), 0)).toBe(10);
  expect(Object.keys(r1.datasheet.assets).sort()).toEqual(['test', 'train', 'val']);
  // The archive is what the manifest says, file for file.
  const link = (await api(server.url, 'POST', `/api/v1/releases/${r1.id}/download`, { token: manager })).json;
  const bytes = Buffer.from(await (await fetch(`${server.url}${link.url}`)).arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(r1.file.sha256);
  const { tree } = await openZip(bytes);
  expect(tree.paths()).toEqual(expect.arrayContaining(['coco/annotations/instances_train.json', 'yolo-detect/data.yaml', 'datasheet.md', 'datasheet.json', 'diff.json', 'manifest.json', 'splits/train.txt']));
  for (const f of r1.manifest) {
    const content = Buffer.concat(await (await tree.open(f.path)).toArray());
    expect([f.path, createHash('sha256').update(content).digest('hex')]).toEqual([f.path, f.sha256]);
  }
  expect(r1.manifest.map((f: { path: string }) => f.path)).not.toContain('manifest.json');
  // The organisation's webhook hears of it once, with what a pipeline needs to fetch and check it.
  await server.until('release.ready', async () => told.some((b) => b.data.releaseId === r1.id));
  expect(told.filter((b) => b.data.releaseId === r1.id)).toEqual([expect.objectContaining({
    event: 'release.ready', data: { projectId, releaseId: r1.id, number: 1, name: r1.name, formats: ['coco', 'yolo-detect'], sha256: r1.file.sha256, size: r1.file.size },
  })]);
  // Built is built: the database refuses to change a release.
  await expect(server.db.query(`UPDATE releases SET name = 'changed' WHERE id = $1`, [r1.id])).rejects.toThrow(/cannot change/);

  // One object removed, one changed, one added; then release 2 says so, per label.
  await api(server.url, 'POST', `/api/v1/assets/${assets[0]}/annotations/ops`, { token: manager, body: ops([
    { type: 'delete', id: ids[0] },
    { type: 'update', id: ids[1], patch: { geometry: { type: 'box', x: 300, y: 30, width: 5, height: 5, rotation: 0 } } },
    { type: 'create', annotation: box(400, 'person') },
  ]) });
  const r2 = await cut(manager, { formats: ['coco'], annotations: 'latest', licence: 'CC-BY-4.0' });
  expect(r2).toMatchObject({ number: 2, diff: { previous: 1, added: { total: 1, byLabel: { Person: 1 } }, removed: { total: 1, byLabel: { Car: 1 } }, changed: { total: 1, byLabel: { Car: 1 } } } });
  expect(r2.datasheet.assets).toEqual({ default: 10 });
});

it('a consumer sees and downloads only what was granted, while the grant holds; every download is audited', async () => {
  const manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const consumer = await server.tokenFor(org.users.consumer.id, org.orgId);
  const [r1, r2] = (await api(server.url, 'GET', `/api/v1/projects/${projectId}/releases`, { token: manager })).json.items.sort((a: { number: number }, b: { number: number }) => a.number - b.number);
  expect((await api(server.url, 'GET', '/api/v1/me/releases', { token: consumer })).json.items).toEqual([]);
  expect((await api(server.url, 'POST', `/api/v1/releases/${r2.id}/grants`, { token: manager, body: { userId: org.users.consumer.id } })).status).toBe(201);
  expect((await api(server.url, 'GET', '/api/v1/me/releases', { token: consumer })).json.items.map((r: { number: number }) => r.number)).toEqual([2]);
  expect((await api(server.url, 'GET', `/api/v1/projects/${projectId}/releases`, { token: consumer })).json.items.map((r: { number: number }) => r.number)).toEqual([2]);
  expect((await api(server.url, 'GET', `/api/v1/releases/${r1.id}`, { token: consumer })).status).toBe(404);
  expect((await api(server.url, 'POST', `/api/v1/releases/${r1.id}/download`, { token: consumer })).status).toBe(404);
  const link = (await api(server.url, 'POST', `/api/v1/releases/${r2.id}/download`, { token: consumer })).json;
  const file = await fetch(`${server.url}${link.url}`);
  expect(file.status).toBe(200);
  expect(createHash('sha256').update(Buffer.from(await file.arrayBuffer())).digest('hex')).toBe(r2.file.sha256);
  const [audit] = await server.db.query(`SELECT actor_id, details FROM audit_events WHERE action = 'release.downloaded' AND resource_id = $1`, [r2.id]);
  expect(audit).toMatchObject({ actor_id: org.users.consumer.id, details: { number: 2 } });
  // A tampered link is refused; a revoked grant closes the link at once.
  expect((await fetch(`${server.url}${link.url.slice(0, -3)}AAA`)).status).toBe(403);
  expect((await api(server.url, 'DELETE', `/api/v1/releases/${r2.id}/grants/${org.users.consumer.id}`, { token: manager })).status).toBe(204);
  expect((await fetch(`${server.url}${link.url}`)).status).toBe(404);
  // An expiry in the past is refused; a grant that has lapsed shows nothing.
  expect((await api(server.url, 'POST', `/api/v1/releases/${r2.id}/grants`, { token: manager, body: { userId: org.users.consumer.id, expiresAt: '2020-01-01T00:00:00Z' } })).status).toBe(422);
  await server.db.query(`INSERT INTO release_grants (org_id, release_id, user_id, expires_at) VALUES ($1, $2, $3, now() - interval '1 minute')`, [org.orgId, r2.id, org.users.consumer.id]);
  expect((await api(server.url, 'GET', '/api/v1/me/releases', { token: consumer })).json.items).toEqual([]);
  // Another organisation reaches nothing.
  const stranger = await server.tokenFor(other.users.manager.id, other.orgId);
  expect((await api(server.url, 'GET', `/api/v1/releases/${r2.id}`, { token: stranger })).status).toBe(404);
  expect((await api(server.url, 'POST', `/api/v1/releases/${r2.id}/grants`, { token: stranger, body: { userId: other.users.consumer.id } })).status).toBe(404);
  expect((await api(server.url, 'POST', `/api/v1/projects/${projectId}/releases`, { token: consumer, body: { formats: ['coco'], licence: 'x' } })).status).toBe(403);
});
