/**
 * What the remote backends share: an injected fetch (the server passes its
 * outbound-guarded one, which refuses private addresses unless allowlisted),
 * a timeout per attempt, retries with backoff for what may pass on a second
 * try (network errors, 429, 5xx), and a limit on calls in flight per model.
 */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export type RemoteOptions = {
  /** The model server's base URL. */
  url: string;
  fetch?: FetchLike;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Attempts after the first; default 2. */
  retries?: number;
  /** First backoff; doubles each retry. Default 250 ms. */
  retryDelayMs?: number;
  /** Calls in flight at once for this model; default 4. */
  concurrency?: number;
  /** Sent with every call (e.g. an Authorization header the model server wants). */
  headers?: Record<string, string>;
};

/** A remote model's failure, with a code the job records per item. */
export class RemoteModelError extends Error {
  constructor(
    readonly code: 'remote_timeout' | 'remote_unreachable' | 'remote_status' | 'remote_response' | 'remote_input',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RemoteModelError';
  }
}

/** A counting semaphore: at most `limit` callers hold it at once, the rest wait in order. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  get inFlight() {
    return this.active;
  }
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          const i = this.queue.indexOf(go);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal?.reason ?? new Error('aborted'));
        };
        signal?.addEventListener('abort', abort, { once: true });
        this.queue.push(go);
      });
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason ?? new Error('aborted'));
    }, { once: true });
  });

export class RemoteClient {
  readonly base: string;
  private readonly limiter: Limiter;
  private readonly doFetch: FetchLike;

  constructor(private readonly o: RemoteOptions) {
    let u: URL;
    try {
      u = new URL(o.url);
    } catch {
      throw new RemoteModelError('remote_input', `"${o.url}" is not a URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RemoteModelError('remote_input', 'a model URL is http or https');
    this.base = u.href.replace(/\/+$/, '');
    this.limiter = new Limiter(Math.max(1, o.concurrency ?? 4));
    this.doFetch = o.fetch ?? ((url, init) => fetch(url, init));
  }

  get inFlight() {
    return this.limiter.inFlight;
  }

  /** One call with the limit, the timeout and the retries; returns the successful response. */
  async call(path: string, init: RequestInit & { signal?: AbortSignal } = {}): Promise<Response> {
    const retries = Math.max(0, this.o.retries ?? 2);
    const timeoutMs = this.o.timeoutMs ?? 30_000;
    const url = this.base + path;
    return this.limiter.run(async () => {
      let last: RemoteModelError | null = null;
      for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) await sleep((this.o.retryDelayMs ?? 250) * 2 ** (attempt - 1), init.signal);
        if (init.signal?.aborted) throw init.signal.reason ?? new Error('aborted');
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        let res: Response;
        try {
          res = await this.doFetch(url, { ...init, headers: { ...this.o.headers, ...(init.headers as Record<string, string>) }, signal });
        } catch (e) {
          if (init.signal?.aborted) throw init.signal.reason ?? e;
          last = timeout.aborted
            ? new RemoteModelError('remote_timeout', `${path} did not answer within ${timeoutMs} ms`)
            : new RemoteModelError('remote_unreachable', `${path}: ${(e as Error).message}`);
          continue;
        }
        if (res.ok) return res;
        const body = (await res.text().catch(() => '')).slice(0, 300);
        last = new RemoteModelError('remote_status', `${path} answered ${res.status}${body ? `: ${body}` : ''}`, res.status);
        if (res.status !== 429 && res.status < 500) break;
      }
      throw last!;
    }, init.signal);
  }

  async json<T>(path: string, init: RequestInit & { signal?: AbortSignal } = {}): Promise<T> {
    const res = await this.call(path, init);
    try {
      return (await res.json()) as T;
    } catch {
      throw new RemoteModelError('remote_response', `${path} did not answer JSON`);
    }
  }
}
