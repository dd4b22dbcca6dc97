import { NextResponse } from "next/server";
import { cookieName, cookieOptions, OIDC_COOKIE, SESSION_COOKIE } from "@/lib/auth/tokens";
import { errorResponse, isApiError, route } from "@/lib/server/http/http";
import { ssoReturn } from "@/lib/server/serve/sign-in";

export const dynamic = "force-dynamic";

/**
 * The return from the identity provider (lib/server/serve/sign-in.ts): a session cookie set and on to
 * where the user was going, or the login page, which says what failed. The pending sign-in's
 * cookie is cleared either way.
 */
export const GET = route(async (req) => {
  const clear = (res: NextResponse) => {
    res.cookies.set(cookieName(OIDC_COOKIE, req), "", { ...cookieOptions(req, 0), path: "/api/auth/oidc", maxAge: 0 });
    return res;
  };
  const done = await ssoReturn(req).catch((err: unknown) => {
    if (isApiError(err) && err.code === "too_many_attempts") return clear(errorResponse(err.code, err.message, err.extras));
    throw err;
  });
  if (done instanceof Response) return done;
  const res = NextResponse.redirect(done.to, 303);
  if (done.opened) res.cookies.set(cookieName(SESSION_COOKIE, req), done.opened.token, cookieOptions(req, done.opened.expiresAt));
  return clear(res);
});
