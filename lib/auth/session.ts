import "server-only";
import type { AuthConfig } from "@/lib/config";
import { LoginThrottle } from "./throttle";
import { SESSION_COOKIE, verifyToken } from "./tokens";

/** One throttle per server process: per client, and a cap on all failures together. */
const KEY = Symbol.for("floorview.loginThrottle");
type Holder = { [KEY]?: { perClient: LoginThrottle; everyone: LoginThrottle } };

export function loginThrottles() {
  const holder = globalThis as Holder;
  holder[KEY] ??= { perClient: new LoginThrottle(5, 5 * 60_000, 5 * 60_000), everyone: new LoginThrottle(50, 5 * 60_000, 60_000, 1) };
  return holder[KEY];
}

/** The client as the reverse proxy in front of Floorview reports it (X-Forwarded-For), else one bucket. */
export function clientOf(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim().slice(0, 64) || req.headers.get("x-real-ip")?.slice(0, 64) || "direct";
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

/** True when the request carries a valid session (or no login is configured). */
export async function hasSession(req: Request, auth: AuthConfig): Promise<boolean> {
  if (auth.mode !== "password") return true;
  return (await verifyToken(auth.secret!, cookie(req, SESSION_COOKIE), "session")) !== null;
}
