import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { canonical, type CommittedOp, type JoinReply, type OpsReply, type CatchupReply } from '@tessera/contracts';
import { SyncClient, type Rejection } from './sync-client';
import { MemoryPendingStore } from './store';
import { SimServer, uuidOf } from './test-support';

/**
 * A stand-in for the /sync gateway on a real Socket.IO server: the protocol of
 * libs/contracts/src/sync.ts over the in-memory sequencer, with knobs to
 * refuse tokens, hold back broadcasts and answer `unavailable`. It has the
 * asset's own set and a task's set on the same asset (each with its own
 * sequencer), and a task on another asset.
 */
const ASSET = uuidOf(0xa55e7);
const SET = uuidOf(0x5e7);
const TASK = uuidOf(0x7a5c);
const TASK_SET = uuidOf(0x7a5e7);
const ELSEWHERE_TASK = uuidOf(0x7a5d);

class Gateway {
  sets = new Map([SET, TASK_SET, uuidOf(0xe15e)].map((id) => [id, new SimServer()]));
  /** The asset's own set. */
  get sim() {
    return this.sets.get(SET)!;
  }
  http: HttpServer;
  io: Server;
  url = '';
  validTokens = new Set(['good']);
  /** Broadcasts held back (to make a gap), per serverSeq. */
  holdBack = new Set<number>();
  unavailableOnce = 0;
  received: unknown[][] = [];
  joins: unknown[] = [];
  sessions = 0;
  constructor() {
    this.http = createServer();
    this.io = new Server(this.http, { path: '/sync' });
    this.io.use((socket, next) => (this.validTokens.has(socket.handshake.auth.token) ? next() : next(new Error('unauthorized'))));
    this.io.on('connection', (socket) => this.connection(socket));
  }
  async start() {
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }
  async stop() {
    this.io.disconnectSockets(true);
    await new Promise((r) => this.io.close(r));
  }
  private resolve(req: { assetId?: string; taskId?: string }): { setId: string; assetId: string } | null {
    if (req.taskId === TASK) return { setId: TASK_SET, assetId: ASSET };
    if (req.taskId === ELSEWHERE_TASK) return { setId: uuidOf(0xe15e), assetId: uuidOf(0xe15e) };
    if (!req.taskId && req.assetId === ASSET) return { setId: SET, assetId: ASSET };
    return null;
  }
  private connection(socket: Socket) {
    const sessionId = `s${++this.sessions}`;
    const user = String(socket.handshake.auth.token);
    socket.on('join', (req: { assetId?: string; taskId?: string; afterSeq?: number }, ack: (r: JoinReply) => void) => {
      this.joins.push(req);
      const found = this.resolve(req);
      if (!found) return ack({ ok: false, problem: { status: 404, title: 'Not found', detail: 'no such asset or task' } });
      const sim = this.sets.get(found.setId)!;
      void socket.join(found.setId);
      const you = { userId: uuidOf(1), sessionId, name: user, color: '#123456' };
      const base = { ok: true as const, ...found, serverSeq: sim.seq, canEdit: true, you, peers: [] };
      if (req.afterSeq !== undefined) ack({ ...base, mode: 'delta', ops: sim.after(req.afterSeq) });
      else ack({ ...base, mode: 'snapshot', annotations: [...sim.state.values()] });
    });
    socket.on('ops', (req: { setId: string; ops: never[] }, ack: (r: OpsReply) => void) => {
      this.received.push(req.ops);
      const sim = this.sets.get(req.setId)!;
      if (this.unavailableOnce > 0) {
        this.unavailableOnce--;
        return ack({ ok: true, serverSeq: sim.seq, results: req.ops.map((o: { clientSeq: number }) => ({ clientSeq: o.clientSeq, status: 'rejected', code: 'unavailable', message: 'try later' })) });
      }
      const { results, committed } = sim.submit(uuidOf(1), req.ops);
      const now = committed.filter((c) => !this.holdBack.has(c.serverSeq));
      if (now.length) this.io.to(req.setId).emit('ops', { setId: req.setId, ops: now });
      ack({ ok: true, serverSeq: sim.seq, results });
    });
    socket.on('catchup', (req: { setId: string; afterSeq: number }, ack: (r: CatchupReply) => void) => {
      const sim = this.sets.get(req.setId)!;
      ack({ ok: true, serverSeq: sim.seq, mode: 'delta', ops: sim.after(req.afterSeq) as CommittedOp[] });
    });
    socket.on('presence', (p: { setId: string }) => {
      socket.to(p.setId).emit('presence', { setId: p.setId, peer: { sessionId, userId: uuidOf(1), name: user, color: '#123456', canEdit: true, ...p, at: Date.now() } });
    });
  }
}

const box = (x: number) => ({ type: 'box' as const, x, y: 0, width: 10, height: 10, rotation: 0 });
const until = async (cond: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

let gw: Gateway;
const clients: SyncClient[] = [];
beforeEach(async () => {
  gw = new Gateway();
  await gw.start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await gw.stop();
});

async function open(opts: Partial<Parameters<typeof SyncClient.open>[0]> = {}) {
  const c = await SyncClient.open({ assetId: ASSET, url: gw.url, getToken: () => 'good', gapMs: 50, ...opts });
  clients.push(c);
  return c;
}

test('two clients: an edit reaches the other, acks empty the pending list, presence is shared', async () => {
  const a = await open();
  const b = await open({ getToken: () => 'good' });
  await until(() => a.status === 'online' && b.status === 'online');
  a.replica.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
  await until(() => b.replica.view.has(uuidOf(1)) && a.replica.pending.length === 0);
  b.replica.update(uuidOf(1), { geometry: box(40) });
  await until(() => (a.replica.view.get(uuidOf(1))?.geometry as { x: number }).x === 40);
  expect(canonical(a.replica.view as never)).toEqual(canonical(gw.sim.state));
  b.setPresence({ cursor: { x: 5, y: 6 } });
  await until(() => a.peers.some((p) => p.cursor?.x === 5));
});

test('ops are stored before they are sent, and a reload resends them under the same clientId', async () => {
  const store = new MemoryPendingStore();
  gw.validTokens.clear(); // nobody gets in: the ops wait
  const a = await open({ store });
  a.replica.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
  a.replica.update(uuidOf(1), { geometry: box(2) });
  await new Promise((r) => setTimeout(r, 50));
  expect(a.pendingCount).toBe(2);
  const clientId = a.replica.clientId;
  await a.close();
  clients.length = 0;

  gw.validTokens.add('good');
  const again = await open({ store });
  expect(again.replica.clientId).toBe(clientId);
  expect(again.replica.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 2 }); // shown before any server contact
  await until(() => again.pendingCount === 0 && gw.sim.state.has(uuidOf(1)));
  expect(gw.sim.state.get(uuidOf(1))?.geometry).toMatchObject({ x: 2 });
  expect(again.replica.create({ id: uuidOf(2), labelId: 'car', geometry: box(1) })?.clientSeq).toBe(3);
});

test('undo reaches back past a reload: the steps are kept with the clientId', async () => {
  const store = new MemoryPendingStore();
  const a = await open({ store });
  await until(() => a.status === 'online');
  a.replica.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
  a.replica.update(uuidOf(1), { geometry: box(2) });
  a.replica.undo(); // back to x 1, with a redo step
  await until(() => a.pendingCount === 0);
  await a.close();
  clients.length = 0;

  const again = await open({ store });
  await until(() => again.status === 'online');
  expect([again.replica.canUndo, again.replica.canRedo]).toEqual([true, true]);
  again.replica.redo();
  expect(again.replica.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 2 });
  again.replica.undo();
  again.replica.undo();
  expect(again.replica.view.has(uuidOf(1))).toBe(false);
  await until(() => again.pendingCount === 0 && !gw.sim.state.has(uuidOf(1)));
});

test('a refused token is refreshed and the connection comes back', async () => {
  let token = 'stale';
  const refreshToken = jest.fn(async () => ((token = 'good'), true));
  const a = await open({ getToken: () => token, refreshToken });
  await until(() => a.status === 'online');
  expect(refreshToken).toHaveBeenCalled();
});

test('unavailable is retried; a final rejection leaves the view and is reported', async () => {
  const a = await open();
  await until(() => a.status === 'online');
  const rejected: Rejection[] = [];
  a.on('rejected', (r) => rejected.push(r));
  gw.unavailableOnce = 1;
  a.replica.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
  await until(() => gw.sim.state.has(uuidOf(1)) && a.pendingCount === 0);
  expect(gw.received.length).toBe(2);

  // Someone else creates the same id first, and its broadcast is late: ours is a conflict.
  const b = await open();
  await until(() => b.status === 'online');
  gw.holdBack.add(gw.sim.seq + 1);
  b.replica.create({ id: uuidOf(7), labelId: 'car', geometry: box(9) });
  await until(() => gw.sim.state.has(uuidOf(7)));
  a.replica.create({ id: uuidOf(7), labelId: 'truck', geometry: box(3) });
  await until(() => rejected.length === 1);
  expect(rejected[0]).toMatchObject({ code: 'conflict', op: { type: 'create' } });
  // The gap (seq 2 never broadcast, but the ack says the server is past it) is filled by a catch-up.
  await until(() => a.replica.serverSeq === gw.sim.seq);
  expect(canonical(a.replica.view as never)).toEqual(canonical(gw.sim.state));
});

test('a broadcast held back is fetched with catchup after the gap lasts', async () => {
  const a = await open();
  const b = await open();
  await until(() => a.status === 'online' && b.status === 'online');
  gw.holdBack.add(1);
  a.replica.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
  await until(() => gw.sim.seq === 1);
  gw.holdBack.clear();
  a.replica.create({ id: uuidOf(2), labelId: 'car', geometry: box(2) });
  await until(() => b.replica.view.size === 2 && b.replica.serverSeq === 2);
});

test('a join the server refuses for good is reported once', async () => {
  const fatal = jest.fn();
  const c = await SyncClient.open({ assetId: uuidOf(99), url: gw.url, getToken: () => 'good' });
  clients.push(c);
  c.on('fatal', fatal);
  await until(() => fatal.mock.calls.length === 1);
  expect(c.problem?.status).toBe(404);
  expect(c.status).toBe('offline');
});

describe("a task's set", () => {
  test('the join names the task, not the asset; its ops stay in its set, and the asset\'s own set goes on apart', async () => {
    const task = await open({ taskId: TASK });
    const task2 = await open({ taskId: TASK });
    const own = await open();
    await until(() => [task, task2, own].every((c) => c.status === 'online'));
    expect(gw.joins).toEqual(expect.arrayContaining([{ taskId: TASK }, { assetId: ASSET }]));
    expect(gw.joins).not.toContainEqual(expect.objectContaining({ taskId: TASK, assetId: expect.anything() }));
    expect([task.setId, task.docId, task.assetId, own.setId, own.docId]).toEqual([TASK_SET, `task:${TASK}`, ASSET, SET, ASSET]);

    task.replica.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    own.replica.create({ id: uuidOf(2), labelId: 'car', geometry: box(2) });
    await until(() => task2.replica.view.has(uuidOf(1)) && task.pendingCount === 0 && own.pendingCount === 0);
    expect([...gw.sets.get(TASK_SET)!.state.keys()]).toEqual([uuidOf(1)]);
    expect([...gw.sim.state.keys()]).toEqual([uuidOf(2)]);
    expect([...task2.replica.view.keys()]).toEqual([uuidOf(1)]);
    expect([...own.replica.view.keys()]).toEqual([uuidOf(2)]);
  });

  test('pending ops of a task\'s set and of the asset\'s own set wait under different keys', async () => {
    const store = new MemoryPendingStore();
    gw.validTokens.clear(); // offline: everything stays pending
    const own = await open({ store });
    own.replica.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    const task = await open({ store, taskId: TASK });
    task.replica.create({ id: uuidOf(2), labelId: 'car', geometry: box(2) });
    await until(() => own.unstoredCount === 0 && task.unstoredCount === 0);
    for (const c of clients.splice(0)) await c.close();

    // Reopened: each finds its own op and only that, and sends it to its own set.
    gw.validTokens.add('good');
    const taskAgain = await open({ store, taskId: TASK });
    const ownAgain = await open({ store });
    expect([...taskAgain.replica.view.keys()]).toEqual([uuidOf(2)]);
    expect([...ownAgain.replica.view.keys()]).toEqual([uuidOf(1)]);
    await until(() => taskAgain.pendingCount === 0 && ownAgain.pendingCount === 0);
    expect([...gw.sets.get(TASK_SET)!.state.keys()]).toEqual([uuidOf(2)]);
    expect([...gw.sim.state.keys()]).toEqual([uuidOf(1)]);
  });

  test('a task on another asset than the one given is refused for good', async () => {
    const fatal = jest.fn();
    const c = await open({ taskId: ELSEWHERE_TASK });
    c.on('fatal', fatal);
    await until(() => fatal.mock.calls.length === 1);
    expect(c.problem).toMatchObject({ status: 409, code: 'asset_mismatch' });
    expect(c.status).toBe('offline');
  });
});

test('edit rights are pushed: the client follows them without asking, and rejoins a set it was taken out of', async () => {
  const c = await open();
  await until(() => c.status === 'online');
  expect(c.canEdit).toBe(true);
  const changes = jest.fn();
  c.on('change', changes);
  const joinsBefore = gw.joins.length;

  gw.io.emit('rights', { setId: SET, canEdit: false, open: true });
  await until(() => !c.canEdit);
  expect(changes).toHaveBeenCalled();
  // Rights for another set are not this client's.
  gw.io.emit('rights', { setId: TASK_SET, canEdit: true, open: true });
  gw.io.emit('rights', { setId: SET, canEdit: true, open: true });
  await until(() => c.canEdit);
  // Nothing was asked: the client only listened.
  expect(gw.joins.length).toBe(joinsBefore);

  // Taken out of the set: it joins again, and the join's answer stands (here, editing again).
  gw.io.emit('rights', { setId: SET, canEdit: false, open: false });
  await until(() => gw.joins.length === joinsBefore + 1);
  await until(() => c.status === 'online' && c.canEdit);
});

test("the rights are known from the server's first answer or at once from this browser's stored copy, and stay known", async () => {
  const store = new MemoryPendingStore();
  gw.validTokens.clear(); // nobody gets in yet: no answer
  const first = await open({ store });
  await new Promise((r) => setTimeout(r, 100));
  expect([first.rightsKnown, first.canEdit]).toEqual([false, false]);
  await first.close();
  clients.length = 0;

  gw.validTokens.add('good');
  const a = await open({ store });
  expect(a.rightsKnown).toBe(false);
  await until(() => a.status === 'online');
  expect([a.rightsKnown, a.canEdit]).toEqual([true, true]);
  // A reconnection asks again, and what was known meanwhile stands.
  gw.io.disconnectSockets();
  await until(() => a.status !== 'online');
  expect(a.rightsKnown).toBe(true);
  await until(() => a.status === 'online');
  await a.close();
  clients.length = 0;

  // Reopened with the server out of reach: the copy closed above says what the last answer was.
  gw.validTokens.clear();
  const again = await open({ store });
  expect([again.rightsKnown, again.canEdit]).toEqual([true, true]);
});
