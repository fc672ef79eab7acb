import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

/**
 * Queue figures on the API's /metrics, made by a real worker process: depth
 * by state, jobs completed, failed attempts (final or retried), and wait and
 * run time histograms; and the /sync figures beside them.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ worker: true });
}, 60000);
afterAll(() => server.close());

const sample = (text: string, name: string, labels: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

async function metricsUntil(ok: (text: string) => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = (await api(server.url, 'GET', '/metrics')).text;
    if (ok(text)) return text;
    if (Date.now() > deadline) throw new Error(`/metrics never showed ${what}:\n${text.split('\n').filter((l) => l.startsWith('tessera_queue')).join('\n')}\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('reports depth, completions, failures, and wait and run times of the queues', async () => {
  const before = (await api(server.url, 'GET', '/metrics')).text;
  expect(before).toMatch(/# TYPE tessera_queue_jobs gauge/);
  expect(sample(before, 'tessera_queue_jobs', 'queue="exports",state="waiting"')).toBe(0);
  expect(before).toMatch(/# TYPE tessera_queue_job_wait_seconds histogram/);
  expect(sample(before, 'tessera_queue_jobs_completed_total', 'queue="exports"')).toBe(0);

  // A job that completes (an audit export) and one that fails for good (no such job, one attempt).
  const org = await createOrgWithRoles(server.db, 'Metrics Org', 'metrics.test');
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const started = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' } });
  expect(started.status).toBe(202);
  const queue = new Queue('webhooks', { connection: { url: server.env.REDIS_URL }, prefix: `${server.env.REDIS_PREFIX}:bull` });
  try {
    await queue.add('no.such.job', {}, { attempts: 1 });
  } finally {
    await queue.close();
  }

  const text = await metricsUntil(
    (t) => sample(t, 'tessera_queue_jobs_completed_total', 'queue="exports"') === 1 && sample(t, 'tessera_queue_job_failures_total', 'queue="webhooks",final="true"') === 1,
    'one export completed and one webhook job failed',
  );
  expect(sample(text, 'tessera_queue_job_failures_total', 'queue="webhooks",final="false"')).toBe(0);
  // The failed job is kept, so the webhooks queue counts one failed job.
  expect(sample(text, 'tessera_queue_jobs', 'queue="webhooks",state="failed"')).toBe(1);
  for (const series of ['wait', 'run']) {
    const name = `tessera_queue_job_${series}_seconds`;
    expect(sample(text, `${name}_count`, 'queue="exports"')).toBe(1);
    expect(sample(text, `${name}_bucket`, 'queue="exports",le="+Inf"')).toBe(1);
    expect(sample(text, `${name}_sum`, 'queue="exports"')).toBeGreaterThanOrEqual(0);
    // Buckets are cumulative: each holds at least what the one before it holds.
    const buckets = text.split('\n').filter((l) => l.startsWith(`${name}_bucket{queue="exports"`)).map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  }
  // What ran is a run time under the histogram's top bucket and a real duration.
  expect(sample(text, 'tessera_queue_job_run_seconds_sum', 'queue="exports"')).toBeGreaterThan(0);
});

it('has every series the Grafana dashboard in docs/ plots', async () => {
  const dashboard = JSON.parse(readFileSync(join(__dirname, '../../../docs/grafana/tessera.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  expect(exprs.length).toBeGreaterThan(10);
  const names = [...new Set(exprs.flatMap((e) => e.match(/\btessera_\w+/g) ?? []))];
  const text = (await api(server.url, 'GET', '/metrics')).text;
  // Declared, whether or not a sample has come yet (a labelled counter shows none before its first count).
  const exposed = new Set(
    [...text.matchAll(/^# TYPE (\w+) (\w+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])),
  );
  expect(names.filter((n) => !exposed.has(n))).toEqual([]);
});
