import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server as HttpServer } from 'node:http';
import Redis from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { SYNC_PATH, type ClientEvents, type ServerEvents } from '@tessera/contracts';
import { AccessChanges, AuthGuard, type Actor } from '@tessera/server/auth';
import { CONFIG, type Config } from '@tessera/server/config';
import { DomainError } from '@tessera/server/errors';
import { colorOf } from '@tessera/server/sync';
import { honourCompressFlag } from './compress-flag';

/** Socket.IO refuses (and closes the connection on) messages larger than this. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Socket messages at least this large are deflated (snapshots, catch-ups); smaller ones go as they are. */
export const SYNC_DEFLATE_THRESHOLD = 8 * 1024;

/** What every connection carries from its handshake on: who it is (refreshed by each access decision). */
export interface Connection {
  actor: Actor;
  color: string;
}
export type SyncIo = Server<ClientEvents, ServerEvents, Record<string, never>, Connection>;
export type SyncSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, Connection>;

/** The connections of one person in one organisation (notifications, revocations). */
export const userRoom = (orgId: string, userId: string) => `user:${orgId}:${userId}`;
/** Every connection of a person, in any organisation (a password change closes them all). */
export const personRoom = (userId: string) => `person:${userId}`;

/**
 * The one Socket.IO server at /sync, on the API's own HTTP server, with rooms
 * shared by every API process through the Redis adapter. It owns what every
 * connection has in common: the handshake (an access token, checked as for
 * REST), a lifetime no longer than the token's, the person's rooms, closing
 * a person's connections when their access is revoked, and shutting down.
 * Gateways register their messages with `onConnection`; one socket serves them all.
 */
@Injectable()
export class SyncServer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('SyncServer');
  private server?: SyncIo;
  private pub?: Redis;
  private sub?: Redis;
  private readonly handlers: ((socket: SyncSocket) => void)[] = [];
  private stopRevoked?: () => void;
  /** True from the start of shutdown: leaving connections tell nobody (their presence entries expire). */
  closing = false;

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly guard: AuthGuard,
    private readonly changes: AccessChanges,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  get io(): SyncIo | undefined {
    return this.server;
  }

  /** A gateway's messages, attached to every new connection (register before bootstrap: in a constructor). */
  onConnection(handler: (socket: SyncSocket) => void) {
    this.handlers.push(handler);
  }

  /** This process's connections (each process serves its own; rooms span processes). */
  localSockets(): Iterable<SyncSocket> {
    return this.server?.of('/').sockets.values() ?? [];
  }

  onApplicationBootstrap() {
    const http = this.host.httpAdapter.getHttpServer() as HttpServer;
    this.pub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.sub = this.pub.duplicate();
    // Redis going away must not take the process down: ioredis reconnects, clients catch up by server_seq.
    for (const c of [this.pub, this.sub]) c.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    const io: SyncIo = new Server(http, {
      path: SYNC_PATH,
      serveClient: false,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      // A snapshot of a busy image is megabytes of JSON: deflate what is large, and leave the many small ops
      // and acks as they are (compressing them costs more than it saves). No context is kept between
      // messages, so an idle socket holds no compression window.
      perMessageDeflate: { threshold: SYNC_DEFLATE_THRESHOLD, serverNoContextTakeover: true, clientNoContextTakeover: true },
      httpCompression: { threshold: SYNC_DEFLATE_THRESHOLD },
      pingInterval: 10_000,
      pingTimeout: 10_000,
      adapter: createAdapter(this.pub, this.sub, { key: `${this.config.REDIS_PREFIX}:sio` }),
    });
    honourCompressFlag(io);
    io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string') return next(new Error('unauthorized: send an access token as auth.token'));
      const ua = socket.handshake.headers['user-agent'];
      this.guard
        .actorFromToken(token, { ip: socket.handshake.address ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null, requestId: null })
        .then((actor) => {
          socket.data = { actor, color: colorOf(actor.userId) };
          // An access token lives minutes; the connection lives no longer. The client reconnects with a fresh one.
          const timer = setTimeout(() => {
            socket.emit('bye', { reason: 'token expired' });
            socket.disconnect(true);
          }, Math.max(0, actor.expiresAt - Date.now()));
          socket.once('disconnect', () => clearTimeout(timer));
          next();
        })
        .catch((e) => next(new Error(`unauthorized: ${e instanceof DomainError ? e.detail : 'the token could not be checked'}`)));
    });
    io.on('connection', (socket) => {
      void socket.join([userRoom(socket.data.actor.orgId, socket.data.actor.userId), personRoom(socket.data.actor.userId)]);
      for (const handler of this.handlers) handler(socket);
    });
    // Removed, demoted or a new password: the person's connections on this process close now (every process hears it).
    this.stopRevoked = this.changes.onRevoked(({ userId, orgId, reason }) => {
      const people = io.local.in(orgId ? userRoom(orgId, userId) : personRoom(userId));
      people.emit('bye', { reason });
      people.disconnectSockets(true);
    });
    this.server = io;
  }

  async beforeApplicationShutdown() {
    this.stopRevoked?.();
    this.closing = true;
    if (!this.server) return;
    // Only this process's connections: without `local`, the Redis adapter would close every process's.
    this.server.local.emit('bye', { reason: 'server restarting' });
    this.server.local.disconnectSockets(true);
  }

  async onApplicationShutdown() {
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
  }
}

/** An ack callback may be missing (a client that did not ask for one) or throw; neither may hurt the server. */
export function safeAck<T>(ack: unknown) {
  return (reply: T) => {
    if (typeof ack === 'function') {
      try {
        ack(reply);
      } catch {
        /* the client's problem */
      }
    }
  };
}
