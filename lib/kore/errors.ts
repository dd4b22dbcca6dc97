export type KoreErrorKind =
  | "unauthorized"
  | "rate_limited"
  | "server"
  | "timeout"
  | "network"
  | "malformed"
  | "client";

/**
 * A failed call to Kore.ai, with a message safe to show a supervisor: it never carries the
 * upstream body, the URL's query or a token.
 */
export class KoreError extends Error {
  readonly kind: KoreErrorKind;
  readonly status: number | null;
  /** From Retry-After on a 429, when Kore.ai sent one. */
  readonly retryAfterMs: number | null;

  constructor(
    kind: KoreErrorKind,
    message: string,
    opts: { status?: number | null; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = "KoreError";
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
