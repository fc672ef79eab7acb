// Authenticated GET /api/v1/projects through the whole stack (guard, policy,
// Postgres), beside a bare Fastify route in the same run, with autocannon.
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

const ROOT_URL = process.env.BENCH_DATABASE_ROOT ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'tessera_bench_api';
const ROUNDS = 3;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function admin(sql) {
  const c = new pg.Client({ connectionString: `${ROOT_URL}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function waitReady(url, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

function measure(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

const BARE_SERVER = `
  const app = require('fastify')({ logger: false });
  const body = { items: [{ id: '00000000-0000-4000-8000-000000000000', name: 'Street scenes', mediaType: 'image' }], total: 1 };
  app.get('/bare', async () => body);
  app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

export async function run({ root }) {
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  const apiPort = await freePort();
  const barePort = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `${ROOT_URL}/${DB}`,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: 'bench_api',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    DATA_DIR: join(root, 'tmp/bench-data'),
  };
  for (const script of ['dist/apps/api/migrate.js', 'dist/seeds/seed.js']) {
    const r = spawnSync(process.execPath, [script], { cwd: root, env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${script} failed`);
  }
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const bare = spawn(process.execPath, ['-e', BARE_SERVER], { cwd: root, env: { ...process.env, PORT: String(barePort) }, stdio: 'inherit' });
  try {
    await waitReady(`http://127.0.0.1:${apiPort}/readyz`, api);
    await waitReady(`http://127.0.0.1:${barePort}/bare`, bare);
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'manager@demo.local', password: process.env.TESSERA_DEMO_PASSWORD || 'demo-password' }),
    });
    const { accessToken } = await login.json();
    const projectsUrl = `http://127.0.0.1:${apiPort}/api/v1/projects`;
    const check = await fetch(projectsUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    if (check.status !== 200) throw new Error(`GET /api/v1/projects answered ${check.status}`);

    // Access tokens live 15 minutes, longer than the whole run.
    const auth = { authorization: `Bearer ${accessToken}` };
    await measure(projectsUrl, auth); // warm-up: JIT, pool, caches
    const projects = [];
    const bareRuns = [];
    for (let i = 0; i < ROUNDS; i++) {
      projects.push(await measure(projectsUrl, auth));
      bareRuns.push(await measure(`http://127.0.0.1:${barePort}/bare`, {}));
    }
    const failures = projects.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    return {
      metrics: {
        'api.projects_rps': Math.round(median(projects.map((r) => r.requests.average))),
        'api.projects_p99_ms': median(projects.map((r) => r.latency.p99)),
        'api.bare_rps': Math.round(median(bareRuns.map((r) => r.requests.average))),
      },
      notes: [
        `median of ${ROUNDS} rounds of ${DURATION_S} s with ${CONNECTIONS} connections each, after a warm-up round; server and load generator share the machine's cores`,
        `projects rps per round: ${projects.map((r) => Math.round(r.requests.average)).join(', ')}; bare: ${bareRuns.map((r) => Math.round(r.requests.average)).join(', ')}`,
        `non-2xx/errors/timeouts on /api/v1/projects: ${failures}`,
      ],
    };
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => undefined);
  }
}
