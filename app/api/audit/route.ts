import { NextResponse } from "next/server";
import { can } from "@/lib/auth/identity";
import { auditCsv, parseAuditFilter } from "@/lib/server/audit";
import { heavyRead } from "@/lib/server/heavy-reads";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/**
 * The audit trail, for admins: `?from=ISO&to=ISO&actor=…&action=…&limit=…[&format=csv]` →
 * `{ entries: [{ time, actor, action, address, details }] }`, newest first (at most 1,000 unless asked).
 */
export const GET = withErrors(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  if (!can.readAudit(s.identity)) return errorResponse("forbidden", "Only an admin may read the audit trail.");
  const q = new URL(req.url).searchParams;
  const parsed = parseAuditFilter(q);
  if (!parsed.ok) return errorResponse("bad_request", parsed.message);
  // A heavy read (lib/server/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, async () => {
    const entries = await s.runtime.audit.list(parsed.filter);
    if (q.get("format") === "csv") {
      return new NextResponse(auditCsv(entries), { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="floorview-audit.csv"', "Cache-Control": NO_STORE } });
    }
    return NextResponse.json({ entries: entries.map((e) => ({ ...e, time: new Date(e.time).toISOString() })) }, { headers: { "Cache-Control": NO_STORE } });
  });
});
