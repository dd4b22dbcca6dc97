import "server-only";
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
  /**
   * What Kore.ai said, redacted and cut to ~300 characters: for the operator (logs, diagnostics),
   * never for a supervisor's screen.
   */
  readonly upstream: string | null;

  constructor(
    kind: KoreErrorKind,
    message: string,
    opts: { status?: number | null; retryAfterMs?: number | null; upstream?: string | null } = {},
  ) {
    super(message);
    this.name = "KoreError";
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.upstream = opts.upstream ?? null;
  }
}

/**
 * Kore.ai's rate-limit messages, in both known wordings (the contact-center APIs' and the
 * platform's): whatever the status they come with, they mean rate limiting.
 */
const RATE_LIMIT_WORDINGS = [/exceeded the per-minute rate limit/i, /rate limit for this api has been reached/i, /rate limit exceeded/i, /too many requests/i];

export function saysRateLimited(text: string): boolean {
  return RATE_LIMIT_WORDINGS.some((r) => r.test(text));
}

/** Anything that looks like a token (a JWT, a long secret-like run) cut out of a body kept for the operator. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join("[redacted]");
  return out
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, "[redacted JWT]")
    .replace(/("?(?:auth|authorization|token|secret|password|clientSecret|client_secret)"?\s*[:=]\s*)"[^"]*"/gi, '$1"[redacted]"');
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
