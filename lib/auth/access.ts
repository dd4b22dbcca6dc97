import "server-only";
import type { AuthConfig } from "@/lib/config";
import { scopeOf, type Identity } from "./identity";
import { endedSessions, isRevoked } from "./revocations";
import { EVERYTHING, type Scope } from "./scope";
import { cookieOf } from "./session";
import { cookieName, SESSION_COOKIE, verifyLink, verifySession, WALLBOARD_COOKIE, type LinkClaims, type Session } from "./tokens";

/**
 * The door, as one rule for every path: with a login (AUTH_PASSWORD, or single sign-on) a session
 * opens everything its role allows, inside its teams; a wallboard link opens the wallboard and the
 * data it reads (`/api/agents`, `/api/adherence/live`, `/api/breaks/live`, `/api/intraday` for its strip), only its own agents, nothing else; the login, health and the auth
 * API are open. proxy.ts applies it to every request, and `/api/agents` (which the proxy leaves
 * out, for speed) applies it itself. Who was let in (`viewer`) says what they may see.
 */

/** Who a request comes from, as the door saw it. */
export type Viewer =
  /** No login configured (or one done by a proxy in front, AUTH_DISABLED): the whole floor. */
  | { kind: "everyone" }
  | { kind: "session"; session: Session }
  | { kind: "link"; link: LinkClaims }
  /** A public path (the login, health, the auth API) without credentials. */
  | { kind: "public" }
  | { kind: "metrics" };

export type Access =
  | { ok: true; viewer: Viewer; wallboardCookie?: { token: string; expiresAt: number; options: string } }
  | { ok: false; message?: string; renew?: boolean };

/** What the door reads of a request: its URL and its headers (a web Request, or an adapter of Node's). */
export interface RequestLike {
  url: string;
  headers: { get(name: string): string | null };
}

export const loginOn = (auth: AuthConfig) => auth.mode === "password" || auth.mode === "sso";

/** What a viewer may see of the floor. */
export function scopeOfViewer(v: Viewer): Scope {
  if (v.kind === "session") return scopeOf(v.session);
  if (v.kind === "link") return v.link.scope;
  return EVERYTHING;
}

/** The person signed in; without a login, everyone is a supervisor of the whole floor. */
export function identityOf(v: Viewer): Identity | null {
  if (v.kind === "session") return v.session;
  if (v.kind === "everyone") return { sub: "anonymous", name: "Anyone (no login)", role: "supervisor", teams: null, via: "password" };
  return null;
}

const PUBLIC = new Set(["/login", "/api/health", "/icon.svg", "/favicon.ico"]);
const isPublic = (path: string) => PUBLIC.has(path) || path.startsWith("/api/auth/");

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
    return sameSecret(given, auth.metricsToken) ? { ok: true, viewer: { kind: "metrics" } } : { ok: false, message: "Send the metrics token: Authorization: Bearer <FLOORVIEW_METRICS_TOKEN>." };
  }
  if (!loginOn(auth)) return { ok: true, viewer: { kind: "everyone" } };
  return { ok: false, message: "Metrics are closed while sign-in is on: set FLOORVIEW_METRICS_TOKEN and send it as a bearer token." };
}

/**
 * A single sign-on's role and teams come from the identity provider's groups at sign-in: a day
 * on, the session is sent through the provider again (silently while the person is signed in
 * there), so a change of groups takes effect within a day however long sessions last.
 */
export const ROLE_CHECK_MS = 24 * 3_600_000;

/**
 * The request's session, and whether it may be used: `ok`, `ended` (ended by an admin or by
 * "sign out everywhere", or signed before sessions had ids), `renew` (a single sign-on a day old:
 * its role is read again), or `none`.
 */
async function sessionStateOf(req: RequestLike, auth: AuthConfig, now = Date.now()): Promise<{ state: "ok"; session: Session } | { state: "none" | "ended" | "renew" }> {
  if (!loginOn(auth)) return { state: "none" };
  const session = await verifySession(auth.secret!, cookieOf(req, cookieName(SESSION_COOKIE, req)));
  if (!session) return { state: "none" };
  if (session.sid === null || endedSessions().has(session.sid)) return { state: "ended" };
  if (session.via === "oidc" && now - session.issuedAt > ROLE_CHECK_MS) return { state: "renew" };
  return { state: "ok", session };
}

/** The session of the request, when it has a valid one that may be used. */
export async function sessionOf(req: RequestLike, auth: AuthConfig): Promise<Session | null> {
  const s = await sessionStateOf(req, auth);
  return s.state === "ok" ? s.session : null;
}

/**
 * `/api/health`'s details (the upstream, the store, the cluster, the whole floor's count): with a
 * login, only for an admin's or a supervisor's session, or the metrics token; a load balancer, a
 * team lead or a viewer gets `{ status }`.
 */
export async function mayReadDetails(req: RequestLike, auth: AuthConfig): Promise<boolean> {
  if (!loginOn(auth)) return true;
  if (auth.metricsToken && metricsAccess(req, auth).ok) return true;
  const session = await sessionOf(req, auth);
  return session !== null && session.teams === null;
}

/** A link that is valid and not revoked. */
async function liveLink(secret: string, token: string | undefined | null): Promise<LinkClaims | null> {
  const link = token ? await verifyLink(secret, token) : null;
  return link && !isRevoked(link.id) ? link : null;
}

export async function accessOf(req: RequestLike, auth: AuthConfig): Promise<Access> {
  const url = new URL(req.url);
  const path = url.pathname;
  if (path === "/api/metrics") return metricsAccess(req, auth);
  // Diagnostics: an admin's session (asked by the route), or the metrics token for a script.
  if (path === "/api/diagnostics" && auth.metricsToken && metricsAccess(req, auth).ok) return { ok: true, viewer: { kind: "metrics" } };
  if (!loginOn(auth)) return { ok: true, viewer: { kind: "everyone" } };
  const secret = auth.secret!;
  // A wallboard link: the TV's URL carries it once, and is sent on without it; a cookie keeps it.
  // (A signed-in supervisor opening it is sent on too, and keeps their own view of the floor.)
  if (path === "/wallboard" && url.searchParams.has("key")) {
    const key = url.searchParams.get("key");
    const link = await liveLink(secret, key);
    if (link) return { ok: true, viewer: { kind: "link", link }, wallboardCookie: { token: key!, expiresAt: link.expiresAt, options: link.options } };
  }
  const signedIn = await sessionStateOf(req, auth);
  if (signedIn.state === "ok") return { ok: true, viewer: { kind: "session", session: signedIn.session } };
  if (isPublic(path)) return { ok: true, viewer: { kind: "public" } };
  if (path === "/wallboard" || path === "/api/agents" || path === "/api/adherence/live" || path === "/api/breaks/live" || path === "/api/intraday") {
    const link = await liveLink(secret, cookieOf(req, cookieName(WALLBOARD_COOKIE, req)));
    if (link) return { ok: true, viewer: { kind: "link", link } };
  }
  if (signedIn.state === "renew") return { ok: false, renew: true, message: "Your single sign-on is a day old: reload the page to renew it (your role is read again)." };
  if (signedIn.state === "ended") return { ok: false, message: "Your session was ended (signed out everywhere, or by an admin): sign in again." };
  return { ok: false };
}
