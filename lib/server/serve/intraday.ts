import "server-only";
import { z } from "zod";
import type { IntradayAnswer } from "@/lib/api-types";
import { intervalBoundaries, startOfDay, wallTimeToUtc, zoneOffset } from "@/lib/time/zone";
import { scopeKey } from "@/lib/auth/scope";
import { sameTeam, teamIn } from "@/lib/states/collate";
import { fail } from "../http/http";
import { flag, many, one, oneOf, queryOf, zone } from "../http/query";
import { intradayReport } from "../reports/intraday";
import { reportAgents } from "../reports/reports";
import type { Served } from "./viewer";

/**
 * `GET /api/intraday?date=YYYY-MM-DD[&tz=IANA][&interval=15m|30m|1h][&team=…]`: the day's
 * intervals of the viewer's scope (a team lead's teams, a wallboard link's agents), scheduled
 * against actual; `now=1` instead of `date`: the interval holding now and the next. A heavy read.
 */

const HISTORY_WAIT_MS = 4_000;

const IntradayQuery = z.object({ date: one, tz: zone, interval: oneOf("interval", ["15m", "30m", "1h"] as const), team: many, now: flag }).transform((v, ctx) => {
  if (v.now) return { date: null, wall: NaN, tz: v.tz, interval: v.interval ?? ("15m" as const), teams: v.team };
  const m = v.date === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.date);
  const wall = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== v.date) {
    ctx.addIssue(v.date === null ? "Send date, the day as YYYY-MM-DD (in tz)." : `date=${v.date.slice(0, 20)}: a day as YYYY-MM-DD, such as 2026-12-07.`);
    return z.NEVER;
  }
  return { date: v.date, wall, tz: v.tz, interval: v.interval ?? ("15m" as const), teams: v.team };
});

export async function intradayFromRequest(s: Served, req: Request): Promise<IntradayAnswer> {
  const now = Date.now();
  const q = queryOf(req, IntradayQuery);
  const { poller, history, staleAfterMs, teams, config, schedules, vocabulary } = s.runtime;
  if (!poller.health.backfilled) fail("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
  const tz = q.tz ?? config.floorZone;
  // `now=1`: the interval holding now and the next (a wallboard's strip), else the day asked for.
  const { from, to } = q.date === null ? nowAndNext(now, tz, q.interval) : { from: wallTimeToUtc(q.wall, tz), to: startOfDay(wallTimeToUtc(q.wall, tz), tz, 1) };
  const date = q.date ?? new Date(from + zoneOffset(tz, from)).toISOString().slice(0, 10);
  const sources = { poller, history, staleAfterMs, teams, schedules };
  const { agents } = reportAgents(sources, { teams: q.teams, agents: [] }, s.scope);
  // The staffing sheet's teams by the labels config's names; a team lead's own teams when none is
  // asked for, and never another's.
  const own = s.scope.teams;
  const outside = own ? q.teams.find((t) => !teamIn(own, t)) : undefined;
  if (outside !== undefined) fail("forbidden", `team=${outside.slice(0, 60)} is not one of the teams you may see.`);
  const chosen = (q.teams.length > 0 ? q.teams : (own ?? [])).map((t) => s.runtime.labels.teamNames.find((n) => sameTeam(n, t)) ?? t);
  const key = q.date === null ? `${scopeKey(s.scope)}|${tz}|${q.interval}|${chosen.join(",")}|${from}` : null;
  const hit = key === null ? undefined : RECENT.get(key);
  if (hit && now - hit.at < NOW_FRESH_MS) return hit.answer;
  const answer = await intradayReport(sources, vocabulary, { from, to, date, tz, interval: q.interval, teams: chosen }, agents, { now, deadline: now + HISTORY_WAIT_MS });
  if (key !== null) {
    RECENT.set(key, { at: now, answer });
    for (const [k, v] of RECENT) if (now - v.at > NOW_FRESH_MS) RECENT.delete(k);
  }
  return answer;
}

/**
 * `now=1` answers by the scope, zone, interval and teams: every TV showing the strip asks the
 * same every half minute, and the floor's last 15 seconds change it little.
 */
const NOW_FRESH_MS = 15_000;
const RECENT = new Map<string, { at: number; answer: IntradayAnswer }>();

/** The interval holding `now` in `tz` and the one after it (which may be the next day's first). */
function nowAndNext(now: number, tz: string, interval: "15m" | "30m" | "1h"): { from: number; to: number } {
  const b = intervalBoundaries(startOfDay(now, tz), startOfDay(now, tz, 2), tz, interval);
  let i = 0;
  while (i + 1 < b.length && b[i + 1]! <= now) i++;
  return { from: b[i]!, to: b[Math.min(i + 2, b.length - 1)]! };
}
