import type { IntradayAnswer, IntradayRow } from "@/lib/api-types";
import { csvDocument } from "@/lib/csv";

/**
 * The intraday page's arithmetic, apart from React: how short an interval is against the page's
 * thresholds, the day's shrinkage planned beside actual by category, the table as CSV.
 */

/** How far below what was needed (`diff`) an interval may go before it is coloured: amber at `warn`, red at `alert` (agents, ≥ 0). */
export interface DiffThresholds {
  warn: number;
  alert: number;
}

export const DEFAULT_DIFF_THRESHOLDS: DiffThresholds = { warn: 1, alert: 3 };

export type DiffLevel = "ok" | "warn" | "alert" | "none";

/** Heads as the intraday screens say them: one decimal at most, "—" for what is not known. */
export const heads = (n: number | null) => (n === null ? "—" : (Math.round(n * 10) / 10).toLocaleString(undefined, { maximumFractionDigits: 1 }));

/** A difference in heads with its sign ("+2", "−1.5", "0"). */
export const signedHeads = (n: number | null) => (n === null ? "—" : `${n > 0 ? "+" : n < 0 ? "−" : ""}${heads(Math.abs(n))}`);

/** An interval's colour: `none` after now (nothing happened yet), `alert` at `diff ≤ −alert`, `warn` at `diff ≤ −warn`. */
export function diffLevel(diff: number | null, t: DiffThresholds): DiffLevel {
  if (diff === null) return "none";
  if (diff <= -t.alert) return "alert";
  if (diff <= -t.warn) return "warn";
  return "ok";
}

/** Thresholds from the address (`warn`, `alert`): non-negative numbers, alert at least warn; the defaults otherwise. */
export function readThresholds(params: URLSearchParams): DiffThresholds {
  const num = (name: string, fallback: number) => {
    const v = Number(params.get(name));
    return params.has(name) && Number.isFinite(v) && v >= 0 && v <= 10_000 ? v : fallback;
  };
  const warn = num("warn", DEFAULT_DIFF_THRESHOLDS.warn);
  return { warn, alert: Math.max(warn, num("alert", DEFAULT_DIFF_THRESHOLDS.alert)) };
}

export interface ShrinkageLine {
  category: string;
  /** Seconds scheduled as the category, in the intervals up to now (so that it compares with actual). */
  planned: number;
  /** Seconds actually spent (not ready by category; `logged_out` in scheduled work). */
  actual: number;
  /** Seconds scheduled as it over the whole day. */
  plannedDay: number;
}

/** The day's shrinkage by category, planned beside actual: the largest first. */
export function shrinkageLines(rows: readonly IntradayRow[]): ShrinkageLine[] {
  const lines = new Map<string, ShrinkageLine>();
  const line = (category: string) => {
    let l = lines.get(category);
    if (!l) lines.set(category, (l = { category, planned: 0, actual: 0, plannedDay: 0 }));
    return l;
  };
  for (const r of rows) {
    const happened = r.actualOpen !== null;
    for (const [c, s] of Object.entries(r.plannedShrinkage)) {
      line(c).plannedDay += s;
      if (happened) line(c).planned += s;
    }
    for (const [c, s] of Object.entries(r.actualShrinkage)) line(c).actual += s;
  }
  return [...lines.values()].sort((a, b) => Math.max(b.planned, b.actual) - Math.max(a.planned, a.actual) || a.category.localeCompare(b.category));
}

/** Shrinkage category names as a person reads them. */
export const categoryLabel = (c: string) => (c === "logged_out" ? "Logged out in scheduled work" : c === "other" ? "Not ready, no reason" : c.replace(/_/g, " ").replace(/^./, (x) => x.toUpperCase()));

/** The interval holding now, else null (a past or future day). */
export const liveRow = (a: IntradayAnswer) => a.rows.find((r) => r.live) ?? null;

/** The table as CSV: one line per interval, shrinkage by category in seconds, in the file's own columns. */
export function intradayCsv(a: IntradayAnswer, wall: (ms: number) => string): string {
  const categories = [...new Set(a.rows.flatMap((r) => [...Object.keys(r.plannedShrinkage), ...Object.keys(r.actualShrinkage)]))].sort();
  const head = ["interval_start", "interval_end", "local_start", "scheduled_open", "actual_open", "required", "diff", "conformance", "unknown_seconds", ...categories.map((c) => `planned_${c}_seconds`), ...categories.map((c) => `actual_${c}_seconds`)];
  const num = (n: number | null) => (n === null ? "" : String(n));
  const lines = a.rows.map((r) => [
    r.start,
    r.end,
    wall(Date.parse(r.start)),
    num(r.scheduledOpen),
    num(r.actualOpen),
    num(r.required),
    num(r.diff),
    num(r.conformance),
    String(r.unknownSeconds),
    ...categories.map((c) => String(r.plannedShrinkage[c] ?? 0)),
    ...categories.map((c) => String(r.actualShrinkage[c] ?? 0)),
  ]);
  return csvDocument([head, ...lines]);
}

/** What the intraday page shows, as its address keeps it: a day (empty: today), a zone (empty: the browser's), an interval, a team, the thresholds. */
export interface IntradayView {
  date: string;
  tz: string;
  interval: "15m" | "30m" | "1h";
  team: string;
  thresholds: DiffThresholds;
}

const INTERVALS = ["15m", "30m", "1h"] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readIntradayView(query: string): IntradayView {
  const p = new URLSearchParams(query);
  const interval = p.get("interval");
  const date = p.get("date") ?? "";
  return {
    date: DATE.test(date) ? date : "",
    tz: p.get("tz") ?? "",
    interval: (INTERVALS as readonly string[]).includes(interval ?? "") ? (interval as IntradayView["interval"]) : "15m",
    team: p.get("team") ?? "",
    thresholds: readThresholds(p),
  };
}

export function intradayViewQuery(v: IntradayView): string {
  const p = new URLSearchParams();
  if (v.date) p.set("date", v.date);
  if (v.tz) p.set("tz", v.tz);
  if (v.interval !== "15m") p.set("interval", v.interval);
  if (v.team) p.set("team", v.team);
  if (v.thresholds.warn !== DEFAULT_DIFF_THRESHOLDS.warn) p.set("warn", String(v.thresholds.warn));
  if (v.thresholds.alert !== DEFAULT_DIFF_THRESHOLDS.alert) p.set("alert", String(v.thresholds.alert));
  return p.toString();
}

/** The calendar day `at` falls on in `zone`, as YYYY-MM-DD. */
export function dayIn(at: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const get = (t: string) => parts.find((x) => x.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}
