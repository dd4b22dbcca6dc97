import { can } from "@/lib/auth/identity";
import { auditCsv, auditQuery } from "@/lib/server/access/audit";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { csvAnswer, fail, route } from "@/lib/server/http/http";
import { queryOf } from "@/lib/server/http/query";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * The audit trail, for admins: `?from=ISO&to=ISO&actor=…&action=…&limit=…[&format=csv]` →
 * `{ entries: [{ time, actor, action, address, details }] }`, newest first (at most 1,000 unless asked).
 */
export const GET = route(async (req) => {
  const s = await servedPerson(req);
  if (!can.readAudit(s.identity)) fail("forbidden", "Only an admin may read the audit trail.");
  const { filter, csv } = queryOf(req, auditQuery);
  // A heavy read (lib/server/reports/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, async () => {
    const entries = await s.runtime.audit.list(filter);
    if (csv) return csvAnswer(auditCsv(entries), "floorview-audit.csv");
    return { entries: entries.map((e) => ({ ...e, time: new Date(e.time).toISOString() })) };
  });
});
