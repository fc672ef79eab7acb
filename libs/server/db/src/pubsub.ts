import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';

export type PubSubListener<T> = (message: T) => void;

interface Subscription {
  listener: PubSubListener<unknown>;
  /** Whether it hears this process's own messages too. */
  own: boolean;
}

interface Envelope {
  /** The publishing process. */
  o: string;
  m: unknown;
}

/**
 * Redis pub/sub for one process, API or worker: channels live under
 * REDIS_PREFIX, messages are JSON. Publishing goes over the shared command
 * connection; the first subscription opens the process's one subscriber.
 *
 * Pub/sub keeps nothing: a message published while a subscriber is away is
 * lost to it. So `listening` says whether messages can be trusted to arrive
 * now, and `onResync` listeners hear every reconnection, after which whatever
 * they cached from earlier messages must start over.
 */
@Injectable()
export class PubSub implements OnApplicationShutdown {
  private readonly log = new Logger('PubSub');
  /** Tells this process's messages from others' (each process also hears its own). */
  readonly instance = randomUUID();
  private sub?: Redis;
  private readonly listeners = new Map<string, Set<Subscription>>();
  /** How this process's messages begin (`publication` writes the publisher first). */
  private readonly ownPrefix = `{"o":${JSON.stringify(this.instance)},`;
  private readonly resyncListeners = new Set<() => void>();
  private subscribed = new Set<string>();
  private connected = false;
  private wasConnected = false;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** True while the subscriber is connected and every channel asked for is subscribed. */
  get listening(): boolean {
    return this.connected && [...this.listeners.keys()].every((c) => this.subscribed.has(c));
  }

  private channel(name: string) {
    return `${this.config.REDIS_PREFIX}:${name}`;
  }

  /** Publishes to every process; false when Redis did not take it (the caller decides whether that matters). */
  async publish(name: string, message: unknown): Promise<boolean> {
    try {
      await this.redis.publish(...this.publication(name, message));
      return true;
    } catch (e) {
      this.log.warn(`publish on ${name} failed: ${(e as Error).message}`);
      return false;
    }
  }

  /**
   * The channel and payload of a message, for a caller that publishes it behind its own commands in one pipeline
   * on the shared connection (Redis runs a connection's commands in order, so listeners hear it after them).
   */
  publication(name: string, message: unknown): [channel: string, payload: string] {
    const envelope: Envelope = { o: this.instance, m: message };
    return [this.channel(name), JSON.stringify(envelope)];
  }

  /**
   * Every process hears its own messages too; `own: false` leaves them out, for a listener whose publisher tells
   * this process's listeners itself (the commit feed).
   */
  subscribe<T>(name: string, listener: PubSubListener<T>, { own = true }: { own?: boolean } = {}): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      void this.listen(name);
    }
    const subscription: Subscription = { listener: listener as PubSubListener<unknown>, own };
    set.add(subscription);
    return () => set.delete(subscription);
  }

  /** Heard after the subscriber comes back from a disconnection: messages may have been missed meanwhile. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  private connection(): Redis {
    if (this.sub) return this.sub;
    // Subscribed by listen() on every connection, not by ioredis behind our back: `listening` must only turn
    // true once Redis has acknowledged every SUBSCRIBE on the current connection, not when it comes back.
    const sub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null, autoResubscribe: false });
    // Redis going away must not take the process down: ioredis reconnects, and the ready handler subscribes again.
    sub.on('error', (e) => this.log.warn(`redis subscriber: ${e.message}`));
    sub.on('close', () => {
      this.connected = false;
      this.subscribed.clear();
    });
    sub.on('ready', () => {
      this.connected = true;
      const reconnected = this.wasConnected;
      this.wasConnected = true;
      const channels = [...this.listeners.keys()];
      void Promise.all(channels.map((name) => this.listen(name))).then(() => {
        // Messages may have been missed while away: caches start over, after the SUBSCRIBEs were answered
        // (until then `listening` is false, so nothing is served from or put into a cache meanwhile).
        if (reconnected) this.resyncListeners.forEach((l) => l());
      });
    });
    sub.on('message', (channel: string, raw: string) => this.deliver(channel, raw));
    this.sub = sub;
    return sub;
  }

  /**
   * Subscribes once the connection is ready (a SUBSCRIBE queued before the connection's ready check (INFO)
   * turns it into subscriber mode first, and the check then fails with "only subscriber commands may be
   * used"); the ready handler calls this again for every channel after each reconnection.
   */
  private async listen(name: string): Promise<void> {
    const sub = this.connection();
    if (sub.status !== 'ready') return;
    try {
      await sub.subscribe(this.channel(name));
      // Only if the connection that acknowledged it is still the one up (no close in between).
      if (this.connected && sub.status === 'ready') this.subscribed.add(name);
    } catch (e) {
      this.log.warn(`subscribing to ${name} failed: ${(e as Error).message}`);
    }
  }

  private deliver(channel: string, raw: string) {
    const name = channel.slice(this.config.REDIS_PREFIX.length + 1);
    const set = this.listeners.get(name);
    if (!set?.size) return;
    // Not parsed only to be dropped: the commit feed's own messages are every commit's ops, and under load parsing
    // them was 4 % of the API's CPU (sync bench).
    const own = raw.startsWith(this.ownPrefix);
    if (own && ![...set].some((s) => s.own)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      this.log.warn(`a message on ${name} is not JSON; ignored`);
      return;
    }
    for (const { listener, own: hearsOwn } of set) {
      if (own && !hearsOwn) continue;
      try {
        listener(envelope.m);
      } catch (e) {
        this.log.error(`a listener on ${name} failed: ${(e as Error).stack ?? (e as Error).message}`);
      }
    }
  }

  async onApplicationShutdown() {
    await this.sub?.quit().catch(() => undefined);
  }
}
