/**
 * A deflated-DICOM bomb (issue 14, hole 5): a few hundred kilobytes that inflate past the limit are
 * refused while inflating, as too costly, once: the file is the problem, so no attempt is repeated.
 */
import { deflateBomb } from '@tessera/dicom';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
}, 60000);
afterAll(() => server.close());

it('refuses a deflated file that inflates past the limit as too costly, in one attempt', async () => {
  const org = await createOrgWithRoles(server.db, 'Bomb Org', 'bomb.test');
  const token = await server.tokenFor(org.users.manager.id, org.orgId);
  const project = (await api(server.url, 'POST', '/api/v1/projects', { token, body: { name: 'Scans', mediaType: 'dicom' } })).json;
  const bomb = await deflateBomb(300 * 1024 * 1024);
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
  const form = new FormData();
  form.append('file', new Blob([bomb]), 'scan.dcm');
  const uploaded = (await (await fetch(`${server.url}/api/v1/projects/${project.id}/assets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } })).json()) as { dicomRunId: string };
  let run: any;
  for (let i = 0; i < 300; i++) {
    run = (await api(server.url, 'GET', `/api/v1/job-runs/${uploaded.dicomRunId}`, { token })).json;
    if (run.state === 'succeeded' || run.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(run).toMatchObject({ state: 'failed', counts: { total: 1, processed: 0, failed: 1 }, attempts: 0 });
  expect(run.errors).toEqual([expect.objectContaining({ code: 'dicom.too_complex', message: expect.stringMatching(/inflates to more than 256 MiB/) })]);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM assets WHERE project_id = $1`, [project.id]))[0].n).toBe(0);
});
