import "server-only";
import { log } from "@/lib/log";

/**
 * Kore.ai allows 60 requests per minute per account, shared with every other integration on it
 * (WFM tools too). A budget is our hard cap on our share: a sliding one-minute window, plus a
 * pause that a 429's Retry-After (or a back-off) imposes on every caller at once. One process
 * keeps it in memory (`RequestBudget`); several instances share one in Redis (`RedisBudget`).
 */
export interface Budget {
  readonly maxPerMinute: number;
  /**
   * Takes a slot if one is free now, keeping `reserve` slots free for the live feed: 0 when
   * taken, else the milliseconds to wait before asking again.
   */
  take(reserve?: number): Promise<number>;
  pauseUntil(time: number): void;
  /** Slots taken (requests let go within the last SLOT_HELD_MS, by every instance sharing the budget). */
  usedLastMinute(): Promise<number>;
}

/**
 * How long a slot stays taken: Kore.ai's minute plus a margin. Kore.ai counts a request when it
 * arrives, we when we let it go; a request that leaves late (a busy event loop, a slow network)
 * would otherwise land in the same minute as one let go a minute after it, one over the share.
 */
export const SLOT_HELD_MS = 62_000;

let lastUnavailableLog = 0;

/**
 * For a budget that could not be asked (Redis unreachable): nothing is sent meanwhile. Logged
 * at most every 30 s, however many callers wait; the wait before asking again.
 */
export function budgetUnavailable(err: unknown, now = Date.now()): number {
  if (now - lastUnavailableLog >= 30_000) {
    lastUnavailableLog = now;
    log.warn("request budget unavailable: nothing is sent to Kore.ai until it answers", { error: err instanceof Error ? err.message : String(err) });
  }
  return 1_000;
}

/** The budget of one process, in memory. */
export class RequestBudget implements Budget {
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
    while (this.stamps.length > 0 && this.stamps[0]! <= now - SLOT_HELD_MS) this.stamps.shift();
    let wait = Math.max(0, this.pausedUntil - now);
    const limit = this.maxPerMinute - reserve;
    if (limit <= 0) return Math.max(wait, SLOT_HELD_MS);
    if (this.stamps.length >= limit) wait = Math.max(wait, this.stamps[this.stamps.length - limit]! + SLOT_HELD_MS - now);
    return wait;
  }

  /** Takes a slot if one is free now (keeping `reserve` slots free). */
  tryTake(reserve = 0): boolean {
    if (this.delayMs(reserve) > 0) return false;
    this.stamps.push(this.now());
    return true;
  }

  async take(reserve = 0): Promise<number> {
    return this.tryTake(reserve) ? 0 : Math.max(this.delayMs(reserve), 1);
  }

  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /** Requests sent in the last minute. */
  async usedLastMinute(): Promise<number> {
    return this.usedNow();
  }

  usedNow(): number {
    this.delayMs();
    return this.stamps.length;
  }
}
