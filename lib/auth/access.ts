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

export type Access = { ok: true; wallboardCookie?: { token: string; expiresAt: number } } | { ok: false };

/** What the door reads of a request: its URL and its headers (a web Request, or an adapter of Node's). */
export interface RequestLike {
  url: string;
  headers: { get(name: string): string | null };
}

const PUBLIC = new Set(["/login", "/api/health", "/icon.svg", "/favicon.ico"]);
export const isPublic = (path: string) => PUBLIC.has(path) || path.startsWith("/api/auth/");

export async function accessOf(req: RequestLike, auth: AuthConfig): Promise<Access> {
  if (auth.mode !== "password") return { ok: true };
  const url = new URL(req.url);
  const path = url.pathname;
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
