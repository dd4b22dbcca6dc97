import { NextResponse } from "next/server";
import { z } from "zod";
import { loginOn } from "@/lib/auth/access";
import { clientOf } from "@/lib/auth/session";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

const Body = z.object({
  days: z.number().int().min(1).max(3650).optional(),
  /** The wallboard's own URL options (privacy=1&teams=Billing&states=notready…), signed into the link. */
  options: z.string().max(2000).optional(),
});

/**
 * A signed, read-only link for a TV: it opens the wallboard and the data the wallboard reads,
 * only the agents its options name (teams, agents, prefix; initials under privacy), never more
 * than its creator may see, until it expires (default AUTH_LINK_DAYS, at most AUTH_LINK_MAX_DAYS)
 * or is revoked. `{ id, path, expiresAt, scope }`.
 */
export const POST = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  const { config, links, audit } = s.runtime;
  if (!loginOn(config.auth)) {
    return errorResponse("no_login", "Floorview has no login here (AUTH_PASSWORD is not set): the wallboard opens without a link.");
  }
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return errorResponse("bad_request", 'Send JSON: { "days": 1–3650, "options": "privacy=1&teams=…" } (both optional).');
  const made = await links.create(s.identity, parsed.data.options ?? "", parsed.data.days ?? null);
  if (!made.ok) return errorResponse("forbidden", made.message);
  await audit.record(s.identity, "link_created", { link: made.id, scope: made.scope, expiresAt: new Date(made.expiresAt).toISOString() }, clientOf(req, config.auth.trustedProxies));
  return NextResponse.json({ id: made.id, path: made.path, expiresAt: new Date(made.expiresAt).toISOString(), scope: made.scope }, { headers: { "Cache-Control": NO_STORE } });
});
