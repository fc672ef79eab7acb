import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  MAX_CATCHUP_OPS, MAX_OPS_PER_BATCH, catchupRequest, joinRequest, leaveRequest, opsRequest, presenceUpdate,
  type CatchupReply, type JoinReply, type OpsReply, type PresenceUpdate, type SyncProblem,
} from '@tessera/contracts';
import { AnnotationsService, CommitFeed, OpCommitter } from '@tessera/server/annotations';
import type { AccessChange } from '@tessera/server/auth';
import { DomainError } from '@tessera/server/errors';
import { toProblem } from '@tessera/server/http';
import { OPS_PER_SECOND, OpsBudget, PresencePacer, PresenceStore, SyncAccess, type Credentials, type JoinedSet } from '@tessera/server/sync';
import { SyncMetrics } from './sync-metrics';
import { SyncServer, safeAck, type SyncSocket } from './sync-server';

/** What one connection holds of the annotation protocol. */
interface Session {
  sets: Map<string, JoinedSet>;
  budget: OpsBudget;
  presence: Map<string, PresencePacer>;
}

const room = (setId: string) => `set:${setId}`;
/** A message of the wrong shape, answered as a REST route would answer its body. */
const malformed = (detail: string): SyncProblem => ({ status: 400, title: 'Bad Request', detail });
const notJoined: SyncProblem = { status: 404, title: 'Not Found', detail: 'Join the set before sending to it.' };

/**
 * The annotation protocol on /sync: a room per annotation set (shared by every
 * API process), op batches through the same committer as REST, catch-up by
 * server_seq, and presence. It only translates messages: who may do what is
 * SyncAccess's to decide, presence is PresenceStore's, the op allowance
 * OpsBudget's. Every commit of every process (API or worker) reaches this
 * process through the CommitFeed, and each process tells its own sockets.
 */
@Injectable()
export class SyncGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('SyncGateway');
  private readonly sessions = new WeakMap<SyncSocket, Session>();
  private stopListening?: () => void;

  constructor(
    private readonly server: SyncServer,
    private readonly rights: SyncAccess,
    private readonly presenceStore: PresenceStore,
    private readonly annotations: AnnotationsService,
    private readonly committer: OpCommitter,
    private readonly commits: CommitFeed,
    private readonly metrics: SyncMetrics,
  ) {
    server.onConnection((socket) => this.connected(socket));
  }

  onApplicationBootstrap() {
    // Broadcast ops go uncompressed: permessage-deflate runs once per socket, so a room of ten deflated every
    // large commit ten times (the largest single cost in the API's profile under load). Snapshots, sent to one socket, still are.
    const stopOps = this.commits.onCommit((setId, ops) => this.server.io?.local.to(room(setId)).compress(false).emit('ops', { setId, ops }));
    const stopRights = this.rights.onChanged((change) => this.rightsChanged(change));
    this.stopListening = () => {
      stopOps();
      stopRights();
    };
  }

  onApplicationShutdown() {
    this.stopListening?.();
  }

  private connected(socket: SyncSocket) {
    const session: Session = { sets: new Map(), budget: new OpsBudget(), presence: new Map() };
    this.sessions.set(socket, session);
    socket.on('join', (req, ack) => void this.join(socket, req).then(safeAck(ack)));
    socket.on('leave', (req, ack) => void this.leave(socket, req).then(safeAck(ack)));
    socket.on('ops', (req, ack) => void this.ops(socket, req).then(safeAck(ack)));
    socket.on('catchup', (req, ack) => void this.catchup(socket, req).then(safeAck(ack)));
    socket.on('presence', (req) => this.presence(socket, req));
    socket.on('disconnect', () => {
      for (const setId of session.sets.keys()) void this.dropPresence(socket, setId);
      for (const p of session.presence.values()) p.stop();
    });
  }

  private session(socket: SyncSocket): Session {
    return this.sessions.get(socket)!;
  }

  private credentials(socket: SyncSocket): Credentials {
    return { token: socket.handshake.auth.token, origin: socket.data.actor.origin };
  }

  /** What went wrong, as the REST routes would say it; our own failures are logged, never shown. */
  private problem(e: unknown): SyncProblem {
    const { status, body, unexpected } = toProblem(e);
    if (unexpected) this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return { status, title: body.title, detail: body.detail ?? body.title, ...(body.code && { code: body.code }), ...(body.params && { params: body.params }) };
  }

  private async join(socket: SyncSocket, raw: unknown): Promise<JoinReply> {
    const req = joinRequest.safeParse(raw);
    if (!req.success) return { ok: false, problem: malformed('join needs { assetId } or { taskId }, and may give afterSeq') };
    try {
      const via = req.data.taskId ? { taskId: req.data.taskId } : { assetId: req.data.assetId! };
      // Decided with the membership, role and task of now, not those of the handshake.
      const { actor, set } = await this.rights.join(this.credentials(socket), via);
      socket.data.actor = { ...socket.data.actor, ...actor };
      this.session(socket).sets.set(set.setId, set);
      // Join the room before reading, so no op committed meanwhile is missed (a duplicate is harmless: clients skip seqs they have).
      await socket.join(room(set.setId));
      const you = { userId: actor.userId, sessionId: socket.id, name: actor.name, color: socket.data.color };
      const peers = await this.presenceStore.peers(set.setId);
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
    if (!req.success || !this.session(socket).sets.has(req.data.setId)) return { ok: false };
    await this.drop(socket, req.data.setId);
    return { ok: true };
  }

  private async drop(socket: SyncSocket, setId: string) {
    const session = this.session(socket);
    session.sets.delete(setId);
    session.presence.get(setId)?.stop();
    session.presence.delete(setId);
    await socket.leave(room(setId));
    await this.dropPresence(socket, setId);
  }

  /** Leaves the set for this connection and says so; the client joins again to learn why, or what it may open now. */
  private async close(socket: SyncSocket, setId: string) {
    await this.drop(socket, setId);
    socket.emit('rights', { setId, canEdit: false, open: false });
  }

  /** A joined set, its access as of now (see SyncAccess); a set no longer open to the connection is left, and the message refused. */
  private async joined(socket: SyncSocket, setId: string): Promise<JoinedSet | SyncProblem> {
    const { sets } = this.session(socket);
    const held = sets.get(setId);
    if (!held) return notJoined;
    let now: Awaited<ReturnType<SyncAccess['current']>>;
    try {
      now = await this.rights.current(this.credentials(socket), held);
    } catch (e) {
      // Anything but a lost session: refused for now, the set kept, the batch resent.
      if (!(e instanceof DomainError && e.kind === 'unauthenticated')) return this.problem(e);
      // The credentials no longer stand (removed, a new password): the connection ends here, whether or not the revocation arrives.
      socket.emit('bye', { reason: e.detail });
      socket.disconnect(true);
      return this.problem(e);
    }
    // A join or a push replaced it meanwhile: that decision is the newer one.
    if (sets.get(setId) !== held) return sets.get(setId) ?? notJoined;
    if (!now || now.set.setId !== setId) {
      // Closed, or the same task or asset now opens another set (rework began): the client joins again and learns which.
      await this.close(socket, setId);
      return { status: 403, title: 'Forbidden', detail: 'This set is no longer open to you.' };
    }
    if (now.set !== held) {
      sets.set(setId, now.set);
      if (now.actor) socket.data.actor = { ...socket.data.actor, ...now.actor };
      if (now.set.canEdit !== held.canEdit) this.rightsMoved(socket, setId, now.set.canEdit);
    } else {
      const renewal = this.rights.renewal(this.credentials(socket), held);
      if (renewal) void this.pushRights(socket, held, renewal);
    }
    return now.set;
  }

  /**
   * Someone's access may have changed (a task moved, a project membership):
   * this process's connections holding it decide again and are told the
   * result, so clients never ask. Every process hears the change and serves
   * its own connections.
   */
  private rightsChanged(change: AccessChange) {
    for (const socket of this.server.localSockets()) {
      const session = this.sessions.get(socket);
      if (!session) continue;
      for (const held of session.sets.values()) {
        if (this.rights.concerns(held, socket.data.actor.userId, change)) void this.pushRights(socket, held);
      }
    }
  }

  private async pushRights(socket: SyncSocket, held: JoinedSet, decision = this.rights.redecide(this.credentials(socket), held)) {
    const { sets } = this.session(socket);
    const fresh = await decision;
    if (fresh === undefined || sets.get(held.setId) !== held || !socket.connected) return;
    if (!fresh || fresh.set.setId !== held.setId) return this.close(socket, held.setId);
    sets.set(held.setId, fresh.set);
    if (fresh.set.canEdit !== held.canEdit) this.rightsMoved(socket, held.setId, fresh.set.canEdit);
  }

  /** The connection is told; so are the others in the room, whose list shows who edits and who watches. */
  private rightsMoved(socket: SyncSocket, setId: string, canEdit: boolean) {
    socket.emit('rights', { setId, canEdit, open: true });
    void this.publishPresence(socket, setId, { setId });
  }

  private async ops(socket: SyncSocket, raw: unknown): Promise<OpsReply> {
    // Counted and paid for before the ops are read: a flood is turned away for the price of counting it, not
    // of validating 500 ops a message (which also let a slow server refill the allowance as it went).
    const sent = (raw as { ops?: unknown } | null)?.ops;
    const count = Array.isArray(sent) ? sent.length : 0;
    if (count > MAX_OPS_PER_BATCH) return { ok: false, problem: malformed(`Send at most ${MAX_OPS_PER_BATCH} ops per message.`) };
    if (!this.session(socket).budget.take(count)) {
      return { ok: false, problem: { status: 429, title: 'Too Many Requests', detail: `Slow down: at most ${OPS_PER_SECOND} ops per second per connection.`, code: 'throttled' } };
    }
    const req = opsRequest.safeParse(raw);
    if (!req.success) return { ok: false, problem: malformed('ops needs { setId, ops: [...] }') };
    const set = await this.joined(socket, req.data.setId);
    if ('status' in set) return { ok: false, problem: set };
    const timer = this.metrics.ackSeconds.startTimer();
    try {
      const results = await this.committer.submit(set, { kind: 'person', userId: socket.data.actor.userId }, req.data.ops);
      timer();
      for (const r of results) this.metrics.results.inc({ result: r.status === 'committed' ? 'committed' : r.code });
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

  private presence(socket: SyncSocket, raw: unknown) {
    const req = presenceUpdate.safeParse(raw);
    const session = this.session(socket);
    if (!req.success || !session.sets.has(req.data.setId)) return;
    this.pacer(socket, req.data.setId).offer(req.data);
  }

  private pacer(socket: SyncSocket, setId: string): PresencePacer {
    const { presence } = this.session(socket);
    let pacer = presence.get(setId);
    if (!pacer) {
      pacer = new PresencePacer((update) => socket.connected && void this.publishPresence(socket, setId, update));
      presence.set(setId, pacer);
    }
    return pacer;
  }

  private async publishPresence(socket: SyncSocket, setId: string, update: PresenceUpdate) {
    const { actor, color } = socket.data;
    const canEdit = this.session(socket).sets.get(setId)?.canEdit ?? false;
    const peer = this.pacer(socket, setId).amend(update, { sessionId: socket.id, userId: actor.userId, name: actor.name, color, canEdit });
    await this.presenceStore.put(setId, peer);
    socket.to(room(setId)).emit('presence', { setId, peer });
  }

  private async dropPresence(socket: SyncSocket, setId: string) {
    // Peers need no leave message from a process that is going away; its entries expire.
    if (this.server.closing) return;
    await this.presenceStore.drop(setId, socket.id);
    if (!this.server.closing) this.server.io?.to(room(setId)).emit('presence:leave', { setId, sessionId: socket.id });
  }
}
