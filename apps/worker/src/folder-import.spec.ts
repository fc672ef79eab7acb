import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let manager: string;
let projectId: string;
let root: string;
let outside: string;

const png = (colour: string) => sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).png().toBuffer();
const importIt = (body: unknown, token = manager) => api(server.url, 'POST', `/api/v1/projects/${projectId}/imports`, { token, body });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tessera-root-'));
  outside = await mkdtemp(join(tmpdir(), 'tessera-outside-'));
  await mkdir(join(root, 'shoot/day1'), { recursive: true });
  await writeFile(join(root, 'shoot/a.png'), await png('#111111'));
  await writeFile(join(root, 'shoot/day1/b.png'), await png('#222222'));
  await writeFile(join(root, 'shoot/day1/c.png'), await png('#333333'));
  await writeFile(join(root, 'shoot/.hidden.png'), await png('#444444'));
  await writeFile(join(root, 'shoot/notes.pdf'), '%PDF-1.4 not an image');
  await writeFile(join(outside, 'secret.png'), await png('#ff0000'));
  await symlink(outside, join(root, 'shoot/escape'));
  await symlink(join(outside, 'secret.png'), join(root, 'shoot/secret-link.png'));
  server = await startTestServer({ worker: true, env: { IMPORT_ROOTS: root } });
  org = await createOrgWithRoles(server.db, 'Import Org', 'import.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Imported', mediaType: 'image' } })).json.id;
}, 60000);
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

it('lists the allowlisted roots', async () => {
  expect((await api(server.url, 'GET', '/api/v1/imports/roots', { token: manager })).json).toEqual({ roots: [root], s3Endpoints: [] });
});

it('counts what a dry run would bring in, and takes nothing', async () => {
  const res = await importIt({ source: { type: 'folder', path: 'shoot' }, dryRun: true });
  expect(res.status).toBe(200);
  // Hidden files and symlinks are not followed; a PDF is counted too — ingest, not the walk, judges bytes.
  expect(res.json).toEqual({ dryRun: true, files: 4, bytes: expect.any(Number), byExtension: { '.png': 3, '.pdf': 1 }, skipped: 0, truncated: false, sample: ['a.png', 'notes.pdf', 'day1/b.png', 'day1/c.png'] });
  expect((await server.db.query(`SELECT count(*)::int AS n FROM assets`))[0].n).toBe(0);
});

it('imports through the worker, then ingests', async () => {
  const res = await importIt({ source: { type: 'folder', path: join(root, 'shoot') } });
  expect(res.status).toBe(202);
  let run: any;
  for (let i = 0; i < 200 && !['succeeded', 'failed'].includes(run?.state); i++) {
    await new Promise((r) => setTimeout(r, 100));
    run = (await api(server.url, 'GET', `/api/v1/job-runs/${res.json.jobRunId}`, { token: manager })).json;
  }
  expect(run).toMatchObject({ state: 'succeeded', counts: { processed: 1 } });
  expect(run.errors[0].message).toMatch(/^4 new files, 0 already here/);
  const ingestRun = /ingest run ([0-9a-f-]{36})/.exec(run.errors[0].message)![1];
  for (let i = 0; i < 200 && !['succeeded', 'failed'].includes(run.state) || run.id !== ingestRun; i++) {
    await new Promise((r) => setTimeout(r, 100));
    run = (await api(server.url, 'GET', `/api/v1/job-runs/${ingestRun}`, { token: manager })).json;
  }
  expect(run).toMatchObject({ state: 'succeeded', counts: { total: 4, processed: 3, failed: 1 } });
  const names = (await api(server.url, 'GET', `/api/v1/projects/${projectId}/assets`, { token: manager })).json.items.map((a: any) => a.name).sort();
  expect(names).toEqual(['a.png', 'b.png', 'c.png', 'notes.pdf']);
});

it.each([
  ['a path that climbs out', '../' ],
  ['an absolute path outside every root', '/etc'],
  ['a symlink out of the root', 'shoot/escape'],
  ['a folder that does not exist', 'nope'],
])('refuses %s with 403 and starts nothing', async (_what, path) => {
  const before = (await server.db.query(`SELECT count(*)::int AS n FROM job_runs`))[0].n;
  const res = await importIt({ source: { type: 'folder', path }, dryRun: false });
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM job_runs`))[0].n).toBe(before);
});

it('is for those who run projects', async () => {
  const provider = await server.tokenFor(org.users.provider.id, org.orgId);
  expect((await importIt({ source: { type: 'folder', path: 'shoot' }, dryRun: true }, provider)).status).toBe(403);
});
