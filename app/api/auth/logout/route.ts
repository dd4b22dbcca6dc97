import { NextResponse } from "next/server";
import { sessionOf } from "@/lib/auth/access";
import { clientOf } from "@/lib/auth/session";
import { cookieName, cookieOptions, SESSION_COOKIE, WALLBOARD_COOKIE } from "@/lib/auth/tokens";
import { log } from "@/lib/log";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { publicOrigin } from "@/lib/server/public-url";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/**
 * Ends the session (in the store too: its token opens nothing again, even copied) and clears
 * every Floorview cookie; with `everywhere` (a form field, or `{ "everywhere": true }`) every
 * session of the person, on every device ("sign out everywhere"; not for the shared password,
 * one identity for everyone who has it). A plain HTML form (the "Sign out" button) is sent on to
 * the login page, through the identity provider's sign-out for a single sign-on.
 */
export const POST = withErrors(async (req) => {
  const { config, audit, sso, sessions } = await getRuntime();
  const session = await sessionOf(req, config.auth);
  const fromForm = (req.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const asked = fromForm ? new URLSearchParams(await req.text().catch(() => "")).get("everywhere") : ((await req.json().catch(() => null)) as { everywhere?: unknown } | null)?.everywhere;
  const everywhere = (asked === true || asked === "1" || asked === "true") && session?.via === "oidc";
  if (session) {
    const client = clientOf(req, config.auth.trustedProxies);
    // The cookies are cleared whatever the store says: a store that is down does not keep anyone signed in here.
    const ending = everywhere ? sessions.endAllOf(session.sub, session) : session.sid ? sessions.end(session.sid, session) : Promise.resolve(null);
    const ended = await ending.catch((err: unknown) => {
      log.error("session not ended in the store (signed out here all the same)", { error: err instanceof Error ? err.message : String(err) });
      return null;
    });
    await audit.record(session, "sign_out", { via: session.via, ...(everywhere && { everywhere: true, ended }) }, client);
  }
  const login = `${publicOrigin(req, config.auth)}/login`;
  // Signed in through the identity provider: signed out there too, and back to the login page.
  const away = session?.via === "oidc" && sso ? await sso.endSessionUrl(login) : null;
  const res = fromForm ? NextResponse.redirect(away ?? login, 303) : NextResponse.json({ ok: true, signOutUrl: away }, { headers: { "Cache-Control": NO_STORE } });
  // The names of this request's kind, and the plain ones too (set before the prefix, or over HTTP).
  for (const base of [SESSION_COOKIE, WALLBOARD_COOKIE] as const) {
    for (const name of new Set([cookieName(base, req), base])) res.cookies.set(name, "", { ...cookieOptions(req, 0), maxAge: 0 });
  }
  return res;
});
