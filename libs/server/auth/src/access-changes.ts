import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { PerTurn, PubSub } from '@tessera/server/db';

/** Someone lost their standing in an organisation (every organisation when orgId is null): their open connections must close. */
export interface Revocation {
  userId: string;
  orgId: string | null;
  reason: string;
}

/** Whose access may have changed, for the connections that hold it to decide again and tell their clients. */
export type AccessChange = { userId: string } | { taskIds: string[] };

const REVOKED = 'access-revoked';
const CHANGED = 'access-changed';
/**
 * How long a change counter outlives its last change. A reader caches what it
 * decided for far less (the gateway re-checks every few seconds regardless), so
 * a counter only has to be there when the next read after a change comes.
 */
const EPOCH_TTL_SECONDS = 3600;

/**
 * What makes a long-lived connection's cached access stale, told to every
 * process through Redis.
 *
 * Each person and each task has a change counter in Redis, bumped after the
 * change is committed and before the request that made it answers. A cache of
 * access notes the counters it was decided under and compares them on every
 * use: one Redis read, and ordered after the change for any client that saw
 * the change's answer (Redis is one thread), so no batch slips through between
 * a submit's response and a pub/sub message arriving.
 *
 * Every change is also published, for connections to decide again and push
 * the result to their clients; losing the organisation, a role or the
 * password is a revocation, which closes the person's connections instead.
 */
@Injectable()
export class AccessChanges {
  private readonly log = new Logger('AccessChanges');

  /** Who hears, first and synchronously, that what was cached about a person is stale (null: everyone). */
  private readonly forgetters = new Set<(userId: string | null) => void>();

  /** The tasks changed in this turn of the event loop, bumped and told together at its end (see tasksChanged). */
  private readonly changedTasks = new PerTurn<string>(async (parts) => {
    const ids = [...new Set(parts.flat())];
    await this.bumpAndPublish(ids.map((id) => this.taskKey(id)), CHANGED, { taskIds: ids } satisfies AccessChange);
  });

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly pubsub: PubSub,
  ) {
    // Subscribed here, before anyone can call onChanged/onRevoked: caches are emptied before
    // any other listener (the realtime gateway deciding again) reads through them.
    this.pubsub.subscribe<AccessChange>(CHANGED, (c) => {
      if ('userId' in c) this.forget(c.userId);
    });
    this.pubsub.subscribe<Revocation>(REVOKED, (r) => this.forget(r.userId));
    // Messages may have been lost while the subscriber was away.
    this.pubsub.onResync(() => this.forget(null));
  }

  /**
   * True while changes published from other processes reach this one, so what
   * it caches about people is dropped when they change. While false, read afresh.
   */
  get caching(): boolean {
    return this.pubsub.listening;
  }

  /** Drops what this process cached about a person (a change here or heard from another process). */
  onForget(listener: (userId: string | null) => void): () => void {
    this.forgetters.add(listener);
    return () => this.forgetters.delete(listener);
  }

  private forget(userId: string | null) {
    for (const f of this.forgetters) f(userId);
  }

  personKey(userId: string) {
    return `${this.config.REDIS_PREFIX}:access:person:${userId}`;
  }

  taskKey(taskId: string) {
    return `${this.config.REDIS_PREFIX}:access:task:${taskId}`;
  }

  /** A person's membership, role or project membership changed; `revoke` also closes their connections. */
  async personChanged(userId: string, revoke?: Omit<Revocation, 'userId'>): Promise<void> {
    // This process at once; every other one when the message below arrives (published before the change is answered).
    this.forget(userId);
    if (revoke) await this.bumpAndPublish([this.personKey(userId)], REVOKED, { userId, ...revoke } satisfies Revocation);
    else await this.bumpAndPublish([this.personKey(userId)], CHANGED, { userId } satisfies AccessChange);
  }

  /**
   * Tasks changed state or holder: who may edit their work may have changed. The tasks changed by every request in
   * this turn of the event loop are bumped and told together, in one pipeline and one message (each claim and submit
   * made its own: 6 % of the API's samples under the pool bench, most of it building and writing the pipelines); each
   * caller still waits until its own are in Redis.
   */
  async tasksChanged(taskIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(taskIds)];
    if (ids.length) await this.changedTasks.add(ids);
  }

  /** The counters now, in the order asked; null when Redis cannot say (the caller decides afresh). */
  async epochs(keys: string[]): Promise<(string | null)[] | null> {
    try {
      return await this.redis.mget(...keys);
    } catch {
      return null;
    }
  }

  /** Heard on every process, whichever made the change (an API process or a worker). */
  onChanged(listener: (c: AccessChange) => void): () => void {
    return this.pubsub.subscribe<AccessChange>(CHANGED, (c) => listener(c));
  }

  onRevoked(listener: (r: Revocation) => void): () => void {
    return this.pubsub.subscribe<Revocation>(REVOKED, (r) => listener(r));
  }

  /**
   * Bumps the counters, then publishes the change, in one pipeline: one write and one round trip (a claim and a
   * submit each make one), and Redis runs the publish after the increments, so a process that hears the message
   * reads the new counters. A failure is logged, not thrown: the change itself is committed, and readers re-check
   * on their own within seconds.
   */
  private async bumpAndPublish(keys: string[], name: string, message: AccessChange | Revocation) {
    const pipeline = this.redis.pipeline();
    for (const k of keys) pipeline.incr(k).expire(k, EPOCH_TTL_SECONDS);
    pipeline.publish(...this.pubsub.publication(name, message));
    const replies = await pipeline.exec().catch((e: Error) => [[e, null] as const]);
    const failed = replies?.find(([e]) => e);
    if (failed) this.log.warn(`access change not recorded in Redis: ${failed[0]!.message}`);
  }
}

/** The change counters, for every module that changes who may do what (orgs, projects, tasks) and the realtime gateway. */
@Module({ providers: [AccessChanges], exports: [AccessChanges] })
export class AccessChangesModule {}
