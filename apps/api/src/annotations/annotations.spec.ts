import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { LocalBlobStore } from '@tessera/server/storage';
import {
  api, connected, createAnnotatableAsset, createOrgWithRoles, request, startTestServer, syncSocket,
  type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';

let server: TestServer;
let org: TestOrg;
let other: TestOrg;
let annotator: string;
let reviewer: string;
let consumer: string;
let outsider: string;
let image: { projectId: string; assetId: string };
const sockets: TestSocket[] = [];

const box = (id = randomUUID(), x = 10) => ({ id, labelId: 'car', geometry: { type: 'box', x, y: 10, width: 50, height: 40 } });
let seq = 0;
const clientId = 'rest-client-01';
const create = (annotation: object) => ({ type: 'create', clientId, clientSeq: ++seq, annotation });
const ops = (token: string, list: unknown[], assetId = image.assetId) =>
  api(server.url, 'POST', `/api/v1/assets/${assetId}/annotations/ops`, { token, body: { ops: list } });

async function open(token: string, assetId = image.assetId) {
  const s = syncSocket(server.url, token);
  sockets.push(s);
  await connected(s);
  const joined = await request(s, 'join', { assetId });
  if (!joined.ok) throw new Error(joined.problem.detail);
  return { s, joined };
}

function nextEvent<T>(s: TestSocket, event: 'ops' | 'presence' | 'presence:leave', match: (m: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event`)), timeoutMs);
    const on = (m: T) => {
      if (!match(m)) return;
      clearTimeout(timer);
      s.off(event, on as never);
      resolve(m);
    };
    s.on(event, on as never);
  });
}

/**
 * Announces a body of `bytes` and waits for the answer without sending it: the
 * server must refuse by the declared length, before reading anything (sending
 * the bytes would only race the server closing the connection).
 */
function postHuge(path: string, token: string, bytes: number): Promise<{ status: number; contentType: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': bytes } });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']) });
      req.destroy();
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Annotating Org', 'ann.test');
  other = await createOrgWithRoles(server.db, 'Other Org', 'other.test');
  image = await createAnnotatableAsset(server.db, org, 'image');
  annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  reviewer = await server.tokenFor(org.users.reviewer.id, org.orgId);
  consumer = await server.tokenFor(org.users.consumer.id, org.orgId);
  outsider = await server.tokenFor(other.users.owner.id, other.orgId);
});

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
});

describe('annotations over REST', () => {
  it('commits an op once, however often it is sent, and answers with its server_seq', async () => {
    const a = box();
    const op = create(a);
    const first = await ops(annotator, [op]);
    expect(first.status).toBe(200);
    expect(first.json.results).toEqual([{ clientSeq: op.clientSeq, status: 'committed', serverSeq: expect.any(Number) }]);
    const again = await ops(annotator, [op]);
    expect(again.json.results[0]).toEqual(first.json.results[0]);
    const rows = await server.db.query(`SELECT count(*)::int AS n FROM annotation_ops WHERE annotation_id = $1`, [a.id]);
    expect(rows[0].n).toBe(1);

    const snap = await api(server.url, 'GET', `/api/v1/assets/${image.assetId}/annotations`, { token: consumer });
    expect(snap.status).toBe(200);
    expect(snap.json.annotations.find((x: any) => x.id === a.id)).toMatchObject({ labelId: 'car', version: 1, source: 'human', schemaVersion: 1, createdBy: org.users.annotator.id });
    expect(snap.json.serverSeq).toBe(first.json.results[0].serverSeq);
  });

  it('merges updates per property, and a delete wins over a later edit', async () => {
    const a = box();
    await ops(annotator, [create(a)]);
    const r = await ops(reviewer, [
      { type: 'update', clientId, clientSeq: ++seq, id: a.id, patch: { attributes: { kind: 'van' } } },
      { type: 'update', clientId, clientSeq: ++seq, id: a.id, patch: { attributes: { occluded: true }, zIndex: 3 } },
    ]);
    expect(r.json.results.map((x: any) => x.status)).toEqual(['committed', 'committed']);
    const [row] = await server.db.query(`SELECT attributes, z_index, version, updated_by FROM annotations WHERE id = $1`, [a.id]);
    expect(row).toEqual({ attributes: { kind: 'van', occluded: true }, z_index: 3, version: 3, updated_by: org.users.reviewer.id });

    const history = await api(server.url, 'GET', `/api/v1/annotations/${a.id}/history`, { token: consumer });
    expect(history.json.items.map((h: any) => [h.type, h.actor.name])).toEqual([
      ['create', 'annotator of Annotating Org'], ['update', 'reviewer of Annotating Org'], ['update', 'reviewer of Annotating Org'],
    ]);

    const del = await ops(annotator, [
      { type: 'delete', clientId, clientSeq: ++seq, id: a.id },
      { type: 'update', clientId, clientSeq: ++seq, id: a.id, patch: { zIndex: 9 } },
    ]);
    expect(del.json.results.map((x: any) => x.status === 'rejected' ? x.code : x.status)).toEqual(['committed', 'not_found']);
    expect(await server.db.query(`SELECT 1 FROM annotations WHERE id = $1`, [a.id])).toEqual([]);
  });

  it('rejects bad ops one by one, with reasons, and keeps the good ones of the batch', async () => {
    const good = box();
    const far = { ...box(), geometry: { type: 'box', x: 600, y: 10, width: 100, height: 40 } };
    const res = await ops(annotator, [
      create(far),
      create({ ...box(), labelId: 'truck' }),
      create({ ...box(), geometry: { type: 'polygon', points: [[1, 1], [2, 2]] } }),
      create({ ...box(), labelId: 'person', geometry: { type: 'polygon', points: [[1, 1], [2, 2], [3, 1]] } }),
      create({ ...box(), attributes: { kind: 'bus' } }),
      create({ ...box(), source: 'model' }),
      { type: 'create', clientId, clientSeq: ++seq, annotation: box(), serverSeq: 12 },
      create(good),
      create(good),
    ]);
    expect(res.status).toBe(200);
    const codes = res.json.results.map((x: any) => (x.status === 'rejected' ? x.code : 'ok'));
    expect(codes).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'forbidden', 'invalid', 'ok', 'conflict']);
    expect(res.json.results[0].message).toMatch(/outside the 640×480 image/);
    expect(res.json.results[1].message).toMatch(/not in the label schema/);
    expect(res.json.results[3].message).toMatch(/does not allow the polygon tool/);

    // JSON cannot say NaN, but 1e999 parses to Infinity: still refused.
    const inf = await api(server.url, 'POST', `/api/v1/assets/${image.assetId}/annotations/ops`, {
      token: annotator,
      rawBody: `{"ops":[{"type":"create","clientId":"${clientId}","clientSeq":${++seq},"annotation":{"id":"${randomUUID()}","labelId":"car","geometry":{"type":"box","x":1e999,"y":0,"width":1,"height":1}}}]}`,
    });
    expect(inf.json.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
  });

  it('refuses a span that splits a surrogate pair or a grapheme of the document, saying which character, and commits whole ones', async () => {
    const doc = 'Hi 😀 cafe\u0301 👩‍👩‍👧 北京\n';
    const text = await createAnnotatableAsset(server.db, org, 'text', { characters: doc.length });
    // The asset's text where ingest keeps it: a blob named in its metadata.
    const stored = await new LocalBlobStore(server.env.DATA_DIR).put(Readable.from(Buffer.from(doc, 'utf8')));
    await server.db.query(`UPDATE assets SET metadata = metadata || $2::jsonb WHERE id = $1`, [text.assetId, JSON.stringify({ textKey: stored.key })]);
    const span = (start: number, end: number) => create({ id: randomUUID(), labelId: 'per', geometry: { type: 'span', start, end } });
    const smile = doc.indexOf('😀');
    const e = doc.indexOf('e\u0301');
    const family = doc.indexOf('👩‍👩‍👧');
    const res = await ops(annotator, [span(smile, smile + 1), span(e - 3, e + 1), span(family + 2, family + 8), span(smile, smile + 2), span(family, family + 8), span(doc.indexOf('北京'), doc.indexOf('北京') + 2)], text.assetId);
    expect(res.status).toBe(200);
    expect(res.json.results.map((x: any) => (x.status === 'rejected' ? `${x.code}: ${x.message}` : x.status))).toEqual([
      `invalid: offset ${smile + 1} splits a surrogate pair (the character “😀” takes two UTF-16 code units, at ${smile} and ${smile + 1})`,
      `invalid: offset ${e + 1} falls inside the character “e\u0301” (code units ${e} to ${e + 2}): a span may not split a grapheme`,
      `invalid: offset ${family + 2} falls inside the character “👩‍👩‍👧” (code units ${family} to ${family + 8}): a span may not split a grapheme`,
      'committed', 'committed', 'committed',
    ]);
    expect(res.json.results[0].errors).toEqual([{ path: 'geometry.end', message: expect.stringMatching(/splits a surrogate pair/) }]);
    // Past the end is still the length's own refusal.
    const past = await ops(annotator, [span(0, doc.length + 1)], text.assetId);
    expect(past.json.results[0]).toMatchObject({ status: 'rejected', code: 'invalid', message: `the text is ${doc.length} code units long` });

    // The REST read gives each span its text and its offsets in code points, as Python counts them.
    const read = await api(server.url, 'GET', `/api/v1/assets/${text.assetId}/annotations`, { token: annotator });
    expect(read.status).toBe(200);
    const cp = (utf16: number) => [...doc.slice(0, utf16)].length;
    const byStart = Object.fromEntries((read.json.annotations as any[]).map((a) => [a.geometry.start, a.span]));
    const beijing = doc.indexOf('北京');
    expect(byStart).toEqual({
      [smile]: { text: '😀', codePointStart: cp(smile), codePointEnd: cp(smile) + 1 },
      [family]: { text: '👩‍👩‍👧', codePointStart: cp(family), codePointEnd: cp(family) + 5 },
      [beijing]: { text: '北京', codePointStart: cp(beijing), codePointEnd: cp(beijing) + 2 },
    });
    expect(Array.from(doc).slice(cp(family), cp(family) + 5).join('')).toBe('👩‍👩‍👧');
  });

  it('flags a self-intersecting polygon but keeps it', async () => {
    const res = await ops(annotator, [create({ ...box(), geometry: { type: 'polygon', points: [[0, 0], [100, 100], [100, 0], [0, 100]] } })]);
    expect(res.json.results[0]).toMatchObject({ status: 'committed', warnings: ['geometry.points: the polygon crosses itself'] });
  });

  it('lets watchers read but not write, and hides other organisations', async () => {
    expect((await ops(consumer, [create(box())])).status).toBe(403);
    expect((await ops(outsider, [create(box())])).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/v1/assets/${image.assetId}/annotations`, { token: outsider })).status).toBe(404);
    const huge = await postHuge(`/api/v1/assets/${image.assetId}/annotations/ops`, annotator, 50 * 1024 * 1024);
    expect(huge.status).toBe(413);
    expect(huge.contentType).toMatch(/problem\+json/);
  });
});

describe('annotations over /sync', () => {
  it('refuses a connection without a valid token', async () => {
    const s = syncSocket(server.url, 'not-a-token');
    sockets.push(s);
    await expect(connected(s)).rejects.toThrow(/unauthorized/);
  });

  it('broadcasts committed ops and presence to the room, acknowledging only after commit', async () => {
    const a = await open(annotator);
    const b = await open(reviewer);
    expect(a.joined.ok && a.joined.mode).toBe('snapshot');

    const seen = nextEvent<any>(b.s, 'ops');
    const annotation = box();
    const ack = await request(a.s, 'ops', { setId: a.joined.ok ? a.joined.setId : '', ops: [{ type: 'create', clientId: 'socket-client-a', clientSeq: 1, annotation }] });
    expect(ack.ok && ack.results[0].status).toBe('committed');
    const rows = await server.db.query(`SELECT 1 FROM annotations WHERE id = $1`, [annotation.id]);
    expect(rows).toHaveLength(1);
    const broadcast = await seen;
    expect(broadcast.ops[0]).toMatchObject({ actorId: org.users.annotator.id, op: { type: 'create', annotation: { id: annotation.id, schemaVersion: 1 } } });

    const cursor = nextEvent<any>(b.s, 'presence', (m) => m.peer.cursor);
    a.s.emit('presence', { setId: broadcast.setId, cursor: { x: 12, y: 34 }, selection: [annotation.id] });
    expect((await cursor).peer).toMatchObject({ userId: org.users.annotator.id, cursor: { x: 12, y: 34 }, selection: [annotation.id], color: expect.stringMatching(/^#/) });

    const left = nextEvent<any>(b.s, 'presence:leave');
    a.s.close();
    expect((await left).sessionId).toBeTruthy();
  });

  it('catches a client up from its last server_seq, and refuses a forged one', async () => {
    const a = await open(annotator);
    if (!a.joined.ok) throw new Error('join');
    const from = a.joined.serverSeq;
    await ops(annotator, [create(box()), create(box())]);
    const catchup = await request(a.s, 'catchup', { setId: a.joined.setId, afterSeq: from });
    expect(catchup.ok && catchup.mode === 'delta' && catchup.ops.map((o) => o.serverSeq)).toEqual([from + 1, from + 2]);
    const forged = await request(a.s, 'catchup', { setId: a.joined.setId, afterSeq: from + 1000 });
    expect(forged).toMatchObject({ ok: false, problem: { status: 409, code: 'ahead' } });
    const rejoin = await request(a.s, 'join', { assetId: image.assetId, afterSeq: from });
    expect(rejoin.ok && rejoin.mode).toBe('delta');
  });

  it('rejects a watcher, an unjoined set and a flood without disturbing anyone else', async () => {
    const watcher = await open(consumer);
    const editor = await open(annotator);
    if (!watcher.joined.ok || !editor.joined.ok) throw new Error('join');
    expect(watcher.joined.canEdit).toBe(false);
    const refused = await request(watcher.s, 'ops', { setId: watcher.joined.setId, ops: [{ type: 'create', clientId: 'watcher-client', clientSeq: 1, annotation: box() }] });
    expect(refused.ok && refused.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const stranger = await request(editor.s, 'ops', { setId: randomUUID(), ops: [{ type: 'delete', clientId: 'editor-client', clientSeq: 1, id: randomUUID() }] });
    expect(stranger).toMatchObject({ ok: false, problem: { status: 404 } });

    // 120 batches of 500 ops at once, 40,000 past the burst (eight seconds of refill): the connection is told to slow
    // down. (With 10,000 past it, a CI machine busy with other test files once read the 60 batches in over two
    // seconds, the refill covered them, and none was refused.)
    const flood = await Promise.all(Array.from({ length: 120 }, (_, i) => request(editor.s, 'ops', {
      setId: editor.joined.ok ? editor.joined.setId : '',
      ops: Array.from({ length: 500 }, (_, j) => ({ type: 'delete', clientId: 'flooding-client', clientSeq: i * 500 + j + 1, id: randomUUID() })),
    }, 60000)));
    expect(flood.some((r) => !r.ok && r.problem.status === 429)).toBe(true);
    // Meanwhile another connection is served as usual.
    const calm = await ops(reviewer, [create(box())]);
    expect(calm.json.results[0].status).toBe('committed');
  });

  it('closes a connection that sends a message over the size limit; the others stay', async () => {
    const big = await open(annotator);
    const calm = await open(reviewer);
    if (!big.joined.ok) throw new Error('join');
    const closed = new Promise((r) => big.s.once('disconnect', r));
    big.s.emit('ops', { setId: big.joined.setId, ops: [{ type: 'update', clientId: 'big-client-01', clientSeq: 1, id: randomUUID(), patch: { attributes: { note: 'x'.repeat(50 * 1024 * 1024) } } }] }, () => undefined);
    await closed;
    expect(calm.s.connected).toBe(true);
    const still = await request(calm.s, 'catchup', { setId: big.joined.setId, afterSeq: 0 });
    expect(still.ok).toBe(true);
  });

  it('counts connections, op results and commits in /metrics', async () => {
    await open(annotator);
    const text = (await api(server.url, 'GET', '/metrics')).text;
    expect(text).toMatch(/tessera_sync_connections \d+/);
    expect(text).toMatch(/tessera_sync_op_results_total\{result="committed"\} \d+/);
    expect(text).toMatch(/tessera_annotation_commits [1-9]\d*/);
  });
});
