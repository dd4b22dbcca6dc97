import { cookieName, cookieOptions, SESSION_COOKIE } from "@/lib/auth/tokens";
import { json, route } from "@/lib/server/http/http";
import { passwordSignIn } from "@/lib/server/serve/sign-in";

export const dynamic = "force-dynamic";

/** `{ "password": … }` → 200 and a session cookie; 401 for a wrong one; 429 after repeated failures (lib/server/serve/sign-in.ts). */
export const POST = route(async (req) => {
  const { token, expiresAt } = await passwordSignIn(req);
  const res = json({ ok: true, expiresAt: new Date(expiresAt).toISOString() });
  res.cookies.set(cookieName(SESSION_COOKIE, req), token, cookieOptions(req, expiresAt));
  return res;
});
