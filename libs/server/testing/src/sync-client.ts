import { io, type Socket } from 'socket.io-client';
import { SYNC_PATH, type ClientEvents, type ServerEvents } from '@tessera/contracts';

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
