import "server-only";
import type { AgentSnapshot } from "@/lib/api-types";
import { fail } from "../http/http";
import { queryOf } from "../http/query";
import { MAX_REPORT_ROWS, reportAgents, reportQuery, rowCount, type ReportQuery } from "../reports/reports";
import type { TimelineSources } from "../reports/timeline";
import type { Served } from "./viewer";

/**
 * What a report-like route (time in state, adherence) works on: the query, the sources and the
 * agents in the viewer's scope; or a thrown error to answer with (400 with what to send, 404 for an
 * agent asked for that is not there, 503 while the first backfill is read, 400 for too many rows).
 */
export function reportRequest(req: Request, s: Served, now: number): { q: ReportQuery; sources: TimelineSources; agents: AgentSnapshot[] } {
  const { poller, history, staleAfterMs, teams, config } = s.runtime;
  const q = queryOf(req, reportQuery({ now, retentionMs: config.store.retentionMs, accept: req.headers.get("accept") }));
  if (!poller.health.backfilled) fail("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
  const sources = { poller, history, staleAfterMs, teams };
  const { agents, missing } = reportAgents(sources, q, s.scope);
  if (missing !== null) fail("not_found", `No agent ${missing.slice(0, 80)} on the roster or in the feed (in the teams you may see).`);
  const rows = rowCount(q, agents.length);
  if (rows > MAX_REPORT_ROWS) {
    fail("bad_request", `This report would have ${rows.toLocaleString("en")} rows (${agents.length} agents × ${rows / Math.max(1, agents.length)} intervals); at most ${MAX_REPORT_ROWS.toLocaleString("en")}. Pick a longer interval, a shorter window, or fewer teams or agents.`);
  }
  return { q, sources, agents };
}

