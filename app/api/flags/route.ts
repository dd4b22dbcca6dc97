import { flagsReport } from "@/lib/server/reports/flags";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { fail, route } from "@/lib/server/http/http";
import { reportRequest } from "@/lib/server/serve/report-request";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** How long it waits for history from Kore.ai before answering with what it has (`complete: false`). */
const HISTORY_WAIT_MS = 4_000;

/**
 * Behaviour flags raised in a window (`from`, `to`, at most 31 days; `team`, `agent` to narrow):
 * each agent with a flag in it (and any asked for by id), each flag with its rule, why, the
 * stretch of the timeline, and when it was raised and cleared. JSON only.
 */
export const GET = route(async (req) => {
  const now = Date.now();
  const s = await servedPerson(req);
  const { config, schedules, flagConfig, vocabulary } = s.runtime;
  const { q, agents, sources } = reportRequest(req, s, now);
  if (q.csv) fail("bad_request", "Flags are answered as JSON only.");
  // A heavy read (lib/server/reports/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, () => flagsReport({ ...sources, schedules }, vocabulary, flagConfig, config.floorZone, q, agents, new Set(q.agents), { now, deadline: now + HISTORY_WAIT_MS }));
});
