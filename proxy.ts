import { NextResponse, type NextRequest } from "next/server";
import { accessOf } from "@/lib/auth/access";
import { checkBody } from "@/lib/auth/body-limit";
import { isCrossSite } from "@/lib/auth/origin";
import { cookieName, cookieOptions, WALLBOARD_COOKIE } from "@/lib/auth/tokens";
import { parseConfig, type Config } from "@/lib/config";
import { errorResponse } from "@/lib/server/http/http";
import { contentSecurityPolicy, withSecurityHeaders } from "@/lib/server/http/security-headers";

/**
 * Every request passes here first (but `/api/agents`, below): security headers (a
 * Content-Security-Policy with a fresh nonce per page, no unsafe-eval in production,
 * frame-ancestors as configured) and, with AUTH_PASSWORD set, the door (lib/auth/access.ts):
 * pages redirect to /login, the API answers 401, and a wallboard link opens the wallboard and
 * the data it reads, nothing else.
 */

let parsed: Config | null = null;
/** Parsed once; a bad environment has already stopped start-up (instrumentation.ts). */
const settings = () => (parsed ??= parseConfig(process.env));

export async function proxy(req: NextRequest) {
  const { auth, frameAncestors } = settings();
  const path = req.nextUrl.pathname;
  const isApi = path.startsWith("/api/");

  // Another site's form or script, riding a signed-in browser: changes come only from Floorview's pages.
  if (isCrossSite(req)) {
    return withSecurityHeaders(errorResponse("cross_site", "Floorview takes changes only from its own pages.", { req }), contentSecurityPolicy(null, frameAncestors));
  }

  // Under `next dev` (the launcher refuses these before Next.js reads a byte).
  const body = checkBody(req.method, path, req.headers.get("content-length"), req.headers.has("transfer-encoding"));
  if (!body.ok) return withSecurityHeaders(errorResponse(body.code, body.message, { req }), contentSecurityPolicy(null, frameAncestors));

  const granted = await accessOf(req, auth);
  if (!granted.ok) {
    if (isApi) return withSecurityHeaders(errorResponse("unauthorized", granted.message ?? "Sign in to Floorview first (POST /api/auth/login).", { req }), contentSecurityPolicy(null, frameAncestors));
    const login = new URL("/login", req.url);
    // A TV's link that no longer opens anything: the login page says so; the dead key is not carried along.
    const deadLink = path === "/wallboard" && (req.nextUrl.searchParams.has("key") || req.cookies.has(cookieName(WALLBOARD_COOKIE, req)));
    const next = new URLSearchParams(req.nextUrl.search);
    next.delete("key");
    // A single sign-on a day old: through the identity provider again (silent while signed in
    // there), back to this page with the role read afresh.
    if (granted.renew && auth.mode === "sso") {
      const renew = new URL("/api/auth/oidc/start", req.url);
      renew.searchParams.set("next", path + (next.size ? `?${next}` : ""));
      return withSecurityHeaders(NextResponse.redirect(renew, 303), contentSecurityPolicy(null, frameAncestors));
    }
    login.searchParams.set("next", path + (next.size ? `?${next}` : ""));
    if (deadLink) login.searchParams.set("link", "invalid");
    return withSecurityHeaders(NextResponse.redirect(login, 303), contentSecurityPolicy(null, frameAncestors));
  }

  // The link's key, once exchanged for the cookie, leaves the address bar (and the TV's history):
  // the wallboard opens again at the link's own options.
  if (granted.wallboardCookie) {
    const { token, expiresAt, options } = granted.wallboardCookie;
    const clean = new URL(`/wallboard${options ? `?${options}` : ""}`, req.url);
    const res = withSecurityHeaders(NextResponse.redirect(clean, 303), contentSecurityPolicy(null, frameAncestors));
    res.cookies.set(cookieName(WALLBOARD_COOKIE, req), token, cookieOptions(req, expiresAt));
    return res;
  }

  const nonce = isApi ? null : Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce, frameAncestors);
  const headers = new Headers(req.headers);
  if (nonce) {
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
  }
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
}

export const config = {
  // Not the build's static files: they carry no data and their headers come from next.config.js.
  // Not /api/agents: hundreds of screens poll it every few seconds, and a pass through the proxy
  // costs more than the answer itself (and fills the heap with objects that live long enough to
  // make every full collection longer). It applies the same door and headers itself
  // (lib/server/serve/agents-endpoint.ts); e2e/security.spec.ts holds it to them.
  // Not /api/schedules: the one route that takes a large body (32 MB), which Next.js copies for the
  // proxy before the proxy may answer; it checks the cross-site rule, the body's length and the
  // session itself before reading a byte (lib/server/serve/unproxied.ts).
  matcher: ["/((?!_next/static|_next/image|api/agents$|api/schedules$).*)"],
};
