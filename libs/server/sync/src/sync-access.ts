import { Injectable } from '@nestjs/common';
import { AnnotationSets, type SetAccess } from '@tessera/server/annotations';
import { AccessChanges, AuthGuard, type AccessChange, type Actor } from '@tessera/server/auth';
import { DomainError } from '@tessera/server/errors';
import type { RequestOrigin } from '@tessera/server/http';

/** A set is decided afresh at least this often, whatever the change counters say (a change Redis never heard of). */
export const RECHECK_MS = 10_000;

/** What a join named: a re-check opens the set the same way (a review task's reviewer edits, the annotate task's holder no longer does). */
export type JoinVia = { taskId: string } | { assetId: string };

/** A connection's credentials: its access token, checked again at every decision. */
export interface Credentials {
  token: string;
  origin: RequestOrigin;
}

/** A set as a connection holds it, with what its access was decided under. */
export interface JoinedSet extends SetAccess {
  via: JoinVia;
  /** The change counters (person, tasks) read just before the decision. */
  keys: string[];
  epochs: (string | null)[] | null;
  checkedAt: number;
  /** When a message renews the decision in the background (see SyncAccess.renewal). */
  renewAt: number;
}

/**
 * Who may do what on a set over a long-lived connection, decided with the
 * membership, role and task state of now: a join always reads them afresh,
 * and every later message compares the change counters the decision was made
 * under (one Redis read) and decides again when one moved, when Redis cannot
 * say, or when the decision is older than RECHECK_MS. The access token is
 * verified again each time, so a removed member or a changed password fails
 * as it would over REST.
 */
@Injectable()
export class SyncAccess {
  /** One re-decision per set at a time: the messages that arrive meanwhile wait for it rather than piling up. */
  private readonly pending = new WeakMap<JoinedSet, Promise<{ actor: Actor; set: JoinedSet } | null>>();

  constructor(
    private readonly guard: AuthGuard,
    private readonly sets: AnnotationSets,
    private readonly changes: AccessChanges,
  ) {}

  /** The actor the credentials stand for now (throws as REST would: 401 for a removed member or an old password). */
  actor(credentials: Credentials): Promise<Actor & { expiresAt: number }> {
    return this.guard.actorFromToken(credentials.token, credentials.origin);
  }

  /** Opens a set for a join: everything read afresh. Throws 401/404/409 as REST would. */
  async join(credentials: Credentials, via: JoinVia): Promise<{ actor: Actor; set: JoinedSet }> {
    const actor = await this.actor(credentials);
    return { actor, set: await this.decide(actor, via) };
  }

  /**
   * The set's access as of now: `held` itself while nothing changed, a fresh
   * decision otherwise, or null when the set is no longer open to the
   * connection. Throws when the credentials no longer stand (401) and when
   * nothing could be decided (the database away): the message is refused
   * then, but the set is not given up.
   */
  async current(credentials: Credentials, held: JoinedSet): Promise<{ actor?: Actor; set: JoinedSet } | null> {
    if (Date.now() - held.checkedAt < RECHECK_MS) {
      const now = await this.changes.epochs(held.keys);
      if (now && held.epochs && now.every((e, i) => e === held.epochs![i])) return { set: held };
    }
    return this.once(credentials, held);
  }

  /**
   * The decision renewed in the background once it is due, so that a message seldom waits for one: without it
   * every connection's message after RECHECK_MS waited for a whole decision, and connections that joined together
   * all waited in the same second (the sync bench's ack tail). Due at a point spread between half and four fifths
   * of RECHECK_MS; until RECHECK_MS the held decision stands under the same rule as ever (counters unchanged).
   * Undefined when not due or when a decision is under way already; the promise never rejects (undefined: nothing
   * could be decided, null: no longer open).
   */
  renewal(credentials: Credentials, held: JoinedSet): Promise<{ actor: Actor; set: JoinedSet } | null | undefined> | undefined {
    if (Date.now() < held.renewAt || this.pending.has(held)) return undefined;
    return this.once(credentials, held).catch(() => undefined);
  }

  /** One decision per held set at a time; the messages that arrive meanwhile share it. */
  private once(credentials: Credentials, held: JoinedSet): Promise<{ actor: Actor; set: JoinedSet } | null> {
    let running = this.pending.get(held);
    if (!running) {
      running = this.join(credentials, held.via).catch((e) => (closes(e) ? null : Promise.reject(e)));
      this.pending.set(held, running);
      // The callers handle the outcome; this branch only forgets the promise (and must not leave a rejection unhandled).
      running.finally(() => this.pending.delete(held)).catch(() => undefined);
    }
    return running;
  }

  /** Whether a change may concern what this person holds in this set (then it is decided again and pushed). */
  concerns(held: JoinedSet, userId: string, change: AccessChange): boolean {
    if ('userId' in change) return change.userId === userId;
    return change.taskIds.some((t) => t === held.taskId || ('taskId' in held.via && held.via.taskId === t));
  }

  /** Every change, from any process, as AccessChanges publishes it. */
  onChanged(listener: (c: AccessChange) => void): () => void {
    return this.changes.onChanged(listener);
  }

  /** Decided afresh for a push: null when the set is no longer open, undefined when nothing could be decided. */
  async redecide(credentials: Credentials, held: JoinedSet): Promise<{ actor: Actor; set: JoinedSet } | null | undefined> {
    return this.join(credentials, held.via).catch((e) => (closes(e) ? null : undefined));
  }

  private async decide(actor: Actor, via: JoinVia): Promise<JoinedSet> {
    // The counters are read before the decision: a change made while deciding moves them, and the next message decides again.
    const keys = [this.changes.personKey(actor.userId), ...('taskId' in via ? [this.changes.taskKey(via.taskId)] : [])];
    const epochs = await this.changes.epochs(keys);
    const access = 'taskId' in via ? await this.sets.openForTask(actor, via.taskId) : await this.sets.openForAsset(actor, via.assetId);
    const checkedAt = Date.now();
    const decided = { ...access, via, keys, epochs, checkedAt, renewAt: checkedAt + RECHECK_MS * (0.5 + 0.3 * Math.random()) };
    if (!access.taskId || ('taskId' in via && via.taskId === access.taskId)) return decided;
    // A review task's set is the reviewed work's, whose own moves (a rework started) count too.
    // Its counter is only known now; read after the decision, it can miss a move made in these
    // milliseconds, which the review task's own counter or RECHECK_MS then catch.
    const workKey = this.changes.taskKey(access.taskId);
    const work = epochs ? await this.changes.epochs([workKey]) : null;
    return { ...decided, keys: [...keys, workKey], epochs: epochs && work ? [...epochs, ...work] : null };
  }
}

/** A refusal that means the set is closed to the connection (not found, forbidden, not ready), not a failure to decide or a lost session. */
const closes = (e: unknown) => e instanceof DomainError && e.kind !== 'unauthenticated';
