import type { TimeInStateAgent, TimeInStateRow } from "@/lib/api-types";
import { csvDocument } from "@/lib/csv";
import { isLoggedIn, type StateFamily } from "@/lib/states/family";
import { familyRank, type Vocabulary } from "@/lib/states/vocabulary";
import { startOfDay } from "@/lib/time/zone";
import { compareText, compareCodes } from "@/lib/states/collate";

/**
 * The reports page's arithmetic, apart from its pixels: the windows a supervisor picks (today,
 * this week… in a zone), totals per agent, team and floor from the API's rows, the ratios with
 * their formulas, and the floor through the window per interval. Pure and unit-tested.
 */

export const REPORT_WINDOWS = ["today", "yesterday", "thisweek", "lastweek", "7d", "custom"] as const;
export type ReportWindow = (typeof REPORT_WINDOWS)[number];
export const WINDOW_NAMES: Record<ReportWindow, string> = { today: "Today", yesterday: "Yesterday", thisweek: "This week", lastweek: "Last week", "7d": "Last 7 days", custom: "Custom" };
const DAY = 86_400_000;

/** Days since Monday of the day holding `t` in `zone` (0 on a Monday). */
function weekday(t: number, zone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short" }).format(t);
  return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(name);
}

/** The window in UTC ms; days and weeks (Monday to Monday) in `zone`; `to` may be after now (today until midnight). */
export function reportWindow(w: Exclude<ReportWindow, "custom">, now: number, zone: string): { from: number; to: number } {
  const today = startOfDay(now, zone);
  switch (w) {
    case "today":
      return { from: today, to: startOfDay(now, zone, 1) };
    case "yesterday":
      return { from: startOfDay(now, zone, -1), to: today };
    case "thisweek": {
      const monday = startOfDay(now, zone, -weekday(now, zone));
      return { from: monday, to: startOfDay(monday + DAY / 2, zone, 7) };
    }
    case "lastweek": {
      const monday = startOfDay(now, zone, -weekday(now, zone));
      return { from: startOfDay(monday - DAY / 2, zone, -6), to: monday };
    }
    case "7d":
      return { from: startOfDay(now, zone, -6), to: startOfDay(now, zone, 1) };
  }
}

export interface StateColumn {
  key: string;
  /** The activities as sent that make it up (`notready`, `NOT_READY`). */
  activities: string[];
  label: string;
  family: StateFamily;
}

export interface ReasonColumn {
  code: string;
  label: string;
  category: string | null;
}

/** Seconds of one agent, a team or the floor over the window. */
export interface Totals {
  /** State column key → seconds. */
  states: Record<string, number>;
  /** Reason code → seconds. */
  reasons: Record<string, number>;
  unknown: number;
  changes: number;
  /** Time in any activity but logged out. */
  loggedIn: number;
  notReady: number;
  /** Time on a call, in after-call work, and ready: occupancy's parts. */
  busy: number;
  acw: number;
  ready: number;
}

export interface AgentTotals extends Totals {
  agentId: string;
  name: string | null;
  team: string | null;
}

export interface ReportSummary {
  /** The states seen, in the grid's order: by family, then label. */
  states: StateColumn[];
  /** The reasons seen, in the labels config's order, then by code. */
  reasons: ReasonColumn[];
  agents: AgentTotals[];
  /** Team → its totals, in the labels config's order, then by name; "No team" last. */
  teams: { team: string | null; totals: Totals; agents: number }[];
  floor: Totals;
}

const empty = (): Totals => ({ states: {}, reasons: {}, unknown: 0, changes: 0, loggedIn: 0, notReady: 0, busy: 0, acw: 0, ready: 0 });

function add(into: Totals, from: Totals): void {
  for (const [k, v] of Object.entries(from.states)) into.states[k] = (into.states[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.reasons)) into.reasons[k] = (into.reasons[k] ?? 0) + v;
  into.unknown += from.unknown;
  into.changes += from.changes;
  into.loggedIn += from.loggedIn;
  into.notReady += from.notReady;
  into.busy += from.busy;
  into.acw += from.acw;
  into.ready += from.ready;
}

/** Totals per agent (rows in the API's order: agent by agent), per team and for the floor. */
export function summarize(vocab: Vocabulary, rows: readonly TimeInStateRow[], teamOrder: readonly string[] = []): ReportSummary {
  const states = new Map<string, StateColumn>();
  const reasons = new Map<string, ReasonColumn>();
  const agents = new Map<string, AgentTotals>();
  for (const r of rows) {
    let a = agents.get(r.agentId);
    if (!a) agents.set(r.agentId, (a = { agentId: r.agentId, name: r.name, team: r.team, ...empty() }));
    a.unknown += r.unknownSeconds;
    a.changes += r.changes;
    for (const [activity, s] of Object.entries(r.seconds)) {
      const info = vocab.state(activity);
      let col = states.get(info.key);
      if (!col) states.set(info.key, (col = { key: info.key, activities: [], label: info.label, family: info.family }));
      if (!col.activities.includes(activity)) col.activities.push(activity);
      a.states[info.key] = (a.states[info.key] ?? 0) + s;
      if (isLoggedIn(info.family)) a.loggedIn += s;
      if (info.family === "notready") a.notReady += s;
      if (info.family === "busy") a.busy += s;
      if (info.family === "acw") a.acw += s;
      if (info.family === "ready") a.ready += s;
    }
    for (const [code, s] of Object.entries(r.reasonSeconds)) {
      if (!reasons.has(code)) {
        const info = vocab.reason(code);
        reasons.set(code, { code, label: info.label, category: info.category });
      }
      a.reasons[code] = (a.reasons[code] ?? 0) + s;
    }
  }
  const teams = new Map<string | null, { team: string | null; totals: Totals; agents: number }>();
  const floor = empty();
  for (const a of agents.values()) {
    let t = teams.get(a.team);
    if (!t) teams.set(a.team, (t = { team: a.team, totals: empty(), agents: 0 }));
    add(t.totals, a);
    t.agents++;
    add(floor, a);
  }
  const configured = Object.keys(vocab.labels.reasons);
  const place = (code: string) => (configured.includes(code) ? configured.indexOf(code) : configured.length);
  const teamPlace = (t: string | null) => (t === null ? Infinity : teamOrder.includes(t) ? teamOrder.indexOf(t) : teamOrder.length);
  return {
    states: [...states.values()].sort((x, y) => familyRank(x.family) - familyRank(y.family) || compareText(x.label, y.label)),
    reasons: [...reasons.values()].sort((x, y) => place(x.code) - place(y.code) || compareCodes(x.code, y.code)),
    agents: [...agents.values()],
    teams: [...teams.values()].sort((x, y) => teamPlace(x.team) - teamPlace(y.team) || compareText(x.team ?? "", y.team ?? "")),
    floor,
  };
}

/** The ratios, each with the formula shown on hover and in the docs; null where the denominator is 0. */
export const RATIOS = {
  notReadyShare: { label: "Not ready", formula: "not ready ÷ logged in" },
  occupancy: { label: "Occupancy", formula: "(on a call + after-call work) ÷ (on a call + after-call work + ready)" },
} as const;

export function ratios(t: Totals): { notReadyShare: number | null; occupancy: number | null } {
  const worked = t.busy + t.acw;
  return {
    notReadyShare: t.loggedIn > 0 ? t.notReady / t.loggedIn : null,
    occupancy: worked + t.ready > 0 ? worked / (worked + t.ready) : null,
  };
}

/** A state's share of logged-in time (formula: time in the state ÷ logged in); null for logged out or nothing logged in. */
export function stateShare(t: Totals, col: StateColumn): number | null {
  if (col.family === "offline" || t.loggedIn === 0) return null;
  return (t.states[col.key] ?? 0) / t.loggedIn;
}

export interface IntervalPoint {
  start: number;
  end: number;
  /** State column key → agents in it on average over the interval (time-weighted). */
  agents: Record<string, number>;
  /** Agents whose state is not known, on average. */
  unknown: number;
}

/** The floor through the window: for each interval, how many agents were in each state on average (seconds in it ÷ the interval's length). */
export function intervalSeries(vocab: Vocabulary, rows: readonly TimeInStateRow[]): IntervalPoint[] {
  const points = new Map<string, IntervalPoint>();
  for (const r of rows) {
    let p = points.get(r.start);
    if (!p) points.set(r.start, (p = { start: Date.parse(r.start), end: Date.parse(r.end), agents: {}, unknown: 0 }));
    const length = (p.end - p.start) / 1000;
    if (length <= 0) continue;
    for (const [activity, s] of Object.entries(r.seconds)) {
      const key = vocab.state(activity).key;
      p.agents[key] = (p.agents[key] ?? 0) + s / length;
    }
    p.unknown += r.unknownSeconds / length;
  }
  return [...points.values()].sort((a, b) => a.start - b.start);
}

/** The table as shown, as CSV: one line per agent, then team subtotals and the floor; durations in h:mm and in seconds. */
export function tableCsv(s: ReportSummary, agents: readonly AgentTotals[], facts: readonly TimeInStateAgent[] = []): string {
  const head = ["Name", "Agent ID", "Team", "Logged in", "Logged in (s)", ...s.states.flatMap((c) => [c.label, `${c.label} (s)`]), ...s.reasons.flatMap((r) => [`Not ready: ${r.label}`, `Not ready: ${r.label} (s)`]), "Not ready share", "Occupancy", "Changes", "First login (UTC)", "Last logout (UTC)", "Longest not ready (s)", "Unknown (s)"];
  const byId = new Map(facts.map((f) => [f.agentId, f]));
  // A team's or the floor's: the earliest login, the latest logout, the longest stretch.
  const of = (ids: readonly string[]) => {
    const fs = ids.map((id) => byId.get(id)).filter((f): f is TimeInStateAgent => f !== undefined);
    const logins = fs.map((f) => f.firstLogin).filter((x): x is string => x !== null).sort();
    const logouts = fs.map((f) => f.lastLogout).filter((x): x is string => x !== null).sort();
    const longest = Math.max(0, ...fs.map((f) => f.longestNotReady?.seconds ?? 0));
    return [logins[0] ?? "", logouts.at(-1) ?? "", fs.some((f) => f.longestNotReady) ? String(longest) : ""];
  };
  const line = (name: string, id: string, team: string, t: Totals, ids: readonly string[]) => {
    const r = ratios(t);
    return [
      name,
      id,
      team,
      hmm(t.loggedIn),
      String(t.loggedIn),
      ...s.states.flatMap((c) => [hmm(t.states[c.key] ?? 0), String(t.states[c.key] ?? 0)]),
      ...s.reasons.flatMap((x) => [hmm(t.reasons[x.code] ?? 0), String(t.reasons[x.code] ?? 0)]),
      r.notReadyShare === null ? "" : r.notReadyShare.toFixed(4),
      r.occupancy === null ? "" : r.occupancy.toFixed(4),
      String(t.changes),
      ...of(ids),
      String(t.unknown),
    ];
  };
  const lines = [head, ...agents.map((a) => line(a.name ?? a.agentId, a.agentId, a.team ?? "", a, [a.agentId]))];
  // As the table: team subtotals when there is more than one team.
  if (s.teams.length > 1) for (const t of s.teams) lines.push(line(`Team total: ${t.team ?? "No team"}`, "", t.team ?? "", t.totals, s.agents.filter((a) => a.team === t.team).map((a) => a.agentId)));
  lines.push(line("Floor total", "", "", s.floor, s.agents.map((a) => a.agentId)));
  return csvDocument(lines);
}

/** `h:mm` (hours may pass 24): 0:07, 3:45, 41:02. Seconds are rounded down to the minute. */
export function hmm(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

