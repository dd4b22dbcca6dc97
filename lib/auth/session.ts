import "server-only";
import type { AuthConfig } from "@/lib/config";
import { LoginThrottle, type Throttle, type ThrottleLimits } from "./throttle";
import { SESSION_COOKIE, verifyToken } from "./tokens";

/** Per client: 5 failures in 5 minutes lock it out for 5 minutes; 50 from everyone together lock all out for a minute. */
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

/** The client as the reverse proxy in front of Floorview reports it (X-Forwarded-For), else one bucket. */
export function clientOf(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim().slice(0, 64) || req.headers.get("x-real-ip")?.slice(0, 64) || "direct";
}

/** A cookie of the request, read from its header (route handlers and the proxy alike). */
export function cookieOf(req: { headers: { get(name: string): string | null } }, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

/** True when the request carries a valid session (or no login is configured). */
export async function hasSession(req: Request, auth: AuthConfig): Promise<boolean> {
  if (auth.mode !== "password") return true;
  return (await verifyToken(auth.secret!, cookieOf(req, SESSION_COOKIE), "session")) !== null;
}
