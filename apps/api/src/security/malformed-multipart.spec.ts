import { api, createOrgWithRoles, startTestServer, type TestServer } from '@tessera/server/testing';

/**
 * Every route that reads a multipart body answers one it cannot read (it ends
 * before its closing boundary, a part's header is malformed) with a 400
 * problem, as the sender's fault, where the parser's error answered 500; and
 * the API goes on answering. (What an upload cut off keeps: worker/upload-cut-off.spec.ts.)
 */
let server: TestServer;
let manager: string;
const routes: Record<string, string> = {};

const BOUNDARY = 'malformed-boundary';
const BODIES: Record<string, Buffer> = {
  'ends before its closing boundary': Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\nContent-Type: application/json\r\n\r\n{"half":`),
  'has a part header without its end': Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.json"`),
};

beforeAll(async () => {
  server = await startTestServer();
  const org = await createOrgWithRoles(server.db, 'Multipart Org', 'multipart.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
  const project = await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'Images', mediaType: 'image' } });
  const model = await api(server.url, 'POST', '/api/v1/models', {
    token: manager, body: { name: 'Yolo', kind: 'onnx-yolo', version: '1', mediaType: 'image', options: { classes: ['car'] }, labelMap: {}, projectIds: [project.json.id] },
  });
  expect(model.status).toBe(201);
  routes['POST upload'] = `/api/v1/projects/${project.json.id}/assets`;
  routes['POST annotation import'] = `/api/v1/projects/${project.json.id}/annotation-imports`;
  routes['PUT model file'] = `/api/v1/models/${model.json.id}/file`;
}, 60000);
afterAll(() => server?.close());

describe.each(Object.keys(BODIES))('a body that %s', (kind) => {
  it.each(['POST upload', 'POST annotation import', 'PUT model file'])('%s answers 400', async (route) => {
    const res = await fetch(`${server.url}${routes[route]}`, {
      method: route.split(' ')[0], body: BODIES[kind], headers: { authorization: `Bearer ${manager}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/^The multipart body could not be read \(.+\)\.$/);
    expect((await api(server.url, 'GET', '/api/v1/projects', { token: manager })).status).toBe(200);
  });
});
