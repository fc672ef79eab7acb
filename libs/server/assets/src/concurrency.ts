/** Maps items with at most `limit` in flight, keeping their order. */
export async function inTurn<I, O>(items: I[], limit: number, fn: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** A counting semaphore over bytes; a request larger than the whole budget waits for it to empty, then runs alone. */
export class ByteBudget {
  private used = 0;
  private readonly waiting: { n: number; go: () => void }[] = [];
  constructor(private readonly limit: number) {}

  async use<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    const n = Math.min(bytes, this.limit);
    // First come, first served: a big file is not starved by a stream of small ones. A waiter's bytes are reserved by whoever wakes it.
    if (this.waiting.length || this.used + n > this.limit) await new Promise<void>((go) => this.waiting.push({ n, go }));
    else this.used += n;
    try {
      return await fn();
    } finally {
      this.used -= n;
      while (this.waiting.length && this.used + this.waiting[0].n <= this.limit) {
        const next = this.waiting.shift()!;
        this.used += next.n;
        next.go();
      }
    }
  }
}
