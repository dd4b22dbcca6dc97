import "server-only";
import { z } from "zod";
import { sessionOf } from "@/lib/auth/access";
import { PASSWORD_IDENTITY } from "@/lib/auth/identity";
import { clientOf, cookieOf } from "@/lib/auth/session";
import { admitSignIn } from "@/lib/auth/sign-in-gate";
import { cookieName, OIDC_COOKIE, passwordMatches, safeNext, SESSION_COOKIE, signSession, verifyPending, verifySession } from "@/lib/auth/tokens";
import { log } from "@/lib/log";
import { fail } from "../http/http";
import { publicOrigin } from "../http/public-url";
import { bodyOf } from "../http/query";
import { getRuntime } from "../runtime";
import { sleep } from "../feed/sleep";

/**
 * Signing in and out, as the routes under `/api/auth` do it: each returns what the route sets
 * (a session token and when it expires, where to send the browser) and throws the refusals of the
 * error table; the routes only write cookies and answer.
 */

/** A session opened: its signed token (the cookie's value) and when it ends. */
export interface Opened {
  token: string;
  expiresAt: number;
}

const PasswordBody = z.object({ password: z.string().min(1).max(1024) });

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `POST /api/auth/login`: the shared password checked (each attempt counted against its client first), a session opened; audited either way. */
export async function passwordSignIn(req: Request): Promise<Opened> {
  const { config, loginThrottles, audit, sessions } = await getRuntime();
  const { auth } = config;
  // The shared password: the simple mode; with single sign-on only when AUTH_PASSWORD is also set.
  if (!auth.password) fail("not_found", "Floorview has no password sign-in here (AUTH_PASSWORD is not set).");
  const client = clientOf(req, auth.trustedProxies);
  const now = Date.now();
  const admitted = await admitSignIn(loginThrottles, client, now, sleep);
  if (!admitted.ok) fail("too_many_attempts", "Too many failed sign-ins. Wait a few minutes, then try again.", { headers: { "Retry-After": String(Math.ceil(admitted.retryAfterMs / 1000)) } });
  const { password } = await bodyOf(req, PasswordBody, 'Send JSON: { "password": "…" }.');
  if (!passwordMatches(password, auth.password)) {
    // (This attempt was counted against its client when it was admitted.)
    await Promise.all([loginThrottles.everyone.fail("*", now), audit.record(PASSWORD_IDENTITY, "sign_in_failed", { via: "password", reason: "wrong password" }, client)]);
    fail("wrong_password", "That password is not right.");
  }
  const expiresAt = now + auth.sessionMs;
  const sid = await sessions.open(PASSWORD_IDENTITY, expiresAt, client, req.headers.get("user-agent"));
  await Promise.all([loginThrottles.perClient.succeed(client), audit.record(PASSWORD_IDENTITY, "sign_in", { via: "password", session: sid }, client)]);
  return { token: await signSession(auth.secret!, PASSWORD_IDENTITY, expiresAt, sid), expiresAt };
}

/** Where the identity provider's return sends the browser, and the session it opened (none on a failure). */
export type SsoReturn = { to: string; opened: Opened | null };

/**
 * `GET /api/auth/oidc/callback`: state, nonce, PKCE and the ID token checked; the user's groups
 * mapped to a role and teams; a session opened (the one it replaces ended); on to where they were
 * going. A failure goes to the login page, which says what happened; a failure no identity stands
 * behind (no sign-in pending, `error=`, a bad token) is anyone's to cause at will: noted once per
 * client per minute, refused (429) past ten. One the provider vouched for is always recorded.
 */
export async function ssoReturn(req: Request): Promise<SsoReturn> {
  const { config, sso, audit, callbackFailures, sessions } = await getRuntime();
  if (!sso) fail("not_found", "Floorview has no single sign-on here (OIDC_ISSUER is not set).");
  const { auth } = config;
  const client = clientOf(req, auth.trustedProxies);
  const pending = await verifyPending(auth.secret!, cookieOf(req, cookieName(OIDC_COOKIE, req)));
  const result = await sso.complete(new URL(req.url).searchParams, pending);
  if (!result.ok) {
    const note = result.subject ? { record: true, unrecorded: 0, refuse: false, retryAfterMs: 0 } : callbackFailures.note(client, Date.now());
    if (note.record) {
      const before = note.unrecorded > 0 ? { unrecordedBefore: note.unrecorded } : {};
      log.warn("single sign-on refused", { failure: result.failure, detail: result.detail, ...before });
      await audit.record(result.subject ?? "unknown user (single sign-on)", "sign_in_failed", { via: "oidc", failure: result.failure, detail: result.detail, ...before }, client);
    }
    if (note.refuse) fail("too_many_attempts", "Too many failed sign-ins from here. Wait a minute, then sign in again.", { headers: { "Retry-After": String(Math.ceil(note.retryAfterMs / 1000)) } });
    const login = new URL("/login", publicOrigin(req, auth));
    login.searchParams.set("sso_error", result.failure);
    const next = safeNext(pending?.next ?? null);
    if (next !== "/") login.searchParams.set("next", next);
    return { to: login.href, opened: null };
  }
  const expiresAt = Date.now() + auth.sessionMs;
  // Signed in again (a day-old session renewed, or a second sign-in): the session it replaces ends.
  const before = await verifySession(auth.secret!, cookieOf(req, cookieName(SESSION_COOKIE, req)));
  if (before?.sid && before.sub === result.identity.sub) {
    await sessions.end(before.sid, result.identity).catch((err: unknown) => log.error("the replaced session not ended in the store", { error: errorText(err) }));
  }
  const sid = await sessions.open(result.identity, expiresAt, client, req.headers.get("user-agent"));
  await audit.record(result.identity, "sign_in", { via: "oidc", role: result.identity.role, teams: result.identity.teams, groups: result.groups, session: sid }, client);
  // Checked again where it is followed (the start checked it too): only a path of this site.
  const to = new URL(safeNext(pending!.next), publicOrigin(req, auth)).href;
  return { to, opened: { token: await signSession(auth.secret!, result.identity, expiresAt, sid), expiresAt } };
}

/** A sign-out done: the login page, and the identity provider's sign-out to pass through first (a single sign-on). */
export interface SignedOut {
  login: string;
  away: string | null;
  /** A plain HTML form asked (the "Sign out" button): sent on with a redirect, not JSON. */
  fromForm: boolean;
}

/**
 * `POST /api/auth/logout`: the session ended in the store (its token opens nothing again, even
 * copied); with `everywhere` (a form field, or `{ "everywhere": true }`) every session of the
 * person on every device (not for the shared password, one identity for everyone who has it).
 * The cookies are the route's to clear, whatever the store says.
 */
export async function signOut(req: Request): Promise<SignedOut> {
  const { config, audit, sso, sessions } = await getRuntime();
  const session = await sessionOf(req, config.auth);
  const fromForm = (req.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const asked = fromForm ? new URLSearchParams(await req.text().catch(() => "")).get("everywhere") : ((await req.json().catch(() => null)) as { everywhere?: unknown } | null)?.everywhere;
  const everywhere = (asked === true || asked === "1" || asked === "true") && session?.via === "oidc";
  if (session) {
    // A store that is down does not keep anyone signed in here: the cookies go all the same.
    const ending = everywhere ? sessions.endAllOf(session.sub, session) : session.sid ? sessions.end(session.sid, session) : Promise.resolve(null);
    const ended = await ending.catch((err: unknown) => (log.error("session not ended in the store (signed out here all the same)", { error: errorText(err) }), null));
    await audit.record(session, "sign_out", { via: session.via, ...(everywhere && { everywhere: true, ended }) }, clientOf(req, config.auth.trustedProxies));
  }
  const login = `${publicOrigin(req, config.auth)}/login`;
  // Signed in through the identity provider: signed out there too, and back to the login page.
  const away = session?.via === "oidc" && sso ? await sso.endSessionUrl(login) : null;
  return { login, away, fromForm };
}
