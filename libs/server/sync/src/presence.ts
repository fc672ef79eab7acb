import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { PRESENCE_PER_SECOND, type Peer, type PresenceUpdate } from '@tessera/contracts';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';

const PRESENCE_TTL_MS = 60_000;
/** Each API process says it is alive this often; peers of a process that stopped saying so are gone (it crashed). */
const INSTANCE_BEAT_MS = 5_000;
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#469990', '#9a6324', '#800000', '#808000', '#000075'];

/** A person's colour, the same on every process and every visit. */
export const colorOf = (userId: string) => COLORS[createHash('sha256').update(userId).digest()[0] % COLORS.length];

/**
 * Who is in a set's room, across processes: a Redis hash per set with a TTL,
 * never Postgres. Each entry names the process that wrote it, and each process
 * beats; entries of a process that stopped beating (it crashed) are not peers.
 */
@Injectable()
export class PresenceStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly instance = randomUUID();
  private beat?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap() {
    const alive = () => void this.redis.set(this.instanceKey(this.instance), '1', 'PX', INSTANCE_BEAT_MS * 2).catch(() => undefined);
    alive();
    this.beat = setInterval(alive, INSTANCE_BEAT_MS);
    this.beat.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.beat);
    await this.redis.del(this.instanceKey(this.instance)).catch(() => undefined);
  }

  /** Writes a connection's entry; presence is best effort, so Redis being away is not an error. */
  async put(setId: string, peer: Peer): Promise<void> {
    const key = this.key(setId);
    await this.redis.multi().hset(key, peer.sessionId, JSON.stringify({ ...peer, instance: this.instance })).pexpire(key, PRESENCE_TTL_MS * 2).exec().catch(() => undefined);
  }

  async drop(setId: string, sessionId: string): Promise<void> {
    await this.redis.hdel(this.key(setId), sessionId).catch(() => undefined);
  }

  /** The room's people, less those whose process has stopped beating (a crash leaves its entries behind). */
  async peers(setId: string): Promise<Peer[]> {
    const all = await this.redis.hgetall(this.key(setId)).catch(() => ({}) as Record<string, string>);
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

  private key(setId: string) {
    return `${this.config.REDIS_PREFIX}:presence:${setId}`;
  }
}

/**
 * One connection's presence in one set: at most PRESENCE_PER_SECOND updates go
 * out; in between, the latest one waits and the ones before it are dropped.
 * It remembers the last peer entry it sent, which later updates amend.
 */
export class PresencePacer {
  peer?: Peer;
  private next?: PresenceUpdate;
  private timer?: NodeJS.Timeout;
  private lastSentAt = 0;

  constructor(private readonly send: (update: PresenceUpdate) => void) {}

  offer(update: PresenceUpdate) {
    this.next = update;
    if (this.timer) return;
    const wait = Math.max(0, this.lastSentAt + 1000 / PRESENCE_PER_SECOND - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const next = this.next;
      this.next = undefined;
      this.lastSentAt = Date.now();
      if (next) this.send(next);
    }, wait);
  }

  /** The peer entry after an update: what was sent before, amended. */
  amend(update: PresenceUpdate, fixed: Omit<Peer, 'cursor' | 'selection' | 'viewport' | 'activity' | 'at'>): Peer {
    const { setId: _s, ...fields } = update;
    this.peer = { ...(this.peer ?? {}), ...fields, ...fixed, at: Date.now() };
    return this.peer;
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
