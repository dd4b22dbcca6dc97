import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { csvAnswer, NO_STORE, route } from "@/lib/server/http/http";
import { reportRequest } from "@/lib/server/serve/report-request";
import { reportCsvParts } from "@/lib/server/reports/reports";
import { textStream } from "@/lib/server/http/text-stream";
import { timeInState, timeInStateJson } from "@/lib/server/reports/time-in-state";
import { auditExport, mayExport, servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** How long a report waits for history from Kore.ai before answering with what it has (`complete: false`). */
const HISTORY_WAIT_MS = 4_000;

/**
 * Time in each state per agent per interval of the wall clock: JSON, or CSV (`format=csv` or
 * `Accept: text/csv`). A heavy read (lib/server/reports/heavy-reads.ts): one at a time per person, a few
 * in all; both forms sent as they are written, never built whole.
 */
export const GET = route(async (req) => {
  const now = Date.now();
  const s = await servedPerson(req);
  const { q, sources, agents } = reportRequest(req, s, now);
  if (q.csv) mayExport(s, req, "reports");
  return heavyRead(s, req, async () => {
    const opts = { now, deadline: now + HISTORY_WAIT_MS };
    // JSON is written agent by agent as it is counted: never half a million rows held at once.
    if (!q.csv) return new Response(textStream(timeInStateJson(sources, s.runtime.vocabulary, q, agents, opts)), { headers: { "Content-Type": "application/json", "Cache-Control": NO_STORE } });
    const report = await timeInState(sources, s.runtime.vocabulary, q, agents, opts);
    await auditExport(s, req, "time-in-state report", report.rows.length);
    return csvAnswer(textStream(reportCsvParts(report)), `floorview-time-in-state-${report.from.slice(0, 10)}_${report.to.slice(0, 10)}-${q.interval}.csv`);
  });
});
