/**
 * Text Postgres cannot store: U+0000, and half a surrogate pair alone. A string holding one failed its statement, so
 * every route answered 500 for it (a project named "a\0b", a search for it), and on /sync one person's op holding one
 * failed the group commit it shared with other people's ops, which then came back "unavailable" and were sent again
 * beside it: one client could stall everyone's edits on the lane. Now the request is refused by name (400, or a
 * rejected op with its path), and an op the database refuses for any other reason costs nobody else's.
 */
import { randomUUID } from 'node:crypto';
import {
  api, connected, createAnnotatableAsset, createOrgWithRoles, request, startTestServer, syncSocket,
  type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let manager: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Text Org', 'text.test');
  manager = await server.tokenFor(org.users.manager.id, org.orgId);
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

const call = (method: string, path: string, body?: unknown) => api(server.url, method, `/api/v1${path}`, { token: manager, body });

describe('a request holding text Postgres cannot store', () => {
  it('is refused 400 with the field named, and nothing is made or changed', async () => {
    const made = await call('POST', '/projects', { name: 'a\0b', mediaType: 'image' });
    expect(made.status).toBe(400);
    expect(made.headers.get('content-type')).toContain('application/problem+json');
    expect(made.json.errors).toEqual([expect.objectContaining({ path: 'body.name', code: 'not_text' })]);
    expect((await server.db.query(`SELECT count(*)::int AS n FROM projects WHERE org_id = $1`, [org.orgId]))[0].n).toBe(0);

    const { json: project } = await call('POST', '/projects', { name: 'Cars', mediaType: 'image', labelSchema: { labels: [{ id: 'car', name: 'Car', color: '#1677ff', tools: ['box'] }] } });
    const renamed = await call('PUT', `/projects/${project.id}/label-schema`, { basedOnVersion: 1, labelSchema: { labels: [{ id: 'car', name: 'Car \uD800', color: '#1677ff', tools: ['box'] }] } });
    expect([renamed.status, renamed.json.errors?.[0]?.path]).toEqual([400, 'body.labelSchema.labels.0.name']);
    expect((await call('GET', `/projects/${project.id}`)).json).toMatchObject({ schemaVersion: 1, labelSchema: { labels: [{ name: 'Car' }] } });
    expect((await call('PATCH', `/projects/${project.id}`, { guidelines: 'Box\0 every car' })).status).toBe(400);

    // A search, in the query: the same, where the list answered 500.
    const search = await call('GET', `/projects?q=${encodeURIComponent('a\0')}`);
    expect([search.status, search.json.errors?.[0]?.path]).toEqual([400, 'query.q']);
    expect((await call('GET', `/projects/${project.id}/assets?q=%00`)).status).toBe(400);
    // In the path it names nothing that exists.
    expect((await call('GET', `/projects/${project.id}%00`)).status).toBe(404);

    // Multipart, read without a contract: an annotation import's fields and its file's name, which go into the run and
    // the audit log.
    for (const [field, name] of [['a\0', 'coco.json'], ['Model', 'co\0co.json']]) {
      const form = new FormData();
      form.append('format', 'coco');
      form.append('modelName', field);
      form.append('file', new Blob(['{"images":[],"annotations":[],"categories":[]}']), name);
      const res = await fetch(`${server.url}/api/v1/projects/${project.id}/annotation-imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${manager}` } });
      expect([res.status, ((await res.json()) as { errors?: { code?: string }[] }).errors?.[0]?.code]).toEqual([400, 'not_text']);
    }
    expect((await server.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE org_id = $1`, [org.orgId]))[0].n).toBe(0);
  });
});

describe('an op holding text Postgres cannot store', () => {
  async function join(token: string, assetId: string) {
    const s = syncSocket(server.url, token);
    sockets.push(s);
    await connected(s);
    const joined = await request(s, 'join', { assetId });
    if (!joined.ok) throw new Error(joined.problem.detail);
    return { s, setId: joined.setId };
  }
  const box = (attributes: Record<string, unknown> = {}, x = 10) => ({ id: randomUUID(), labelId: 'car', geometry: { type: 'box' as const, x, y: 10, width: 40, height: 30 }, attributes });
  const opsIn = async (setId: string) => (await server.db.query(`SELECT count(*)::int AS n FROM annotation_ops WHERE set_id = $1`, [setId]))[0].n as number;

  it('is rejected with its path, the ops sent beside it committed', async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const { s, setId } = await join(manager, assetId);
    const reply = await request(s, 'ops', {
      setId,
      ops: [
        { type: 'create', clientId: 'text-client', clientSeq: 1, annotation: box({ note: 'a\0b' }) },
        { type: 'create', clientId: 'text-client', clientSeq: 2, annotation: box({ ['k\0']: 1 }) },
        { type: 'create', clientId: 'text-client', clientSeq: 3, annotation: box({ note: 'x\uDC00' }) },
        { type: 'create', clientId: 'text-client', clientSeq: 4, annotation: box({ kind: 'van' }) },
      ],
    });
    expect(reply.ok && reply.results.map((r) => (r.status === 'rejected' ? [r.code, r.errors?.[0]?.path] : r.status))).toEqual([
      ['invalid', 'annotation.attributes.note'], ['invalid', 'annotation.attributes.k\\u0000'], ['invalid', 'annotation.attributes.note'], 'committed',
    ]);
    expect(await opsIn(setId)).toBe(1);
  });

  it("refused by the database, costs nobody else's ops batched with it in one commit", async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const mine = await join(manager, assetId);
    const theirs = await join(await server.tokenFor(org.users.admin.id, org.orgId), assetId);
    // A value only the database refuses (as it would one the checks above do not know of), by a trigger in this
    // file's own database.
    await server.db.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF (NEW.geometry->>'x')::numeric = 13 THEN RAISE EXCEPTION 'refused' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$`);
    await server.db.query(`CREATE TRIGGER refuse_poison BEFORE INSERT ON annotations FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
    try {
      // One person's ops, one a message, go out at once, another's poisoned one among them: while the first commit
      // runs, the rest wait for the next, the poisoned one with them.
      const send = (i: number) => request(mine.s, 'ops', { setId: mine.setId, ops: [{ type: 'create', clientId: 'good-client', clientSeq: i + 1, annotation: box() }] });
      const good = [send(0), send(1)];
      const poisoned = request(theirs.s, 'ops', { setId: theirs.setId, ops: [{ type: 'create', clientId: 'bad-client', clientSeq: 1, annotation: box({}, 13) }] });
      for (let i = 2; i < 30; i++) good.push(send(i));
      const replies = await Promise.all(good);
      expect(replies.map((r) => r.ok && r.results[0].status)).toEqual(Array(30).fill('committed'));
      // Refused for good (sent again, it would only fail again), not "try later".
      expect(await poisoned).toMatchObject({ ok: true, results: [{ status: 'rejected', code: 'invalid' }] });
      expect(await opsIn(mine.setId)).toBe(30);
    } finally {
      await server.db.query(`DROP TRIGGER refuse_poison ON annotations; DROP FUNCTION refuse_poison()`);
    }
  });
});
