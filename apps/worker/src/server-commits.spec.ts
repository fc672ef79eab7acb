/**
 * Server-side commits: a worker writes annotations through the same committer
 * as people, with a source only the server may set, and every commit reaches
 * the rooms of every API process through Redis. The worker here is the real
 * worker composition (WorkerModule) started in the test's process; the client
 * is a real /sync socket on a second API process.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { BulkCreates, ServerAnnotations, serverClientId } from '@tessera/server/annotations';
import {
  api, configOf, connected, createAnnotatableAsset, createOrgWithRoles, request, startTestServer, syncSocket, TestReplica,
  type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';
import { WorkerModule } from './worker.module';

let server: TestServer;
let second: Awaited<ReturnType<TestServer['startSecondApi']>>;
let worker: INestApplicationContext;
let org: TestOrg;
const sockets: TestSocket[] = [];
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => boolean, what: string, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(20);
  }
}

async function watch(url: string, token: string, assetId: string) {
  const s = syncSocket(url, token);
  sockets.push(s);
  await connected(s);
  const joined = await request(s, 'join', { assetId });
  if (!joined.ok) throw new Error(joined.problem.detail);
  const replica = new TestReplica(s, joined.setId);
  replica.reset(joined.annotations ?? [], joined.serverSeq);
  return replica;
}

const box = (x: number) => ({ type: 'box' as const, x, y: 20, width: 40, height: 30 });

beforeAll(async () => {
  server = await startTestServer();
  second = await server.startSecondApi();
  org = await createOrgWithRoles(server.db, 'Server Commits', 'server-commits.test');
  worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(configOf(server)), { logger: false });
});

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await worker?.close();
  await server?.close();
});

it('commits a model annotation from the worker, and a client on another API process sees it live', async () => {
  const { assetId } = await createAnnotatableAsset(server.db, org);
  const annotator = await watch(second.url, await server.tokenFor(org.users.annotator.id, org.orgId), assetId);
  const writer = worker.get(ServerAnnotations);
  const set = await writer.assetSet(org.orgId, assetId);
  expect(set.setId).toBe(annotator.setId);

  const id = randomUUID();
  const predictionId = randomUUID();
  const runId = randomUUID();
  const ops = [{ type: 'create' as const, clientId: serverClientId(runId), clientSeq: 1, annotation: { id, labelId: 'car', geometry: box(10), score: 0.87, predictionId } }];
  const results = await writer.commit(set, { source: 'model', onBehalfOf: org.users.manager.id }, ops);
  expect(results).toEqual([{ clientSeq: 1, status: 'committed', serverSeq: 1 }]);

  await eventually(() => annotator.state.has(id), 'the broadcast on the other process');
  expect(annotator.state.get(id)).toMatchObject({ source: 'model', score: 0.87, predictionId, createdBy: org.users.manager.id });

  // A retried job repeats its ops: answered from the op log, applied once.
  expect(await writer.commit(set, { source: 'model', onBehalfOf: org.users.manager.id }, ops)).toEqual(results);
  expect(await server.db.query(`SELECT count(*)::int AS n FROM annotation_ops WHERE set_id = $1`, [set.setId])).toEqual([{ n: 1 }]);

  // The server's writes obey the same rules as people's: a box off the picture is refused.
  const [off] = await writer.commit(set, { source: 'model', onBehalfOf: org.users.manager.id }, [
    { type: 'create', clientId: serverClientId(runId), clientSeq: 2, annotation: { id: randomUUID(), labelId: 'car', geometry: box(5000) } },
  ]);
  expect(off).toMatchObject({ status: 'rejected', code: 'invalid' });
});

it('stamps the writer’s source on its creates, whatever they say', async () => {
  const { assetId } = await createAnnotatableAsset(server.db, org);
  const writer = worker.get(ServerAnnotations);
  const set = await writer.assetSet(org.orgId, assetId);
  const id = randomUUID();
  await writer.commit(set, { source: 'import', onBehalfOf: org.users.manager.id }, [
    { type: 'create', clientId: serverClientId(randomUUID(), 'import'), clientSeq: 1, annotation: { id, labelId: 'car', geometry: box(1), source: 'human' } },
  ]);
  expect(await server.db.query(`SELECT source FROM annotations WHERE id = $1`, [id])).toEqual([{ source: 'import' }]);
  await expect(writer.assetSet(randomUUID(), assetId)).rejects.toThrow(/No such asset/);
});

describe('what a browser may say of where an annotation came from', () => {
  let assetId: string;
  let token: string;
  let modelId: string;
  const predictionId = randomUUID();
  let seq = 0;
  const clientId = 'provenance-client';
  const post = (list: object[]) => api(server.url, 'POST', `/api/v1/assets/${assetId}/annotations/ops`, { token, body: { ops: list } });
  const create = (annotation: object) => ({ type: 'create', clientId, clientSeq: ++seq, annotation });
  const codes = (res: Awaited<ReturnType<typeof post>>) => res.json.results.map((r: any) => (r.status === 'committed' ? 'ok' : r.code));

  beforeAll(async () => {
    ({ assetId } = await createAnnotatableAsset(server.db, org));
    token = await server.tokenFor(org.users.annotator.id, org.orgId);
    const writer = worker.get(ServerAnnotations);
    modelId = randomUUID();
    await writer.commit(await writer.assetSet(org.orgId, assetId), { source: 'model', onBehalfOf: org.users.manager.id }, [
      { type: 'create', clientId: serverClientId(randomUUID()), clientSeq: 1, annotation: { id: modelId, labelId: 'car', geometry: box(30), score: 0.91, predictionId } },
    ]);
  });

  it('refuses a model, import or consensus create, a made-up score or prediction, and a score patch', async () => {
    const res = await post([
      create({ id: randomUUID(), labelId: 'car', geometry: box(1), source: 'model' }),
      create({ id: randomUUID(), labelId: 'car', geometry: box(1), source: 'import' }),
      create({ id: randomUUID(), labelId: 'car', geometry: box(1), source: 'consensus' }),
      create({ id: randomUUID(), labelId: 'car', geometry: box(1), score: 0.99 }),
      create({ id: randomUUID(), labelId: 'car', geometry: box(1), predictionId: randomUUID() }),
      { type: 'update', clientId, clientSeq: ++seq, id: modelId, patch: { score: 0.2 } },
      create({ id: randomUUID(), labelId: 'car', geometry: box(1) }),
    ]);
    expect(codes(res)).toEqual(['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok']);
  });

  it('accepts a prediction with the model’s score, and an undo brings the prediction back as it was', async () => {
    const accepted = randomUUID();
    // The client claims a better score than the model gave: the server keeps the model's.
    const res = await post([{ type: 'delete', clientId, clientSeq: ++seq, id: modelId }, create({ id: accepted, labelId: 'car', geometry: box(30), score: 1, predictionId })]);
    expect(codes(res)).toEqual(['ok', 'ok']);
    expect(await server.db.query(`SELECT source, score, prediction_id FROM annotations WHERE id = $1`, [accepted]))
      .toEqual([{ source: 'human', score: expect.closeTo(0.91, 5), prediction_id: predictionId }]);

    // Undo: the accepted copy goes, the prediction comes back with its id, source and score.
    const undo = await post([{ type: 'delete', clientId, clientSeq: ++seq, id: accepted }, create({ id: modelId, labelId: 'car', geometry: box(30), source: 'model', score: 0.5, predictionId })]);
    expect(codes(undo)).toEqual(['ok', 'ok']);
    expect(await server.db.query(`SELECT source, score, prediction_id FROM annotations WHERE id = $1`, [modelId]))
      .toEqual([{ source: 'model', score: expect.closeTo(0.91, 5), prediction_id: predictionId }]);
  });
});

it("writes an import's round set-wise after a person's edits; a retried round writes nothing; a watcher catches up to all of it", async () => {
  const { assetId, projectId } = await createAnnotatableAsset(server.db, org);
  const other = await createAnnotatableAsset(server.db, org);
  const writer = worker.get(ServerAnnotations);
  const bulk = worker.get(BulkCreates);
  const set = await writer.assetSet(org.orgId, assetId);
  const otherSet = await writer.assetSet(org.orgId, other.assetId);
  // A person's edit first: the round numbers its ops after it.
  const mine = randomUUID();
  await writer.commit(set, { source: 'model', onBehalfOf: org.users.manager.id }, [
    { type: 'create', clientId: serverClientId(randomUUID()), clientSeq: 1, annotation: { id: mine, labelId: 'car', geometry: box(1) } },
  ]);
  const annotator = await watch(second.url, await server.tokenFor(org.users.annotator.id, org.orgId), assetId);
  const objects = [1, 2, 3].map((k) => ({
    id: randomUUID(), labelId: 'car', schemaVersion: 1, geometry: box(10 * k), attributes: {}, source: 'import', score: null, predictionId: null, zIndex: 0, groupId: null,
  }));
  const author = { orgId: org.orgId, projectId, onBehalfOf: org.users.manager.id, clientId: serverClientId(randomUUID(), 'imp') };
  const round = [
    { setId: set.setId, firstSeq: 1, annotations: objects.map((o) => JSON.stringify(o)) },
    // Another project's set: not this round's to write.
    { setId: otherSet.setId, firstSeq: 1, annotations: [JSON.stringify({ ...objects[0], id: randomUUID() })] },
  ];
  expect(await bulk.createRound(author, round)).toBe(3);
  expect(await server.db.query(`SELECT server_seq::int, client_seq::int, annotation_id, op->'annotation'->>'source' AS source FROM annotation_ops WHERE set_id = $1 ORDER BY server_seq`, [set.setId]))
    .toEqual([{ server_seq: 1, client_seq: 1, annotation_id: mine, source: 'model' }, ...objects.map((o, k) => ({ server_seq: k + 2, client_seq: k + 1, annotation_id: o.id, source: 'import' }))]);
  expect(await server.db.query(`SELECT count(*)::int AS n FROM annotations WHERE set_id = $1`, [otherSet.setId])).toEqual([{ n: 0 }]);

  // The same round again (a retried job): its ops are in the log already, nothing is written twice.
  expect(await bulk.createRound(author, round)).toBe(0);
  expect(await server.db.query(`SELECT last_seq::int FROM annotation_sets WHERE id = $1`, [set.setId])).toEqual([{ last_seq: 4 }]);
  // The broadcast carried only the last op; the watcher saw the gap and caught up on the rest from the log.
  await eventually(() => objects.every((o) => annotator.state.has(o.id)), 'the watcher catching up');
  expect(annotator.state.get(objects[1].id)).toMatchObject({ source: 'import', createdBy: org.users.manager.id, version: 1 });
});
