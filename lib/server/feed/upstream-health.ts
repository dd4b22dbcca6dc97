import "server-only";
import type { UpstreamStatus } from "@/lib/api-types";
import type { KoreError, KoreErrorKind } from "@/lib/kore/errors";

export interface UpstreamError {
  code: KoreErrorKind;
  message: string;
  at: number;
}

/** After this many failures in a row, or this long without a good read, degraded becomes down. */
const DOWN_AFTER_FAILURES = 3;
const DOWN_AFTER_MS = 2 * 60 * 1000;

/** Everything UpstreamHealth knows, as plain data: what a leader shares with the other instances. */
export interface HealthState {
  status: UpstreamStatus;
  lastSuccessAt: number | null;
  lastError: UpstreamError | null;
  consecutiveFailures: number;
  backfilled: boolean;
}

/** What the activity feed's recent calls say about Kore.ai, as one status. */
export class UpstreamHealth {
  status: UpstreamStatus = "starting";
  lastSuccessAt: number | null = null;
  lastError: UpstreamError | null = null;
  consecutiveFailures = 0;
  /** True once a read has reached "now": until then, states would be hours old. */
  backfilled = false;

  constructor(private readonly onStatusChange?: (from: UpstreamStatus, to: UpstreamStatus, error: UpstreamError | null) => void) {}

  state(): HealthState {
    const { status, lastSuccessAt, lastError, consecutiveFailures, backfilled } = this;
    return { status, lastSuccessAt, lastError, consecutiveFailures, backfilled };
  }

  /** Takes over another instance's view (the leader's, on a follower). */
  restore(s: HealthState): void {
    this.lastSuccessAt = s.lastSuccessAt;
    this.lastError = s.lastError;
    this.consecutiveFailures = s.consecutiveFailures;
    this.backfilled = s.backfilled;
    this.set(s.status);
  }

  /** The state after a good read, without recording it. */
  afterSuccess(at: number, caughtUp: boolean): HealthState {
    const next = new UpstreamHealth();
    next.restore(this.state());
    next.recordSuccess(at, caughtUp);
    return next.state();
  }

  /** `caughtUp`: the read reached "now", so the backfill is complete. */
  recordSuccess(at: number, caughtUp: boolean): void {
    this.lastSuccessAt = at;
    this.consecutiveFailures = 0;
    if (caughtUp) this.backfilled = true;
    this.set(this.backfilled ? "ok" : "starting");
  }

  recordFailure(error: KoreError, at: number): void {
    this.consecutiveFailures++;
    this.lastError = { code: error.kind, message: error.message, at };
    if (error.kind === "unauthorized") return this.set("unauthorized");
    if (error.kind === "rate_limited") return this.set("rate_limited");
    const down =
      this.lastSuccessAt === null ||
      this.consecutiveFailures >= DOWN_AFTER_FAILURES ||
      at - this.lastSuccessAt > DOWN_AFTER_MS;
    this.set(down ? "down" : "degraded");
  }

  private set(next: UpstreamStatus) {
    const prev = this.status;
    if (prev === next) return;
    this.status = next;
    this.onStatusChange?.(prev, next, this.lastError);
  }
}
