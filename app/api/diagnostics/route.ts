import { z } from "zod";
import { fail, route } from "@/lib/server/http/http";
import { oneOf, queryOf } from "@/lib/server/http/query";
import { mayReadDiagnostics, served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

const Query = z.object({ summary: oneOf("summary", ["1"], "only 1 (?summary=1: the failing checks alone)") });

/**
 * What Kore.ai answers and whether Floorview reads it right: `{ checkedAt, reading, checks: [{ id,
 * status, message, hint }], keeping, samples, skipped, exchanges, … }` (docs/deploy.md). For an
 * admin, everyone while the login is off, or the metrics token (`Authorization: Bearer …`).
 */
export const GET = route(async (req) => {
  const s = await served(req);
  if (!mayReadDiagnostics(s)) fail("forbidden", "Only an admin may read the connection's diagnostics (or send FLOORVIEW_METRICS_TOKEN as a bearer token).");
  const { summary } = queryOf(req, Query);
  return summary ? s.runtime.diagnostics.summary() : s.runtime.diagnostics.report();
});
