import "server-only";
import { z } from "zod";
import type { IntradayAnswer } from "@/lib/api-types";
import { startOfDay, wallTimeToUtc } from "@/lib/time/zone";
import { sameTeam } from "@/lib/states/collate";
import { fail } from "../http/http";
import { many, one, oneOf, queryOf, zone } from "../http/query";
import { intradayReport } from "../reports/intraday";
import { reportAgents } from "../reports/reports";
import type { ServedPerson } from "./viewer";

/**
 * `GET /api/intraday?date=YYYY-MM-DD[&tz=IANA][&interval=15m|30m|1h][&team=…]`: the day's
 * intervals of the person's scope (a team lead's teams), scheduled against actual. A heavy read.
 */

const HISTORY_WAIT_MS = 4_000;

const IntradayQuery = z.object({ date: one, tz: zone, interval: oneOf("interval", ["15m", "30m", "1h"] as const), team: many }).transform((v, ctx) => {
  const m = v.date === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.date);
  const wall = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== v.date) {
    ctx.addIssue(v.date === null ? "Send date, the day as YYYY-MM-DD (in tz)." : `date=${v.date.slice(0, 20)}: a day as YYYY-MM-DD, such as 2026-12-07.`);
    return z.NEVER;
  }
  return { date: v.date, wall, tz: v.tz, interval: v.interval ?? ("15m" as const), teams: v.team };
});

export async function intradayFromRequest(s: ServedPerson, req: Request): Promise<IntradayAnswer> {
  const now = Date.now();
  const q = queryOf(req, IntradayQuery);
  const { poller, history, staleAfterMs, teams, config, schedules, vocabulary } = s.runtime;
  if (!poller.health.backfilled) fail("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
  const tz = q.tz ?? config.floorZone;
  const from = wallTimeToUtc(q.wall, tz);
  const to = startOfDay(from, tz, 1);
  const sources = { poller, history, staleAfterMs, teams, schedules };
  const { agents } = reportAgents(sources, { teams: q.teams, agents: [] }, s.scope);
  // The staffing sheet's teams by the labels config's names.
  // The staffing sheet's teams by the labels config's names; a team lead's own teams when none is asked for.
  const chosen = (q.teams.length > 0 ? q.teams : (s.scope.teams ?? [])).map((t) => s.runtime.labels.teamNames.find((n) => sameTeam(n, t)) ?? t);
  return intradayReport(sources, vocabulary, { from, to, date: q.date, tz, interval: q.interval, teams: chosen }, agents, { now, deadline: now + HISTORY_WAIT_MS });
}
