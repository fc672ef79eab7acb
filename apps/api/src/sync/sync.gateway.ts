import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import Redis from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import {
  MAX_CATCHUP_OPS, MAX_OPS_PER_BATCH, reachOf, PRESENCE_PER_SECOND, SYNC_PATH, catchupRequest, joinRequest, leaveRequest, opsRequest, presenceUpdate,
  type CatchupReply, type ClientEvents, type JoinReply, type OpsReply, type Peer, type PresenceUpdate, type ServerEvents, type SyncProblem,
} from '@tessera/contracts';
import { AnnotationSets, AnnotationsService, CommitFeed, OpCommitter } from '@tessera/server/annotations';
import { AccessChanges, AuthGuard, type Actor } from '@tessera/server/auth';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { jobRunChannel, type JobRunAnnouncement } from '@tessera/server/jobs';
import { TaskNotifications } from '@tessera/server/tasks';
import { ProblemError, toProblem } from '@tessera/server/http';
import { SyncAccess, type Credentials, type JoinedSet } from '@tessera/server/sync';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../system/system.controller';

/** Ops per second a connection may send, and the burst it may save up. */
const OPS_PER_SECOND = 5_000;
const OPS_BURST = 20_000;
/** Socket.IO refuses (and closes the connection on) messages larger than this. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const PRESENCE_TTL_MS = 60_000;
/** Each API process says it is alive this often; peers of a process that stopped saying so are gone (it crashed). */
const INSTANCE_BEAT_MS = 5_000;
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#469990', '#9a6324', '#800000', '#808000', '#000075'];

interface Connection {
  actor: Actor;
  color: string;
  sets: Map<string, JoinedSet>;
  tokens: number;
  refilledAt: number;
  presence: Map<string, { next?: PresenceUpdate; timer?: NodeJS.Timeout; lastSentAt: number; peer?: Peer }>;
}
type SyncSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, Connection>;

const room = (setId: string) => `set:${setId}`;
const userRoom = (orgId: string, userId: string) => `user:${orgId}:${userId}`;
/** Every connection of a person, in any organisation (a password change closes them all). */
const personRoom = (userId: string) => `person:${userId}`;
const colorOf = (userId: string) => COLORS[createHash('sha256').update(userId).digest()[0] % COLORS.length];

/** A message of the wrong shape, answered as a REST route would answer its body. */
const malformed = (detail: string): SyncProblem => ({ status: 400, title: 'Bad Request', detail });

/**
 * The realtime side of annotation: Socket.IO at /sync on the API's own HTTP
 * server, rooms per annotation set shared by every API process through the
 * Redis adapter. Ops go through the same committer as REST; each process
 * broadcasts what it committed, so every commit is broadcast exactly once.
 * Presence lives in Redis only (a hash per set, with a TTL), never in Postgres.
 */
@Injectable()
export class SyncGateway implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('SyncGateway');
  private io?: Server<ClientEvents, ServerEvents, Record<string, never>, Connection>;
  private pub?: Redis;
  private sub?: Redis;
  private jobs?: Redis;
  private stopListening?: () => void;
  private closing = false;
  private readonly instance = randomUUID();
  private beat?: NodeJS.Timeout;

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly guard: AuthGuard,
    private readonly rights: SyncAccess,
    private readonly changes: AccessChanges,
    private readonly sets: AnnotationSets,
    private readonly annotations: AnnotationsService,
    private readonly committer: OpCommitter,
    private readonly commits: CommitFeed,
    private readonly notifications: TaskNotifications,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  private readonly ackSeconds = new Histogram({
    name: 'tessera_sync_ack_seconds', help: 'From an op batch arriving to its acknowledgement (after commit)',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [],
  });
  private readonly results = new Counter({ name: 'tessera_sync_op_results_total', help: 'Op results by status or rejection code', labelNames: ['result'] as const, registers: [] });

  private registerMetrics() {
    const committer = this.committer;
    const io = () => this.io;
    this.metrics.registerMetric(this.ackSeconds);
    this.metrics.registerMetric(this.results);
    this.metrics.registerMetric(new Gauge({ name: 'tessera_sync_connections', help: 'Open /sync connections on this process', registers: [], collect() { this.set(io()?.engine.clientsCount ?? 0); } }));
    this.metrics.registerMetric(new Gauge({ name: 'tessera_annotation_commits', help: 'Op transactions committed since start', registers: [], collect() { this.set(committer.stats.commits); } }));
    this.metrics.registerMetric(new Gauge({ name: 'tessera_annotation_committed_ops', help: 'Ops committed since start', registers: [], collect() { this.set(committer.stats.ops); } }));
  }

  /** What went wrong, as the REST routes would say it; our own failures are logged, never shown. */
  private problem(e: unknown): SyncProblem {
    const { status, body, unexpected } = toProblem(e);
    if (unexpected) this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return { status, title: body.title, detail: body.detail ?? body.title };
  }

  onApplicationBootstrap() {
    this.registerMetrics();
    const alive = () => void this.redis.set(this.instanceKey(this.instance), '1', 'PX', INSTANCE_BEAT_MS * 2).catch(() => undefined);
    alive();
    this.beat = setInterval(alive, INSTANCE_BEAT_MS);
    this.beat.unref();
    const http = this.host.httpAdapter.getHttpServer() as HttpServer;
    this.pub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.sub = this.pub.duplicate();
    // Redis going away must not take the process down: ioredis reconnects, clients catch up by server_seq.
    for (const c of [this.pub, this.sub]) c.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    const io = new Server<ClientEvents, ServerEvents, Record<string, never>, Connection>(http, {
      path: SYNC_PATH,
      serveClient: false,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      pingInterval: 10_000,
      pingTimeout: 10_000,
      adapter: createAdapter(this.pub, this.sub, { key: `${this.config.REDIS_PREFIX}:sio` }),
    });
    io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string') return next(new Error('unauthorized: send an access token as auth.token'));
      const ua = socket.handshake.headers['user-agent'];
      this.guard
        .actorFromToken(token, { ip: socket.handshake.address ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null, requestId: null })
        .then((actor) => {
          socket.data = { actor, color: colorOf(actor.userId), sets: new Map(), tokens: OPS_BURST, refilledAt: Date.now(), presence: new Map() };
          // An access token lives minutes; the connection lives no longer. The client reconnects with a fresh one.
          const expiresIn = actor.expiresAt - Date.now();
          const timer = setTimeout(() => {
            socket.emit('bye', { reason: 'token expired' });
            socket.disconnect(true);
          }, Math.max(0, expiresIn));
          socket.once('disconnect', () => clearTimeout(timer));
          next();
        })
        .catch((e) => next(new Error(`unauthorized: ${e instanceof ProblemError ? e.detail : 'the token could not be checked'}`)));
    });
    io.on('connection', (socket) => this.connected(socket));
    this.jobs = this.pub.duplicate();
    this.jobs.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    void this.jobs.subscribe(jobRunChannel(this.config)).catch((e) => this.log.warn(`job-run announcements unavailable: ${e.message}`));
    this.jobs.on('message', (_channel, message) => this.relayJobRun(message));
    // Every commit of every process (API or worker) reaches this process through the feed; each tells its own sockets.
    const stopOps = this.commits.onCommit((setId, ops) => io.local.to(room(setId)).emit('ops', { setId, ops }));
    const stopNotes = this.notifications.onNotify((orgId, userIds, n) => io.to(userIds.map((u) => userRoom(orgId, u))).emit('notification', n));
    // A submit, review or rework changes who may edit the task's set: its editors re-check now, not at the next RECHECK_MS.
    const stopMoves = this.notifications.onMoved((orgId, taskIds) =>
      void this.sets.setsOfTasks(orgId, taskIds).then(
        (setIds) => setIds.forEach((setId) => io.to(room(setId)).emit('access:changed', { setId })),
        (e: Error) => this.log.warn(`access change not announced: ${e.message}`),
      ));
    // Removed, demoted or a new password: the person's connections on this process close now (every process hears it).
    const stopRevoked = this.changes.onRevoked(({ userId, orgId, reason }) => {
      const people = io.local.in(orgId ? userRoom(orgId, userId) : personRoom(userId));
      people.emit('bye', { reason });
      people.disconnectSockets(true);
    });
    this.stopListening = () => {
      stopRevoked();
      stopOps();
      stopNotes();
      stopMoves();
    };
    this.io = io;
  }

  async beforeApplicationShutdown() {
    this.stopListening?.();
    // Peers need no leave message from a process that is going away; their presence entries expire.
    this.closing = true;
    if (!this.io) return;
    this.io.emit('bye', { reason: 'server restarting' });
    this.io.disconnectSockets(true);
  }

  async onApplicationShutdown() {
    clearInterval(this.beat);
    await this.redis.del(this.instanceKey(this.instance)).catch(() => undefined);
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit(), this.jobs?.quit()]);
  }

  private connected(socket: SyncSocket) {
    void socket.join([userRoom(socket.data.actor.orgId, socket.data.actor.userId), personRoom(socket.data.actor.userId)]);
    socket.on('notifications:watch', (_req, ack) => safeAck(ack)({ ok: true }));
    socket.on('join', (req, ack) => void this.join(socket, req).then(safeAck(ack)));
    socket.on('leave', (req, ack) => void this.leave(socket, req).then(safeAck(ack)));
    socket.on('ops', (req, ack) => void this.ops(socket, req).then(safeAck(ack)));
    socket.on('catchup', (req, ack) => void this.catchup(socket, req).then(safeAck(ack)));
    socket.on('presence', (req) => this.presence(socket, req));
    socket.on('access', (req, ack) => void this.access(socket, req).then(safeAck(ack)));
    socket.on('jobs:watch', (_req, ack) => void this.watchJobs(socket).then(safeAck(ack)));
    socket.on('disconnect', () => {
      for (const setId of socket.data.sets.keys()) void this.dropPresence(socket, setId);
      for (const p of socket.data.presence.values()) clearTimeout(p.timer);
    });
  }

  /** Job runs reach the rooms of the person who started them and of their organisation's staff. */
  private async watchJobs(socket: SyncSocket) {
    const { actor } = socket.data;
    const reach = reachOf(actor.role, 'jobs.read');
    if (!reach) return { ok: false };
    await socket.join(reach === 'org' ? `jobs:org:${actor.orgId}` : `jobs:user:${actor.orgId}:${actor.userId}`);
    return { ok: true };
  }

  private relayJobRun(raw: string) {
    let run: JobRunAnnouncement;
    try {
      run = JSON.parse(raw);
    } catch {
      return;
    }
    const { orgId, createdBy, ...update } = run;
    const rooms = [`jobs:org:${orgId}`, ...(createdBy ? [`jobs:user:${orgId}:${createdBy}`] : [])];
    // Every API process hears the announcement, so each tells only its own sockets.
    this.io?.local.to(rooms).emit('job-run', update);
  }

  private async join(socket: SyncSocket, raw: unknown): Promise<JoinReply> {
    const req = joinRequest.safeParse(raw);
    if (!req.success) return { ok: false, problem: malformed('join needs { assetId } or { taskId }, and may give afterSeq') };
    try {
      const via = req.data.taskId ? { taskId: req.data.taskId } : { assetId: req.data.assetId! };
      // Decided with the membership, role and task of now, not those of the handshake.
      const { actor, set } = await this.rights.join(this.credentials(socket), via);
      socket.data.actor = { ...socket.data.actor, ...actor };
      socket.data.sets.set(set.setId, set);
      // Join the room before reading, so no op committed meanwhile is missed (a duplicate is harmless: clients skip seqs they have).
      await socket.join(room(set.setId));
      const you = { userId: socket.data.actor.userId, sessionId: socket.id, name: socket.data.actor.name, color: socket.data.color };
      const peers = await this.peers(set.setId);
      await this.publishPresence(socket, set.setId, { setId: set.setId });
      const base = { ok: true as const, setId: set.setId, assetId: set.assetId, canEdit: set.canEdit, you, peers };
      const after = req.data.afterSeq;
      if (after !== undefined) {
        const serverSeq = await this.annotations.serverSeq(set.setId);
        if (after > serverSeq) return { ok: false, problem: { status: 409, title: 'Conflict', detail: `afterSeq ${after} is ahead of the server (${serverSeq}); join without it for a snapshot.`, code: 'ahead' } };
        if (serverSeq - after <= MAX_CATCHUP_OPS) {
          const delta = await this.annotations.opsAfter(set, after);
          if (!delta.more) return { ...base, serverSeq: delta.serverSeq, mode: 'delta', ops: delta.ops };
        }
      }
      const snap = await this.annotations.snapshot(set);
      return { ...base, serverSeq: snap.serverSeq, mode: 'snapshot', annotations: snap.annotations };
    } catch (e) {
      return { ok: false, problem: this.problem(e) };
    }
  }

  private async leave(socket: SyncSocket, raw: unknown) {
    const req = leaveRequest.safeParse(raw);
    if (!req.success || !socket.data.sets.has(req.data.setId)) return { ok: false };
    socket.data.sets.delete(req.data.setId);
    await socket.leave(room(req.data.setId));
    await this.dropPresence(socket, req.data.setId);
    return { ok: true };
  }

  private credentials(socket: SyncSocket): Credentials {
    return { token: socket.handshake.auth.token, origin: socket.data.actor.origin };
  }

  /**
   * A joined set, its access as of now (see SyncAccess): a set no longer open
   * to the connection is dropped, and the message refused.
   */
  private async joined(socket: SyncSocket, setId: string): Promise<JoinedSet | SyncProblem> {
    const held = socket.data.sets.get(setId);
    if (!held) return { status: 404, title: 'Not Found', detail: 'Join the set before sending to it.' };
    const now = await this.rights.current(this.credentials(socket), held);
    if (socket.data.sets.get(setId) !== held) return socket.data.sets.get(setId) ?? { status: 404, title: 'Not Found', detail: 'Join the set before sending to it.' };
    if (!now) {
      socket.data.sets.delete(setId);
      await socket.leave(room(setId));
      return { status: 403, title: 'Forbidden', detail: 'This set is no longer open to you.' };
    }
    if (now.set !== held) {
      socket.data.sets.set(setId, now.set);
      if (now.actor) socket.data.actor = { ...socket.data.actor, ...now.actor };
    }
    return now.set;
  }

  /** The connection asks what it may do now: decided afresh. */
  private async access(socket: SyncSocket, raw: unknown): Promise<{ ok: true; canEdit: boolean } | { ok: false }> {
    const req = leaveRequest.safeParse(raw);
    const held = req.success ? socket.data.sets.get(req.data.setId) : undefined;
    if (!req.success || !held) return { ok: false };
    const fresh = await this.rights.join(this.credentials(socket), held.via).catch(() => null);
    if (socket.data.sets.get(req.data.setId) !== held) return { ok: false };
    if (!fresh) {
      socket.data.sets.delete(req.data.setId);
      await socket.leave(room(req.data.setId));
      return { ok: false };
    }
    socket.data.sets.set(req.data.setId, fresh.set);
    return { ok: true, canEdit: fresh.set.canEdit };
  }

  private takeTokens(c: Connection, n: number): boolean {
    const now = Date.now();
    c.tokens = Math.min(OPS_BURST, c.tokens + ((now - c.refilledAt) / 1000) * OPS_PER_SECOND);
    c.refilledAt = now;
    if (c.tokens < n) return false;
    c.tokens -= n;
    return true;
  }

  private async ops(socket: SyncSocket, raw: unknown): Promise<OpsReply> {
    const req = opsRequest.safeParse(raw);
    if (!req.success) return { ok: false, problem: malformed('ops needs { setId, ops: [...] }') };
    if (req.data.ops.length > MAX_OPS_PER_BATCH) return { ok: false, problem: malformed(`Send at most ${MAX_OPS_PER_BATCH} ops per message.`) };
    // A flood is refused before it costs the database anything; the other connections are not slowed.
    if (!this.takeTokens(socket.data, req.data.ops.length)) {
      return { ok: false, problem: { status: 429, title: 'Too Many Requests', detail: `Slow down: at most ${OPS_PER_SECOND} ops per second per connection.`, code: 'throttled' } };
    }
    const set = await this.joined(socket, req.data.setId);
    if ('status' in set) return { ok: false, problem: set };
    const timer = this.ackSeconds.startTimer();
    try {
      const results = await this.committer.submit(set, { kind: 'person', userId: socket.data.actor.userId }, req.data.ops);
      timer();
      for (const r of results) this.results.inc({ result: r.status === 'committed' ? 'committed' : r.code });
      const last = results.reduce((m, r) => (r.status === 'committed' ? Math.max(m, r.serverSeq) : m), 0);
      return { ok: true, serverSeq: last, results };
    } catch (e) {
      return { ok: false, problem: this.problem(e) };
    }
  }

  private async catchup(socket: SyncSocket, raw: unknown): Promise<CatchupReply> {
    const req = catchupRequest.safeParse(raw);
    if (!req.success) return { ok: false, problem: malformed('catchup needs { setId, afterSeq }') };
    const set = await this.joined(socket, req.data.setId);
    if ('status' in set) return { ok: false, problem: set };
    try {
      const serverSeq = await this.annotations.serverSeq(set.setId);
      if (req.data.afterSeq > serverSeq) return { ok: false, problem: { status: 409, title: 'Conflict', detail: `afterSeq ${req.data.afterSeq} is ahead of the server (${serverSeq}).`, code: 'ahead' } };
      const delta = await this.annotations.opsAfter(set, req.data.afterSeq);
      if (!delta.more) return { ok: true, serverSeq: delta.serverSeq, mode: 'delta', ops: delta.ops };
      const snap = await this.annotations.snapshot(set);
      return { ok: true, serverSeq: snap.serverSeq, mode: 'snapshot', annotations: snap.annotations };
    } catch (e) {
      return { ok: false, problem: this.problem(e) };
    }
  }

  /** At most PRESENCE_PER_SECOND updates per connection and set go out; in between, the latest one waits. */
  private presence(socket: SyncSocket, raw: unknown) {
    const req = presenceUpdate.safeParse(raw);
    if (!req.success || !socket.data.sets.has(req.data.setId)) return;
    const setId = req.data.setId;
    const slot = socket.data.presence.get(setId) ?? { lastSentAt: 0 };
    socket.data.presence.set(setId, slot);
    slot.next = req.data;
    if (slot.timer) return;
    const wait = Math.max(0, slot.lastSentAt + 1000 / PRESENCE_PER_SECOND - Date.now());
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      const next = slot.next;
      slot.next = undefined;
      slot.lastSentAt = Date.now();
      if (next && socket.connected) void this.publishPresence(socket, setId, next);
    }, wait);
  }

  private async publishPresence(socket: SyncSocket, setId: string, update: PresenceUpdate) {
    const slot = socket.data.presence.get(setId) ?? { lastSentAt: 0 };
    socket.data.presence.set(setId, slot);
    const set = socket.data.sets.get(setId);
    const { setId: _s, ...fields } = update;
    const peer: Peer = {
      ...(slot.peer ?? {}), ...fields,
      sessionId: socket.id, userId: socket.data.actor.userId, name: socket.data.actor.name, color: socket.data.color,
      canEdit: set?.canEdit ?? false, at: Date.now(),
    };
    slot.peer = peer;
    const key = this.presenceKey(setId);
    await this.redis.multi().hset(key, socket.id, JSON.stringify({ ...peer, instance: this.instance })).pexpire(key, PRESENCE_TTL_MS * 2).exec().catch(() => undefined);
    socket.to(room(setId)).emit('presence', { setId, peer });
  }

  private async dropPresence(socket: SyncSocket, setId: string) {
    if (this.closing) return;
    await this.redis.hdel(this.presenceKey(setId), socket.id).catch(() => undefined);
    if (!this.closing) this.io?.to(room(setId)).emit('presence:leave', { setId, sessionId: socket.id });
  }

  /** The room's people, less those whose process has stopped beating (a crash leaves its entries behind). */
  private async peers(setId: string): Promise<Peer[]> {
    const all = await this.redis.hgetall(this.presenceKey(setId)).catch(() => ({}) as Record<string, string>);
    const fresh = Date.now() - PRESENCE_TTL_MS;
    const entries = Object.values(all).map((v) => JSON.parse(v) as Peer & { instance?: string }).filter((p) => p.at >= fresh);
    const instances = [...new Set(entries.map((p) => p.instance ?? ''))];
    const beating = instances.length ? await this.redis.mget(...instances.map((i) => this.instanceKey(i))).catch(() => instances.map(() => '1')) : [];
    const live = new Set(instances.filter((_, k) => beating[k] !== null));
    return entries.filter((p) => live.has(p.instance ?? '')).map(({ instance: _i, ...peer }) => peer);
  }

  private instanceKey(instance: string) {
    return `${this.config.REDIS_PREFIX}:sync-instance:${instance}`;
  }

  private presenceKey(setId: string) {
    return `${this.config.REDIS_PREFIX}:presence:${setId}`;
  }
}

/** An ack callback may be missing (a client that did not ask for one) or throw; neither may hurt the server. */
function safeAck<T>(ack: unknown) {
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
