import type { Annotation, EditOp, Peer } from '@tessera/contracts';
import { editorBinding, type BindableClient } from './editor-binding';
import { Replica } from './replica';
import type { SyncStatus } from './sync-client';
import { uuidOf } from './test-support';

/** A client as the binding sees it, around a replica in memory. */
function fakeClient(opts: { canEdit?: boolean } = {}) {
  let t = 0;
  const replica = new Replica({ clientId: 'binding-client', actorId: uuidOf(1), now: () => new Date(Date.UTC(2025, 0, 1) + ++t * 1000).toISOString() });
  const presence: unknown[] = [];
  const client = {
    replica,
    peers: [] as Peer[],
    status: 'online' as SyncStatus,
    canEdit: opts.canEdit ?? true,
    unstoredCount: 0,
    get pendingCount() {
      return replica.pendingCount;
    },
    setPresence: (p: unknown) => void presence.push(p),
  };
  return { client: client as typeof client & BindableClient, replica, presence };
}

const box = (x: number) => ({ type: 'box' as const, x, y: 0, width: 10, height: 10, rotation: 0 });
const create = (n: number, extra: { zIndex?: number } = {}): EditOp => ({ type: 'create', annotation: { id: uuidOf(n), labelId: 'car', geometry: box(n), ...extra } });
const idsOf = (as: readonly Annotation[]) => as.map((a) => a.id);

test('a group of three ops is one undo step, and one redo step', () => {
  const { client, replica } = fakeClient();
  editorBinding(client).onOps([create(1)]);
  editorBinding(client).onOps([create(2), { type: 'update', id: uuidOf(1), patch: { geometry: box(50) } }, { type: 'delete', id: uuidOf(1) }]);
  expect(idsOf(editorBinding(client).annotations)).toEqual([uuidOf(2)]);

  const b = editorBinding(client);
  expect(b.history).toMatchObject({ canUndo: true, canRedo: false });
  b.history.undo();
  // The whole group is gone at once: 2 never made, 1 back where it was before the group.
  expect(idsOf(editorBinding(client).annotations)).toEqual([uuidOf(1)]);
  expect(replica.view.get(uuidOf(1))?.geometry).toMatchObject({ x: 1 });
  expect(editorBinding(client).history).toMatchObject({ canUndo: true, canRedo: true });
  editorBinding(client).history.redo();
  expect(idsOf(editorBinding(client).annotations)).toEqual([uuidOf(2)]);
  editorBinding(client).history.undo();
  editorBinding(client).history.undo();
  expect(editorBinding(client).annotations).toEqual([]);
  expect(editorBinding(client).history).toMatchObject({ canUndo: false, canRedo: true });
});

test('updates and deletes of unknown ids in a group are skipped without throwing; the rest applies', () => {
  const { client, replica } = fakeClient();
  const { onOps } = editorBinding(client);
  expect(() =>
    onOps([
      { type: 'update', id: uuidOf(404), patch: { labelId: 'person' } },
      create(1),
      { type: 'delete', id: uuidOf(405) },
      { type: 'update', id: uuidOf(1), patch: { attributes: { occluded: true } } },
    ]),
  ).not.toThrow();
  expect(idsOf(editorBinding(client).annotations)).toEqual([uuidOf(1)]);
  expect(replica.view.get(uuidOf(1))?.attributes).toEqual({ occluded: true });
  expect(replica.pending.map((p) => p.op.type)).toEqual(['create', 'update']);
  // A group with nothing that applies makes no undo step.
  editorBinding(client).history.undo();
  expect(editorBinding(client).history.canUndo).toBe(false);
  expect(() => editorBinding(client).onOps([{ type: 'delete', id: uuidOf(406) }])).not.toThrow();
  expect(editorBinding(client).history.canUndo).toBe(false);
});

test('a malformed op refuses the whole group before any of it applies', () => {
  const { client, replica } = fakeClient();
  const { onOps } = editorBinding(client);
  expect(() => onOps([create(1), { type: 'update', id: uuidOf(1), patch: {} }])).toThrow(/a patch must change something/);
  expect(() => onOps([create(2), { type: 'create', annotation: { id: 'not-a-uuid', labelId: 'car', geometry: box(1) } }])).toThrow();
  expect(replica.view.size).toBe(0);
  expect(replica.pending).toEqual([]);
});

test('sorted by zIndex, then createdAt, then id', () => {
  const { client, replica } = fakeClient();
  editorBinding(client).onOps([create(5, { zIndex: 1 }), create(4), create(3, { zIndex: -2 })]);
  // Two made in the same millisecond elsewhere: the id decides.
  replica.receive([9, 8].map((n, i) => ({
    serverSeq: i + 1, actorId: uuidOf(2), at: '2024-06-01T00:00:00.000Z',
    op: { type: 'create' as const, clientId: 'other-client', clientSeq: i + 1, annotation: { id: uuidOf(n), labelId: 'car', geometry: box(n), attributes: {}, source: 'human' as const, score: null, predictionId: null, zIndex: 0, groupId: null, schemaVersion: 1 } },
  })));
  expect(idsOf(editorBinding(client).annotations)).toEqual([uuidOf(3), uuidOf(8), uuidOf(9), uuidOf(4), uuidOf(5)]);
  editorBinding(client).onOps([{ type: 'update', id: uuidOf(5), patch: { zIndex: -5 } }]);
  expect(idsOf(editorBinding(client).annotations)[0]).toBe(uuidOf(5));
});

test('the same objects while nothing changes, new ones only for what changed', () => {
  const { client, replica } = fakeClient();
  editorBinding(client).onOps([create(1), create(2)]);
  const a = editorBinding(client);
  expect(editorBinding(client)).toBe(a);

  // An ack moves the replica's version and the pending count, not the view: the annotations stay the same array.
  replica.acknowledge(1, 1);
  const b = editorBinding(client);
  expect(b).not.toBe(a);
  expect(b.annotations).toBe(a.annotations);
  expect(b.history).toBe(a.history);
  expect(b.connection).toEqual({ status: 'online', pending: 1, unstored: 0 });
  expect([b.onOps, b.onPresence, b.history.undo]).toEqual([a.onOps, a.onPresence, a.history.undo]);

  // Peers compare by their entries: a fresh array of the same peers is no change.
  const peer = { sessionId: 's1', userId: uuidOf(3), name: 'Li', color: '#123456', canEdit: true, at: 1 };
  client.peers = [peer];
  const c = editorBinding(client);
  client.peers = [peer];
  expect(editorBinding(client)).toBe(c);
  expect(c.annotations).toBe(a.annotations);

  c.onOps([{ type: 'update', id: uuidOf(2), patch: { geometry: box(7) } }]);
  const d = editorBinding(client);
  expect(d.annotations).not.toBe(a.annotations);
  expect(d.annotations[0]).toBe(a.annotations[0]); // the one not edited is the same object
  expect(d.peers).toBe(c.peers);
  expect(editorBinding(null)).toBe(editorBinding(null));
});

test('a client that may not edit refuses ops (and says so), ignores undo and redo, and still shares presence', () => {
  const { client, replica, presence } = fakeClient({ canEdit: false });
  const b = editorBinding(client);
  expect(b.onOps([create(1)])).toBe(false);
  b.history.undo();
  expect(replica.view.size).toBe(0);
  expect(b).toMatchObject({ canEdit: false, history: { canUndo: false, canRedo: false } });
  b.onPresence({ cursor: { x: 1, y: 2 }, selection: [uuidOf(1)] });
  expect(presence).toEqual([{ cursor: { x: 1, y: 2 }, selection: [uuidOf(1)] }]);

  // Edit rights lost with an undo step still on the stack: it is not offered.
  const other = fakeClient();
  editorBinding(other.client).onOps([create(1)]);
  expect(editorBinding(other.client).history.canUndo).toBe(true);
  other.client.canEdit = false;
  expect(editorBinding(other.client).history.canUndo).toBe(false);
  expect(editorBinding(null)).toMatchObject({ annotations: [], canEdit: false, connection: { status: 'connecting', pending: 0, unstored: 0 } });
  expect(editorBinding(null).onOps([create(1)])).toBe(false);
});

test('rights are asked when the ops come, not when the binding was made: a stroke flushed after they went is refused', () => {
  const { client, replica } = fakeClient();
  // The editor holds the callback from a render while it could edit.
  const { onOps } = editorBinding(client);
  expect(onOps([create(1)])).toBe(true);
  client.canEdit = false;
  expect(onOps([create(2)])).toBe(false);
  expect(idsOf(editorBinding(client).annotations)).toEqual([uuidOf(1)]);
  expect(replica.pending.map((p) => p.op.type)).toEqual(['create']);
  client.canEdit = true;
  expect(onOps([create(3)])).toBe(true);
});

test('an undo whose steps others have made void says so: canUndo drops and subscribers hear it', () => {
  const { client, replica } = fakeClient();
  // Someone else's annotation, which I move; then they delete it.
  replica.receive([{ serverSeq: 1, actorId: uuidOf(2), at: '2025-01-01T00:00:00.000Z', op: { type: 'create', clientId: 'other-client', clientSeq: 1, annotation: { id: uuidOf(1), labelId: 'car', geometry: box(1), attributes: {}, source: 'human', score: null, predictionId: null, zIndex: 0, groupId: null, schemaVersion: 1 } } }]);
  editorBinding(client).onOps([{ type: 'update', id: uuidOf(1), patch: { geometry: box(9) } }]);
  replica.receive([{ serverSeq: 2, actorId: uuidOf(2), at: '2025-01-01T00:00:01.000Z', op: { type: 'delete', clientId: 'other-client', clientSeq: 2, id: uuidOf(1) } }]);
  expect(editorBinding(client).history.canUndo).toBe(true);
  const heard = jest.fn();
  replica.subscribe(heard);
  editorBinding(client).history.undo();
  expect(editorBinding(client).history.canUndo).toBe(false);
  expect(heard).toHaveBeenCalledWith({ type: 'change' });
});
