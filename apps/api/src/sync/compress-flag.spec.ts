import { randomUUID } from 'node:crypto';
import type { Socket as NetSocket } from 'node:net';
import {
  connected, createAnnotatableAsset, createOrgWithRoles, request, startTestServer, syncSocket, type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';
import { SYNC_DEFLATE_THRESHOLD } from './sync-server';

// What goes over the wire to a sync client: snapshots are deflated, op broadcasts are not (they are sent to every
// peer in the room, and deflating each copy cost more CPU than anything else the API did under load).

let server: TestServer;
let org: TestOrg;
beforeAll(async () => {
  server = await startTestServer();
  org = await createOrgWithRoles(server.db, 'Wire Org', 'wire.test');
}, 60000);
afterAll(() => server?.close());

interface Frame {
  deflated: boolean;
  opcode: number;
  bytes: number;
}

/** The WebSocket frames the server sends this client from now on, read off its TCP socket (server frames are unmasked). */
function framesTo(socket: TestSocket): Frame[] {
  const tcp = (socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
  const frames: Frame[] = [];
  let pending = Buffer.alloc(0);
  tcp.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      let length = pending[1] & 0x7f;
      let header = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        header = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        header = 10;
      }
      if (pending.length < header + length) return;
      frames.push({ deflated: (pending[0] & 0x40) !== 0, opcode: pending[0] & 0x0f, bytes: length });
      pending = pending.subarray(header + length);
    }
  });
  return frames;
}

const box = (x: number) => ({ id: randomUUID(), labelId: 'car', geometry: { type: 'box', x, y: 5, width: 10, height: 10 } });

it('sends a large op broadcast uncompressed and a large snapshot deflated', async () => {
  const { assetId } = await createAnnotatableAsset(server.db, org);
  const annotator = await server.tokenFor(org.users.annotator.id, org.orgId);
  const reviewer = await server.tokenFor(org.users.reviewer.id, org.orgId);

  const writer = syncSocket(server.url, annotator);
  const peer = syncSocket(server.url, reviewer);
  try {
    await Promise.all([connected(writer), connected(peer)]);
    const joined = await request(writer, 'join', { assetId });
    if (!joined.ok) throw new Error(joined.problem.detail);
    await request(peer, 'join', { assetId });
    const toPeer = framesTo(peer);
    const broadcast = new Promise<number>((resolve) => peer.once('ops', (m) => resolve(m.ops.length)));
    const ops = Array.from({ length: 120 }, (_, i) => ({ type: 'create' as const, clientId: 'wire-client', clientSeq: i + 1, annotation: box(i) }));
    const reply = await request(writer, 'ops', { setId: joined.setId, ops });
    expect(reply.ok).toBe(true);
    expect(await broadcast).toBe(120);
    // The broadcast is the largest message the peer got: over the threshold, and sent as it is.
    const [largest] = toPeer.filter((f) => f.opcode === 1).sort((a, b) => b.bytes - a.bytes);
    expect({ deflated: largest.deflated, overThreshold: largest.bytes >= SYNC_DEFLATE_THRESHOLD }).toEqual({ deflated: false, overThreshold: true });

    // A newcomer's snapshot of the same 120 objects is as large, and deflated.
    const newcomer = syncSocket(server.url, reviewer);
    try {
      await connected(newcomer);
      const toNewcomer = framesTo(newcomer);
      const snapshot = await request(newcomer, 'join', { assetId });
      expect(snapshot.ok && snapshot.annotations?.length).toBe(120);
      const deflated = toNewcomer.filter((f) => f.opcode === 1 && f.deflated);
      expect(deflated.length).toBeGreaterThan(0);
    } finally {
      newcomer.close();
    }
  } finally {
    writer.close();
    peer.close();
  }
});
