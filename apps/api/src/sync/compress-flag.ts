import type { Server } from 'socket.io';

/** A packet as engine.io hands it to its transport: Socket.IO's `compress` flag rides in its options. */
interface EnginePacket {
  options?: { compress?: boolean };
}

/** What this needs of engine.io's WebSocket transport (engine.io 6.6, under Socket.IO 4.8). */
interface WebSocketTransport {
  name: string;
  writable: boolean;
  supportsBinary: boolean;
  parser: { encodePacket(packet: EnginePacket, supportsBinary: boolean, done: (data: string | Buffer) => void): void };
  socket: { send(data: string | Buffer, options: { compress: boolean }, done: (err?: Error) => void): void };
  _onSent(err?: Error): void;
  _onSentLast(err?: Error): void;
  send(packets: EnginePacket[]): void;
}

/**
 * Makes `compress(false)` hold on WebSocket connections. Socket.IO puts the flag in each packet's options, but
 * engine.io 6.6's WebSocket transport sends every packet with ws's defaults, which deflate any message over the
 * threshold: each op broadcast over 8 KB was deflated once per socket in its room, a quarter of the API's CPU under
 * the sync bench's load (docs/performance.md, Sync, "Broadcasts deflated after all"). This passes the flag on to ws
 * for the WebSocket transport a connection opens with or upgrades to; a transport of another shape is left as is.
 */
export function honourCompressFlag(io: Server): void {
  io.engine.on('connection', (socket: { transport: unknown; on(event: 'upgrade', listener: (transport: unknown) => void): void }) => {
    passFlagOn(socket.transport);
    socket.on('upgrade', passFlagOn);
  });
}

function passFlagOn(candidate: unknown): void {
  const transport = candidate as Partial<WebSocketTransport> | null;
  if (transport?.name !== 'websocket' || typeof transport.parser?.encodePacket !== 'function' || typeof transport.socket?.send !== 'function') return;
  if (typeof transport._onSent !== 'function' || typeof transport._onSentLast !== 'function') return;
  const t = transport as WebSocketTransport;
  t.send = (packets) => {
    t.writable = false;
    packets.forEach((packet, i) => {
      const done = i + 1 === packets.length ? t._onSentLast : t._onSent;
      t.parser.encodePacket(packet, t.supportsBinary, (data) => t.socket.send(data, { compress: packet.options?.compress !== false }, done));
    });
  };
}
