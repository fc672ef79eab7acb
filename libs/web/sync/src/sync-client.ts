import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  SYNC_PATH,
  type CatchupReply,
  type ClientEvents,
  type CommittedOpBody,
  type JoinReply,
  type OpRejection,
  type OpsReply,
  type Peer,
  type PresenceUpdate,
  type ServerEvents,
  type SyncProblem,
} from '@tessera/contracts';
import { Replica, type PendingOp } from './replica';
import { MemoryPendingStore, type PendingSlot, type PendingStore } from './store';
import { Emitter } from './emitter';

/**
 * The /sync protocol over Socket.IO for one annotation set (an asset's own,
 * or a task's: see `SyncClientOptions.taskId`): joins
 * (with the last server_seq it has, for a delta), writes every local op to
 * the pending store before sending it, sends ops in batches with one batch in
 * flight, resends after a reconnect (the server applies an op once, by its
 * (clientId, clientSeq)), retries `unavailable`/`throttled` with backoff,
 * fills gaps in the broadcast order with `catchup`, keeps the peers of the
 * room, and reconnects with a fresh token after a `bye` or an auth refusal.
 * No HTTP of its own: the token comes from `getToken`/`refreshToken`.
 */
export type SyncStatus = 'connecting' | 'online' | 'offline';

export interface Rejection {
  op: CommittedOpBody;
  code: OpRejection;
  message: string;
}

export interface SyncEvents {
  /** The view, the pending count or canEdit changed. */
  change: () => void;
  status: (s: SyncStatus) => void;
  peers: (peers: Peer[]) => void;
  /** The server refused a local op for good; it has left the view. */
  rejected: (r: Rejection) => void;
  /** The server refused the join (not found, forbidden): the client stops. */
  fatal: (p: SyncProblem) => void;
  /** After any of the above: `revision` moved (for React's useSyncExternalStore). */
  revision: () => void;
}

type SyncSocket = Socket<ServerEvents, ClientEvents>;
type Connect = (url: string | undefined, opts: Partial<ManagerOptions & SocketOptions>) => SyncSocket;

export interface SyncClientOptions {
  /** The asset the set annotates (with `taskId`, the task's asset: a join that says otherwise is refused). */
  assetId: string;
  /**
   * Opens this task's annotation set instead of the asset's own: an annotate
   * task's work, or for a review task the work it reviews. Its pending ops are
   * kept apart from the asset's own set's (store key `task:<id>`).
   */
  taskId?: string;
  /** The origin of the API; the page's own by default. */
  url?: string;
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  /** Gets a new access token (after a `bye` or a refused connection); false when the session is over. */
  refreshToken?: () => Promise<boolean>;
  store?: PendingStore;
  /** Stamped on creates that do not name a schema version. */
  schemaVersion?: number;
  /** Who local changes are shown as made by until the server says (the join reply names the user). */
  userId?: string;
  /** Ops per message (the server takes up to MAX_OPS_PER_BATCH). */
  maxBatch?: number;
  presenceIntervalMs?: number;
  /** How long a gap in the broadcast order may last before asking for a catch-up. */
  gapMs?: number;
  ackTimeoutMs?: number;
  /** How the socket is made (tests pass their own). */
  connect?: Connect;
}

/** The confirmed state is stored this long after it last changed (and when the page is hidden). */
const SNAPSHOT_DELAY_MS = 250;
const RETRYABLE: readonly OpRejection[] = ['unavailable', 'throttled'];
type SendState = 'writing' | 'ready' | 'inflight';

export class SyncClient extends Emitter<SyncEvents> {
  readonly replica: Replica;
  readonly assetId: string;
  readonly taskId: string | null;
  /** The key of this set's ops and snapshot in the pending store. */
  readonly docId: string;
  status: SyncStatus = 'connecting';
  canEdit = false;
  /**
   * `canEdit` is the set's answer, not the default: from the copy of the set this browser stored, or the server's
   * first answer. It stays so over reconnections (the rights are then pushed as they change).
   */
  rightsKnown: boolean;
  setId: string | null;
  you: Extract<JoinReply, { ok: true }>['you'] | null = null;
  /** Set when the server refused the join for good. */
  problem: SyncProblem | null = null;

  private socket: SyncSocket | null = null;
  private readonly peerMap = new Map<string, Peer>();
  private readonly sendState = new Map<number, SendState>();
  private inflight = false;
  private writing: PendingOp[] = [];
  private hasBase: boolean;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryAttempt = 0;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  private presenceSentAt = 0;
  private presence: Omit<PresenceUpdate, 'setId'> = {};
  private presenceDirty = false;
  private reauthing = false;
  private authAttempt = 0;
  private epoch = 0;
  private closed = false;
  private readonly unsubscribe: () => void;

  /** Claims the document in the store (continuing a stored sequence and its pending ops) and connects. */
  static async open(opts: SyncClientOptions): Promise<SyncClient> {
    const store = opts.store ?? new MemoryPendingStore();
    const slot = await store.claim(syncDocId(opts));
    const client = new SyncClient(opts, slot);
    client.connect();
    return client;
  }

  private constructor(
    private readonly opts: SyncClientOptions,
    private readonly slot: PendingSlot,
  ) {
    super();
    this.assetId = opts.assetId;
    this.taskId = opts.taskId ?? null;
    this.docId = syncDocId(opts);
    this.replica = new Replica({ clientId: slot.clientId, nextClientSeq: slot.nextClientSeq, actorId: opts.userId, schemaVersion: opts.schemaVersion });
    this.setId = slot.snapshot?.setId ?? null;
    this.hasBase = !!slot.snapshot;
    this.canEdit = slot.snapshot?.canEdit ?? false;
    this.rightsKnown = slot.snapshot?.canEdit !== undefined;
    if (slot.snapshot) this.replica.load(slot.snapshot);
    for (const p of slot.ops) this.sendState.set(p.op.clientSeq, 'ready');
    this.replica.restore(slot.ops);
    if (slot.history) this.replica.restoreHistory(slot.history);
    const off = this.replica.subscribe((e) => {
      if (e.type === 'change') this.emit('change');
      else if (e.type === 'local') this.persist(e.ops);
      else if (e.type === 'confirmed') this.scheduleSnapshot();
    });
    // A tab being closed or reloaded stores what it has confirmed, so the next load starts from there, and its undo steps.
    const onHide = () => {
      this.slot.saveHistory(this.replica.history);
      if (!this.snapshotTimer) return;
      clearTimeout(this.snapshotTimer);
      this.snapshotTimer = null;
      void this.saveSnapshot().catch(() => undefined);
    };
    globalThis.addEventListener?.('pagehide', onHide);
    this.unsubscribe = () => {
      off();
      globalThis.removeEventListener?.('pagehide', onHide);
    };
  }

  /** Bumped by every event, so a UI can tell whether anything changed. */
  revision = 0;

  protected override emit<K extends keyof SyncEvents>(event: K, ...args: Parameters<SyncEvents[K]>) {
    super.emit(event, ...args);
    if (event === 'revision') return;
    this.revision++;
    super.emit('revision');
  }

  get pendingCount() {
    return this.replica.pendingCount;
  }
  /** Local ops not yet in the pending store: a tab killed now would lose these (normally for milliseconds). */
  get unstoredCount() {
    let n = 0;
    for (const s of this.sendState.values()) if (s === 'writing') n++;
    return n;
  }
  get peers(): Peer[] {
    return [...this.peerMap.values()];
  }

  /** Where this person's cursor, selection, viewport or activity is; sent at most every presenceIntervalMs. */
  setPresence(update: Omit<PresenceUpdate, 'setId'>) {
    this.presence = { ...this.presence, ...update };
    this.presenceDirty = true;
    if (this.presenceTimer) return;
    const interval = this.opts.presenceIntervalMs ?? 100;
    const wait = Math.max(0, this.presenceSentAt + interval - Date.now());
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      this.sendPresence();
    }, wait);
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    for (const t of [this.retryTimer, this.gapTimer, this.snapshotTimer, this.presenceTimer]) if (t) clearTimeout(t);
    this.unsubscribe();
    this.slot.saveHistory(this.replica.history);
    await this.saveSnapshot().catch(() => undefined);
    if (this.socket) {
      if (this.setId && this.socket.connected) this.socket.emit('leave', { setId: this.setId }, () => undefined);
      this.socket.disconnect();
      this.socket.removeAllListeners();
    }
    this.slot.release();
    this.setStatus('offline');
    this.clear();
  }

  // ---- connection ----

  private connect() {
    const make: Connect = this.opts.connect ?? ((url, o) => (url ? io(url, o) : io(o)) as SyncSocket);
    const socket = make(this.opts.url, {
      path: SYNC_PATH,
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      // An attempt whose socket opens and then closes before the handshake (a proxy, a half-open link) is only
      // given up on by this timeout: Socket.IO's 20 s default would leave the editor offline that long.
      timeout: 5000,
      auth: (cb: (data: object) => void) => {
        Promise.resolve(this.opts.getToken()).then(
          (token) => cb({ token: token ?? '' }),
          () => cb({ token: '' }),
        );
      },
    });
    this.socket = socket;
    socket.on('connect', () => void this.join());
    socket.on('disconnect', (reason) => {
      this.epoch++;
      this.inflight = false;
      for (const [seq, s] of this.sendState) if (s === 'inflight') this.sendState.set(seq, 'ready');
      // Packets emitted while the connection dropped would be sent before the next join: drop them, they are resent.
      (socket as unknown as { sendBuffer: unknown[] }).sendBuffer = [];
      this.peerMap.clear();
      this.emit('peers', []);
      this.setStatus('offline');
      // The server closed the connection (token expired, permission lost): Socket.IO does not come back by itself.
      if (reason === 'io server disconnect' && !this.closed) void this.reauth();
    });
    socket.on('connect_error', () => {
      this.setStatus('offline');
      // A refusal by the server's auth middleware is final for Socket.IO; a network error it retries itself.
      if (!socket.active && !this.closed) void this.reauth();
    });
    socket.on('bye', () => {
      // The server is about to close: get a fresh token ready for the reconnect.
      void this.opts.refreshToken?.();
    });
    socket.on('ops', (msg) => {
      if (msg.setId !== this.setId) return;
      this.replica.receive(msg.ops);
      this.afterServerOps();
    });
    socket.on('rights', ({ setId, canEdit, open }) => {
      // Decided by the server whenever the task moves or a membership changes.
      if (setId !== this.setId) return;
      // The server left the set for this connection: joining again says why (a 403 or 404 stops the client) or watches on.
      if (!open) return void this.join();
      if (canEdit === this.canEdit) return;
      this.canEdit = canEdit;
      this.emit('change');
    });
    socket.on('presence', ({ setId, peer }) => {
      if (setId !== this.setId || peer.sessionId === this.you?.sessionId) return;
      this.peerMap.set(peer.sessionId, peer);
      this.emit('peers', this.peers);
    });
    socket.on('presence:leave', ({ setId, sessionId }) => {
      if (setId !== this.setId || !this.peerMap.delete(sessionId)) return;
      this.emit('peers', this.peers);
    });
  }

  private async reauth() {
    if (this.reauthing) return;
    this.reauthing = true;
    try {
      const ok = (await this.opts.refreshToken?.()) ?? true;
      await sleep(ok ? backoff(this.authAttempt++, 250) : backoff(this.authAttempt++, 2000));
      if (!this.closed && this.socket && !this.socket.connected) this.socket.connect();
    } finally {
      this.reauthing = false;
    }
  }

  private async join() {
    const socket = this.socket!;
    const epoch = this.epoch;
    this.setStatus('connecting');
    let reply: JoinReply;
    try {
      reply = await socket.timeout(this.opts.ackTimeoutMs ?? 15000).emitWithAck('join', {
        ...(this.taskId ? { taskId: this.taskId } : { assetId: this.assetId }),
        ...(this.hasBase ? { afterSeq: this.replica.serverSeq } : {}),
      });
    } catch {
      if (epoch === this.epoch && socket.connected) socket.disconnect().connect();
      return;
    }
    if (epoch !== this.epoch || this.closed) return;
    if (!reply.ok) {
      if (reply.problem.status === 409 && this.hasBase) {
        // Our stored base is ahead of the server (its database was restored, say): start over from a snapshot.
        this.hasBase = false;
        void this.join();
      } else if (reply.problem.status === 401) {
        socket.disconnect();
        void this.reauth();
      } else {
        this.fail(reply.problem);
      }
      return;
    }
    if (reply.assetId !== this.assetId) {
      // The task is on another asset: its annotations would be drawn over the wrong picture.
      this.fail({ status: 409, title: 'Conflict', detail: `Task ${this.taskId} annotates asset ${reply.assetId}, not ${this.assetId}.`, code: 'asset_mismatch' });
      return;
    }
    this.authAttempt = 0;
    const sameSet = this.setId === null || this.setId === reply.setId;
    this.setId = reply.setId;
    this.canEdit = reply.canEdit;
    this.rightsKnown = true;
    this.you = reply.you;
    if (reply.you.userId) this.replica.actorId = reply.you.userId;
    this.peerMap.clear();
    for (const p of reply.peers) if (p.sessionId !== reply.you.sessionId) this.peerMap.set(p.sessionId, p);
    if (reply.mode === 'snapshot' || !sameSet) {
      this.replica.load({ serverSeq: reply.serverSeq, annotations: reply.annotations ?? [] });
      if (!sameSet && reply.mode === 'delta') void this.catchup(0);
    } else {
      this.replica.receive(reply.ops ?? [], { upTo: reply.serverSeq });
    }
    this.hasBase = true;
    this.setStatus('online');
    this.emit('peers', this.peers);
    this.emit('change');
    if (Object.keys(this.presence).length) this.sendPresence(true);
    this.afterServerOps();
    this.flush();
  }

  /** The set cannot be opened (not found, forbidden, the wrong asset): the client stops for good. */
  private fail(problem: SyncProblem) {
    this.problem = problem;
    this.socket?.disconnect();
    this.setStatus('offline');
    this.emit('fatal', problem);
  }

  private afterServerOps() {
    if (!this.replica.hasGap || this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.replica.hasGap) void this.catchup(this.replica.serverSeq);
    }, this.opts.gapMs ?? 300);
  }

  private async catchup(afterSeq: number) {
    const socket = this.socket;
    if (!socket?.connected || !this.setId || this.status !== 'online') return;
    let reply: CatchupReply;
    try {
      reply = await socket.timeout(this.opts.ackTimeoutMs ?? 15000).emitWithAck('catchup', { setId: this.setId, afterSeq });
    } catch {
      this.afterServerOps();
      return;
    }
    if (!reply.ok) {
      if (reply.problem.status === 409) {
        this.hasBase = false;
        void this.join();
      }
      return;
    }
    if (reply.mode === 'snapshot') this.replica.load({ serverSeq: reply.serverSeq, annotations: reply.annotations });
    else this.replica.receive(reply.ops, { upTo: reply.serverSeq });
    this.afterServerOps();
  }

  // ---- sending ----

  private persist(ops: PendingOp[]) {
    for (const p of ops) this.sendState.set(p.op.clientSeq, 'writing');
    this.writing.push(...ops);
    if (this.writing.length !== ops.length) return; // a write is already queued for this tick
    queueMicrotask(() => {
      const batch = this.writing;
      this.writing = [];
      const ready = () => {
        for (const p of batch) if (this.sendState.get(p.op.clientSeq) === 'writing') this.sendState.set(p.op.clientSeq, 'ready');
        this.emit('change');
        this.flush();
      };
      // If the browser will not store them (quota, private mode), they are still sent: losing durability beats losing the edit.
      this.slot.put(batch, this.replica.nextClientSeq).then(ready, ready);
    });
  }

  private flush() {
    const socket = this.socket;
    if (this.closed || !socket?.connected || this.status !== 'online' || !this.setId || this.inflight || this.retryTimer) return;
    const max = this.opts.maxBatch ?? 200;
    const batch: PendingOp[] = [];
    for (const p of this.replica.pending) {
      if (p.committedSeq !== undefined) continue;
      const s = this.sendState.get(p.op.clientSeq);
      // In order: an op still being written holds back the ones after it.
      if (s !== 'ready' || batch.length >= max) break;
      batch.push(p);
    }
    if (!batch.length) return;
    for (const p of batch) this.sendState.set(p.op.clientSeq, 'inflight');
    this.inflight = true;
    const epoch = this.epoch;
    const setId = this.setId;
    socket
      .timeout(this.opts.ackTimeoutMs ?? 15000)
      .emitWithAck('ops', { setId, ops: batch.map((p) => p.op) })
      .then(
        (reply) => this.onOpsReply(batch, reply, epoch),
        () => this.onOpsReply(batch, null, epoch),
      );
  }

  private onOpsReply(batch: PendingOp[], reply: OpsReply | null, epoch: number) {
    if (epoch === this.epoch) this.inflight = false;
    const done: number[] = [];
    let retry = false;
    const retryOp = (seq: number) => {
      if (this.sendState.get(seq) === 'inflight') this.sendState.set(seq, 'ready');
      retry = true;
    };
    const reject = (p: PendingOp, code: OpRejection, message: string) => {
      this.sendState.delete(p.op.clientSeq);
      done.push(p.op.clientSeq);
      if (this.replica.reject(p.op.clientSeq)) this.emit('rejected', { op: p.op, code, message });
    };
    if (!reply) {
      for (const p of batch) retryOp(p.op.clientSeq);
    } else if (!reply.ok) {
      const st = reply.problem.status;
      if (st === 401) {
        for (const p of batch) retryOp(p.op.clientSeq);
        this.socket?.disconnect();
        void this.reauth();
      } else if (st === 429 || st >= 500) {
        for (const p of batch) retryOp(p.op.clientSeq);
      } else {
        const code: OpRejection = st === 403 ? 'forbidden' : st === 404 ? 'not_found' : st === 413 ? 'too_large' : 'invalid';
        for (const p of batch) reject(p, code, reply.problem.detail || reply.problem.title);
      }
    } else {
      this.replica.noteServerSeq(reply.serverSeq);
      const bySeq = new Map(batch.map((p) => [p.op.clientSeq, p]));
      reply.results.forEach((r, i) => {
        const p = (r.clientSeq !== null ? bySeq.get(r.clientSeq) : undefined) ?? batch[i];
        if (!p) return;
        if (r.status === 'committed') {
          this.sendState.delete(p.op.clientSeq);
          done.push(p.op.clientSeq);
          this.replica.acknowledge(p.op.clientSeq, r.serverSeq);
        } else if (RETRYABLE.includes(r.code)) retryOp(p.op.clientSeq);
        else reject(p, r.code, r.message);
      });
      // Anything the reply did not mention goes again.
      for (const p of batch) if (this.sendState.get(p.op.clientSeq) === 'inflight') retryOp(p.op.clientSeq);
    }
    void this.slot.remove(done).catch(() => undefined);
    this.emit('change');
    this.afterServerOps();
    if (retry) {
      if (!this.retryTimer) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.flush();
        }, backoff(this.retryAttempt++, 500));
      }
    } else {
      this.retryAttempt = 0;
      this.flush();
    }
  }

  // ---- presence and snapshots ----

  private sendPresence(force = false) {
    if (!this.presenceDirty && !force) return;
    const socket = this.socket;
    if (!socket?.connected || !this.setId || this.status !== 'online') return;
    this.presenceDirty = false;
    this.presenceSentAt = Date.now();
    socket.emit('presence', { setId: this.setId, ...this.presence });
  }

  private scheduleSnapshot() {
    if (this.snapshotTimer || this.closed) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      void this.saveSnapshot().catch(() => undefined);
    }, SNAPSHOT_DELAY_MS);
  }

  private async saveSnapshot() {
    if (!this.setId || !this.hasBase) return;
    await this.slot.saveSnapshot({ setId: this.setId, serverSeq: this.replica.serverSeq, annotations: [...this.replica.confirmed.values()], canEdit: this.canEdit });
  }

  private setStatus(s: SyncStatus) {
    if (this.status === s) return;
    this.status = s;
    this.emit('status', s);
    this.emit('change');
  }
}

/** Where a set's ops wait in the pending store: the asset's own set under the asset id, a task's under `task:<id>`. */
export function syncDocId(opts: Pick<SyncClientOptions, 'assetId' | 'taskId'>): string {
  return opts.taskId ? `task:${opts.taskId}` : opts.assetId;
}

function backoff(attempt: number, base: number) {
  const ms = Math.min(10_000, base * 2 ** Math.min(attempt, 6));
  return ms / 2 + Math.random() * (ms / 2);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
