import { NextResponse, type NextRequest } from "next/server";
import { parseConfig, type Config } from "@/lib/config";
import { cookieOptions, SESSION_COOKIE, verifyToken, WALLBOARD_COOKIE } from "@/lib/auth/tokens";
import { errorResponse } from "@/lib/server/http";

/**
 * Every request passes here first: security headers (a Content-Security-Policy with a fresh
 * nonce per page, no unsafe-eval in production, frame-ancestors as configured) and, with
 * AUTH_PASSWORD set, the door: pages redirect to /login, the API answers 401, and a wallboard
 * link opens the wallboard and the data it reads, nothing else.
 */

let parsed: Config | null = null;
/** Parsed once; a bad environment has already stopped start-up (instrumentation.ts). */
const settings = () => (parsed ??= parseConfig(process.env));

const PUBLIC = new Set(["/login", "/api/health", "/icon.svg", "/favicon.ico"]);
const isPublic = (path: string) => PUBLIC.has(path) || path.startsWith("/api/auth/");

function contentSecurityPolicy(nonce: string | null, frameAncestors: string): string {
  const dev = process.env.NODE_ENV === "development";
  const script = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}` : "'none'";
  return [
    nonce ? "default-src 'self'" : "default-src 'none'",
    `script-src ${script}`,
    // Charts and tiles size themselves with style attributes.
    nonce ? "style-src 'self' 'unsafe-inline'" : "style-src 'none'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

type Access = { ok: true; wallboardCookie?: { token: string; expiresAt: number } } | { ok: false };

async function access(req: NextRequest, secret: string): Promise<Access> {
  const path = req.nextUrl.pathname;
  if (await verifyToken(secret, req.cookies.get(SESSION_COOKIE)?.value, "session")) return { ok: true };
  // A wallboard link: the TV's URL carries it once; a cookie keeps it for the data requests.
  if (path === "/wallboard") {
    const key = req.nextUrl.searchParams.get("key");
    const fromKey = key ? await verifyToken(secret, key, "wallboard") : null;
    if (key && fromKey) return { ok: true, wallboardCookie: { token: key, expiresAt: fromKey } };
  }
  if (path === "/wallboard" || path === "/api/agents") {
    if (await verifyToken(secret, req.cookies.get(WALLBOARD_COOKIE)?.value, "wallboard")) return { ok: true };
  }
  return { ok: false };
}

export async function proxy(req: NextRequest) {
  const { auth, frameAncestors } = settings();
  const path = req.nextUrl.pathname;
  const isApi = path.startsWith("/api/");

  let granted: Access = { ok: true };
  if (auth.mode === "password" && !isPublic(path)) granted = await access(req, auth.secret!);
  if (!granted.ok) {
    if (isApi) {
      // Given the request, the 401 of /api/agents comes in the gzip next.config.js announces.
      return withHeaders(errorResponse("unauthorized", "Sign in to Floorview first (POST /api/auth/login).", { req }), contentSecurityPolicy(null, frameAncestors));
    }
    const login = new URL("/login", req.url);
    login.searchParams.set("next", path + req.nextUrl.search);
    return withHeaders(NextResponse.redirect(login, 303), contentSecurityPolicy(null, frameAncestors));
  }

  const nonce = isApi ? null : Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce, frameAncestors);
  const headers = new Headers(req.headers);
  if (nonce) {
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
  }
  const res = withHeaders(NextResponse.next({ request: { headers } }), csp);
  if (granted.wallboardCookie) {
    const { token, expiresAt } = granted.wallboardCookie;
    res.cookies.set(WALLBOARD_COOKIE, token, cookieOptions(req, expiresAt));
  }
  return res;
}

function withHeaders<R extends Response>(res: R, csp: string): R {
  res.headers.set("Content-Security-Policy", csp);
  res.headers.set("X-Content-Type-Options", "nosniff");
  // Same-origin referrers only: the drill-down's "back to the grid" reads it; nothing leaks out.
  res.headers.set("Referrer-Policy", "same-origin");
  return res;
}

export const config = {
  // Not the build's static files: they carry no data and their headers come from next.config.js.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
