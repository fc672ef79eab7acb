import * as tus from 'tus-js-client';
import { basename, join } from 'node:path';
import { syntheticSeries } from '@tessera/dicom';
import { api, createOrgWithRoles, filesUnder, startTestServer, type TestServer } from '@tessera/server/testing';

// A resumable upload rests on the API's disk between its chunks, for as long
// as the person takes to send the rest, or for ever if they never do: its
// bytes are sealed, a DICOM file's name is a stand-in, and an upload left
// unfinished expires.

let server: TestServer;
let manager: string;
let projectId: string;
const EXPIRY_MS = 2500;
const [slice] = syntheticSeries({ slices: 1, size: 64, studyUid: '3.3.3', seriesUid: '3.3.3.1' });
const IDENTIFYING = ['Roe^Jane', 'Roe', 'MRN-00042', 'Saint Example Hospital'];

beforeAll(async () => {
  server = await startTestServer({ worker: true, env: { RESUMABLE_UPLOAD_EXPIRY_MS: String(EXPIRY_MS), RESUMABLE_UPLOAD_SWEEP_MS: '200' } });
  const org = await createOrgWithRoles(server.db, 'Resume Org', 'resume.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  projectId = (await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'CT, resumed', mediaType: 'dicom' } })).json.id;
}, 60000);
afterAll(() => server?.close());

/** A real tus client, in 2 kB chunks; stops after `stopAfterChunks` if given. */
function upload(bytes: Buffer, opts: { uploadUrl?: string; stopAfterChunks?: number } = {}) {
  return new Promise<{ url: string | null; body: any }>((resolve, reject) => {
    let chunks = 0;
    const u: tus.Upload = new tus.Upload(bytes, {
      endpoint: `${server.url}/api/v1/uploads`,
      uploadUrl: opts.uploadUrl,
      chunkSize: 2048,
      retryDelays: [],
      headers: { Authorization: `Bearer ${manager}` },
      metadata: { projectId, filename: 'Roe^Jane.dcm' },
      onChunkComplete: () => {
        if (opts.stopAfterChunks && ++chunks === opts.stopAfterChunks) u.abort().then(() => resolve({ url: u.url, body: null }));
      },
      onSuccess: (payload) => resolve({ url: u.url, body: payload.lastResponse.getBody() ? JSON.parse(payload.lastResponse.getBody()) : null }),
      onError: reject,
    });
    u.start();
  });
}

/** What rests in the upload folder now, by file name. */
async function resting(): Promise<Map<string, Buffer>> {
  const files = await filesUnder(join(server.env.DATA_DIR, 'resumable'));
  return new Map([...files].map(([path, bytes]) => [basename(path), bytes]));
}
const offsetOf = async (url: string) =>
  fetch(url, { method: 'HEAD', headers: { Authorization: `Bearer ${manager}`, 'Tus-Resumable': '1.0.0' } });

it('keeps a half-sent upload sealed on disk, under a stand-in name, and finishes it like any upload', async () => {
  expect(slice.includes('Roe^Jane')).toBe(true);
  const first = await upload(slice, { stopAfterChunks: 2 });
  expect(Number((await offsetOf(first.url!)).headers.get('upload-offset'))).toBe(4096);
  const files = await resting();
  expect(files.size).toBeGreaterThan(0);
  for (const [name, bytes] of files) {
    for (const value of IDENTIFYING) expect(bytes.includes(value) ? `${name} holds ${value}` : 'clean').toBe('clean');
  }
  // The plaintext of the first 4 kB is nowhere, not even without its names.
  for (const [name, bytes] of files) expect(bytes.includes(slice.subarray(132, 400)) ? `${name} holds plaintext` : 'sealed').toBe('sealed');

  const done = await upload(slice, { uploadUrl: first.url! });
  expect(done.body).toMatchObject({ dicomFiles: 1, rejected: [] });
  for (let i = 0; i < 100; i++) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${done.body.dicomRunId}`, { token: manager })).json;
    if (run.state === 'succeeded') break;
    expect(run.state).not.toBe('failed');
    await new Promise((r) => setTimeout(r, 100));
  }
  const [asset] = (await api(server.url, 'GET', `/api/v1/projects/${projectId}/assets`, { token: manager })).json.items;
  expect(asset).toMatchObject({ status: 'ready', metadata: { instanceCount: 1 } });
  expect([...(await resting()).keys()].filter((n) => first.url!.endsWith(n.replace(/\.json$/, '')))).toEqual([]);
});

it('expires an upload nobody finishes', async () => {
  const abandoned = await upload(slice, { stopAfterChunks: 1 });
  const id = abandoned.url!.split('/').pop()!;
  expect([...(await resting()).keys()].filter((n) => n.startsWith(id)).length).toBeGreaterThan(0);
  const until = Date.now() + EXPIRY_MS + 5000;
  while (Date.now() < until && [...(await resting()).keys()].some((n) => n.startsWith(id))) await new Promise((r) => setTimeout(r, 200));
  expect([...(await resting()).keys()].filter((n) => n.startsWith(id))).toEqual([]);
  expect((await offsetOf(abandoned.url!)).status).toBe(404);
});

it('names a file sent resumably by the same stand-in as one sent in a form', async () => {
  const notDicom = Buffer.from('not a DICOM file at all');
  const form = new FormData();
  form.append('file', new Blob([notDicom]), 'Roe^Jane.dcm');
  const multipart = (await (await fetch(`${server.url}/api/v1/projects/${projectId}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } })).json()) as any;
  const resumable = await upload(notDicom);
  const refusedAs = async (runId: string) => {
    for (let i = 0; i < 100; i++) {
      const run = (await api(server.url, 'GET', `/api/v1/job-runs/${runId}`, { token: manager })).json;
      if (run.state === 'failed') return run.errors.map((e: any) => e.item);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} did not fail`);
  };
  const names = await refusedAs(multipart.dicomRunId);
  expect(names).toEqual([expect.stringMatching(/^file-[0-9a-f]{12}\.dcm$/)]);
  expect(await refusedAs(resumable.body.dicomRunId)).toEqual(names);
});
