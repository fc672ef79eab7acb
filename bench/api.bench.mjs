// Authenticated GET /api/v1/projects through the whole stack (guard, policy,
// Postgres), beside a bare Fastify route in the same run, with autocannon.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { freePort, median, startStack, waitReady } from './support.mjs';

const DB = 'tessera_bench_api';
const ROUNDS = 3;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
/** Extra node flags for the API process, e.g. BENCH_API_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const API_ARGS = (process.env.BENCH_API_ARGS ?? '').split(/\s+/).filter(Boolean);

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
  const stack = await startStack({ root, db: DB, apiArgs: API_ARGS });
  const barePort = await freePort();
  const bare = spawn(process.execPath, ['-e', BARE_SERVER], { cwd: root, env: { ...process.env, PORT: String(barePort) }, stdio: 'inherit' });
  try {
    await waitReady(`http://127.0.0.1:${barePort}/bare`, bare);
    const accessToken = await stack.login('manager@demo.local');
    const projectsUrl = `${stack.url}/api/v1/projects`;
    const check = await fetch(projectsUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    if (check.status !== 200) throw new Error(`GET /api/v1/projects answered ${check.status}`);

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
    bare.kill('SIGTERM');
    await stack.stop();
  }
}
