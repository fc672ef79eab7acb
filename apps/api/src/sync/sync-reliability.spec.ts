/**
 * The promises of realtime annotation, against real processes: several API
 * processes serve one room, an acknowledged op survives a crash, clients ride
 * out a Redis restart, and random concurrent clients converge on the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { applyCommitted, canonical, type Annotation, type AnnotationState, type CommittedOp } from '@tessera/contracts';
import {
  connected, createAnnotatableAsset, createOrgWithRoles, freePort, keepEditing, liveReplica, request, startTestServer, syncSocket,
  TestReplica, type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';

const sockets: TestSocket[] = [];
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(50);
  }
}

/** A client that joins a set and keeps a replica of it, and rejoins with its last server_seq after every reconnect. */
async function client(url: string, token: string, assetId: string, opts: { reconnection?: boolean } = {}) {
  const replica = await liveReplica(url, token, assetId, opts);
  sockets.push(replica.socket);
  return replica;
}

async function databaseState(server: TestServer, setId: string) {
  const rows = await server.db.query(`SELECT id, label_id, geometry, attributes, z_index, version FROM annotations WHERE set_id = $1 ORDER BY id`, [setId]);
  const [{ last_seq }] = await server.db.query(`SELECT last_seq FROM annotation_sets WHERE id = $1`, [setId]);
  return { rows, seq: Number(last_seq) };
}
const comparable = (state: AnnotationState) =>
  canonical(state).map((a: Annotation) => ({ id: a.id, label_id: a.labelId, geometry: a.geometry, attributes: a.attributes, z_index: a.zIndex, version: a.version }));

const box = (id: string, x: number) => ({ id, labelId: 'car', geometry: { type: 'box', x, y: 5, width: 10, height: 10 } });

afterEach(() => {
  sockets.splice(0).forEach((s) => s.close());
});

describe('one room across two API processes', () => {
  let server: TestServer;
  let org: TestOrg;
  let second: Awaited<ReturnType<TestServer['startSecondApi']>>;
  beforeAll(async () => {
    server = await startTestServer();
    second = await server.startSecondApi();
    org = await createOrgWithRoles(server.db, 'Two Processes', 'two.test');
  });
  afterAll(() => server?.close());

  it('delivers edits between processes and orders concurrent ones in one server_seq', async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const a = await client(server.url, await server.tokenFor(org.users.annotator.id, org.orgId), assetId);
    const b = await client(second.url, await server.tokenFor(org.users.reviewer.id, org.orgId), assetId);
    const send = (r: TestReplica, name: string, n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => request(r.socket, 'ops', { setId: r.setId, ops: [{ type: 'create', clientId: `${name}-client`, clientSeq: i + 1, annotation: box(randomUUID(), i) }] })));
    const [ra, rb] = await Promise.all([send(a, 'proc-a', 40), send(b, 'proc-b', 40)]);
    const seqs = [...ra, ...rb].map((r) => (r.ok && r.results[0].status === 'committed' ? r.results[0].serverSeq : -1)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const db = await databaseState(server, a.setId);
    await eventually(() => a.seq === db.seq && b.seq === db.seq, 10000, 'both replicas at the last server_seq');
    expect(comparable(a.state)).toEqual(db.rows);
    expect(comparable(b.state)).toEqual(db.rows);
  });

  it('converges: random clients on both processes, with delays, resends and disconnects, all equal the database', async () => {
    const tokens = await Promise.all((['annotator', 'reviewer', 'manager'] as const).map((r) => server.tokenFor(org.users[r].id, org.orgId)));
    const step = fc.record({
      kind: fc.constantFrom('create', 'create', 'update', 'update', 'delete', 'resend', 'reconnect'),
      target: fc.integer({ min: 0, max: 5 }),
      x: fc.integer({ min: 0, max: 600 }),
      delay: fc.integer({ min: 0, max: 15 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 5, maxLength: 25 }), { minLength: 3, maxLength: 4 }), async (scripts) => {
        const { assetId } = await createAnnotatableAsset(server.db, org);
        const ids = Array.from({ length: 6 }, () => randomUUID());
        const acked: { clientId: string; clientSeq: number; serverSeq: number }[] = [];
        const replicas = await Promise.all(scripts.map((_, i) => client(i % 2 ? second.url : server.url, tokens[i % tokens.length], assetId, { reconnection: true })));
        await Promise.all(scripts.map(async (script, i) => {
          const replica = replicas[i];
          const clientId = `prop-client-${i}-${assetId.slice(0, 8)}`;
          let clientSeq = 0;
          let last: unknown;
          for (const s of script) {
            await wait(s.delay);
            if (s.kind === 'reconnect') {
              replica.socket.io.engine.close();
              await eventually(() => replica.socket.connected, 10000, 'reconnect');
              continue;
            }
            const op = s.kind === 'resend' && last ? last
              : s.kind === 'create' || s.kind === 'resend' ? { type: 'create', clientId, clientSeq: ++clientSeq, annotation: box(ids[s.target], s.x) }
                : s.kind === 'update' ? { type: 'update', clientId, clientSeq: ++clientSeq, id: ids[s.target], patch: { geometry: { type: 'box', x: s.x, y: 1, width: 5, height: 5 }, attributes: { kind: s.x % 2 ? 'van' : null } } }
                  : { type: 'delete', clientId, clientSeq: ++clientSeq, id: ids[s.target] };
            last = op;
            const reply = await request(replica.socket, 'ops', { setId: replica.setId, ops: [op] }).catch(() => null);
            const result = reply?.ok ? reply.results[0] : null;
            if (result?.status === 'committed') acked.push({ clientId, clientSeq: (op as { clientSeq: number }).clientSeq, serverSeq: result.serverSeq });
          }
        }));
        const db = await databaseState(server, replicas[0].setId);
        await eventually(async () => {
          await Promise.all(replicas.map((r) => (r.seq < db.seq ? r.catchUp() : null)));
          return replicas.every((r) => r.seq === db.seq);
        }, 15000, 'every replica at the database server_seq');
        for (const r of replicas) expect(comparable(r.state)).toEqual(db.rows);
        // Every acknowledged op is in the log, under the server_seq it was acknowledged with.
        const log = await server.db.query(`SELECT client_id, client_seq::int, server_seq::int FROM annotation_ops WHERE set_id = $1`, [replicas[0].setId]);
        const logged = new Map(log.map((o: any) => [`${o.client_id}/${o.client_seq}`, o.server_seq]));
        for (const a of acked) expect(logged.get(`${a.clientId}/${a.clientSeq}`)).toBe(a.serverSeq);
        // And the stored state is the op log folded with the shared reducer.
        const ops = await server.db.query(`SELECT server_seq::int AS "serverSeq", actor_id AS "actorId", committed_at AS at, op FROM annotation_ops WHERE set_id = $1 ORDER BY server_seq`, [replicas[0].setId]);
        const folded: AnnotationState = new Map();
        for (const o of ops) applyCommitted(folded, { ...o, at: o.at.toISOString() } as CommittedOp);
        expect(comparable(folded)).toEqual(db.rows);
        sockets.splice(0).forEach((s) => s.close());
      }),
      { numRuns: 6 },
    );
  }, 180000);
});

describe('a crash of the API under load', () => {
  let server: TestServer;
  let org: TestOrg;
  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrgWithRoles(server.db, 'Crashing', 'crash.test');
  });
  afterAll(() => server?.close());

  it('loses no acknowledged op, and clients resume after the restart', async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const token = await server.tokenFor(org.users.annotator.id, org.orgId);
    const acked = new Set<string>();
    const replicas = await Promise.all([0, 1, 2, 3].map(() => client(server.url, token, assetId, { reconnection: true })));
    // Each client sends batches of 10 creates as fast as acks come back; a batch without an ack is sent again as it was.
    const editors = replicas.map((r, i) => keepEditing(r, `crash-client-${i}`, acked));
    await eventually(() => acked.size >= 300, 30000, '300 acknowledged ops');
    await server.restartApi({ signal: 'SIGKILL', downMs: 500 });
    const crashedAt = Date.now();
    const atCrash = acked.size;
    await eventually(() => acked.size >= atCrash + 300, 30000, '300 more acknowledged ops after the restart');
    await Promise.all(editors.map((e) => e.stop()));

    const stored = await server.db.query(`SELECT id FROM annotations WHERE set_id = $1`, [replicas[0].setId]);
    const storedIds = new Set(stored.map((r: any) => r.id));
    const missing = [...acked].filter((id) => !storedIds.has(id));
    expect({ acknowledged: acked.size, missing }).toEqual({ acknowledged: acked.size, missing: [] });
    // The crashed process's presence entries outlive it in Redis; once its heartbeat key lapses, nobody is shown them.
    await wait(Math.max(0, crashedAt + 11_000 - Date.now()));
    const probe = syncSocket(server.url, token);
    sockets.push(probe);
    await connected(probe);
    const seen = await request(probe, 'join', { assetId });
    const live = new Set([...replicas.map((r) => r.socket.id), probe.id]);
    expect(seen.ok && seen.peers.filter((p) => !live.has(p.sessionId))).toEqual([]);
    // Resent batches applied once: one op per annotation.
    const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM annotation_ops WHERE set_id = $1`, [replicas[0].setId]);
    expect(n).toBe(stored.length);
  }, 120000);
});

describe('a Redis restart', () => {
  let server: TestServer;
  let org: TestOrg;
  let redis: ChildProcess;
  let port: number;
  const startRedis = () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    return eventually(async () => {
      const { createConnection } = await import('node:net');
      return new Promise<boolean>((resolve) => {
        const c = createConnection(port, '127.0.0.1', () => (c.end(), resolve(true)));
        c.on('error', () => resolve(false));
      });
    }, 10000, 'redis to listen');
  };
  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    server = await startTestServer({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    org = await createOrgWithRoles(server.db, 'Redis Restart', 'redis.test');
  });
  afterAll(async () => {
    await server?.close();
    redis?.kill('SIGKILL');
  });

  it('keeps clients connected or reconnecting, and they catch up', async () => {
    const second = await server.startSecondApi();
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const a = await client(server.url, await server.tokenFor(org.users.annotator.id, org.orgId), assetId, { reconnection: true });
    const b = await client(second.url, await server.tokenFor(org.users.reviewer.id, org.orgId), assetId, { reconnection: true });
    const send = (n: number) => request(a.socket, 'ops', { setId: a.setId, ops: [{ type: 'create', clientId: 'redis-client-a', clientSeq: n, annotation: box(randomUUID(), n) }] });
    expect((await send(1)).ok).toBe(true);
    await eventually(() => b.seq === 1, 5000, 'the first op across processes');

    redis.kill('SIGKILL');
    await wait(300);
    // Postgres is the source of truth: with Redis gone, edits are still committed and acknowledged.
    const during = await send(2);
    expect(during.ok && during.results[0].status).toBe('committed');
    await startRedis();
    await eventually(async () => {
      const r = await send(3).catch(() => null);
      return Boolean(r?.ok);
    }, 15000, 'an op after Redis is back');
    await eventually(async () => {
      if (b.seq < 3) await b.catchUp();
      return b.seq === 3;
    }, 15000, 'the other process to catch up');
    const db = await databaseState(server, a.setId);
    expect(comparable(b.state)).toEqual(db.rows);
    await second.stop();
  }, 60000);
});
