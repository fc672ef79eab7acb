import { api, createAnnotatableAsset, createOrgWithRoles, startTestServer, type TestOrg, type TestServer } from '@tessera/server/testing';

/**
 * A project's asset list through the API: newest first, paged, filtered by status, kind and name (the name's own
 * `%` and `_` taken literally), the total counting what matches and the counts by status counting the whole project;
 * only for those who reach the project.
 */
let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let projectId: string;
const tokens: Record<string, string> = {};
const list = async (who: string, query = '', project = projectId) => {
  const res = await api(server.url, 'GET', `/api/v1/projects/${project}/assets${query}`, { token: tokens[who] });
  return { status: res.status, json: res.json, names: (res.json?.items ?? []).map((a: { name: string }) => a.name) };
};

/** name, kind, status; inserted one second apart, so the list's order (newest first) is the reverse. */
const ASSETS = [
  ['street-001.jpg', 'image', 'ready'], ['street-002.jpg', 'image', 'ready'], ['street_003.jpg', 'image', 'failed'],
  ['100%_crop.png', 'image', 'ready'], ['notes.txt', 'text', 'ready'], ['notes-2.txt', 'text', 'pending'],
  ['chest-ct', 'dicom', 'quarantined'],
] as const;

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Listing Org', 'listing.test');
  other = await createOrgWithRoles(server.db, 'Other Listing Org', 'other-listing.test');
  // The fixture's own asset is removed, so the project holds only ASSETS.
  const fixture = await createAnnotatableAsset(server.db, org);
  projectId = fixture.projectId;
  await server.db.query(`DELETE FROM assets WHERE id = $1`, [fixture.assetId]);
  for (const [i, [name, kind, status]] of ASSETS.entries()) {
    await server.db.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height, metadata, created_at)
       VALUES ($1, $2, $3, $4, $5, 'sha256/' || md5($5), md5($5), 10, 64, 48, '{}', now() - make_interval(secs => $6))`,
      [org.orgId, projectId, kind, status, name, ASSETS.length - i]);
  }
  // An annotator of another project of the organisation, who does not reach this one.
  const elsewhere = await createAnnotatableAsset(server.db, org);
  const [{ id: outsider }] = await server.db.query(`INSERT INTO users (email, name, password_hash) VALUES ('outsider@listing.test', 'Outsider', 'x') RETURNING id`);
  await server.db.query(`INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, 'annotator')`, [outsider, org.orgId]);
  await server.db.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, 'annotator')`, [elsewhere.projectId, outsider, org.orgId]);
  tokens.manager = await server.tokenFor(org.users.manager.id, org.orgId);
  tokens.annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  tokens.outsider = await server.tokenFor(outsider, org.orgId);
  tokens.otherOwner = await server.tokenFor(other.users.owner.id, other.orgId);
});
afterAll(() => server.close());

const newestFirst = ASSETS.map(([name]) => name).reverse();
const everyStatus = { pending: 1, ready: 4, failed: 1, quarantined: 1 };

describe('the asset list', () => {
  it('lists newest first with the total and the counts by status, and pages', async () => {
    const all = await list('manager');
    expect(all.status).toBe(200);
    expect(all.names).toEqual(newestFirst);
    expect(all.json.total).toBe(7);
    expect(all.json.counts).toEqual(everyStatus);
    expect(all.json.items[0]).toMatchObject({ name: 'chest-ct', kind: 'dicom', status: 'quarantined', projectId, size: 10, gold: false });

    const pages = [await list('manager', '?limit=3'), await list('manager', '?limit=3&offset=3'), await list('manager', '?limit=3&offset=6')];
    expect(pages.map((p) => p.names).flat()).toEqual(newestFirst);
    expect(pages.map((p) => p.json.total)).toEqual([7, 7, 7]);
    const past = await list('manager', '?limit=3&offset=30');
    expect(past.names).toEqual([]);
    expect(past.json).toMatchObject({ total: 7, counts: everyStatus });
  });

  it('filters by status, kind and name; the total counts what matches, the counts the whole project', async () => {
    const ready = await list('manager', '?status=ready');
    expect(ready.names).toEqual(['notes.txt', '100%_crop.png', 'street-002.jpg', 'street-001.jpg']);
    expect(ready.json).toMatchObject({ total: 4, counts: everyStatus });
    expect((await list('manager', '?kind=text')).names).toEqual(['notes-2.txt', 'notes.txt']);
    expect((await list('manager', '?kind=image&status=ready&limit=1&offset=1')).json).toMatchObject({ total: 3, items: [{ name: 'street-002.jpg' }] });
    expect((await list('manager', '?q=STREET')).names).toEqual(['street_003.jpg', 'street-002.jpg', 'street-001.jpg']);
    // `_` and `%` are the name's own characters, not wildcards.
    expect((await list('manager', '?q=t_0')).names).toEqual(['street_003.jpg']);
    expect((await list('manager', '?q=100%25_')).names).toEqual(['100%_crop.png']);
    expect((await list('manager', '?q=%25')).names).toEqual(['100%_crop.png']);
    const none = await list('manager', '?q=nothing-like-this');
    expect(none.json).toMatchObject({ items: [], total: 0, counts: everyStatus });
  });

  it('answers a member the same list, and 404 to those who do not reach the project', async () => {
    expect((await list('annotator')).names).toEqual(newestFirst);
    expect((await list('outsider')).status).toBe(404);
    expect((await list('otherOwner')).status).toBe(404);
    expect((await list('manager', '', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('gives one asset as the list does', async () => {
    const item = (await list('manager', '?q=notes-2')).json.items[0];
    const one = await api(server.url, 'GET', `/api/v1/assets/${item.id}`, { token: tokens.manager });
    expect(one.status).toBe(200);
    expect(one.json).toEqual(item);
    expect((await api(server.url, 'GET', `/api/v1/assets/${item.id}`, { token: tokens.otherOwner })).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/v1/assets/${item.id}`, { token: tokens.outsider })).status).toBe(404);
  });

  it('refuses a malformed query with a problem', async () => {
    for (const query of ['?limit=0', '?limit=501', '?offset=-1', '?status=lost', '?kind=video', `?q=${'x'.repeat(201)}`]) {
      const res = await api(server.url, 'GET', `/api/v1/projects/${projectId}/assets${query}`, { token: tokens.manager });
      expect({ query, status: res.status, type: res.headers.get('content-type') }).toEqual({ query, status: 400, type: expect.stringMatching(/application\/problem\+json/) });
      expect(res.json).toMatchObject({ status: 400, title: expect.any(String) });
    }
  });
});
