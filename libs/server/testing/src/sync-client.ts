import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { SYNC_PATH, applyCommitted, type Annotation, type AnnotationState, type ClientEvents, type CommittedOp, type ServerEvents } from '@tessera/contracts';

export type TestSocket = Socket<ServerEvents, ClientEvents>;

/** A real Socket.IO client on /sync, as a browser would open it (websocket only, no auto-reconnect unless asked). */
export function syncSocket(url: string, token: string | (() => string), opts: { reconnection?: boolean } = {}): TestSocket {
  return io(url, {
    path: SYNC_PATH,
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: (cb) => cb({ token: typeof token === 'function' ? token() : token }),
    forceNew: true,
  });
}

export function connected(socket: TestSocket, timeoutMs = 10000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Emits an event and waits for its acknowledgement. */
type Acked = Exclude<keyof ClientEvents, 'presence'>;
export function request<E extends Acked>(socket: TestSocket, event: E, payload: Parameters<ClientEvents[E]>[0], timeoutMs = 15000) {
  type Reply = Parameters<NonNullable<Parameters<ClientEvents[E]>[1]>>[0];
  return new Promise<Reply>((resolve, reject) => {
    (socket.timeout(timeoutMs) as any).emit(event, payload, (err: Error | null, reply: Reply) => (err ? reject(err) : resolve(reply)));
  });
}

/**
 * A replica as simple as a client can be: it applies broadcast ops in
 * server_seq order with the shared reducer, holds back those that arrive early,
 * and asks for a catch-up when a gap stays open.
 */
export class TestReplica {
  state: AnnotationState = new Map();
  seq = 0;
  private early = new Map<number, CommittedOp>();
  private gapTimer?: NodeJS.Timeout;

  constructor(public socket: TestSocket, public setId: string) {
    this.attach(socket);
  }

  attach(socket: TestSocket) {
    this.socket = socket;
    socket.on('ops', (m) => m.setId === this.setId && this.ingest(m.ops));
  }

  ingest(ops: CommittedOp[]) {
    for (const op of ops) if (op.serverSeq > this.seq) this.early.set(op.serverSeq, op);
    while (this.early.has(this.seq + 1)) {
      const op = this.early.get(this.seq + 1)!;
      this.early.delete(op.serverSeq);
      applyCommitted(this.state, op);
      this.seq = op.serverSeq;
    }
    if (this.early.size && !this.gapTimer) this.gapTimer = setTimeout(() => void this.catchUp(), 300);
  }

  reset(annotations: Annotation[], seq: number) {
    this.state = new Map(annotations.map((a) => [a.id, a]));
    this.seq = seq;
    for (const k of [...this.early.keys()]) if (k <= seq) this.early.delete(k);
    this.ingest([]);
  }

  async catchUp() {
    this.gapTimer = undefined;
    if (!this.socket.connected) return;
    const r = await request(this.socket, 'catchup', { setId: this.setId, afterSeq: this.seq }).catch(() => null);
    if (!r?.ok) return;
    if (r.mode === 'delta') this.ingest(r.ops);
    else this.reset(r.annotations, r.serverSeq);
  }
}

/** A client that joins an asset's set and keeps a replica of it, and rejoins with its last server_seq after every reconnect. */
export async function liveReplica(url: string, token: string, assetId: string, opts: { reconnection?: boolean } = {}) {
  const socket = syncSocket(url, token, opts);
  await connected(socket);
  const joined = await request(socket, 'join', { assetId });
  if (!joined.ok) {
    socket.close();
    throw new Error(joined.problem.detail);
  }
  const replica = new TestReplica(socket, joined.setId);
  replica.reset(joined.annotations ?? [], joined.serverSeq);
  socket.io.on('reconnect', async () => {
    const again = await request(socket, 'join', { assetId, afterSeq: replica.seq }).catch(() => null);
    if (!again?.ok) return;
    if (again.mode === 'delta') replica.ingest(again.ops ?? []);
    else replica.reset(again.annotations ?? [], again.serverSeq);
  });
  return replica;
}

/**
 * A client editing as fast as acknowledgements come back: batches of box creates, a batch without an
 * answer sent again as it was (the server answers repeats from its op log), a pause while disconnected.
 * The ids of acknowledged annotations go into `acked`; `stop()` ends the loop after its current batch.
 */
export function keepEditing(replica: TestReplica, clientId: string, acked: Set<string>, batchSize = 10) {
  let stopped = false;
  const pause = () => new Promise((r) => setTimeout(r, 50));
  const loop = (async () => {
    let clientSeq = 0;
    let batch: { type: 'create'; clientId: string; clientSeq: number; annotation: { id: string; labelId: string; geometry: { type: 'box'; x: number; y: number; width: number; height: number } } }[] = [];
    while (!stopped) {
      if (!batch.length) {
        batch = Array.from({ length: batchSize }, () => ({
          type: 'create' as const, clientId, clientSeq: ++clientSeq,
          annotation: { id: randomUUID(), labelId: 'car', geometry: { type: 'box' as const, x: clientSeq % 600, y: 5, width: 10, height: 10 } },
        }));
      }
      if (!replica.socket.connected) {
        await pause();
        continue;
      }
      const reply = await request(replica.socket, 'ops', { setId: replica.setId, ops: batch }, 3000).catch(() => null);
      if (reply?.ok && reply.results.every((x) => x.status === 'committed')) {
        batch.forEach((op) => acked.add(op.annotation.id));
        batch = [];
      } else await pause();
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
