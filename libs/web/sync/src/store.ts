import type { Annotation } from '@tessera/contracts';
import type { PendingOp, UndoHistory } from './replica';

/**
 * Where unacknowledged ops wait so that a reload or a crashed tab loses
 * nothing: ops are written here before they are sent and removed once the
 * server has committed them. Each document (an asset's own annotation set,
 * keyed by the asset id, or a task's, keyed `task:<id>`) is
 * claimed by one tab at a time under one clientId; a tab that reopens the
 * document after a reload, or a new tab after a crash, takes over a clientId
 * nobody holds and continues its sequence, resending its ops.
 */
export interface StoredSnapshot {
  setId: string;
  serverSeq: number;
  annotations: Annotation[];
  /** What the last join said, so a tab that starts offline may go on editing. */
  canEdit?: boolean;
}

export interface PendingSlot {
  readonly clientId: string;
  /** Never hand out a clientSeq below this: the server would take it for an op it already committed. */
  readonly nextClientSeq: number;
  readonly ops: PendingOp[];
  readonly snapshot: StoredSnapshot | null;
  /** Stores ops (and the sequence after them) durably; resolves once written. */
  put(ops: PendingOp[], nextClientSeq: number): Promise<void>;
  remove(clientSeqs: number[]): Promise<void>;
  saveSnapshot(snapshot: StoredSnapshot): Promise<void>;
  /** This clientId's undo and redo steps as the last tab left them (null: none kept). */
  readonly history: UndoHistory | null;
  /** Kept synchronously: called as the page goes away, when nothing asynchronous is sure to finish. */
  saveHistory(history: UndoHistory): void;
  /** Lets another tab claim this clientId. */
  release(): void;
}

export interface PendingStore {
  claim(docId: string): Promise<PendingSlot>;
}

export function newClientId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return 'c-' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

interface MemoryDoc {
  nextClientSeq: number;
  ops: Map<number, PendingOp>;
  held: boolean;
  history: UndoHistory | null;
}

/** Keeps everything in memory: for tests, private windows and browsers without IndexedDB. */
export class MemoryPendingStore implements PendingStore {
  private docs = new Map<string, { clients: Map<string, MemoryDoc>; snapshot: StoredSnapshot | null }>();

  async claim(docId: string): Promise<PendingSlot> {
    let doc = this.docs.get(docId);
    if (!doc) this.docs.set(docId, (doc = { clients: new Map(), snapshot: null }));
    let clientId = [...doc.clients.entries()].find(([, c]) => !c.held)?.[0];
    if (!clientId) doc.clients.set((clientId = newClientId()), { nextClientSeq: 1, ops: new Map(), held: false, history: null });
    const c = doc.clients.get(clientId)!;
    c.held = true;
    const d = doc;
    const clone = <T>(x: T): T => structuredClone(x);
    return {
      clientId,
      nextClientSeq: c.nextClientSeq,
      ops: [...c.ops.values()].sort((a, b) => a.op.clientSeq - b.op.clientSeq).map(clone),
      snapshot: d.snapshot && clone(d.snapshot),
      history: c.history && clone(c.history),
      saveHistory(h) {
        c.history = clone(h);
      },
      async put(ops, next) {
        for (const p of ops) c.ops.set(p.op.clientSeq, clone(p));
        c.nextClientSeq = Math.max(c.nextClientSeq, next);
      },
      async remove(seqs) {
        for (const s of seqs) c.ops.delete(s);
      },
      async saveSnapshot(s) {
        d.snapshot = clone(s);
      },
      release() {
        c.held = false;
      },
    };
  }
}

/**
 * IndexedDB, one database per origin (`tessera-sync`): `ops` keyed by
 * [docId, clientId, clientSeq], `clients` keyed by [docId, clientId] with the
 * next clientSeq (written in the same transaction as the ops), `snapshots`
 * keyed by docId with the last confirmed state. A clientId is held with the
 * Web Locks API, so two tabs never share one and a crashed tab's lock goes
 * with it.
 */
export class IndexedDbPendingStore implements PendingStore {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly name = 'tessera-sync') {}

  static available(): boolean {
    return typeof indexedDB !== 'undefined';
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.name, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        db.createObjectStore('ops', { keyPath: ['docId', 'clientId', 'clientSeq'] });
        db.createObjectStore('clients', { keyPath: ['docId', 'clientId'] });
        db.createObjectStore('snapshots', { keyPath: 'docId' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
    return this.db;
  }

  async claim(docId: string): Promise<PendingSlot> {
    const db = await this.open();
    const known = (await request<{ docId: string; clientId: string; nextClientSeq: number }[]>(
      db.transaction('clients').objectStore('clients').getAll(IDBKeyRange.bound([docId, ''], [docId, '\uffff'])),
    ));
    let release = () => {};
    let clientId: string | null = null;
    let nextClientSeq = 1;
    // Without Web Locks two tabs could not tell whose a clientId is: every tab then starts its own.
    for (const c of hasLocks() ? known : []) {
      const held = await holdLock(`tessera-sync:${docId}:${c.clientId}`);
      if (held) {
        clientId = c.clientId;
        nextClientSeq = c.nextClientSeq;
        release = held;
        break;
      }
    }
    if (!clientId) {
      clientId = newClientId();
      release = (await holdLock(`tessera-sync:${docId}:${clientId}`)) ?? (() => {});
      await request(db.transaction('clients', 'readwrite').objectStore('clients').put({ docId, clientId, nextClientSeq: 1 }));
    }
    const id = clientId;
    const rows = await request<({ docId: string; clientId: string; clientSeq: number } & PendingOp)[]>(
      db.transaction('ops').objectStore('ops').getAll(IDBKeyRange.bound([docId, id, 0], [docId, id, Number.MAX_SAFE_INTEGER])),
    );
    const snap = await request<(StoredSnapshot & { docId: string }) | undefined>(db.transaction('snapshots').objectStore('snapshots').get(docId));
    const journal = new Journal(`tessera-sync-journal:${docId}:${id}`);
    const historyKey = `tessera-sync-history:${docId}:${id}`;
    const inDb = new Set(rows.map((r) => r.clientSeq));
    const journaled = journal.read().filter((p) => !inDb.has(p.op.clientSeq));
    if (journaled.length) {
      const tx = db.transaction('ops', 'readwrite');
      for (const p of journaled) tx.objectStore('ops').put({ docId, clientId: id, clientSeq: p.op.clientSeq, op: p.op, actorId: p.actorId, at: p.at });
      await done(tx);
    }
    journal.drop(journaled.map((p) => p.op.clientSeq));
    const ops = [...rows.map(({ op, actorId, at }) => ({ op, actorId, at })), ...journaled].sort((a, b) => a.op.clientSeq - b.op.clientSeq);
    let next = Math.max(nextClientSeq, (ops.at(-1)?.op.clientSeq ?? 0) + 1);
    return {
      clientId: id,
      nextClientSeq: next,
      ops,
      snapshot: snap ? { setId: snap.setId, serverSeq: snap.serverSeq, annotations: snap.annotations, canEdit: snap.canEdit } : null,
      history: readLocal<UndoHistory>(historyKey),
      saveHistory(h) {
        // A history too big to keep is dropped whole: an old one would undo the wrong steps.
        if (!writeLocal(historyKey, h.undo.length || h.redo.length ? h : null)) writeLocal(historyKey, null);
      },
      async put(list, n) {
        next = Math.max(next, n);
        journal.add(list);
        const tx = db.transaction(['ops', 'clients'], 'readwrite');
        const store = tx.objectStore('ops');
        for (const p of list) store.put({ docId, clientId: id, clientSeq: p.op.clientSeq, op: p.op, actorId: p.actorId, at: p.at });
        tx.objectStore('clients').put({ docId, clientId: id, nextClientSeq: next });
        await done(tx);
        journal.drop(list.map((p) => p.op.clientSeq));
      },
      async remove(seqs) {
        if (!seqs.length) return;
        const tx = db.transaction('ops', 'readwrite');
        const store = tx.objectStore('ops');
        for (const s of seqs) store.delete([docId, id, s]);
        await done(tx);
      },
      async saveSnapshot(s) {
        const tx = db.transaction('snapshots', 'readwrite');
        tx.objectStore('snapshots').put({ docId, ...s });
        await done(tx);
      },
      release,
    };
  }
}

/** localStorage, where the page may use it (a sandboxed frame throws on access). */
function localStore(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readLocal<T>(key: string): T | null {
  try {
    return JSON.parse(localStore()?.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

/** Synchronous, done when it returns; null removes. False when refused (over quota with a big mask, say). */
function writeLocal(key: string, value: unknown): boolean {
  try {
    if (value === null) localStore()?.removeItem(key);
    else localStore()?.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/**
 * A synchronous copy of ops on their way into IndexedDB. A reload right after
 * an edit aborts the IndexedDB transaction still open; a localStorage write is
 * done when setItem returns. Dropped once IndexedDB has the ops (before they
 * are sent), read back by the next claim of the same clientId.
 */
class Journal {
  constructor(private readonly key: string) {}

  read(): PendingOp[] {
    return readLocal<PendingOp[]>(this.key) ?? [];
  }

  add(ops: PendingOp[]) {
    const seqs = new Set(ops.map((p) => p.op.clientSeq));
    this.write([...this.read().filter((p) => !seqs.has(p.op.clientSeq)), ...ops]);
  }

  drop(seqs: number[]) {
    const gone = new Set(seqs);
    this.write(this.read().filter((p) => !gone.has(p.op.clientSeq)));
  }

  private write(ops: PendingOp[]) {
    // Refused (over quota): IndexedDB alone then, as before the journal.
    writeLocal(this.key, ops.length ? ops : null);
  }
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

const hasLocks = () => !!(globalThis.navigator as Navigator | undefined)?.locks;

/** Holds a Web Lock until the returned function is called; null if another tab holds it. */
function holdLock(name: string): Promise<(() => void) | null> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return Promise.resolve(() => {});
  return new Promise((resolve) => {
    let letGo: () => void = () => {};
    const held = new Promise<void>((r) => (letGo = r));
    void locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        resolve(() => letGo());
        return held;
      })
      .catch(() => resolve(null));
  });
}

/** IndexedDB where the browser allows it (not in every private window), memory otherwise. */
export function browserPendingStore(): PendingStore {
  const memory = new MemoryPendingStore();
  const idb = IndexedDbPendingStore.available() ? new IndexedDbPendingStore() : null;
  return {
    async claim(docId) {
      if (idb) {
        try {
          return await idb.claim(docId);
        } catch {
          // Refused (private mode, quota, blocked): this tab keeps its ops in memory.
        }
      }
      return memory.claim(docId);
    },
  };
}
