import { NextResponse } from "next/server";
import { adherenceReport, adherenceRules } from "@/lib/server/adherence";
import { heavyRead } from "@/lib/server/heavy-reads";
import { errorResponse, NO_STORE, withErrors } from "@/lib/server/http";
import { reportRequest } from "@/lib/server/reports";
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
  const { config, schedules } = s.runtime;
  const r = reportRequest(req, s, now);
  if (r instanceof Response) return r;
  const { q, agents } = r;
  if (q.csv) return errorResponse("bad_request", "Adherence is answered as JSON only; for a table, use the reports page's CSV.");
  const sources = { ...r.sources, schedules };
  // A heavy read (lib/server/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, async () => {
    const report = await adherenceReport(sources, s.runtime.vocabulary, adherenceRules(config.adherence), q, agents, new Set(q.agents), { now, deadline: now + HISTORY_WAIT_MS });
    return NextResponse.json(report, { headers: { "Cache-Control": NO_STORE } });
  });
});
