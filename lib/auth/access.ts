import "server-only";
import type { AuthConfig } from "@/lib/config";
import { cookieOf } from "./session";
import { SESSION_COOKIE, verifyToken, WALLBOARD_COOKIE } from "./tokens";

/**
 * The door, as one rule for every path: with AUTH_PASSWORD set, a session opens everything; a
 * wallboard link opens the wallboard and the data it reads (`/api/agents`), nothing else; the
 * login, health and the auth API are open. proxy.ts applies it to every request, and
 * `/api/agents` (which the proxy leaves out, for speed) applies it itself.
 */

export type Access = { ok: true; wallboardCookie?: { token: string; expiresAt: number } } | { ok: false; message?: string };

/** What the door reads of a request: its URL and its headers (a web Request, or an adapter of Node's). */
export interface RequestLike {
  url: string;
  headers: { get(name: string): string | null };
}

const PUBLIC = new Set(["/login", "/api/health", "/icon.svg", "/favicon.ico"]);
export const isPublic = (path: string) => PUBLIC.has(path) || path.startsWith("/api/auth/");

/** Equal strings, compared in time that does not depend on where they differ. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/**
 * `/api/metrics`: with FLOORVIEW_METRICS_TOKEN set, only `Authorization: Bearer <token>` opens
 * it; without one it is open while there is no login, and closed with one (a session is for
 * people, not for a Prometheus).
 */
function metricsAccess(req: RequestLike, auth: AuthConfig): Access {
  if (auth.metricsToken) {
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
    return sameSecret(given, auth.metricsToken) ? { ok: true } : { ok: false, message: "Send the metrics token: Authorization: Bearer <FLOORVIEW_METRICS_TOKEN>." };
  }
  if (auth.mode !== "password") return { ok: true };
  return { ok: false, message: "Metrics are closed while sign-in is on: set FLOORVIEW_METRICS_TOKEN and send it as a bearer token." };
}

/**
 * `/api/health`'s details (the upstream, the store, the cluster): with a login, only for a session
 * or the metrics token; a load balancer without either still gets `{ status }`.
 */
export async function mayReadDetails(req: RequestLike, auth: AuthConfig): Promise<boolean> {
  if (auth.mode !== "password") return true;
  if (auth.metricsToken && metricsAccess(req, auth).ok) return true;
  return (await verifyToken(auth.secret!, cookieOf(req, SESSION_COOKIE), "session")) !== null;
}

export async function accessOf(req: RequestLike, auth: AuthConfig): Promise<Access> {
  const url = new URL(req.url);
  const path = url.pathname;
  if (path === "/api/metrics") return metricsAccess(req, auth);
  if (auth.mode !== "password") return { ok: true };
  if (isPublic(path)) return { ok: true };
  const secret = auth.secret!;
  if (await verifyToken(secret, cookieOf(req, SESSION_COOKIE), "session")) return { ok: true };
  // A wallboard link: the TV's URL carries it once; a cookie keeps it for the data requests.
  if (path === "/wallboard") {
    const key = url.searchParams.get("key");
    const expiresAt = key ? await verifyToken(secret, key, "wallboard") : null;
    if (key && expiresAt) return { ok: true, wallboardCookie: { token: key, expiresAt } };
  }
  if (path === "/wallboard" || path === "/api/agents") {
    if (await verifyToken(secret, cookieOf(req, WALLBOARD_COOKIE), "wallboard")) return { ok: true };
  }
  return { ok: false };
}
