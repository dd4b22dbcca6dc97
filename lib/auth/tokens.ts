import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/**
 * Sessions and wallboard links: HS256 tokens signed with AUTH_SECRET (jose), so rotating the
 * secret revokes every session and every link at once. A token says what it opens (`kind`):
 * a session opens everything, a wallboard link only the wallboard and the data it reads.
 */
export type TokenKind = "session" | "wallboard";

export const SESSION_COOKIE = "floorview_session";
export const WALLBOARD_COOKIE = "floorview_wallboard";
const AUDIENCE = "floorview";

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function signToken(secret: string, kind: TokenKind, expiresAt: number): Promise<string> {
  return new SignJWT({ kind })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setAudience(AUDIENCE)
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(keyOf(secret));
}

/** The token's expiry (epoch ms) when it is valid and of this kind; null otherwise. */
export async function verifyToken(secret: string, token: string | undefined, kind: TokenKind): Promise<number | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: ["HS256"], audience: AUDIENCE });
    return payload.kind === kind && typeof payload.exp === "number" ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Compares in constant time, whatever the lengths: both sides are hashed first. */
export function passwordMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Cookie attributes: httpOnly, SameSite=Lax, Secure under HTTPS (directly or behind a proxy). */
export function cookieOptions(req: Request, expiresAt: number) {
  const url = new URL(req.url);
  const secure = url.protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: Math.max(0, Math.round((expiresAt - Date.now()) / 1000)) };
}

const SELF = "http://floorview.invalid";

/**
 * A same-origin path to return to after login; anything else goes to the grid. Resolved as a
 * browser would (which drops tabs and newlines, and reads `\\` as `/`), and handed back in that
 * resolved form, so what is checked is what the browser follows.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/")) return "/";
  try {
    const url = new URL(next, SELF);
    return url.origin === SELF ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
