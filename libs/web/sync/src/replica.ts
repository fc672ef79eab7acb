import {
  annotationInput,
  annotationPatch,
  applyCommitted,
  applyOp,
  inverseOf,
  type Annotation,
  type AnnotationInput,
  type AnnotationPatch,
  type AnnotationState,
  type CommittedOp,
  type CommittedOpBody,
  type InverseBody,
} from '@tessera/contracts';

/**
 * One browser's copy of an annotation set, with no I/O: what the server has
 * confirmed (built with the same reducer the server uses), the local ops the
 * server has not confirmed yet, and the view people see — the confirmed state
 * with the pending ops re-applied on top. Every incoming server op rebases
 * the pending ops; a pending op that no longer applies (an update to an
 * annotation someone deleted) drops out of the view and will be rejected by
 * the server.
 */

/** A local op as it waits for the server: the op, and what the view stamped it with. */
export interface PendingOp {
  op: CommittedOpBody;
  actorId: string;
  at: string;
  /** The server_seq from the ack; the op stays pending until the confirmed state reaches it. */
  committedSeq?: number;
}

type WithoutIdentity<T> = T extends unknown ? Omit<T, 'clientId' | 'clientSeq'> : never;
/** An op before it gets its (clientId, clientSeq). */
export type OpBody = WithoutIdentity<CommittedOpBody>;

export type ReplicaEvent =
  /** The view changed (local op, server op, rejection, snapshot), or what undo and redo can do did. */
  | { type: 'change' }
  /** New local ops to persist and send, in clientSeq order. */
  | { type: 'local'; ops: PendingOp[] }
  /** The confirmed state moved (for saving a snapshot). */
  | { type: 'confirmed' };

export interface ReplicaOptions {
  clientId: string;
  /** The next clientSeq to hand out (continues a stored sequence after a reload). */
  nextClientSeq?: number;
  /** Who the view says made local changes until the server says otherwise. */
  actorId?: string;
  /** Schema version stamped on creates that do not name one. */
  schemaVersion?: number;
  now?: () => string;
  /** Undo steps kept. */
  maxUndo?: number;
}

type Mode = 'undo' | 'redo' | null;
export interface UndoHistory {
  undo: InverseBody[][];
  redo: InverseBody[][];
}

export class Replica {
  readonly clientId: string;
  actorId: string;
  schemaVersion: number;
  private confirmedState: AnnotationState = new Map();
  private seq = 0;
  private pendingOps: PendingOp[] = [];
  /** Server ops that arrived ahead of a gap, by server_seq. */
  private buffer = new Map<number, CommittedOp>();
  /** The highest server_seq the server has mentioned (in an ack); beyond serverSeq it is a gap. */
  private known = 0;
  private viewState: AnnotationState = new Map();
  private nextSeq: number;
  private undoStack: InverseBody[][] = [];
  private redoStack: InverseBody[][] = [];
  private step: InverseBody[] | null = null;
  private depth = 0;
  private mode: Mode = null;
  private dirty = false;
  /** The undo or redo stack changed without the view changing. */
  private historyDirty = false;
  private confirmedDirty = false;
  private fresh: PendingOp[] = [];
  private listeners = new Set<(e: ReplicaEvent) => void>();
  private readonly now: () => string;
  private readonly maxUndo: number;
  /** Bumped on every change of the view, for React's useSyncExternalStore. */
  version = 0;

  constructor(opts: ReplicaOptions) {
    this.clientId = opts.clientId;
    this.nextSeq = Math.max(1, opts.nextClientSeq ?? 1);
    this.actorId = opts.actorId ?? 'local';
    this.schemaVersion = opts.schemaVersion ?? 1;
    this.now = opts.now ?? (() => new Date().toISOString());
    this.maxUndo = opts.maxUndo ?? 500;
  }

  // ---- reading ----

  get view(): ReadonlyMap<string, Annotation> {
    return this.viewState;
  }
  get confirmed(): ReadonlyMap<string, Annotation> {
    return this.confirmedState;
  }
  /** The last server_seq applied to the confirmed state. */
  get serverSeq() {
    return this.seq;
  }
  get pending(): readonly PendingOp[] {
    return this.pendingOps;
  }
  /** Local ops the server has not acknowledged yet (committed-but-not-yet-seen ones excluded). */
  get pendingCount() {
    return this.pendingOps.filter((p) => p.committedSeq === undefined).length;
  }
  get nextClientSeq() {
    return this.nextSeq;
  }
  get canUndo() {
    return this.undoStack.length > 0;
  }
  get canRedo() {
    return this.redoStack.length > 0;
  }
  /** The undo and redo steps as plain data, for a reload to carry over. */
  get history(): UndoHistory {
    return { undo: this.undoStack, redo: this.redoStack };
  }
  /** Steps kept from before a reload: they apply as they would have (one that no longer does is skipped). */
  restoreHistory(h: UndoHistory) {
    this.undoStack = h.undo.slice(-this.maxUndo);
    this.redoStack = h.redo.slice(-this.maxUndo);
    this.historyDirty = true;
    this.flush();
  }
  /** Server ops are missing: some arrived ahead of a gap, or an ack names a server_seq not seen yet. */
  get hasGap() {
    return this.buffer.size > 0 || this.known > this.seq || this.pendingOps.some((p) => p.committedSeq !== undefined && p.committedSeq > this.seq);
  }

  subscribe(listener: (e: ReplicaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- local edits ----

  /** Creates an annotation (defaults filled in as the server would). Returns the op, or null if the id exists. */
  create(input: AnnotationInput): CommittedOpBody | null {
    const parsed = annotationInput.parse(input);
    return this.local({ type: 'create', annotation: { ...parsed, schemaVersion: parsed.schemaVersion ?? this.schemaVersion } });
  }

  /** Changes some properties. Returns the op, or null if the annotation is not in the view. */
  update(id: string, patch: AnnotationPatch): CommittedOpBody | null {
    return this.local({ type: 'update', id, patch: annotationPatch.parse(patch) });
  }

  delete(id: string): CommittedOpBody | null {
    return this.local({ type: 'delete', id });
  }

  /** Several edits as one undo step (and one change event). Nests. */
  batch<T>(fn: () => T): T {
    this.depth++;
    if (this.depth === 1) this.step = [];
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) {
        const step = this.step!;
        this.step = null;
        if (step.length) {
          if (this.mode === 'undo') this.redoStack.push(step);
          else {
            this.undoStack.push(step);
            if (this.undoStack.length > this.maxUndo) this.undoStack.shift();
            if (this.mode === null) this.redoStack = [];
          }
        }
        this.flush();
      }
    }
  }

  /**
   * Undoes this person's last step by applying its inverse ops as new ops:
   * only the properties they changed go back, so what others changed
   * meanwhile survives. A step that no longer applies (someone deleted the
   * object) is skipped for the one before it.
   */
  undo(): boolean {
    return this.replay(this.undoStack, 'undo');
  }

  redo(): boolean {
    return this.replay(this.redoStack, 'redo');
  }

  private replay(stack: InverseBody[][], mode: Exclude<Mode, null>): boolean {
    if (!stack.length) return false;
    while (stack.length) {
      const step = stack.pop()!;
      const before = this.nextSeq;
      this.mode = mode;
      try {
        this.batch(() => {
          for (const inv of [...step].reverse()) this.local(inv.type === 'create' ? { type: 'create', annotation: inv.annotation } : inv);
        });
      } finally {
        this.mode = null;
      }
      if (this.nextSeq !== before) return true;
    }
    // Every step left had stopped applying (someone deleted what it changed): they are gone, and with them canUndo or canRedo.
    this.historyDirty = true;
    this.flush();
    return false;
  }

  private local(body: OpBody): CommittedOpBody | null {
    const op = { ...body, clientId: this.clientId, clientSeq: this.nextSeq } as CommittedOpBody;
    const inverse = inverseOf(this.viewState, op);
    const at = this.now();
    if (!inverse || applyOp(this.viewState, op, this.actorId, at) !== 'applied') return null;
    this.nextSeq++;
    const p: PendingOp = { op, actorId: this.actorId, at };
    this.pendingOps.push(p);
    this.fresh.push(p);
    this.dirty = true;
    if (this.step) this.step.push(inverse);
    else this.batch(() => this.step!.push(inverse));
    this.flush();
    return op;
  }

  // ---- from the server ----

  /** Starts over from a snapshot; pending ops are re-applied on top (those it already contains drop out). */
  load(snapshot: { serverSeq: number; annotations: readonly Annotation[] }) {
    // Set one by one: no [id, annotation] pair made per annotation to build it from (50,000 on a large document).
    const confirmed: AnnotationState = new Map();
    for (const a of snapshot.annotations) confirmed.set(a.id, a);
    this.confirmedState = confirmed;
    this.seq = snapshot.serverSeq;
    for (const k of [...this.buffer.keys()]) if (k <= this.seq) this.buffer.delete(k);
    this.drain(null);
    this.confirmedDirty = true;
    this.rebase();
  }

  /**
   * Applies committed ops. Ops out of order wait for the gap to fill; with
   * `upTo` (a catch-up or join delta, which the server answers from its log)
   * everything up to that server_seq is taken as complete.
   */
  receive(ops: readonly CommittedOp[], opts: { upTo?: number } = {}) {
    for (const c of ops) if (c.serverSeq > this.seq) this.buffer.set(c.serverSeq, c);
    const before = this.seq;
    this.drain(opts.upTo ?? null);
    if (this.seq !== before) this.rebase();
  }

  /** The server says it is at this server_seq (an ops reply): anything up to it not seen yet is a gap. */
  noteServerSeq(serverSeq: number) {
    this.known = Math.max(this.known, serverSeq);
  }

  /** The server committed a local op (the ack); it leaves the pending list once the confirmed state reaches it. */
  acknowledge(clientSeq: number, serverSeq: number) {
    const p = this.pendingOps.find((x) => x.op.clientSeq === clientSeq);
    if (!p) return;
    p.committedSeq = serverSeq;
    if (serverSeq <= this.seq) {
      this.pendingOps = this.pendingOps.filter((x) => x !== p);
      this.rebase();
    } else {
      // Still in the view, but no longer counted as pending.
      this.dirty = true;
      this.flush();
    }
  }

  /** The server refused a local op for good: it leaves the view. */
  reject(clientSeq: number): PendingOp | null {
    const i = this.pendingOps.findIndex((x) => x.op.clientSeq === clientSeq);
    if (i < 0) return null;
    const [p] = this.pendingOps.splice(i, 1);
    this.rebase();
    return p;
  }

  /** Ops from an earlier session (a reload): re-applied and waiting to be resent. */
  restore(ops: readonly PendingOp[]) {
    const known = new Set(this.pendingOps.map((p) => p.op.clientSeq));
    for (const p of ops) if (!known.has(p.op.clientSeq)) this.pendingOps.push({ ...p, committedSeq: undefined });
    this.pendingOps.sort((a, b) => a.op.clientSeq - b.op.clientSeq);
    const last = this.pendingOps.at(-1);
    if (last) this.nextSeq = Math.max(this.nextSeq, last.op.clientSeq + 1);
    this.rebase();
  }

  private drain(upTo: number | null) {
    const ours = new Set<number>();
    const applyOne = (c: CommittedOp) => {
      this.buffer.delete(c.serverSeq);
      applyCommitted(this.confirmedState, c);
      this.seq = c.serverSeq;
      this.confirmedDirty = true;
      if (c.op.clientId === this.clientId) ours.add(c.op.clientSeq);
    };
    if (upTo !== null) {
      for (const k of [...this.buffer.keys()].sort((a, b) => a - b)) if (k <= upTo) applyOne(this.buffer.get(k)!);
      if (upTo > this.seq) this.seq = upTo;
    }
    for (let next = this.buffer.get(this.seq + 1); next; next = this.buffer.get(this.seq + 1)) applyOne(next);
    this.pendingOps = this.pendingOps.filter((p) => !ours.has(p.op.clientSeq) && !(p.committedSeq !== undefined && p.committedSeq <= this.seq));
  }

  private rebase() {
    const v: AnnotationState = new Map(this.confirmedState);
    for (const p of this.pendingOps) applyOp(v, p.op, p.actorId, p.at);
    this.viewState = v;
    this.dirty = true;
    this.flush();
  }

  private flush() {
    if (this.depth > 0) return;
    if (this.fresh.length) {
      const ops = this.fresh;
      this.fresh = [];
      this.emit({ type: 'local', ops });
    }
    if (this.confirmedDirty) {
      this.confirmedDirty = false;
      this.emit({ type: 'confirmed' });
    }
    if (this.dirty) {
      this.dirty = false;
      this.historyDirty = false;
      this.version++;
      this.emit({ type: 'change' });
    } else if (this.historyDirty) {
      this.historyDirty = false;
      this.emit({ type: 'change' });
    }
  }

  private emit(e: ReplicaEvent) {
    for (const l of [...this.listeners]) l(e);
  }
}
