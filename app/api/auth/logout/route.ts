import { NextResponse } from "next/server";
import { cookieOptions, SESSION_COOKIE } from "@/lib/auth/tokens";
import { NO_STORE, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** Ends the session. A plain HTML form (the "Sign out" button) is sent on to the login page. */
export const POST = withErrors(async (req) => {
  const fromForm = (req.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const res = fromForm ? NextResponse.redirect(new URL("/login", req.url), 303) : NextResponse.json({ ok: true }, { headers: { "Cache-Control": NO_STORE } });
  res.cookies.set(SESSION_COOKIE, "", { ...cookieOptions(req, 0), maxAge: 0 });
  return res;
});
