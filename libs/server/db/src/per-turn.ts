/**
 * What callers ask for during one turn of the event loop, sent on together at its end (`setImmediate`): one pipeline
 * and one write to Redis for many concurrent requests instead of one each. Each caller's promise settles once its
 * own part has been sent.
 *
 * `send` gets every caller's part, in order. It may answer with a failure per part (undefined where that part went
 * through), so that one caller's bad part need not fail the others; should it throw, every caller of the batch fails.
 */
export class PerTurn<T> {
  private pending: { parts: T[][]; callers: { resolve: () => void; reject: (e: unknown) => void }[] } | null = null;
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly send: (parts: readonly T[][]) => Promise<readonly unknown[] | void>) {}

  add(part: T[]): Promise<void> {
    if (!this.pending) {
      const batch: NonNullable<PerTurn<T>['pending']> = { parts: [], callers: [] };
      this.pending = batch;
      setImmediate(() => {
        this.pending = null;
        const sent = this.sendBatch(batch);
        this.sending.add(sent);
        void sent.finally(() => this.sending.delete(sent));
      });
    }
    const batch = this.pending;
    batch.parts.push(part);
    return new Promise<void>((resolve, reject) => batch.callers.push({ resolve, reject }));
  }

  /** Until what was asked for so far has been sent (before closing the connection it goes over). */
  async drain(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all([...this.sending]);
  }

  private async sendBatch(batch: NonNullable<PerTurn<T>['pending']>): Promise<void> {
    try {
      const failures = (await this.send(batch.parts)) ?? [];
      batch.callers.forEach((c, i) => (failures[i] === undefined ? c.resolve() : c.reject(failures[i])));
    } catch (e) {
      for (const c of batch.callers) c.reject(e);
    }
  }
}
