import "server-only";
import type { AgentSnapshot, TimeInStateReport } from "@/lib/api-types";
import { inScope, asSeen, teamIn, type Scope } from "@/lib/auth/scope";
import { csvDocumentParts } from "@/lib/csv";
import { intervalBoundaries, REPORT_INTERVALS, type ReportInterval } from "@/lib/time/zone";
import { z } from "zod";
import { closed, format, many, one, oneOf, wantsCsv, windowOf, zone, type QueryContext, type WindowRule } from "../http/query";
import { agentSnapshots } from "../feed/snapshot";
import type { TimelineSources } from "./timeline";

/**
 * Where the floor's time went: `/api/reports/time-in-state`. One row per agent per interval of
 * the wall clock of a zone, each the arithmetic of the agent's timeline segments (the very
 * segments the drill-down draws, read the same way: memory, the store, then Kore.ai within the
 * request budget), so a report agrees with the drill-down and with the feed to the second.
 */

const DAY = 86_400_000;
const MAX_REPORT_DAYS = 31;
/** The most rows a report may have (agents × intervals). */
export const MAX_REPORT_ROWS = 500_000;
export interface ReportQuery {
  from: number;
  to: number;
  interval: ReportInterval;
  tz: string;
  /** Team names asked for (matched without regard to case); empty: every team. */
  teams: string[];
  /** Agent ids asked for; empty: every agent. */
  agents: string[];
  csv: boolean;
}

/**
 * The query of a report (time in state, adherence, flags): `from` and `to` required, whole
 * seconds, at most 31 days, by the one window rule (lib/server/http/query.ts); `interval`, `tz`,
 * `team` and `agent` (each may repeat), `format` or `Accept: text/csv`.
 */
export const reportQuery = (cx: QueryContext) =>
  z.object({ from: one, to: one, interval: oneOf("interval", REPORT_INTERVALS), tz: zone, format, team: many, agent: many }).transform((v, ctx): ReportQuery => {
    const w = windowOf(v, REPORT_WINDOW, cx, ctx);
    if (!w) return z.NEVER;
    return { ...closed(w), interval: v.interval ?? "total", tz: v.tz ?? "UTC", teams: v.team, agents: v.agent, csv: wantsCsv(v.format, cx.accept) };
  });

const REPORT_WINDOW: WindowRule = {
  required: "Send from and to, ISO-8601 date-times with a zone, such as from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z.",
  wholeSeconds: true,
  maxMs: MAX_REPORT_DAYS * DAY,
  tooLong: (days) => `The window is ${days} days long; a report covers at most ${MAX_REPORT_DAYS} days. Narrow from and to.`,
  retention: true,
};

/** The agents a report covers: in the viewer's scope, then in the teams and agents asked for; `missing` names an agent asked for that is not there. */
export function reportAgents(sources: TimelineSources, q: Pick<ReportQuery, "teams" | "agents">, scope: Scope): { agents: AgentSnapshot[]; missing: string | null } {
  const visible = agentSnapshots(sources.poller, sources.teams).filter((a) => inScope(a, scope));
  if (q.agents.length > 0) {
    const byId = new Map(visible.map((a) => [a.agentId, a]));
    const missing = q.agents.find((id) => !byId.has(id)) ?? null;
    if (missing !== null) return { agents: [], missing };
  }
  const ids = q.agents.length > 0 ? new Set(q.agents) : null;
  const agents = visible.filter((a) => (!ids || ids.has(a.agentId)) && (q.teams.length === 0 || teamIn(q.teams, a.team)));
  return { agents: agents.map((a) => asSeen(a, scope)), missing: null };
}

/** How many rows a report would have, to refuse one too large before reading anything. */
export function rowCount(q: Pick<ReportQuery, "from" | "to" | "interval" | "tz">, agents: number): number {
  return agents * (intervalBoundaries(q.from, q.to, q.tz, q.interval).length - 1);
}

/**
 * The same rows as CSV: the agent, the row's start and end (UTC), seconds in each activity and
 * with each reason code seen in the report (one column each, in the order first seen), the
 * unknown seconds and the changes. Formula-safe cells, as every export.
 */
export function reportCsv(report: TimeInStateReport): string {
  return [...reportCsvParts(report)].join("");
}

/** `reportCsv` line by line, for an answer sent as it is written (lib/server/http/text-stream.ts). */
export function* reportCsvParts(report: TimeInStateReport): Generator<string> {
  const activities = new Set<string>();
  const reasons = new Set<string>();
  for (const r of report.rows) {
    for (const a of Object.keys(r.seconds)) activities.add(a);
    for (const c of Object.keys(r.reasonSeconds)) reasons.add(c);
  }
  const header = ["agent_id", "name", "team", "start", "end", ...[...activities].map((a) => `seconds_${a}`), ...[...reasons].map((c) => `reason_seconds_${c}`), "unknown_seconds", "changes"];
  function* rows(): Generator<string[]> {
    yield header;
    for (const r of report.rows) {
      yield [
        r.agentId,
        r.name ?? "",
        r.team ?? "",
        r.start,
        r.end,
        ...[...activities].map((a) => String(r.seconds[a] ?? 0)),
        ...[...reasons].map((c) => String(r.reasonSeconds[c] ?? 0)),
        String(r.unknownSeconds),
        String(r.changes),
      ];
    }
  }
  yield* csvDocumentParts(rows());
}
