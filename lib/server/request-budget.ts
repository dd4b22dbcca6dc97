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

  /** Milliseconds until a request may be sent; 0 when one may go now. */
  delayMs(): number {
    const now = this.now();
    while (this.stamps.length > 0 && this.stamps[0]! <= now - 60_000) this.stamps.shift();
    let wait = Math.max(0, this.pausedUntil - now);
    if (this.stamps.length >= this.maxPerMinute) wait = Math.max(wait, this.stamps[0]! + 60_000 - now);
    return wait;
  }

  /** Takes a slot if one is free now. */
  tryTake(): boolean {
    if (this.delayMs() > 0) return false;
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
