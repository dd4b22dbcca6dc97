import { NextResponse } from "next/server";
import { can } from "@/lib/auth/identity";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { served } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/**
 * What Kore.ai answers and whether Floorview reads it right: `{ checkedAt, reading, checks: [{ id,
 * status, message, hint }], keeping, samples, skipped, exchanges, … }` (docs/deploy.md). For an
 * admin, everyone while the login is off, or the metrics token (`Authorization: Bearer …`).
 */
export const GET = withErrors(async (req) => {
  const s = await served(req);
  if (s instanceof Response) return s;
  const allowed = s.viewer.kind === "everyone" || s.viewer.kind === "metrics" || (s.identity !== null && can.readDiagnostics(s.identity));
  if (!allowed) return errorResponse("forbidden", "Only an admin may read the connection's diagnostics (or send FLOORVIEW_METRICS_TOKEN as a bearer token).");
  const summary = new URL(req.url).searchParams.get("summary");
  if (summary !== null && summary !== "1") return errorResponse("bad_request", "summary takes only 1 (?summary=1: the failing checks alone).");
  return NextResponse.json(summary ? s.runtime.diagnostics.summary() : s.runtime.diagnostics.report(), { headers: { "Cache-Control": NO_STORE } });
});
