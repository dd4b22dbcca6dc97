import { z } from "zod";
import { can } from "@/lib/auth/identity";
import { describeScope } from "@/lib/auth/scope";
import { clientOf } from "@/lib/auth/session";
import { fail, route } from "@/lib/server/http/http";
import { bodyOf } from "@/lib/server/http/query";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

const Body = z.object({
  /** What is exported: "grid" (the grid's CSV). */
  what: z.string().min(1).max(40),
  rows: z.number().int().min(0).max(1_000_000),
  /** The view as its address says it (filters, sort). */
  view: z.string().max(500).optional(),
});

/**
 * An export about to be made in the browser (the grid's CSV is made from the rows it shows):
 * refused to a role without exports (a viewer), and written to the audit trail with who, which
 * scope and how many rows. `{ ok: true }`.
 */
export const POST = route(async (req) => {
  const s = await servedPerson(req);
  if (!can.export(s.identity)) fail("forbidden", "Your role (viewer) can watch the floor but not export it.");
  const { what, rows, view } = await bodyOf(req, Body, 'Send JSON: { "what": "grid", "rows": n, "view": "…" }.');
  await s.runtime.audit.record(s.identity, "export", { what, rows, scope: describeScope(s.scope), ...(view && { view }) }, clientOf(req, s.runtime.config.auth.trustedProxies));
  return { ok: true };
});
