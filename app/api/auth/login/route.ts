import { NextResponse } from "next/server";
import { z } from "zod";
import { clientOf } from "@/lib/auth/session";
import { admitSignIn } from "@/lib/auth/sign-in-gate";
import { PASSWORD_IDENTITY } from "@/lib/auth/identity";
import { cookieName, cookieOptions, passwordMatches, SESSION_COOKIE, signSession } from "@/lib/auth/tokens";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";
import { sleep } from "@/lib/server/sleep";

export const dynamic = "force-dynamic";

const Body = z.object({ password: z.string().min(1).max(1024) });
/** `{ "password": … }` → 200 and a session cookie; 401 for a wrong one; 429 after repeated failures. */
export const POST = withErrors(async (req) => {
  const { config, loginThrottles, audit, sessions } = await getRuntime();
  const { auth } = config;
  // The shared password: the simple mode; with single sign-on only when AUTH_PASSWORD is also set.
  if (!auth.password) return errorResponse("not_found", "Floorview has no password sign-in here (AUTH_PASSWORD is not set).");
  const client = clientOf(req, auth.trustedProxies);
  const now = Date.now();
  const admitted = await admitSignIn(loginThrottles, client, now, sleep);
  if (!admitted.ok) return errorResponse("too_many_attempts", "Too many failed sign-ins. Wait a few minutes, then try again.", { headers: { "Retry-After": String(Math.ceil(admitted.retryAfterMs / 1000)) } });
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return errorResponse("bad_request", 'Send JSON: { "password": "…" }.');
  if (!passwordMatches(parsed.data.password, auth.password!)) {
    // (This attempt was counted against its client when it was admitted.)
    await Promise.all([loginThrottles.everyone.fail("*", now), audit.record(PASSWORD_IDENTITY, "sign_in_failed", { via: "password", reason: "wrong password" }, client)]);
    return errorResponse("wrong_password", "That password is not right.");
  }
  const expiresAt = now + auth.sessionMs;
  const sid = await sessions.open(PASSWORD_IDENTITY, expiresAt, client, req.headers.get("user-agent"));
  await Promise.all([loginThrottles.perClient.succeed(client), audit.record(PASSWORD_IDENTITY, "sign_in", { via: "password", session: sid }, client)]);
  const res = NextResponse.json({ ok: true, expiresAt: new Date(expiresAt).toISOString() }, { headers: { "Cache-Control": NO_STORE } });
  res.cookies.set(cookieName(SESSION_COOKIE, req), await signSession(auth.secret!, PASSWORD_IDENTITY, expiresAt, sid), cookieOptions(req, expiresAt));
  return res;
});
