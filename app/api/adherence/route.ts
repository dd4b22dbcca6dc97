import { adherenceReport } from "@/lib/server/reports/adherence";
import { adherenceCsv } from "@/lib/server/reports/adherence-csv";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { csvAnswer, fail, route } from "@/lib/server/http/http";
import { reportRequest } from "@/lib/server/serve/report-request";
import { auditExport, mayExport, servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** How long it waits for history from Kore.ai before answering with what it has (`complete: false`). */
const HISTORY_WAIT_MS = 4_000;

/**
 * Schedule adherence over a window (`from`, `to`, at most 31 days; `team`, `agent` to narrow):
 * each agent with a schedule in it, scheduled, adherent and unknown seconds, the %, now, and the
 * exceptions; with `interval` (and `tz`), the seconds per interval of the wall clock too. JSON, or
 * CSV (`format=csv`: a row an agent, or an agent's interval; an audited export).
 */
export const GET = route(async (req) => {
  const now = Date.now();
  const s = await servedPerson(req);
  const { q, agents, sources } = reportRequest(req, s, now);
  if (q.csv) mayExport(s, req, "adherence");
  // A heavy read (lib/server/reports/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, async () => {
    const report = await adherenceReport({ ...sources, schedules: s.runtime.schedules }, s.runtime.vocabulary, s.runtime.adherenceRules, q, agents, new Set(q.agents), { now, deadline: now + HISTORY_WAIT_MS });
    if (!q.csv) return report;
    // A file is kept and passed on: never one with part of the window missing.
    if (!report.complete) fail("starting", "Part of the window is still being read from Kore.ai; ask again in a few seconds.", { headers: { "Retry-After": "3" } });
    await auditExport(s, req, "adherence", report.agents.length);
    return csvAnswer(adherenceCsv(report), `floorview-adherence-${report.from.slice(0, 10)}_${report.to.slice(0, 10)}.csv`);
  });
});
