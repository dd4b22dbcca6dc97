import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import { ROLES, type Identity, type Role } from "./identity";
import { normalizeScope, type Scope } from "./scope";

/**
 * Sessions and wallboard links: HS256 tokens signed with AUTH_SECRET (jose), so rotating the
 * secret revokes every session and every link at once. A token says what it opens (`kind`): a
 * session carries who is signed in (role, teams); a wallboard link carries its id (for revocation)
 * and what it shows, signed, so the server enforces it whatever the URL says.
 */
export type TokenKind = "session" | "wallboard" | "oidc";

export const SESSION_COOKIE = "floorview_session";
export const WALLBOARD_COOKIE = "floorview_wallboard";
/** A single sign-on in progress: its state, nonce and PKCE verifier, for the return from the provider. */
export const OIDC_COOKIE = "floorview_oidc";
const AUDIENCE = "floorview";

const keyOf = (secret: string) => new TextEncoder().encode(secret);

async function sign(secret: string, claims: Record<string, unknown>, expiresAt: number): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setAudience(AUDIENCE)
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(keyOf(secret));
}

async function verify(secret: string, token: string | undefined, kind: TokenKind): Promise<(JWTPayload & { exp: number }) | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: ["HS256"], audience: AUDIENCE });
    return payload.kind === kind && typeof payload.exp === "number" ? (payload as JWTPayload & { exp: number }) : null;
  } catch {
    return null;
  }
}

/**
 * A session: who, until when, its id in the store (`sid`: an admin can end it, a person can end
 * all of theirs) and when it was signed (`issuedAt`: a single sign-on's role is read again a day on).
 */
export type Session = Identity & { expiresAt: number; sid: string | null; issuedAt: number };

export const signSession = (secret: string, who: Identity, expiresAt: number, sid: string) =>
  sign(secret, { kind: "session", jti: sid, sub: who.sub, name: who.name, role: who.role, teams: who.teams, via: who.via }, expiresAt);

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((t) => typeof t === "string");

/** The signed-in identity when the session token is valid; null otherwise (a token of an older release included). */
export async function verifySession(secret: string, token: string | undefined): Promise<Session | null> {
  const p = await verify(secret, token, "session");
  if (!p || typeof p.sub !== "string" || typeof p.name !== "string" || !ROLES.includes(p.role as Role)) return null;
  if (p.teams !== null && !isStringList(p.teams)) return null;
  return {
    sub: p.sub,
    name: p.name,
    role: p.role as Role,
    teams: p.teams as string[] | null,
    via: p.via === "oidc" ? "oidc" : "password",
    expiresAt: p.exp * 1000,
    sid: typeof p.jti === "string" ? p.jti : null,
    issuedAt: (p.iat ?? 0) * 1000,
  };
}

/** A wallboard link as its token carries it. */
export interface LinkClaims {
  id: string;
  scope: Scope;
  /** The wallboard's display options (theme, interval, states…), as a query string. */
  options: string;
  expiresAt: number;
}

export const signLink = (secret: string, link: Omit<LinkClaims, "expiresAt">, expiresAt: number) =>
  sign(secret, { kind: "wallboard", jti: link.id, scope: link.scope, options: link.options }, expiresAt);

/** The link when its token is valid (links of an older release carry no id and open nothing). */
export async function verifyLink(secret: string, token: string | undefined): Promise<LinkClaims | null> {
  const p = await verify(secret, token, "wallboard");
  if (!p || typeof p.jti !== "string" || typeof p.options !== "string" || typeof p.scope !== "object" || p.scope === null) return null;
  const s = p.scope as Partial<Scope>;
  if ((s.teams != null && !isStringList(s.teams)) || (s.agents != null && !isStringList(s.agents)) || (s.prefix != null && typeof s.prefix !== "string")) return null;
  return { id: p.jti, scope: normalizeScope(s), options: p.options, expiresAt: p.exp * 1000 };
}

/** A single sign-on in progress, as its cookie carries it (signed: nobody can change where it returns). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Where to go once signed in (a same-origin path). */
  next: string;
  /** The callback address given to the provider (checked again on return). */
  redirectUri: string;
}

export const signPending = (secret: string, p: PendingSignIn, expiresAt: number) => sign(secret, { kind: "oidc", ...p }, expiresAt);

export async function verifyPending(secret: string, token: string | undefined): Promise<PendingSignIn | null> {
  const p = await verify(secret, token, "oidc");
  const fields = ["state", "nonce", "verifier", "next", "redirectUri"] as const;
  if (!p || !fields.every((f) => typeof p[f] === "string")) return null;
  return { state: p.state as string, nonce: p.nonce as string, verifier: p.verifier as string, next: p.next as string, redirectUri: p.redirectUri as string };
}

/** Compares in constant time, whatever the lengths: both sides are hashed first. */
export function passwordMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

type HeadersOf = { url: string; headers: { get(name: string): string | null } };

/** Under HTTPS: directly, or behind a proxy that says so (`X-Forwarded-Proto: https`). */
function isSecure(req: HeadersOf): boolean {
  return new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * A cookie's name for this request. Under HTTPS with the `__Host-` prefix: the browser keeps such
 * a cookie only when it is Secure, for the whole site and from this exact host, so a sibling
 * subdomain or a plain-HTTP page cannot plant one; the sign-in's own (path /api/auth/oidc) with
 * `__Secure-`. Under plain HTTP (a machine's own test run) the name as it is; read back only by
 * the name of the request's own kind.
 */
export function cookieName(base: typeof SESSION_COOKIE | typeof WALLBOARD_COOKIE | typeof OIDC_COOKIE, req: HeadersOf): string {
  if (!isSecure(req)) return base;
  return base === OIDC_COOKIE ? `__Secure-${base}` : `__Host-${base}`;
}

/** Cookie attributes: httpOnly, SameSite=Lax, Secure under HTTPS (directly or behind a proxy). */
export function cookieOptions(req: HeadersOf, expiresAt: number) {
  return { httpOnly: true, sameSite: "lax" as const, secure: isSecure(req), path: "/", maxAge: Math.max(0, Math.round((expiresAt - Date.now()) / 1000)) };
}

const SELF = "http://floorview.invalid";

/**
 * A same-origin path to return to after login; anything else goes to the grid. Resolved as a
 * browser would (which drops tabs and newlines, reads `\\` as `/`, and removes dot segments), and
 * handed back in that resolved form, so what is checked is what the browser follows. A resolved
 * path that begins with `//` or `/\\` is refused: sent as a Location, the browser reads it as
 * another host (`/.//evil.example` resolves to `//evil.example`).
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/")) return "/";
  try {
    const url = new URL(next, SELF);
    if (url.origin !== SELF) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    return /^\/[\/\\]/.test(path) ? "/" : path;
  } catch {
    return "/";
  }
}
