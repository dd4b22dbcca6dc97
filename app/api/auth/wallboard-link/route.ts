import { NextResponse } from "next/server";
import { z } from "zod";
import { hasSession } from "@/lib/auth/session";
import { signToken } from "@/lib/auth/tokens";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

const Body = z.object({
  days: z.number().int().min(1).max(3650).optional(),
  /** The wallboard's own URL options (privacy=1&states=notready…), kept on the link. */
  options: z.string().max(2000).optional(),
});

/**
 * A signed, read-only link for a TV: it opens the wallboard and the data the wallboard reads,
 * nothing else, until it expires (default AUTH_LINK_DAYS). Only a signed-in supervisor gets one.
 */
export const POST = withErrors(async (req) => {
  const { auth } = (await getRuntime()).config;
  if (auth.mode !== "password") {
    return errorResponse("no_login", "Floorview has no login here (AUTH_PASSWORD is not set): the wallboard opens without a link.");
  }
  if (!(await hasSession(req, auth))) return errorResponse("unauthorized", "Sign in to Floorview first.");
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return errorResponse("bad_request", "Send JSON: { \"days\": 1–3650, \"options\": \"privacy=1&…\" } (both optional).");
  const expiresAt = Date.now() + (parsed.data.days ? parsed.data.days * 86_400_000 : auth.linkMs);
  const query = new URLSearchParams(parsed.data.options ?? "");
  query.delete("key");
  query.set("key", await signToken(auth.secret!, "wallboard", expiresAt));
  return NextResponse.json({ path: `/wallboard?${query}`, expiresAt: new Date(expiresAt).toISOString() }, { headers: { "Cache-Control": NO_STORE } });
});
