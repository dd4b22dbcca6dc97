import { jwtVerify } from "jose";

/**
 * Kore.ai's JWT check as its documentation describes it: HS256 signed with the app's client
 * secret, `appId` = the client id, and with "Enforce JTI" a fresh `jti` and an `exp` at most an
 * hour ahead on every request. Answers the error message Kore.ai would send, or null.
 */
export function jwtChecker(opts: { clientId: string; clientSecret: string; enforceJti?: boolean; now: () => number }) {
  const secret = new TextEncoder().encode(opts.clientSecret);
  const seenJti = new Map<string, number>();
  return async function check(token: unknown): Promise<string | null> {
    if (typeof token !== "string" || !token) return "error verifying the jwt: jwt must be provided";
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ["HS256"] });
      if (payload.appId !== opts.clientId) return "error verifying the jwt: invalid appId";
      if (opts.enforceJti) {
        const t = opts.now();
        if (typeof payload.jti !== "string") return "error verifying the jwt: jti must be provided";
        if (typeof payload.exp !== "number" || payload.exp * 1000 > t + 3_600_000 + 5_000) return "error verifying the jwt: exp must be at most 1 hour ahead";
        for (const [jti, exp] of seenJti) if (exp < t) seenJti.delete(jti);
        if (seenJti.has(payload.jti)) return "error verifying the jwt: jti already used";
        seenJti.set(payload.jti, payload.exp * 1000);
      }
      return null;
    } catch (err) {
      return `error verifying the jwt: ${err instanceof Error ? err.message : "invalid token"}`;
    }
  };
}

/** Kore.ai's documented limit: so many requests per minute per account, then a 429 with its message. */
export class RateLimit {
  private readonly accepted: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** 0 when the request may go; else the seconds to wait (Retry-After). */
  take(): number {
    const t = this.now();
    while (this.accepted.length > 0 && this.accepted[0]! <= t - 60_000) this.accepted.shift();
    if (this.accepted.length >= this.perMinute) return Math.max(1, Math.ceil((this.accepted[0]! + 60_000 - t) / 1000));
    this.accepted.push(t);
    return 0;
  }
}

export const RATE_LIMIT_MESSAGE = "You've exceeded the per-minute rate limit. Please wait for sometime before retrying.";
