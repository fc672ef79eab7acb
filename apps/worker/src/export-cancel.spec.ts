import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * Cancelling an export through a real worker: the run turns `cancelled` at
 * once, the worker stops at its next progress report, and neither a finished
 * nor a half-written archive is left in the blob store.
 */
let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let projectId: string;
let manager: string;
const IMAGES = 3000;
const PER_IMAGE = 60;

/** Every file under the blob store: the blobs themselves and the temporary files of writes in flight. */
async function blobFiles(): Promise<string[]> {
  const root = join(server.env.DATA_DIR, 'blobs');
  try {
    return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  } catch {
    return [];
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Cancel Org', 'cancel.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-cancel.test');
  projectId = (await createAnnotatableAsset(server.db, org, 'image')).projectId;
  // Enough boxes that the export is still writing when the cancel arrives (the worker reports progress every quarter second).
  await server.db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height)
     SELECT $1::uuid, $2::uuid, 'image', 'ready', 'frame-' || i || '.jpg', 'sha256/x', md5($2::text || i::text), 1, 1920, 1080 FROM generate_series(1, $3::int) i`,
    [org.orgId, projectId, IMAGES],
  );
  await server.db.query(`INSERT INTO annotation_sets (org_id, project_id, asset_id) SELECT org_id, project_id, id FROM assets WHERE project_id = $1 AND NOT EXISTS (SELECT 1 FROM annotation_sets s WHERE s.asset_id = assets.id)`, [projectId]);
  await server.db.query(
    `INSERT INTO annotations (id, org_id, set_id, kind, label_id, schema_version, geometry, attributes, source, version, created_by, updated_by, created_at, updated_at, last_seq)
     SELECT gen_random_uuid(), s.org_id, s.id, 'box', 'car', 1, jsonb_build_object('type', 'box', 'x', k * 7 % 1800, 'y', k * 11 % 1000, 'width', 20, 'height', 10, 'rotation', 0),
            '{}'::jsonb, 'human', 1, $2, $2, now(), now(), 0
       FROM annotation_sets s, generate_series(1, $3::int) k WHERE s.project_id = $1`,
    [projectId, org.users.manager.id, PER_IMAGE],
  );
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
}, 120000);
afterAll(() => server.close());

it('a cancelled export stops mid-way and leaves no file, whole or half-written', async () => {
  const before = await blobFiles();
  const started = await api(server.url, 'POST', `/api/v1/projects/${projectId}/exports`, { token: manager, body: { format: 'coco' } });
  expect(started.status).toBe(202);
  const id = started.json.id;
  const running = await until('the export under way', async () => {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token: manager })).json;
    return run.state === 'running' && run.counts.processed > 0 && run;
  });
  expect(running.counts.processed).toBeLessThan(running.counts.total);

  // Another organisation cannot reach the run; its starter can cancel it.
  const stranger = await server.tokenFor(other.users.owner.id, other.orgId);
  expect((await api(server.url, 'POST', `/api/v1/job-runs/${id}/cancel`, { token: stranger })).status).toBe(404);
  const cancelled = await api(server.url, 'POST', `/api/v1/job-runs/${id}/cancel`, { token: manager });
  expect(cancelled.status).toBe(200);
  expect(cancelled.json).toMatchObject({ id, state: 'cancelled', result: null });
  // Asking again changes nothing.
  expect((await api(server.url, 'POST', `/api/v1/job-runs/${id}/cancel`, { token: manager })).json.state).toBe('cancelled');

  // The worker notices at its next progress report and stops (BullMQ logs the job as ended by the cancel); its temporary file goes with it.
  await until('the worker to stop', async () => server.logs().includes(`job run ${id} was cancelled`));
  const after = (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token: manager })).json;
  expect(after).toMatchObject({ state: 'cancelled', result: null });
  expect(after.counts.processed).toBeLessThan(after.counts.total);
  expect(await blobFiles()).toEqual(before);
  const download = await api(server.url, 'GET', `/api/v1/job-runs/${id}/download`, { token: manager });
  expect(download.status).toBe(409);
  const [audit] = await server.db.query(`SELECT actor_id FROM audit_events WHERE action = 'job_run.cancelled' AND resource_id = $1`, [id]);
  expect(audit).toMatchObject({ actor_id: org.users.manager.id });
  // No retry picks it up again.
  await new Promise((r) => setTimeout(r, 1500));
  expect((await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token: manager })).json.state).toBe('cancelled');
}, 180000);

it('a finished run cannot be cancelled, nor a kind of run that must finish what it started', async () => {
  const small = await createAnnotatableAsset(server.db, org, 'image');
  const started = await api(server.url, 'POST', `/api/v1/projects/${small.projectId}/exports`, { token: manager, body: { format: 'yolo-detect' } });
  const done = await until('the small export', async () => {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${started.json.id}`, { token: manager })).json;
    return run.state === 'succeeded' && run;
  });
  const refused = await api(server.url, 'POST', `/api/v1/job-runs/${done.id}/cancel`, { token: manager });
  expect(refused.status).toBe(409);
  expect((await api(server.url, 'GET', `/api/v1/job-runs/${done.id}/download`, { token: manager })).status).toBe(200);

  const release = await api(server.url, 'POST', `/api/v1/projects/${small.projectId}/releases`, { token: manager, body: { formats: ['coco'], licence: 'CC0-1.0', annotations: 'latest' } });
  expect(release.status).toBe(202);
  const notCancellable = await api(server.url, 'POST', `/api/v1/job-runs/${release.json.jobRunId}/cancel`, { token: manager });
  expect(notCancellable.status).toBe(409);
  expect(notCancellable.json.detail).toMatch(/releases\.build run cannot be cancelled/);
});
