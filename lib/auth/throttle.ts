import "server-only";
/** An attempt counted before its password is checked, or the wait while its client is locked out. */
export type Reservation = { ok: true } | { ok: false; retryAfterMs: number };

/** A login throttle, in this process's memory or shared by several instances (Redis). */
export interface Throttle {
  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string, now: number): number | Promise<number>;
  /**
   * Counts an attempt as a failure before the password is checked, in one step with the check of
   * the lock (so parallel attempts cannot all pass a check made before any of them is counted):
   * the attempt that reaches the limit still gets its check, the ones after it are refused.
   * `succeed` takes it back.
   */
  reserve(client: string, now: number): Reservation | Promise<Reservation>;
  fail(client: string, now: number): void | Promise<void>;
  succeed(client: string): void | Promise<void>;
  /** True when this client failed within the window, or is locked out. */
  hasFailed(client: string, now: number): boolean | Promise<boolean>;
}

/** How many failures within `windowMs` lock a client out, and for how long. */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Repeated failed logins from one client are refused for a while (429), so a password cannot be
 * guessed at speed. Memory is bounded: the oldest clients are forgotten first.
 */
export class LoginThrottle implements Throttle {
  private readonly clients = new Map<string, { failures: number[]; lockedUntil: number }>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 5 * 60_000,
    private readonly lockMs = 5 * 60_000,
    private readonly maxClients = 10_000,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string, now: number): number {
    const c = this.clients.get(client);
    return c ? Math.max(0, c.lockedUntil - now) : 0;
  }

  reserve(client: string, now: number): Reservation {
    const wait = this.retryAfterMs(client, now);
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    this.fail(client, now);
    return { ok: true };
  }

  fail(client: string, now: number): void {
    const c = this.clients.get(client) ?? { failures: [], lockedUntil: 0 };
    this.clients.delete(client);
    c.failures = c.failures.filter((t) => t > now - this.windowMs);
    c.failures.push(now);
    if (c.failures.length >= this.maxFailures) {
      c.lockedUntil = now + this.lockMs;
      c.failures = [];
    }
    this.clients.set(client, c);
    for (const key of this.clients.keys()) {
      if (this.clients.size <= this.maxClients) break;
      this.clients.delete(key);
    }
  }

  succeed(client: string): void {
    this.clients.delete(client);
  }

  hasFailed(client: string, now: number): boolean {
    const c = this.clients.get(client);
    return !!c && (c.lockedUntil > now || c.failures.some((t) => t > now - this.windowMs));
  }
}

/**
 * While failures from everywhere are over their limit, sign-ins go one at a time, a second apart:
 * one queue for every client (and, with Redis, every instance), so a spray from many addresses at
 * once is slowed as a whole, not each address on its own. `slot` gives how long this attempt
 * waits for its turn, or null when the queue is already longer than `maxWaitMs` (refused: 429).
 */
export interface CrowdQueue {
  slot(now: number): number | null | Promise<number | null>;
}

export class MemoryCrowdQueue implements CrowdQueue {
  private next = 0;

  constructor(
    private readonly spacingMs: number,
    private readonly maxWaitMs: number,
  ) {}

  slot(now: number): number | null {
    const at = Math.max(this.next, now);
    if (at - now > this.maxWaitMs) return null;
    this.next = at + this.spacingMs;
    return at - now;
  }
}

/**
 * Failures a stranger can cause at will (a return to the sign-in callback with no sign-in behind
 * it, or with `error=`), noted at most once per client per minute: the first of a minute is
 * recorded with how many went unrecorded since the last one recorded; past `maxPerMinute` in a
 * minute the client is refused (429). So the audit trail and the log keep the real failures in
 * view, however fast someone calls. Memory is bounded: the oldest clients are forgotten first.
 */
export class FailureNotes {
  private readonly clients = new Map<string, { since: number; inMinute: number; unrecorded: number }>();

  constructor(
    private readonly maxPerMinute = 10,
    private readonly windowMs = 60_000,
    private readonly maxClients = 10_000,
  ) {}

  note(client: string, now: number): { record: boolean; unrecorded: number; refuse: boolean; retryAfterMs: number } {
    const c = this.clients.get(client);
    this.clients.delete(client);
    if (!c || now - c.since >= this.windowMs) {
      this.clients.set(client, { since: now, inMinute: 1, unrecorded: 0 });
      this.trim();
      return { record: true, unrecorded: c?.unrecorded ?? 0, refuse: false, retryAfterMs: 0 };
    }
    c.inMinute++;
    c.unrecorded++;
    this.clients.set(client, c);
    return { record: false, unrecorded: c.unrecorded, refuse: c.inMinute > this.maxPerMinute, retryAfterMs: c.since + this.windowMs - now };
  }

  private trim() {
    for (const key of this.clients.keys()) {
      if (this.clients.size <= this.maxClients) break;
      this.clients.delete(key);
    }
  }
}
