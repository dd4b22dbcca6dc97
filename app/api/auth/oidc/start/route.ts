import { NextResponse } from "next/server";
import { z } from "zod";
import { cookieName, cookieOptions, OIDC_COOKIE, safeNext, signPending } from "@/lib/auth/tokens";
import { fail, route } from "@/lib/server/http/http";
import { one, queryOf } from "@/lib/server/http/query";
import { publicOrigin } from "@/lib/server/http/public-url";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** How long a sign-in may take at the identity provider. */
const PENDING_MS = 10 * 60_000;

const Query = z.object({ next: one.transform(safeNext) });

/** `?next=/path`: sends the browser to the identity provider (code flow, PKCE, state, nonce). */
export const GET = route(async (req) => {
  const { config, sso } = await getRuntime();
  if (!sso) fail("not_found", "Floorview has no single sign-on here (OIDC_ISSUER is not set).");
  const { next } = queryOf(req, Query);
  const begun = await sso.begin(`${publicOrigin(req, config.auth)}/api/auth/oidc/callback`, next).catch(() => null);
  if (!begun) return NextResponse.redirect(new URL(`/login?sso_error=unavailable&next=${encodeURIComponent(next)}`, req.url), 303);
  const res = NextResponse.redirect(begun.url, 303);
  const expiresAt = Date.now() + PENDING_MS;
  res.cookies.set(cookieName(OIDC_COOKIE, req), await signPending(config.auth.secret!, begun.pending, expiresAt), { ...cookieOptions(req, expiresAt), path: "/api/auth/oidc" });
  return res;
});
