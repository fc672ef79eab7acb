import { SCHEMA_TEMPLATES, applyTemplate } from '@tessera/contracts';
import { api, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let manager: string;
const call = (method: string, path: string, opts: Parameters<typeof api>[3] = {}) => api(server.url, method, path, { token: manager, ...opts });

const schema = {
  labels: [
    { id: 'car', name: 'Car', color: '#1677FF', hotkey: '1', tools: ['box', 'polygon'], attributes: [
      { key: 'occluded', name: 'Occluded', type: 'boolean', default: false },
      { key: 'kind', name: 'Kind', type: 'select', options: ['sedan', 'truck'], required: true, default: 'sedan' },
    ] },
    { id: 'person', name: 'Person', color: '#ff0000', hotkey: '2', tools: ['keypoints'], skeleton: { points: ['head', 'foot'], edges: [[0, 1]] } },
  ],
};

beforeAll(async () => {
  server = await startTestServer({ env: { BODY_LIMIT_BYTES: String(64 * 1024) } });
  org = await createOrgWithRoles(server.db, 'Projects Org', 'projects.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
});
afterAll(() => server.close());

const countRows = async (table: string) => Number((await server.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

describe('projects', () => {
  let id: string;

  it('creates a project with a label schema, stored as version 1', async () => {
    const res = await call('POST', '/api/v1/projects', { body: { name: 'Cars', mediaType: 'image', labelSchema: schema, guidelines: '# Rules\n\nBox **every** car.', workflow: { overlap: 2, reviewSampling: 0.25 } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Cars', mediaType: 'image', status: 'active', schemaVersion: 1, labelCount: 2 });
    expect(res.json.labelSchema.labels[0].color).toBe('#1677ff');
    expect(res.json.workflow).toMatchObject({ overlap: 2, reviewSampling: 0.25, goldRatio: 0, qc: { minAgreement: 0.7 } });
    id = res.json.id;
  });

  it('creates DICOM projects from each schema template, in English and Chinese, with both guidelines', async () => {
    for (const template of SCHEMA_TEMPLATES) {
      for (const lng of ['en', 'zh-CN'] as const) {
        const applied = applyTemplate(template, lng);
        const res = await call('POST', '/api/v1/projects', { body: { name: `${template.name[lng]} ${lng}`, mediaType: template.mediaType, ...applied } });
        expect(res.status).toBe(201);
        expect(res.json.labelSchema.labels.map((l: any) => [l.id, l.name])).toEqual(template.labels.map((l) => [l.id, l.name[lng]]));
        expect(res.json.guidelines).toContain(template.guidelines.en.split('\n')[0]);
        expect(res.json.guidelines).toContain(template.guidelines['zh-CN'].split('\n')[0]);
      }
    }
    const lung = (await call('GET', '/api/v1/projects?mediaType=dicom&q=Lung')).json.items[0];
    const nodule = (await call('GET', `/api/v1/projects/${lung.id}`)).json.labelSchema.labels.find((l: any) => l.id === 'nodule');
    expect(nodule.tools).toEqual(['segment', 'bidirectional']);
    expect(nodule.attributes.find((a: any) => a.key === 'lung-rads').options).toContain('4X');
  });

  it('lists projects with their media type, filters and searches', async () => {
    await call('POST', '/api/v1/projects', { body: { name: 'News 100%_done', mediaType: 'text' } });
    const list = await call('GET', '/api/v1/projects');
    expect(list.json.items.map((p: any) => [p.name, p.mediaType])).toEqual(expect.arrayContaining([['Cars', 'image'], ['News 100%_done', 'text']]));
    expect((await call('GET', '/api/v1/projects?mediaType=text')).json.items.map((p: any) => p.name)).toEqual(['News 100%_done']);
    expect((await call('GET', '/api/v1/projects?q=100%25_')).json.items.map((p: any) => p.name)).toEqual(['News 100%_done']);
    expect((await call('GET', '/api/v1/projects?q=0%25x')).json.items).toEqual([]);
    // Pages: newest first, and the total still told past the last page.
    const { total } = list.json;
    const second = (await call('GET', '/api/v1/projects?limit=1&offset=1')).json;
    expect(second).toMatchObject({ total, items: [list.json.items[1]] });
    expect((await call('GET', `/api/v1/projects?offset=${total + 5}`)).json).toEqual({ items: [], total });
    expect((await call('GET', `/api/v1/projects?mediaType=text&offset=3`)).json).toEqual({ items: [], total: 1 });
  });

  it('every schema change makes a new version; old versions stay readable', async () => {
    const changed = { labels: [...schema.labels, { id: 'bike', name: 'Bike', color: '#00ff00', hotkey: '3', tools: ['box'] }] };
    const res = await call('PUT', `/api/v1/projects/${id}/label-schema`, { body: { basedOnVersion: 1, labelSchema: changed } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ schemaVersion: 2, labelCount: 3 });
    const stale = await call('PUT', `/api/v1/projects/${id}/label-schema`, { body: { basedOnVersion: 1, labelSchema: schema } });
    expect(stale.status).toBe(409);
    const versions = await call('GET', `/api/v1/projects/${id}/schema-versions`);
    expect(versions.json.items.map((v: any) => [v.version, v.labelCount])).toEqual([[2, 3], [1, 2]]);
    const v1 = await call('GET', `/api/v1/projects/${id}/schema-versions/1`);
    expect(v1.json.labelSchema.labels.map((l: any) => l.id)).toEqual(['car', 'person']);
    expect((await call('GET', `/api/v1/projects/${id}/schema-versions/9`)).status).toBe(404);
  });

  it('edits guidelines and workflow, archives and restores', async () => {
    const edited = await call('PATCH', `/api/v1/projects/${id}`, { body: { guidelines: '# New rules', workflow: { overlap: 3, goldRatio: 0.1 } } });
    expect(edited.json).toMatchObject({ guidelines: '# New rules', workflow: { overlap: 3, goldRatio: 0.1 } });
    expect((await call('POST', `/api/v1/projects/${id}/archive`)).json.status).toBe('archived');
    expect((await call('GET', '/api/v1/projects')).json.items.map((p: any) => p.id)).not.toContain(id);
    expect((await call('GET', '/api/v1/projects?status=archived')).json.items.map((p: any) => p.id)).toEqual([id]);
    expect((await call('POST', `/api/v1/projects/${id}/archive`)).status).toBe(409);
    expect((await call('POST', `/api/v1/projects/${id}/restore`)).json.status).toBe('active');
  });

  it('adds and removes project members, only from the same organisation', async () => {
    const add = await call('POST', `/api/v1/projects/${id}/members`, { body: { userId: org.users.annotator.id, role: 'annotator' } });
    expect(add.status).toBe(201);
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    expect((await api(server.url, 'GET', `/api/v1/projects/${id}`, { token: annotator })).status).toBe(200);
    const foreign = await call('POST', `/api/v1/projects/${id}/members`, { body: { userId: other.users.annotator.id, role: 'annotator' } });
    expect(foreign.status).toBe(404);
    expect((await call('DELETE', `/api/v1/projects/${id}/members/${org.users.annotator.id}`)).status).toBe(204);
    expect((await api(server.url, 'GET', `/api/v1/projects/${id}`, { token: annotator })).status).toBe(404);
  });

  it('records what happened in the audit log', async () => {
    const actions = (await server.db.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY id`, [id])).map((r: any) => r.action);
    expect(actions).toEqual(['project.created', 'project.schema_changed', 'project.updated', 'project.archived', 'project.restored', 'project.member_added', 'project.member_removed']);
  });
});

describe('bad input: a problem+json 4xx, and nothing changes', () => {
  let before: number;
  let versionsBefore: number;
  beforeEach(async () => {
    before = await countRows('projects');
    versionsBefore = await countRows('label_schema_versions');
  });
  afterEach(async () => {
    expect(await countRows('projects')).toBe(before);
    expect(await countRows('label_schema_versions')).toBe(versionsBefore);
  });

  const expectProblem = (res: Awaited<ReturnType<typeof call>>, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json).toMatchObject({ status, title: expect.any(String) });
    expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
  };
  const create = (body: unknown) => call('POST', '/api/v1/projects', { body });

  it('malformed JSON', async () => expectProblem(await call('POST', '/api/v1/projects', { rawBody: '{"name": "x", ' }), 400));

  it('unknown or extra fields (mass assignment)', async () => {
    const res = await create({ name: 'x', mediaType: 'image', orgId: other.orgId, status: 'archived' });
    expectProblem(res, 400);
    expect(res.json.errors.map((e: any) => e.message).join(' ')).toMatch(/orgId/);
    expectProblem(await create({ name: 'x', mediaType: 'image', labelSchema: { labels: [{ ...schema.labels[0], isAdmin: true }] } }), 400);
  });

  it('wrong types', async () => {
    const res = await create({ name: 42, mediaType: 'video', workflow: { overlap: 'two' } });
    expectProblem(res, 400);
    expect(res.json.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['body.name', 'body.mediaType', 'body.workflow.overlap']));
    expectProblem(await call('GET', '/api/v1/projects?limit=lots'), 400);
  });

  it('oversized bodies', async () => {
    expectProblem(await create({ name: 'x', mediaType: 'image', guidelines: 'x'.repeat(100 * 1024) }), 413);
  });

  it('invalid colours', async () => {
    const res = await create({ name: 'x', mediaType: 'image', labelSchema: { labels: [{ id: 'a', name: 'A', color: 'red', tools: ['box'] }] } });
    expectProblem(res, 400);
    expect(res.json.errors[0]).toMatchObject({ path: 'body.labelSchema.labels.0.color' });
  });

  it('duplicate hotkeys, names and ids in a schema', async () => {
    const labels = [
      { id: 'a', name: 'A', color: '#000000', hotkey: 'Q', tools: ['box'] },
      { id: 'b', name: 'a', color: '#000000', hotkey: 'q', tools: ['box'] },
    ];
    const res = await create({ name: 'x', mediaType: 'image', labelSchema: { labels } });
    expectProblem(res, 400);
    const paths = res.json.errors.map((e: any) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.labelSchema.labels.1.hotkey', 'body.labelSchema.labels.1.name']));
  });

  it('hotkeys a page or an editor keeps: a label may not take Shift+S from skipping the task, nor B from the box tool', async () => {
    const res = await create({ name: 'x', mediaType: 'image', labelSchema: { labels: [{ id: 'a', name: 'A', color: '#000000', hotkey: 'Shift+S', tools: ['box'] }] } });
    expectProblem(res, 400);
    expect(res.json.errors).toEqual([{ path: 'body.labelSchema.labels.0.hotkey', code: 'custom', message: 'hotkey "shift+s" is the task page\'s key for "skip"' }]);
    const bike = { id: 'bike', name: 'Bike', color: '#00ff00', hotkey: 'b', tools: ['box'] };
    // The contract refuses the body before any project is looked up.
    const put = await call('PUT', '/api/v1/projects/00000000-0000-4000-8000-000000000000/label-schema', { body: { basedOnVersion: 1, labelSchema: { labels: [...schema.labels, bike] } } });
    expectProblem(put, 400);
    expect(put.json.errors).toEqual([{ path: 'body.labelSchema.labels.2.hotkey', code: 'custom', message: 'hotkey "b" is the image editor\'s key for "tool.box"' }]);
  });

  it('tools the media type does not have, and attributes that contradict themselves', async () => {
    expectProblem(await create({ name: 'x', mediaType: 'text', labelSchema: { labels: [{ id: 'a', name: 'A', color: '#000000', tools: ['box'] }] } }), 400);
    const attr = { key: 'k', name: 'K', type: 'select', options: ['a'], default: 'b' };
    expectProblem(await create({ name: 'x', mediaType: 'image', labelSchema: { labels: [{ id: 'a', name: 'A', color: '#000000', tools: ['box'], attributes: [attr] }] } }), 400);
  });

  it("another organisation's ids answer 404", async () => {
    const otherOwner = await server.tokenFor(other.users.owner.id, other.orgId);
    const theirs = await api(server.url, 'POST', '/api/v1/projects', { token: otherOwner, body: { name: 'Theirs', mediaType: 'image' } });
    before += 1;
    versionsBefore += 1;
    expectProblem(await call('GET', `/api/v1/projects/${theirs.json.id}`), 404);
    expectProblem(await call('PATCH', `/api/v1/projects/${theirs.json.id}`, { body: { name: 'Mine now' } }), 404);
    expectProblem(await call('PUT', `/api/v1/projects/${theirs.json.id}/label-schema`, { body: { basedOnVersion: 1, labelSchema: schema } }), 404);
    expectProblem(await call('POST', `/api/v1/projects/${theirs.json.id}/archive`), 404);
    expect((await server.db.query(`SELECT name, status, schema_version FROM projects WHERE id = $1`, [theirs.json.id]))[0]).toEqual({ name: 'Theirs', status: 'active', schema_version: 1 });
  });

  it('malformed ids answer 404, not 500', async () => {
    const malformed = await call('GET', '/api/v1/projects/not-a-uuid');
    expectProblem(malformed, 404);
    // Said as an unknown id is, so the page words it the same way (它不存在，或您无权查看).
    expect(malformed.json).toMatchObject({ code: 'not_found', detail: 'No such resource.' });
    expectProblem(await call('GET', "/api/v1/projects/1'%20OR%20'1'='1"), 404);
  });

  it('an annotator calling manager routes gets 403', async () => {
    const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
    expectProblem(await api(server.url, 'POST', '/api/v1/projects', { token: annotator, body: { name: 'x', mediaType: 'image' } }), 403);
    expectProblem(await api(server.url, 'GET', '/api/v1/members', { token: annotator }), 403);
    expectProblem(await api(server.url, 'POST', '/api/v1/invitations', { token: annotator, body: { email: 'a@b.test', role: 'admin' } }), 403);
  });
});
