import { createHash } from 'node:crypto';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  org = await createOrgWithRoles(server.db, 'Audit Org', 'audit.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other-audit.test');
  // 2,500 events in range, some outside it, some of another organisation, and cells a spreadsheet would run.
  await server.db.query(
    `INSERT INTO audit_events (org_id, at, actor_email, action, resource_type, details)
     SELECT $1, timestamptz '2026-03-01' + (i || ' minutes')::interval, 'someone@audit.test', 'test.event', 'thing', jsonb_build_object('i', i)
       FROM generate_series(1, 2500) i`,
    [org.orgId],
  );
  await server.db.query(`INSERT INTO audit_events (org_id, at, action, resource_type) VALUES ($1, '2025-01-01', 'too.early', 'thing')`, [org.orgId]);
  await server.db.query(`INSERT INTO audit_events (org_id, at, action, resource_type) VALUES ($1, '2026-03-01T10:00:00Z', 'other.org', 'thing')`, [other.orgId]);
  await server.db.query(`INSERT INTO audit_events (org_id, at, actor_email, action, resource_type) VALUES ($1, '2026-03-02', '=HYPERLINK("http://evil")', 'test.formula', 'a,"quoted"\nthing')`, [org.orgId]);
  // Where the list separator is `;` (most of Europe), a spreadsheet splits this unquoted cell there: the second part is a formula.
  await server.db.query(`INSERT INTO audit_events (org_id, at, actor_email, action, resource_type) VALUES ($1, '2026-03-02', 'mallory@x.test;=cmd|'' /C calc''!A0', 'test.formula', 'x; +1+1;-2;@SUM(A1)')`, [org.orgId]);
}, 60000);
afterAll(() => server.close());

async function waitForRun(token: string, id: string, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  const seen: number[] = [];
  for (;;) {
    const run = (await api(server.url, 'GET', `/api/v1/job-runs/${id}`, { token })).json;
    seen.push(run.progress);
    if (run.state === 'succeeded' || run.state === 'failed') return { run, seen };
    if (Date.now() > deadline) throw new Error(`job run still ${run.state}:\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('exports a date range as CSV through a real worker, with progress and a checksummed download', async () => {
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' } });
  expect(started.status).toBe(202);
  expect(started.json).toMatchObject({ type: 'audit.export', state: 'queued' });

  const { run } = await waitForRun(auditor, started.json.id);
  // 2,500 seeded events, the two formula rows, and the export request itself.
  expect(run).toMatchObject({ state: 'succeeded', progress: 1, counts: { total: 2503, processed: 2503 } });
  expect(run.result).toMatchObject({ fileName: 'audit-log-2026-01-01-to-2026-12-31.csv', contentType: 'text/csv; charset=utf-8' });
  expect(run.result.blobKey).toBeUndefined();

  const file = await fetch(`${server.url}/api/v1/job-runs/${run.id}/download`, { headers: { authorization: `Bearer ${auditor}` } });
  expect(file.status).toBe(200);
  expect(file.headers.get('content-disposition')).toMatch(/attachment; filename="audit-log-2026-01-01-to-2026-12-31.csv"/);
  const bytes = Buffer.from(await file.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.result.sha256);
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('id,at,actor_id,actor_email,action,resource_type,resource_id,ip,user_agent,request_id,api_token_id,details');
  expect(text).not.toMatch(/too\.early|other\.org/);
  // A formula is defused and quoting survives commas, quotes and newlines.
  expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  expect(text).toContain('"a,""quoted""\nthing"');
  // Defused after a `;` too, and quoted, so no locale splits the cell at all.
  expect(text).toContain(`"mallory@x.test;'=cmd|' /C calc'!A0"`);
  expect(text).toContain(`"x; '+1+1;-2;'@SUM(A1)"`);
  expect(lines.filter((l) => l.includes('test.event'))).toHaveLength(2500);
});

it("another organisation cannot read or download the run", async () => {
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' } });
  await waitForRun(auditor, started.json.id);
  const stranger = await server.tokenFor(other.users.owner.id, other.orgId);
  expect((await api(server.url, 'GET', `/api/v1/job-runs/${started.json.id}`, { token: stranger })).status).toBe(404);
  expect((await api(server.url, 'GET', `/api/v1/job-runs/${started.json.id}/download`, { token: stranger })).status).toBe(404);
  // Inside the organisation, an annotator sees only their own runs.
  const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  expect((await api(server.url, 'GET', `/api/v1/job-runs/${started.json.id}`, { token: annotator })).status).toBe(404);
  expect((await api(server.url, 'GET', '/api/v1/job-runs', { token: annotator })).json.items).toEqual([]);
});

it('refuses a range that ends before it starts, and starts nothing', async () => {
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const before = (await server.db.query(`SELECT count(*)::int AS n FROM job_runs`))[0].n;
  const res = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
  expect(res.status).toBe(400);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM job_runs`))[0].n).toBe(before);
});

it('a job that was already done is not done again when redelivered', async () => {
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' } });
  const { run } = await waitForRun(auditor, started.json.id);
  // Enqueue the same job again as a crash between commit and acknowledgement would.
  const { Queue } = await import('bullmq');
  const queue = new Queue('exports', { connection: { url: server.env.REDIS_URL }, prefix: `${server.env.REDIS_PREFIX}:bull` });
  const job = await queue.add('audit.export', { orgId: org.orgId, jobRunId: run.id, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, { jobId: `${run.id}-again` });
  const deadline = Date.now() + 15000;
  while (!(await job.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await queue.close();
  const after = (await api(server.url, 'GET', `/api/v1/job-runs/${run.id}`, { token: auditor })).json;
  expect(after).toMatchObject({ state: 'succeeded', attempts: run.attempts, finishedAt: run.finishedAt });
});

it('checks the permission again at download: an auditor demoted after exporting gets 403, and the file is not audited as taken', async () => {
  const demoted = await createOrgWithRoles(server.db, 'Demoted Org', 'demoted-audit.test');
  const auditor = await server.tokenFor(demoted.users.auditor.id, demoted.orgId);
  const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' } });
  const { run } = await waitForRun(auditor, started.json.id);
  expect(run.state).toBe('succeeded');
  expect((await api(server.url, 'GET', `/api/v1/job-runs/${run.id}/download`, { token: auditor })).status).toBe(200);

  const demotedBy = await server.tokenFor(demoted.users.owner.id, demoted.orgId);
  expect((await api(server.url, 'PATCH', `/api/v1/members/${demoted.users.auditor.id}`, { token: demotedBy, body: { role: 'annotator' } })).status).toBe(200);
  // Still their own run (they may see that it happened), but the file is the audit log, which an annotator may not read.
  expect((await api(server.url, 'GET', `/api/v1/job-runs/${run.id}`, { token: auditor })).status).toBe(200);
  const refused = await api(server.url, 'GET', `/api/v1/job-runs/${run.id}/download`, { token: auditor });
  expect(refused.status).toBe(403);
  expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'job_run.downloaded' AND resource_id = $1`, [run.id]);
  expect(n).toBe(1);
});
