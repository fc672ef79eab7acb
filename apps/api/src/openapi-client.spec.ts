/**
 * libs/client's types are generated from the OpenAPI document the API serves.
 * This test fails when they drift; `UPDATE_CLIENT=1` writes them anew.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { api, startTestServer, type TestServer } from '@tessera/server/testing';

const SCHEMA = join(__dirname, '../../../libs/client/src/schema.d.ts');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 60000);
afterAll(() => server.close());

it('libs/client/src/schema.d.ts is the API as it is', async () => {
  const doc = (await api(server.url, 'GET', '/api/openapi.json')).json;
  // openapi-typescript is an ES module with ES-module dependencies: it runs in a process of its own.
  const script = `import openapiTS, { astToString } from 'openapi-typescript'; let s = ''; for await (const c of process.stdin) s += c; process.stdout.write(astToString(await openapiTS(JSON.parse(s), { alphabetize: true })));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: JSON.stringify(doc), encoding: 'utf8', cwd: join(__dirname, '../../..'), maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(run.stderr);
  const generated = '// Generated from the API\'s OpenAPI document by apps/api/src/openapi-client.spec.ts (UPDATE_CLIENT=1). Do not edit.\n' + run.stdout;
  if (process.env.UPDATE_CLIENT === '1') writeFileSync(SCHEMA, generated);
  const committed = (() => {
    try {
      return readFileSync(SCHEMA, 'utf8');
    } catch {
      return '';
    }
  })();
  expect(committed === generated ? 'current' : 'stale: run UPDATE_CLIENT=1 npx jest apps/api/src/openapi-client.spec.ts').toBe('current');
});
