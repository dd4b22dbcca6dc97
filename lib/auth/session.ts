import "server-only";
import type { TrustedProxies } from "@/lib/config";
import { LoginThrottle, type Throttle, type ThrottleLimits } from "./throttle";

/**
 * Per client: 5 failures in 5 minutes lock it out for 5 minutes. 50 from everyone together slow
 * every sign-in down for a minute, and refuse the clients that have failed themselves.
 */
export const LOGIN_LIMITS = {
  perClient: { maxFailures: 5, windowMs: 5 * 60_000, lockMs: 5 * 60_000 },
  everyone: { maxFailures: 50, windowMs: 5 * 60_000, lockMs: 60_000 },
} satisfies Record<string, ThrottleLimits>;

export interface LoginThrottles {
  perClient: Throttle;
  everyone: Throttle;
}

/** The throttles of one server process, in memory. */
export function memoryLoginThrottles(): LoginThrottles {
  const { perClient: c, everyone: e } = LOGIN_LIMITS;
  return { perClient: new LoginThrottle(c.maxFailures, c.windowMs, c.lockMs), everyone: new LoginThrottle(e.maxFailures, e.windowMs, e.lockMs, 1) };
}

/**
 * Where Floorview's launcher (scripts/floorview-server.mjs) puts each request's socket address: a
 * header whose name it draws at random at start, so no client can write it.
 */
export const PEER_HEADER = Symbol.for("floorview.peerHeader");

/**
 * The client a login attempt comes from, for the throttle. Not the left-most X-Forwarded-For
 * entry (the caller writes it): the socket's address; behind trusted reverse proxies
 * (FLOORVIEW_TRUSTED_PROXIES), the address the outermost of them saw, which it appended to
 * X-Forwarded-For. Without the launcher (`next dev`) and without trusted proxies: one bucket.
 */
export function clientOf(req: { headers: { get(name: string): string | null } }, trusted: TrustedProxies | null): string {
  const name = (globalThis as { [PEER_HEADER]?: string })[PEER_HEADER];
  const peer = (name && req.headers.get(name)) || null;
  if (trusted) {
    const hops = (req.headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    if ("count" in trusted) {
      // Each proxy appends the address it saw: with N of them, the client is the N-th from the right.
      const seen = hops[hops.length - trusted.count];
      if (seen) return seen.slice(0, 64);
    } else if (!peer || trusted.addresses.includes(peer)) {
      const untrusted = hops.reverse().find((h) => !trusted.addresses.includes(h));
      if (untrusted) return untrusted.slice(0, 64);
    }
  }
  return peer ?? "direct";
}

/** A cookie of the request, read from its header (route handlers and the proxy alike). */
export function cookieOf(req: { headers: { get(name: string): string | null } }, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}
