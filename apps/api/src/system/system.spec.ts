import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestServer } from '@tessera/server/testing';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '5' } });
});
afterAll(() => server.close());

it('answers liveness and readiness with every dependency checked', async () => {
  expect((await api(server.url, 'GET', '/healthz')).json).toEqual({ status: 'ok' });
  const ready = await api(server.url, 'GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(Object.keys(ready.json.checks).sort()).toEqual(['blobStore', 'postgres', 'redis']);
});

it('exposes Prometheus metrics with route patterns, not raw ids', async () => {
  await api(server.url, 'GET', '/api/v1/projects/00000000-0000-4000-8000-000000000000');
  const res = await api(server.url, 'GET', '/metrics');
  expect(res.headers.get('content-type')).toMatch(/text\/plain/);
  expect(res.text).toMatch(/tessera_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/projects\/:id"/);
  expect(res.text).not.toMatch(/00000000-0000-4000/);
  expect(res.text).toMatch(/tessera_process_cpu_seconds_total/);
});

it('serves an OpenAPI 3.1 document built from the zod contracts, and Swagger UI', async () => {
  const doc = (await api(server.url, 'GET', '/api/openapi.json')).json;
  expect(doc.openapi).toBe('3.1.0');
  const create = doc.paths['/api/v1/projects'].post;
  expect(create.requestBody.content['application/json'].schema.properties.mediaType.enum).toEqual(['image', 'text', 'dicom']);
  expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  expect(create.responses['400'].content['application/problem+json']).toBeDefined();
  const docs = await api(server.url, 'GET', '/api/docs');
  expect(docs.text).toContain('swagger-ui-bundle.js');
  expect((await fetch(`${server.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
});

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self' ws: wss:;worker-src 'self' blob:",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

it('sets security headers and echoes or makes a request id', async () => {
  const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-abc-12345' } });
  expect(res.headers.get('x-request-id')).toBe('trace-abc-12345');
  // The whole set, on a page, an API answer, a problem and a static file alike.
  for (const r of [res, await fetch(`${server.url}/api/v1/no-such-thing`), await fetch(`${server.url}/api/openapi.json`), await fetch(`${server.url}/api/docs/assets/swagger-ui-bundle.js`)]) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect([r.url, name, r.headers.get(name)]).toEqual([r.url, name, value]);
  }
  const made = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
  expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

it('answers unknown routes with problem+json 404', async () => {
  const res = await api(server.url, 'GET', '/api/v1/no-such-thing');
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toMatch(/problem\+json/);
});

it('rate-limits the auth routes per address', async () => {
  await createOrgWithRoles(server.db, 'Rate Org', 'rate.test');
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    statuses.push((await api(server.url, 'POST', '/api/v1/auth/login', { body: { email: 'owner@rate.test', password: TEST_PASSWORD } })).status);
  }
  expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
  const limited = await api(server.url, 'POST', '/api/v1/auth/login', { body: { email: 'owner@rate.test', password: TEST_PASSWORD } });
  expect(limited.status).toBe(429);
  expect(limited.headers.get('content-type')).toMatch(/problem\+json/);
  // Other routes are not limited by it.
  expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
});

it('keeps the audit log append-only in the database itself', async () => {
  await server.db.query(`INSERT INTO audit_events (action, resource_type) VALUES ('test.event', 'test')`);
  await expect(server.db.query(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/append-only/);
  await expect(server.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  await expect(server.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  expect((await server.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'forged'`))[0].n).toBe(0);
});
