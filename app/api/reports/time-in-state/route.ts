import { can } from "@/lib/auth/identity";
import { describeScope } from "@/lib/auth/scope";
import { clientOf } from "@/lib/auth/session";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { heavyRead } from "@/lib/server/heavy-reads";
import { reportCsvParts, reportRequest } from "@/lib/server/reports";
import { textStream } from "@/lib/server/text-stream";
import { timeInState, timeInStateJson } from "@/lib/server/time-in-state";
import { servedPerson } from "@/lib/server/viewer";
import { isCrossSiteExport } from "@/lib/auth/origin";

export const dynamic = "force-dynamic";

/** How long a report waits for history from Kore.ai before answering with what it has (`complete: false`). */
const HISTORY_WAIT_MS = 4_000;

/**
 * Time in each state per agent per interval of the wall clock: JSON, or CSV (`format=csv` or
 * `Accept: text/csv`). A heavy read (lib/server/heavy-reads.ts): one at a time per person, a few
 * in all; both forms sent as they are written, never built whole.
 */
export const GET = withErrors(async (req) => {
  const now = Date.now();
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  const { config, audit } = s.runtime;
  const r = reportRequest(req, s, now);
  if (r instanceof Response) return r;
  const { q, sources, agents } = r;
  if (q.csv && !can.export(s.identity)) return errorResponse("forbidden", "Your role (viewer) can read reports but not export them.");
  if (q.csv && isCrossSiteExport(req)) return errorResponse("cross_site", "An export opens only from Floorview's own pages (or by its address typed in, or a script).");
  return heavyRead(s, req, async () => {
    const opts = { now, deadline: now + HISTORY_WAIT_MS };
    // JSON is written agent by agent as it is counted: never half a million rows held at once.
    if (!q.csv) return new Response(textStream(timeInStateJson(sources, s.runtime.vocabulary, q, agents, opts)), { headers: { "Content-Type": "application/json", "Cache-Control": NO_STORE } });
    const report = await timeInState(sources, s.runtime.vocabulary, q, agents, opts);
    await audit.record(s.identity, "export", { what: "time-in-state report", rows: report.rows.length, scope: describeScope(s.scope), view: new URL(req.url).search.slice(1, 500) }, clientOf(req, config.auth.trustedProxies));
    const stamp = `${report.from.slice(0, 10)}_${report.to.slice(0, 10)}`;
    return new Response(textStream(reportCsvParts(report)), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="floorview-time-in-state-${stamp}-${q.interval}.csv"`, "Cache-Control": NO_STORE },
    });
  });
});
