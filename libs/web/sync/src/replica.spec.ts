import fc from 'fast-check';
import { canonical, type CommittedOp, type OpResult } from '@tessera/contracts';
import { Replica } from './replica';
import { SimServer, uuidOf } from './test-support';

const box = (x: number, y = 0) => ({ type: 'box' as const, x, y, width: 10, height: 10, rotation: 0 });

/** One simulated browser: a replica, its connection, and messages on their way to it in any order. */
class SimClient {
  replica: Replica;
  connected = true;
  inbox: ({ kind: 'ops'; ops: CommittedOp[] } | { kind: 'ack'; results: OpResult[] })[] = [];
  made = new Set<number>();
  rejected = new Set<number>();
  constructor(
    readonly userId: string,
    readonly clientId: string,
    private readonly server: SimServer,
  ) {
    this.replica = this.fresh();
  }
  private fresh(next = 1) {
    const r = new Replica({ clientId: this.clientId, actorId: this.userId, nextClientSeq: next });
    r.subscribe((e) => {
      if (e.type === 'local') for (const p of e.ops) this.made.add(p.op.clientSeq);
    });
    return r;
  }
  /** A reload: the confirmed state and the unacknowledged ops come back from the store, the undo history does not. */
  reload() {
    const old = this.replica;
    const stored = old.pending.filter((p) => p.committedSeq === undefined).map((p) => structuredClone({ op: p.op, actorId: p.actorId, at: p.at }));
    this.replica = this.fresh(old.nextClientSeq);
    this.replica.load({ serverSeq: old.serverSeq, annotations: [...old.confirmed.values()] });
    this.replica.restore(stored);
    this.inbox = [];
  }
  send(all: SimClient[], loseAck: boolean) {
    if (!this.connected) return;
    const ops = this.replica.pending.filter((p) => p.committedSeq === undefined).map((p) => p.op);
    if (!ops.length) return;
    const { results, committed } = this.server.submit(this.userId, ops);
    if (committed.length) for (const c of all) if (c.connected) c.inbox.push({ kind: 'ops', ops: structuredClone(committed) });
    if (!loseAck) this.inbox.push({ kind: 'ack', results });
  }
  deliver(index: number) {
    if (!this.inbox.length) return;
    const [m] = this.inbox.splice(index % this.inbox.length, 1);
    if (m.kind === 'ops') this.replica.receive(m.ops);
    else
      for (const r of m.results) {
        if (r.status === 'committed') this.replica.acknowledge(r.clientSeq, r.serverSeq);
        else if (this.replica.reject(r.clientSeq!)) this.rejected.add(r.clientSeq!);
      }
  }
  catchup() {
    if (this.connected) this.replica.receive(structuredClone(this.server.after(this.replica.serverSeq)), { upTo: this.server.seq });
  }
  disconnect() {
    this.connected = false;
    this.inbox = [];
  }
  reconnect() {
    if (this.connected) return;
    this.connected = true;
    this.catchup(); // join with afterSeq: a delta
  }
}

const action = fc.record({
  kind: fc.constantFrom('edit', 'edit', 'edit', 'batch', 'undo', 'redo', 'send', 'send', 'deliver', 'deliver', 'deliver', 'catchup', 'disconnect', 'reconnect', 'reload'),
  client: fc.nat(2),
  a: fc.nat(1000),
  b: fc.nat(1000),
  lose: fc.boolean(),
});

function edit(r: Replica, a: number, b: number, nextId: () => number) {
  const ids = [...r.view.keys()];
  const choice = ids.length === 0 ? 0 : a % 10;
  if (choice < 3) r.create({ id: uuidOf(nextId()), labelId: ['car', 'person'][b % 2], geometry: box(b % 500, a % 300) });
  else if (choice < 5) r.update(ids[b % ids.length], { geometry: box(a, b) });
  else if (choice < 7) r.update(ids[b % ids.length], { labelId: a % 2 ? 'car' : 'truck' });
  else if (choice < 9) r.update(ids[b % ids.length], { attributes: { [`k${a % 3}`]: b % 4 === 0 ? null : String(b) } });
  else r.delete(ids[b % ids.length]);
}

describe('replicas converge', () => {
  test('random edits, undo and redo, interleavings, lost acks, duplicates, disconnects and reloads end in the server state', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 120 }), (actions) => {
        const server = new SimServer();
        let ids = 0;
        const nextId = () => ++ids;
        const clients = [0, 1, 2].map((i) => new SimClient(`user-${i}`, `client-${i}-abcdef`, server));
        for (const act of actions) {
          const c = clients[act.client];
          const r = c.replica;
          switch (act.kind) {
            case 'edit':
              edit(r, act.a, act.b, nextId);
              break;
            case 'batch':
              r.batch(() => {
                edit(r, act.a, act.b, nextId);
                edit(r, act.b, act.a, nextId);
              });
              break;
            case 'undo':
              r.undo();
              break;
            case 'redo':
              r.redo();
              break;
            case 'send':
              c.send(clients, act.lose);
              break;
            case 'deliver':
              c.deliver(act.a);
              break;
            case 'catchup':
              c.catchup();
              break;
            case 'disconnect':
              c.disconnect();
              break;
            case 'reconnect':
              c.reconnect();
              break;
            case 'reload':
              c.reload();
              c.connected = false;
              c.reconnect();
              break;
          }
        }
        // Everyone comes back and the network settles (a client that is merely disconnected and behind must come back too).
        const unsettled = () => clients.some((c) => !c.connected || c.replica.pending.length || c.inbox.length || c.replica.serverSeq < server.seq);
        for (let round = 0; round < 20 && unsettled(); round++) {
          for (const c of clients) {
            c.reconnect();
            while (c.inbox.length) c.deliver(0);
            c.send(clients, false);
          }
          for (const c of clients) {
            while (c.inbox.length) c.deliver(0);
            c.catchup();
          }
        }
        const want = canonical(server.state);
        for (const c of clients) {
          expect(c.replica.pending).toEqual([]);
          expect(c.replica.serverSeq).toBe(server.seq);
          expect(canonical(c.replica.view as Map<string, never>)).toEqual(want);
          // Nothing made was lost: every op is committed once, or was refused and said so.
          for (const seq of c.made) {
            const committed = server.seen.has(`${c.clientId}:${seq}`);
            expect(committed || c.rejected.has(seq)).toBe(true);
          }
        }
        const keys = server.log.map((o) => `${o.op.clientId}:${o.op.clientSeq}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the view', () => {
  const setup = () => {
    const server = new SimServer();
    const a = new Replica({ clientId: 'client-a-123', actorId: 'alice' });
    const b = new Replica({ clientId: 'client-b-123', actorId: 'bob' });
    const sync = (from: Replica, ...to: Replica[]) => {
      const { results, committed } = server.submit(from.actorId, from.pending.map((p) => p.op));
      for (const r of [from, ...to]) r.receive(committed);
      for (const res of results) if (res.status === 'rejected') from.reject(res.clientSeq!);
      return results;
    };
    return { server, a, b, sync };
  };

  test('a local op shows at once and leaves the pending list when its broadcast arrives', () => {
    const { a, b, sync } = setup();
    a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    expect(a.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 1 });
    expect(a.pendingCount).toBe(1);
    expect(b.view.size).toBe(0);
    sync(a, b);
    expect(a.pending).toEqual([]);
    expect(b.view.get(uuidOf(1))?.createdBy).toBe('alice');
  });

  test('an ack ahead of its broadcast counts as done but keeps the op in the view until the broadcast comes', () => {
    const { server, a } = setup();
    a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    const { results, committed } = server.submit('alice', a.pending.map((p) => p.op));
    a.acknowledge(results[0].clientSeq!, (results[0] as { serverSeq: number }).serverSeq);
    expect(a.pendingCount).toBe(0);
    expect(a.view.has(uuidOf(1))).toBe(true);
    expect(a.hasGap).toBe(true);
    a.receive(committed);
    expect(a.pending).toEqual([]);
    expect(a.hasGap).toBe(false);
    expect(a.view.has(uuidOf(1))).toBe(true);
  });

  test('server ops out of order wait for the gap to fill', () => {
    const { server, a, b, sync } = setup();
    b.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    b.update(uuidOf(1), { labelId: 'truck' });
    sync(b);
    const [first, second] = server.log;
    a.receive([second]);
    expect(a.view.size).toBe(0);
    expect(a.hasGap).toBe(true);
    a.receive([first]);
    expect(a.view.get(uuidOf(1))?.labelId).toBe('truck');
    expect(a.serverSeq).toBe(2);
    a.receive([first, second]); // duplicates change nothing
    expect(a.serverSeq).toBe(2);
  });

  test('a pending change to an annotation someone deleted drops out of the view, and the server refuses it', () => {
    const { a, b, sync } = setup();
    a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    sync(a, b);
    a.update(uuidOf(1), { labelId: 'truck' });
    b.delete(uuidOf(1));
    sync(b, a);
    expect(a.view.has(uuidOf(1))).toBe(false);
    expect(a.pendingCount).toBe(1);
    const results = sync(a, b);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(a.pending).toEqual([]);
  });

  test('local edits refuse what cannot apply and never reuse a clientSeq', () => {
    const a = new Replica({ clientId: 'client-a-123', nextClientSeq: 41 });
    expect(a.update(uuidOf(9), { labelId: 'x' })).toBeNull();
    expect(a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) })?.clientSeq).toBe(41);
    expect(a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) })).toBeNull();
    expect(a.delete(uuidOf(1))?.clientSeq).toBe(42);
    expect(() => a.create({ id: 'not-a-uuid', labelId: 'car', geometry: box(1) })).toThrow();
  });

  test('a reload re-applies stored ops on the stored snapshot and continues the sequence', () => {
    const { a, b, sync } = setup();
    a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    sync(a, b);
    a.update(uuidOf(1), { geometry: box(50) });
    const again = new Replica({ clientId: a.clientId, nextClientSeq: 2 });
    again.load({ serverSeq: a.serverSeq, annotations: [...a.confirmed.values()] });
    again.restore(a.pending.map((p) => ({ ...p })));
    expect(again.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 50 });
    expect(again.create({ id: uuidOf(2), labelId: 'car', geometry: box(1) })?.clientSeq).toBe(3);
  });
});

describe('undo and redo', () => {
  const server = () => new SimServer();
  /** Alice and Bob on one server; `push` sends one person's pending ops and both receive what was committed. */
  const twoPeople = () => {
    const s = server();
    const a = new Replica({ clientId: 'client-a-123', actorId: 'alice' });
    const b = new Replica({ clientId: 'client-b-123', actorId: 'bob' });
    const push = (from: Replica) => {
      const { committed } = s.submit(from.actorId, from.pending.map((p) => p.op));
      a.receive(committed);
      b.receive(committed);
    };
    return { s, a, b, push };
  };

  test('undo walks back creates and moves, redo walks forward, a new edit clears redo', () => {
    const r = new Replica({ clientId: 'client-a-123' });
    r.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    r.update(uuidOf(1), { geometry: box(2) });
    r.update(uuidOf(1), { geometry: box(3) });
    expect(r.undo()).toBe(true);
    expect(r.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 2 });
    expect(r.undo()).toBe(true);
    expect(r.undo()).toBe(true);
    expect(r.view.has(uuidOf(1))).toBe(false);
    expect(r.undo()).toBe(false);
    expect(r.redo()).toBe(true);
    expect(r.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 1 });
    expect(r.redo()).toBe(true);
    expect(r.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 2 });
    r.update(uuidOf(1), { labelId: 'truck' });
    expect(r.canRedo).toBe(false);
    expect(r.redo()).toBe(false);
  });

  test('undo restores only what this person changed: a concurrent edit by someone else survives', () => {
    const { s, a, b, push } = twoPeople();
    b.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    push(b);
    a.update(uuidOf(1), { labelId: 'truck' });
    b.update(uuidOf(1), { geometry: box(99) });
    push(b);
    push(a);
    a.undo();
    push(a);
    expect(s.state.get(uuidOf(1))).toMatchObject({ labelId: 'car', geometry: { x: 99 } });
    expect(canonical(a.view as never)).toEqual(canonical(s.state));
    expect(canonical(b.view as never)).toEqual(canonical(s.state));
  });

  test('a batch is one undo step', () => {
    const r = new Replica({ clientId: 'client-a-123' });
    r.batch(() => {
      r.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
      r.create({ id: uuidOf(2), labelId: 'car', geometry: box(2) });
      r.update(uuidOf(1), { geometry: box(5) });
    });
    expect(r.view.size).toBe(2);
    r.undo();
    expect(r.view.size).toBe(0);
    r.redo();
    expect(r.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 5 });
    expect(r.view.size).toBe(2);
  });

  test('a batch makes one change event and one local event', () => {
    const r = new Replica({ clientId: 'client-a-123' });
    const events: string[] = [];
    r.subscribe((e) => events.push(e.type === 'local' ? `local:${e.ops.length}` : e.type));
    r.batch(() => {
      r.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
      r.create({ id: uuidOf(2), labelId: 'car', geometry: box(2) });
    });
    expect(events).toEqual(['local:2', 'change']);
  });

  test('a step that no longer applies (someone deleted the object) is skipped for the one before it', () => {
    const { a, b, push } = twoPeople();
    a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    a.create({ id: uuidOf(2), labelId: 'car', geometry: box(2) });
    a.update(uuidOf(2), { geometry: box(20) });
    push(a);
    b.delete(uuidOf(2));
    push(b);
    expect(a.undo()).toBe(true); // the move of 2 cannot go back, the create of 2 neither: 1 goes
    expect(a.view.size).toBe(0);
  });

  test('an undo that finds every step void empties the stack and says so with a change event', () => {
    const { a, b, push } = twoPeople();
    a.create({ id: uuidOf(1), labelId: 'car', geometry: box(1) });
    push(a);
    b.delete(uuidOf(1));
    push(b);
    const events: string[] = [];
    a.subscribe((e) => events.push(e.type));
    const version = a.version;
    expect(a.canUndo).toBe(true);
    expect(a.undo()).toBe(false);
    // Nothing in the view moved, but whoever shows an undo button must hear that it is off now.
    expect([a.canUndo, a.version, events]).toEqual([false, version, ['change']]);
    expect(a.undo()).toBe(false);
    expect(events).toEqual(['change']);
  });

  test('undo of a delete brings the annotation back with its id', () => {
    const r = new Replica({ clientId: 'client-a-123' });
    r.create({ id: uuidOf(1), labelId: 'car', geometry: box(1), attributes: { colour: 'red' } });
    r.delete(uuidOf(1));
    r.undo();
    expect(r.view.get(uuidOf(1))).toMatchObject({ labelId: 'car', attributes: { colour: 'red' } });
  });
});
