/** A login throttle, in this process's memory or shared by several instances (Redis). */
export interface Throttle {
  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string, now: number): number | Promise<number>;
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
