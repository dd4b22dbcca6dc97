import "server-only";
import { isIP } from "node:net";
import type { TrustedProxies } from "@/lib/config";
import { LoginThrottle, MemoryCrowdQueue, type CrowdQueue, type Throttle, type ThrottleLimits } from "./throttle";

/**
 * Per client: 5 failures in 5 minutes lock it out for 5 minutes. 50 from everyone together, for
 * a minute: the clients that have failed themselves are refused, and every other sign-in waits
 * its turn in one queue, a second apart (at most 30 seconds of queue; beyond it, 429).
 */
export const LOGIN_LIMITS = {
  perClient: { maxFailures: 5, windowMs: 5 * 60_000, lockMs: 5 * 60_000 },
  everyone: { maxFailures: 50, windowMs: 5 * 60_000, lockMs: 60_000 },
} satisfies Record<string, ThrottleLimits>;
export const CROWD_QUEUE = { spacingMs: 1_000, maxWaitMs: 30_000 };

export interface LoginThrottles {
  perClient: Throttle;
  everyone: Throttle;
  crowd: CrowdQueue;
}

/** The throttles of one server process, in memory. */
export function memoryLoginThrottles(): LoginThrottles {
  const { perClient: c, everyone: e } = LOGIN_LIMITS;
  return {
    perClient: new LoginThrottle(c.maxFailures, c.windowMs, c.lockMs),
    everyone: new LoginThrottle(e.maxFailures, e.windowMs, e.lockMs, 1),
    crowd: new MemoryCrowdQueue(CROWD_QUEUE.spacingMs, CROWD_QUEUE.maxWaitMs),
  };
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
 * X-Forwarded-For, and only when the socket is one of them: by address when they are named, and
 * for a count only when the socket is a private or loopback address (where a deployment's own
 * proxies are; a client reaching the port from outside names itself in X-Forwarded-For). An
 * IPv6 client is its /64 (one subscriber's network hands out addresses by the billion). Without
 * the launcher (`next dev`) and without trusted proxies: one bucket.
 */
export function clientOf(req: { headers: { get(name: string): string | null } }, trusted: TrustedProxies | null): string {
  const name = (globalThis as { [PEER_HEADER]?: string })[PEER_HEADER];
  const peer = (name && req.headers.get(name)) || null;
  if (trusted) {
    const hops = (req.headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    if ("count" in trusted) {
      // Each proxy appends the address it saw: with N of them, the client is the N-th from the right.
      const seen = hops[hops.length - trusted.count];
      if (seen && (!peer || isInternal(peer))) return clientKey(seen);
    } else if (!peer || trusted.addresses.includes(unmapped(peer))) {
      const untrusted = hops.reverse().find((h) => !trusted.addresses.includes(unmapped(h)));
      if (untrusted) return clientKey(untrusted);
    }
  }
  return peer ? clientKey(peer) : "direct";
}

/** `::ffff:203.0.113.9` (IPv4 on an IPv6 socket) as `203.0.113.9`. */
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

/** An address as a throttle's key: IPv4 as it is, IPv6 by its /64, anything else cut short. */
export function clientKey(address: string): string {
  const a = unmapped(address.trim());
  if (isIP(a) !== 6) return a.slice(0, 64);
  const [head = "", tail = ""] = a.toLowerCase().split("%")[0]!.split("::") as [string, string?];
  const left = head ? head.split(":") : [];
  const right = a.includes("::") ? (tail ? tail.split(":") : []) : [];
  // An embedded IPv4 tail takes two groups; the /64 never reaches it.
  const groups = a.includes("::") ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** Loopback, private (RFC 1918, fc00::/7), link-local and carrier-grade NAT addresses. */
function isInternal(address: string): boolean {
  const a = unmapped(address);
  if (isIP(a) === 4) {
    const [x = 0, y = 0] = a.split(".").map(Number);
    return x === 10 || x === 127 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 169 && y === 254) || (x === 100 && y >= 64 && y <= 127);
  }
  if (isIP(a) === 6) {
    const l = a.toLowerCase();
    return l === "::1" || /^f[cd][0-9a-f]{2}:/.test(l) || /^fe[89ab][0-9a-f]:/.test(l);
  }
  return false;
}

/** A cookie of the request, read from its header (route handlers and the proxy alike). */
export function cookieOf(req: { headers: { get(name: string): string | null } }, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}
