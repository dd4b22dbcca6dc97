import { NextResponse } from "next/server";
import { sessionOf } from "@/lib/auth/access";
import { clientOf } from "@/lib/auth/session";
import { cookieOptions, SESSION_COOKIE, WALLBOARD_COOKIE } from "@/lib/auth/tokens";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** Ends the session and clears every Floorview cookie. A plain HTML form (the "Sign out" button) is sent on to the login page. */
export const POST = withErrors(async (req) => {
  const { config, audit } = await getRuntime();
  const session = await sessionOf(req, config.auth);
  if (session) await audit.record(session, "sign_out", { via: session.via }, clientOf(req, config.auth.trustedProxies));
  const fromForm = (req.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const res = fromForm ? NextResponse.redirect(new URL("/login", req.url), 303) : NextResponse.json({ ok: true }, { headers: { "Cache-Control": NO_STORE } });
  for (const name of [SESSION_COOKIE, WALLBOARD_COOKIE]) res.cookies.set(name, "", { ...cookieOptions(req, 0), maxAge: 0 });
  return res;
});
