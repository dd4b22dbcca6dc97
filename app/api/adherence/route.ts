import { NextResponse } from "next/server";
import { adherenceReport, adherenceRules } from "@/lib/server/adherence";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { MAX_REPORT_ROWS, parseReportQuery, reportAgents, rowCount } from "@/lib/server/reports";
import { servedPerson } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

/** How long it waits for history from Kore.ai before answering with what it has (`complete: false`). */
const HISTORY_WAIT_MS = 4_000;

/**
 * Schedule adherence over a window (`from`, `to`, at most 31 days; `team`, `agent` to narrow):
 * each agent with a schedule in it, scheduled, adherent and unknown seconds, the %, now, and the
 * exceptions; with `interval` (and `tz`), the seconds per interval of the wall clock too. JSON only.
 */
export const GET = withErrors(async (req) => {
  const now = Date.now();
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  const { poller, history, staleAfterMs, teams, config, schedules } = s.runtime;
  const params = new URL(req.url).searchParams;
  const parsed = parseReportQuery(params, null, config.store.retentionMs, now);
  if (!parsed.ok) return errorResponse("bad_request", parsed.message);
  if (parsed.value.csv) return errorResponse("bad_request", "Adherence is answered as JSON only; for a table, use the reports page's CSV.");
  const q = parsed.value;
  if (!poller.health.backfilled) return errorResponse("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
  const sources = { poller, history, staleAfterMs, teams, schedules };
  const { agents, missing } = reportAgents(sources, q, s.scope);
  if (missing !== null) return errorResponse("not_found", `No agent ${missing.slice(0, 80)} on the roster or in the feed (in the teams you may see).`);
  if (q.interval !== "total" && rowCount(q, agents.length) > MAX_REPORT_ROWS) {
    return errorResponse("bad_request", `This would be more than ${MAX_REPORT_ROWS.toLocaleString("en")} intervals (agents × intervals); pick a longer interval, a shorter window, or fewer teams or agents.`);
  }
  const report = await adherenceReport(sources, s.runtime.vocabulary, adherenceRules(config.adherence), q, agents, new Set(q.agents), { now, deadline: now + HISTORY_WAIT_MS });
  return NextResponse.json(report, { headers: { "Cache-Control": NO_STORE } });
});
