import { NextResponse } from "next/server";
import { clientOf, cookieOf } from "@/lib/auth/session";
import { cookieName, cookieOptions, OIDC_COOKIE, safeNext, SESSION_COOKIE, signSession, verifyPending, verifySession } from "@/lib/auth/tokens";
import { log } from "@/lib/log";
import { errorResponse, withErrors } from "@/lib/server/http";
import { publicOrigin } from "@/lib/server/public-url";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/**
 * The return from the identity provider: state, nonce, PKCE and the ID token checked; the user's
 * groups mapped to a role and teams; a session cookie set; on to where they were going. Any
 * failure goes to the login page, which says what happened (and is in the audit trail).
 */
export const GET = withErrors(async (req) => {
  const { config, sso, audit, callbackFailures, sessions } = await getRuntime();
  if (!sso) return errorResponse("not_found", "Floorview has no single sign-on here (OIDC_ISSUER is not set).");
  const { auth } = config;
  const client = clientOf(req, auth.trustedProxies);
  const pending = await verifyPending(auth.secret!, cookieOf(req, cookieName(OIDC_COOKIE, req)));
  const result = await sso.complete(new URL(req.url).searchParams, pending);
  const clear = (res: NextResponse) => {
    res.cookies.set(cookieName(OIDC_COOKIE, req), "", { ...cookieOptions(req, 0), path: "/api/auth/oidc", maxAge: 0 });
    return res;
  };
  if (!result.ok) {
    // A failure with no identity behind it (no sign-in pending, `error=`, a bad token) is anyone's
    // to cause at will: noted once per client per minute, refused past ten. One the identity
    // provider vouched for (a user with no mapped group) is always recorded.
    const note = result.subject ? { record: true, unrecorded: 0, refuse: false, retryAfterMs: 0 } : callbackFailures.note(client, Date.now());
    if (note.record) {
      log.warn("single sign-on refused", { failure: result.failure, detail: result.detail, ...(note.unrecorded > 0 && { unrecordedBefore: note.unrecorded }) });
      await audit.record(result.subject ?? "unknown user (single sign-on)", "sign_in_failed", { via: "oidc", failure: result.failure, detail: result.detail, ...(note.unrecorded > 0 && { unrecordedBefore: note.unrecorded }) }, client);
    }
    if (note.refuse) return clear(errorResponse("too_many_attempts", "Too many failed sign-ins from here. Wait a minute, then sign in again.", { headers: { "Retry-After": String(Math.ceil(note.retryAfterMs / 1000)) } }));
    const login = new URL("/login", publicOrigin(req, auth));
    login.searchParams.set("sso_error", result.failure);
    const next = safeNext(pending?.next ?? null);
    if (next !== "/") login.searchParams.set("next", next);
    return clear(NextResponse.redirect(login, 303));
  }
  const expiresAt = Date.now() + auth.sessionMs;
  // Signed in again (a day-old session renewed, or a second sign-in): the session it replaces ends.
  const before = await verifySession(auth.secret!, cookieOf(req, cookieName(SESSION_COOKIE, req)));
  if (before?.sid && before.sub === result.identity.sub) {
    await sessions.end(before.sid, result.identity).catch((err: unknown) => log.error("the replaced session not ended in the store", { error: err instanceof Error ? err.message : String(err) }));
  }
  const sid = await sessions.open(result.identity, expiresAt, client, req.headers.get("user-agent"));
  await audit.record(result.identity, "sign_in", { via: "oidc", role: result.identity.role, teams: result.identity.teams, groups: result.groups, session: sid }, client);
  // Checked again where it is followed (the start checked it too): only a path of this site.
  const res = NextResponse.redirect(new URL(safeNext(pending!.next), publicOrigin(req, auth)), 303);
  res.cookies.set(cookieName(SESSION_COOKIE, req), await signSession(auth.secret!, result.identity, expiresAt, sid), cookieOptions(req, expiresAt));
  return clear(res);
});
