import { adherenceReport } from "@/lib/server/reports/adherence";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { fail, route } from "@/lib/server/http/http";
import { reportRequest } from "@/lib/server/serve/report-request";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** How long it waits for history from Kore.ai before answering with what it has (`complete: false`). */
const HISTORY_WAIT_MS = 4_000;

/**
 * Schedule adherence over a window (`from`, `to`, at most 31 days; `team`, `agent` to narrow):
 * each agent with a schedule in it, scheduled, adherent and unknown seconds, the %, now, and the
 * exceptions; with `interval` (and `tz`), the seconds per interval of the wall clock too. JSON only.
 */
export const GET = route(async (req) => {
  const now = Date.now();
  const s = await servedPerson(req);
  const { q, agents, sources } = reportRequest(req, s, now);
  if (q.csv) fail("bad_request", "Adherence is answered as JSON only; for a table, use the reports page's CSV.");
  // A heavy read (lib/server/reports/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, () =>
    adherenceReport({ ...sources, schedules: s.runtime.schedules }, s.runtime.vocabulary, s.runtime.adherenceRules, q, agents, new Set(q.agents), { now, deadline: now + HISTORY_WAIT_MS }),
  );
});
