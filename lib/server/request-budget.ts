/**
 * Kore.ai allows 60 requests per minute per account, shared with every other integration on it
 * (WFM tools too). This is our hard cap on our share: a sliding one-minute window, plus a pause
 * that a 429's Retry-After (or a back-off) imposes on every caller at once.
 */
export class RequestBudget {
  private readonly stamps: number[] = [];
  private pausedUntil = 0;

  constructor(
    readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Milliseconds until a request may be sent; 0 when one may go now. A caller that can wait
   * (reading old history) passes `reserve`: it goes only while that many slots stay free for
   * the live feed.
   */
  delayMs(reserve = 0): number {
    const now = this.now();
    while (this.stamps.length > 0 && this.stamps[0]! <= now - 60_000) this.stamps.shift();
    let wait = Math.max(0, this.pausedUntil - now);
    const limit = this.maxPerMinute - reserve;
    if (limit <= 0) return Math.max(wait, 60_000);
    if (this.stamps.length >= limit) wait = Math.max(wait, this.stamps[this.stamps.length - limit]! + 60_000 - now);
    return wait;
  }

  /** Takes a slot if one is free now (keeping `reserve` slots free). */
  tryTake(reserve = 0): boolean {
    if (this.delayMs(reserve) > 0) return false;
    this.stamps.push(this.now());
    return true;
  }

  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /** Requests sent in the last minute. */
  usedLastMinute(): number {
    this.delayMs();
    return this.stamps.length;
  }
}
