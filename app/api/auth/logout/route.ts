import { NextResponse } from "next/server";
import { cookieName, cookieOptions, SESSION_COOKIE, WALLBOARD_COOKIE } from "@/lib/auth/tokens";
import { json, route } from "@/lib/server/http/http";
import { signOut } from "@/lib/server/serve/sign-in";

export const dynamic = "force-dynamic";

/**
 * Ends the session, or every session of the person with `everywhere` (lib/server/serve/sign-in.ts), and
 * clears every Floorview cookie. A plain HTML form (the "Sign out" button) is sent on to the login
 * page, through the identity provider's sign-out for a single sign-on; JSON gets `{ ok, signOutUrl }`.
 */
export const POST = route(async (req) => {
  const { login, away, fromForm } = await signOut(req);
  const res = fromForm ? NextResponse.redirect(away ?? login, 303) : json({ ok: true, signOutUrl: away });
  // The names of this request's kind, and the plain ones too (set before the prefix, or over HTTP).
  for (const base of [SESSION_COOKIE, WALLBOARD_COOKIE] as const) {
    for (const name of new Set([cookieName(base, req), base])) res.cookies.set(name, "", { ...cookieOptions(req, 0), maxAge: 0 });
  }
  return res;
});
