// Authenticated GET /api/v1/projects through the whole stack (guard, policy,
// Postgres), beside a bare Fastify route in the same run, with autocannon; and
// a project's asset list (a page of 100 of 2,000 assets, each with a signed
// thumbnail URL), the page a manager opens most; and /api/v1/projects again with
// an API token (a script's), whose check is cached like a session's.
// The rates move with whatever else the 2 cores run; the CPU a request costs
// the API (and Postgres) moves less, so changes are compared by it.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { DEMO_PASSWORD, cpuMeter, freePort, median, startStack, waitReady } from './support.mjs';

const DB = 'tessera_bench_api';
const ROUNDS = 3;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
/** Assets added to the demo's Street scenes project for the asset list's rounds. */
const LISTED_ASSETS = 2000;
/** Extra node flags for the API process, e.g. BENCH_API_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const API_ARGS = (process.env.BENCH_API_ARGS ?? '').split(/\s+/).filter(Boolean);

function measure(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

/** A round of `measure`, with the CPU the named processes (and this database's Postgres) spent in it, µs a request. */
async function metered(url, headers, pids, db) {
  const meter = await cpuMeter(pids, db);
  const result = await measure(url, headers);
  const cpu = await meter();
  const requests = Math.max(1, result.requests.total);
  return { result, cpuUs: Object.fromEntries(Object.keys({ ...pids, pg: 0 }).map((name) => [name, (cpu[name] * 1000) / requests])) };
}

const BARE_SERVER = `
  const app = require('fastify')({ logger: false });
  const body = { items: [{ id: '00000000-0000-4000-8000-000000000000', name: 'Street scenes', mediaType: 'image' }], total: 1 };
  app.get('/bare', async () => body);
  app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

export async function run({ root }) {
  const stack = await startStack({ root, db: DB, apiArgs: API_ARGS });
  const barePort = await freePort();
  const bare = spawn(process.execPath, ['-e', BARE_SERVER], { cwd: root, env: { ...process.env, PORT: String(barePort) }, stdio: 'inherit' });
  const db = new pg.Client({ connectionString: stack.dbUrl });
  try {
    await db.connect();
    await waitReady(`http://127.0.0.1:${barePort}/bare`, bare);
    const accessToken = await stack.login('manager@demo.local');
    const projectsUrl = `${stack.url}/api/v1/projects`;
    const check = await fetch(projectsUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    if (check.status !== 200) throw new Error(`GET /api/v1/projects answered ${check.status}`);

    const { rows: [street] } = await db.query(`SELECT id, org_id FROM projects WHERE name = 'Street scenes'`);
    await db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height, thumbnail_key)
       SELECT $1, $2, 'image', 'ready', 'bench list ' || g, 'sha256/' || h, h, 1, 1280, 720, 'thumbnails/' || h
         FROM generate_series(1, $3::int) g, LATERAL (SELECT encode(sha256(('list' || g || random())::bytea), 'hex') AS h) x`,
      [street.org_id, street.id, LISTED_ASSETS]);
    await db.query('ANALYZE assets');
    const assetsUrl = `${stack.url}/api/v1/projects/${street.id}/assets?limit=100`;

    const auth = { authorization: `Bearer ${accessToken}` };
    const made = await fetch(`${stack.url}/api/v1/api-tokens`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: DEMO_PASSWORD, name: 'bench', expiresInDays: 1 }),
    });
    if (made.status !== 201) throw new Error(`POST /api/v1/api-tokens answered ${made.status}`);
    const apiTokenAuth = { authorization: `Bearer ${(await made.json()).token}` };
    await measure(projectsUrl, auth); // warm-up: JIT, pool, caches
    await measure(assetsUrl, auth);
    const projects = [];
    const assets = [];
    const assetsCpu = [];
    const bareRuns = [];
    const cpu = [];
    const bareCpu = [];
    const viaToken = [];
    const viaTokenCpu = [];
    for (let i = 0; i < ROUNDS; i++) {
      const round = await metered(projectsUrl, auth, { api: stack.api.pid }, db);
      projects.push(round.result);
      cpu.push(round.cpuUs);
      const assetRound = await metered(assetsUrl, auth, { api: stack.api.pid }, db);
      assets.push(assetRound.result);
      assetsCpu.push(assetRound.cpuUs);
      const bareRound = await metered(`http://127.0.0.1:${barePort}/bare`, {}, { bare: bare.pid }, db);
      bareRuns.push(bareRound.result);
      bareCpu.push(bareRound.cpuUs.bare);
      const tokenRound = await metered(projectsUrl, apiTokenAuth, { api: stack.api.pid }, db);
      viaToken.push(tokenRound.result);
      viaTokenCpu.push(tokenRound.cpuUs);
    }
    const failures = [...projects, ...assets, ...viaToken].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    return {
      metrics: {
        'api.projects_rps': Math.round(median(projects.map((r) => r.requests.average))),
        'api.projects_p99_ms': median(projects.map((r) => r.latency.p99)),
        'api.bare_rps': Math.round(median(bareRuns.map((r) => r.requests.average))),
        'api.cpu_us_per_request': Math.round(median(cpu.map((c) => c.api))),
        'api.pg_cpu_us_per_request': Math.round(median(cpu.map((c) => c.pg))),
        'api.bare_cpu_us_per_request': Math.round(median(bareCpu)),
        'api.assets_rps': Math.round(median(assets.map((r) => r.requests.average))),
        'api.assets_cpu_us_per_request': Math.round(median(assetsCpu.map((c) => c.api))),
        'api.assets_pg_cpu_us_per_request': Math.round(median(assetsCpu.map((c) => c.pg))),
        'api.projects_rps_api_token': Math.round(median(viaToken.map((r) => r.requests.average))),
        'api.cpu_us_per_request_api_token': Math.round(median(viaTokenCpu.map((c) => c.api))),
      },
      notes: [
        `median of ${ROUNDS} rounds of ${DURATION_S} s with ${CONNECTIONS} connections each, after a warm-up round; server and load generator share the machine's cores`,
        `projects rps per round: ${projects.map((r) => Math.round(r.requests.average)).join(', ')}; bare: ${bareRuns.map((r) => Math.round(r.requests.average)).join(', ')}`,
        `CPU a request, µs per round: API ${cpu.map((c) => Math.round(c.api)).join(', ')}; Postgres ${cpu.map((c) => Math.round(c.pg)).join(', ')}; bare ${bareCpu.map(Math.round).join(', ')}`,
        `assets (GET ${LISTED_ASSETS} + the demo's, 100 a page) rps per round: ${assets.map((r) => Math.round(r.requests.average)).join(', ')}; CPU a request, µs: API ${assetsCpu.map((c) => Math.round(c.api)).join(', ')}; Postgres ${assetsCpu.map((c) => Math.round(c.pg)).join(', ')}`,
        `projects with an API token, rps per round: ${viaToken.map((r) => Math.round(r.requests.average)).join(', ')}; CPU a request, µs: API ${viaTokenCpu.map((c) => Math.round(c.api)).join(', ')}`,
        `non-2xx/errors/timeouts on /api/v1/projects (session and API token) and the asset list: ${failures}`,
      ],
    };
  } finally {
    bare.kill('SIGTERM');
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}
