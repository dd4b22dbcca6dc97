import type { TimeInStateAgent } from "@/lib/api-types";
import { parseLocalInput } from "./time";
import { ratios, REPORT_WINDOWS, reportWindow, type AgentTotals, type ReportWindow } from "./reports";

/**
 * The reports page's view as its address holds it (the window, the zone, the interval, teams or
 * agents, the table's filter), and the pure parts of its table: how a column sorts, and each
 * agent's and each group's first login, last logout and longest not ready.
 */

export const INTERVALS = [
  ["15m", "15 minutes"],
  ["30m", "30 minutes"],
  ["1h", "Hour"],
  ["1d", "Day"],
] as const;
export type ReportIntervalChoice = (typeof INTERVALS)[number][0];

const DAY = 86_400_000;
const MAX_DAYS = 31;

export interface ReportView {
  window: ReportWindow;
  /** For a custom window: local date-times (`2026-11-27T00:00`) in the zone. */
  from: string;
  to: string;
  tz: string;
  interval: ReportIntervalChoice;
  teams: string[];
  /** Agents picked (ids): the report covers only them. Teams or agents, not both. */
  agents: string[];
  q: string;
}

export function readReportView(query: string): ReportView {
  const p = new URLSearchParams(query);
  const w = p.get("window");
  const interval = p.get("interval");
  return {
    window: (REPORT_WINDOWS as readonly string[]).includes(w ?? "") ? (w as ReportWindow) : "today",
    from: p.get("from") ?? "",
    to: p.get("to") ?? "",
    tz: p.get("tz") ?? "",
    interval: INTERVALS.some(([v]) => v === interval) ? (interval as ReportIntervalChoice) : "1h",
    teams: p.getAll("team"),
    agents: p.getAll("agent"),
    q: p.get("q") ?? "",
  };
}

export function reportViewQuery(v: ReportView): string {
  const p = new URLSearchParams();
  if (v.window !== "today") p.set("window", v.window);
  if (v.window === "custom") {
    p.set("from", v.from);
    p.set("to", v.to);
  }
  if (v.tz) p.set("tz", v.tz);
  if (v.interval !== "1h") p.set("interval", v.interval);
  for (const t of v.teams) p.append("team", t);
  for (const a of v.agents) p.append("agent", a);
  if (v.q) p.set("q", v.q);
  return p.toString();
}

/** The window in UTC ms, or why it cannot be used. */
export function resolveReportWindow(v: ReportView, zone: string, now: number): { from: number; to: number } | string {
  if (v.window !== "custom") return reportWindow(v.window, now, zone);
  const from = parseLocalInput(v.from, zone);
  const to = parseLocalInput(v.to, zone);
  if (from === null || to === null) return "Pick the start and end of the window.";
  if (from >= to) return "The start must be before the end.";
  if (to - from > MAX_DAYS * DAY) return `A report covers at most ${MAX_DAYS} days: narrow the window.`;
  return { from, to };
}

export type ReportSortKey = "name" | "loggedIn" | "notReadyShare" | "occupancy" | "changes" | `state:${string}` | `reason:${string}`;

export function reportSortValue(a: AgentTotals, key: ReportSortKey): number | string {
  if (key === "name") return (a.name ?? a.agentId).toLowerCase();
  if (key === "loggedIn") return a.loggedIn;
  if (key === "changes") return a.changes;
  if (key === "notReadyShare") return ratios(a).notReadyShare ?? -1;
  if (key === "occupancy") return ratios(a).occupancy ?? -1;
  if (key.startsWith("state:")) return a.states[key.slice(6)] ?? 0;
  return a.reasons[key.slice(7)] ?? 0;
}

/** An agent's (or a group's) first login, last logout and longest unbroken not ready in the window. */
export interface Facts {
  firstLogin: number | null;
  lastLogout: number | null;
  longest: { start: number; end: number | null; seconds: number } | null;
}

export const NO_FACTS: Facts = { firstLogin: null, lastLogout: null, longest: null };

/** Each agent's facts from the answer. */
export function agentFacts(agents: readonly TimeInStateAgent[]): Map<string, Facts> {
  const m = new Map<string, Facts>();
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  for (const a of agents) {
    const l = a.longestNotReady;
    m.set(a.agentId, { firstLogin: ms(a.firstLogin), lastLogout: ms(a.lastLogout), longest: l && { start: Date.parse(l.start), end: ms(l.end), seconds: l.seconds } });
  }
  return m;
}

/** A group's facts: its earliest login, latest logout and longest not ready. */
export function groupFacts(all: readonly Facts[]): Facts {
  const min = (xs: (number | null)[]) => xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.min(m, x)), null);
  const max = (xs: (number | null)[]) => xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.max(m, x)), null);
  const longest = all.reduce<Facts["longest"]>((m, f) => (f.longest && (!m || f.longest.seconds > m.seconds) ? f.longest : m), null);
  return { firstLogin: min(all.map((f) => f.firstLogin)), lastLogout: max(all.map((f) => f.lastLogout)), longest };
}
