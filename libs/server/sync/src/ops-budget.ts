/** Ops per second a connection may send, and the burst it may save up. */
export const OPS_PER_SECOND = 5_000;
export const OPS_BURST = 20_000;

/**
 * A connection's op allowance (a token bucket): a flood is refused before it
 * costs the database anything, and the other connections are not slowed.
 */
export class OpsBudget {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond = OPS_PER_SECOND,
    private readonly burst = OPS_BURST,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Spends n ops' worth if the allowance has it; false (nothing spent) if not. */
  take(n: number): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = t;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
