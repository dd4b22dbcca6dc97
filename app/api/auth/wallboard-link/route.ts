import { z } from "zod";
import { loginOn } from "@/lib/auth/access";
import { clientOf } from "@/lib/auth/session";
import { fail, route } from "@/lib/server/http/http";
import { bodyOf } from "@/lib/server/http/query";
import { servedPerson } from "@/lib/server/serve/viewer";

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
export const POST = route(async (req) => {
  const s = await servedPerson(req);
  const { config, links, audit } = s.runtime;
  if (!loginOn(config.auth)) fail("no_login", "Floorview has no login here (AUTH_PASSWORD is not set): the wallboard opens without a link.");
  const { options, days } = await bodyOf(req, Body, 'Send JSON: { "days": 1–3650, "options": "privacy=1&teams=…" } (both optional).');
  const made = await links.create(s.identity, options ?? "", days ?? null);
  if (!made.ok) fail("forbidden", made.message);
  const expiresAt = new Date(made.expiresAt).toISOString();
  await audit.record(s.identity, "link_created", { link: made.id, scope: made.scope, expiresAt }, clientOf(req, config.auth.trustedProxies));
  return { id: made.id, path: made.path, expiresAt, scope: made.scope };
});
