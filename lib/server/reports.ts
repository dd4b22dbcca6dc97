import "server-only";
import type { AgentSnapshot, TimeInStateReport } from "@/lib/api-types";
import { inScope, asSeen, teamIn, type Scope } from "@/lib/auth/scope";
import { csvDocumentParts } from "@/lib/csv";
import { intervalBoundaries, isValidTimeZone, REPORT_INTERVALS, type ReportInterval } from "@/lib/time/zone";
import { errorResponse } from "./http";
import { agentSnapshots } from "./snapshot";
import type { Served } from "./viewer";
import { instant, pastRetention, type TimelineSources } from "./timeline";

/**
 * Where the floor's time went: `/api/reports/time-in-state`. One row per agent per interval of
 * the wall clock of a zone, each the arithmetic of the agent's timeline segments (the very
 * segments the drill-down draws, read the same way: memory, the store, then Kore.ai within the
 * request budget), so a report agrees with the drill-down and with the feed to the second.
 */

const DAY = 86_400_000;
const MAX_REPORT_DAYS = 31;
const MAX_REPORT_ROWS = 500_000;
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

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The query of a report; every problem named with what to send instead. */
export function parseReportQuery(params: URLSearchParams, accept: string | null, retentionMs: number | null, now: number): Parsed<ReportQuery> {
  let from = instant("from", params.get("from"));
  if (typeof from === "string") return { ok: false, message: from };
  let to = instant("to", params.get("to"));
  if (typeof to === "string") return { ok: false, message: to };
  if (from === null || to === null) return { ok: false, message: "Send from and to, ISO-8601 date-times with a zone, such as from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z." };
  // Whole seconds, as the feed's times are: every row then adds up exactly.
  from = Math.floor(from / 1000) * 1000;
  to = Math.floor(to / 1000) * 1000;
  if (from >= to) return { ok: false, message: "from must be before to." };
  if (to - from > MAX_REPORT_DAYS * DAY) return { ok: false, message: `The window is ${Math.ceil((to - from) / DAY)} days long; a report covers at most ${MAX_REPORT_DAYS} days. Narrow from and to.` };
  const old = pastRetention(to, now, retentionMs);
  if (old) return { ok: false, message: old };
  const interval = params.get("interval") ?? "total";
  if (!(REPORT_INTERVALS as readonly string[]).includes(interval)) return { ok: false, message: `interval=${interval.slice(0, 20)}: one of ${REPORT_INTERVALS.join(", ")}.` };
  const tz = params.get("tz") ?? "UTC";
  if (!isValidTimeZone(tz)) return { ok: false, message: `tz=${tz.slice(0, 60)}: an IANA time zone such as UTC, Europe/Berlin or America/New_York.` };
  const format = params.get("format");
  if (format !== null && format !== "csv" && format !== "json") return { ok: false, message: `format=${format.slice(0, 20)}: csv or json.` };
  const values = (name: string) => [...new Set(params.getAll(name).map((v) => v.trim()).filter(Boolean))];
  return {
    ok: true,
    value: {
      from,
      to,
      interval: interval as ReportInterval,
      tz,
      teams: values("team"),
      agents: values("agent"),
      csv: format === "csv" || (format === null && (accept ?? "").split(",").some((t) => t.trim().startsWith("text/csv"))),
    },
  };
}

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

/**
 * What a report-like route (time in state, adherence) works on: the query, the sources and the
 * agents in the viewer's scope, or the error to answer with (400 with what to send, 404 for an
 * agent asked for that is not there, 503 while the first backfill is read, 400 for too many rows).
 */
export function reportRequest(req: Request, s: Served, now: number): { q: ReportQuery; sources: TimelineSources; agents: AgentSnapshot[] } | Response {
  const { poller, history, staleAfterMs, teams, config } = s.runtime;
  const parsed = parseReportQuery(new URL(req.url).searchParams, req.headers.get("accept"), config.store.retentionMs, now);
  if (!parsed.ok) return errorResponse("bad_request", parsed.message);
  const q = parsed.value;
  if (!poller.health.backfilled) return errorResponse("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
  const sources = { poller, history, staleAfterMs, teams };
  const { agents, missing } = reportAgents(sources, q, s.scope);
  if (missing !== null) return errorResponse("not_found", `No agent ${missing.slice(0, 80)} on the roster or in the feed (in the teams you may see).`);
  const rows = rowCount(q, agents.length);
  if (rows > MAX_REPORT_ROWS) {
    return errorResponse("bad_request", `This report would have ${rows.toLocaleString("en")} rows (${agents.length} agents × ${rows / Math.max(1, agents.length)} intervals); at most ${MAX_REPORT_ROWS.toLocaleString("en")}. Pick a longer interval, a shorter window, or fewer teams or agents.`);
  }
  return { q, sources, agents };
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

/** `reportCsv` line by line, for an answer sent as it is written (lib/server/text-stream.ts). */
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
