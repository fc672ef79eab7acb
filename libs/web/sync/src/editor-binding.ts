import { annotationInput, annotationPatch, type Annotation, type EditOp, type Peer, type PresenceUpdate } from '@tessera/contracts';
import type { Replica } from './replica';
import type { SyncClient, SyncStatus } from './sync-client';

/**
 * What an editor (image, text, dicom) needs from a SyncClient, in the terms
 * of its props: the annotations to draw, a callback for the groups of EditOps
 * it hands out, undo and redo, the others in the room, and where the
 * connection stands. Editors know nothing of HTTP or of the client.
 */
export interface EditorBinding {
  /** The view, sorted by zIndex, then createdAt, then id (stable). The same array until the view changes. */
  annotations: readonly Annotation[];
  /**
   * Applies a group of ops as one undo step. Ops on ids the view does not
   * have (someone deleted it meanwhile) are skipped; a malformed op is a bug
   * in the editor: the group is refused whole, with the schema's error,
   * before anything is applied. Whether the client may edit is asked at the
   * call, not when the binding was made: a group that comes after the rights
   * went (a stroke flushed after the task was submitted) is refused and the
   * call returns false, so the editor takes back what it shows of it; true
   * when the group went into the replica (the server checks again at commit).
   */
  onOps: (ops: EditOp[]) => boolean;
  history: { canUndo: boolean; canRedo: boolean; undo: () => void; redo: () => void };
  peers: readonly Peer[];
  /** Where this person's cursor, selection, viewport or activity is (throttled by the client). */
  onPresence: (p: PresencePatch) => void;
  connection: { status: SyncStatus; pending: number; unstored: number };
  canEdit: boolean;
}

export type PresencePatch = Omit<PresenceUpdate, 'setId'>;

/** The parts of a SyncClient the binding reads (a SyncClient is one; tests may pass a replica in memory). */
export type BindableClient = Pick<SyncClient, 'replica' | 'peers' | 'setPresence' | 'status' | 'pendingCount' | 'unstoredCount' | 'canEdit'>;

const noop = () => undefined;
const refuse = () => false;
const NONE: EditorBinding = Object.freeze({
  annotations: Object.freeze([]) as readonly Annotation[],
  onOps: refuse,
  history: Object.freeze({ canUndo: false, canRedo: false, undo: noop, redo: noop }),
  peers: Object.freeze([]) as readonly Peer[],
  onPresence: noop,
  // No client yet: it is being opened.
  connection: Object.freeze({ status: 'connecting' as const, pending: 0, unstored: 0 }),
  canEdit: false,
});

interface Memo {
  version: number;
  annotations: readonly Annotation[];
  binding: EditorBinding;
  actions: Pick<EditorBinding, 'onOps' | 'onPresence'> & { undo: () => void; redo: () => void };
}
const memos = new WeakMap<BindableClient, Memo>();

/** zIndex, then createdAt (ISO strings order as they read), then id: the same order on every screen. */
export function drawOrder(a: Annotation, b: Annotation): number {
  return a.zIndex - b.zIndex || cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id);
}
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Applies a group to a replica as one step; see EditorBinding.onOps. */
export function applyEditOps(replica: Replica, ops: readonly EditOp[]) {
  for (const op of ops) {
    if (op.type === 'create') annotationInput.parse(op.annotation);
    else if (op.type === 'update') annotationPatch.parse(op.patch);
    else if (op.type !== 'delete') throw new TypeError(`unknown op type ${(op as { type: unknown }).type}`);
  }
  replica.batch(() => {
    for (const op of ops) {
      if (op.type === 'create') replica.create(op.annotation);
      else if (op.type === 'update') replica.update(op.id, op.patch);
      else replica.delete(op.id);
    }
  });
}

function actionsFor(client: BindableClient): Memo['actions'] {
  return {
    onOps: (ops) => {
      if (!client.canEdit) return false;
      applyEditOps(client.replica, ops);
      return true;
    },
    onPresence: (p) => client.setPresence(p),
    undo: () => {
      if (client.canEdit) client.replica.undo();
    },
    redo: () => {
      if (client.canEdit) client.replica.redo();
    },
  };
}

/**
 * The binding of a client as it stands. A function of the client's state:
 * called again with nothing changed in between it returns the same object,
 * and each part (the annotations, the peers, the callbacks) keeps its
 * identity while it does not change, so editors can memoise on them.
 */
export function editorBinding(client: BindableClient | null): EditorBinding {
  if (!client) return NONE;
  let memo = memos.get(client);
  const replica = client.replica;
  let annotations = memo?.annotations ?? NONE.annotations;
  if (!memo || memo.version !== replica.version) {
    const sorted = [...replica.view.values()].sort(drawOrder);
    // The version also moves when only an ack arrived: the same annotations keep the same array.
    if (!sameItems(sorted, annotations)) annotations = sorted;
  }
  const canEdit = client.canEdit;
  const canUndo = canEdit && replica.canUndo;
  const canRedo = canEdit && replica.canRedo;
  const status = client.status;
  const pending = client.pendingCount;
  const unstored = client.unstoredCount;
  const before = memo?.binding;
  const livePeers = client.peers;
  const peers = before && sameItems(livePeers, before.peers) ? before.peers : livePeers;
  if (
    before && memo && annotations === before.annotations && peers === before.peers && canEdit === before.canEdit &&
    canUndo === before.history.canUndo && canRedo === before.history.canRedo &&
    status === before.connection.status && pending === before.connection.pending && unstored === before.connection.unstored
  ) {
    memo.version = replica.version;
    return before;
  }
  const actions = memo?.actions ?? actionsFor(client);
  const binding: EditorBinding = {
    annotations,
    onOps: actions.onOps,
    history: before && canUndo === before.history.canUndo && canRedo === before.history.canRedo ? before.history : { canUndo, canRedo, undo: actions.undo, redo: actions.redo },
    peers,
    onPresence: actions.onPresence,
    connection: before && status === before.connection.status && pending === before.connection.pending && unstored === before.connection.unstored ? before.connection : { status, pending, unstored },
    canEdit,
  };
  memo = { version: replica.version, annotations, binding, actions };
  memos.set(client, memo);
  return binding;
}
