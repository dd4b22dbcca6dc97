import type { ReasonCategory } from "@/lib/states/labels";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { adherenceReadFrom } from "./adherence";
import type { ScheduleRow } from "./schedule";
import type { Segment } from "./timeline";

/**
 * Break budgets: how much of each reason category (break, lunch, …) an agent has used in the
 * current shift. A shift is the scheduled span (adjacent rows other than `off`) holding now, or
 * the last one that began today; without a schedule, the agent's day in the floor's zone (time
 * not ready only accrues while logged in, so that is the logged-in span of the day). Pure.
 */

/** Time not ready with a reason of each category over [from, until), ms (the still-going segment up to `until`). */
export function categoryTime(vocab: Vocabulary, segments: readonly Segment[], from: number, until: number): Partial<Record<ReasonCategory, number>> {
  const out: Partial<Record<ReasonCategory, number>> = {};
  for (const s of segments) {
    if (s.reasonCode === null || vocab.state(s.activity).family !== "notready") continue;
    const category = vocab.reason(s.reasonCode).category;
    if (category === null) continue;
    const ms = Math.min(s.end ?? until, until) - Math.max(s.start, from);
    if (ms > 0) out[category] = (out[category] ?? 0) + ms;
  }
  return out;
}

/** The category the agent is in at the end of `segments` (the one still going), if any. */
export function runningCategory(vocab: Vocabulary, segments: readonly Segment[]): ReasonCategory | null {
  const last = segments.at(-1);
  if (!last || last.end !== null || last.reasonCode === null || vocab.state(last.activity).family !== "notready") return null;
  return vocab.reason(last.reasonCode).category;
}

/**
 * Where the shift that budgets count from began: the scheduled shift holding `at`; else the last
 * scheduled shift that began on `dayStart`'s day before `at`; else `dayStart` (no schedule today).
 * `rows` sorted by start.
 */
export function shiftStart(rows: readonly ScheduleRow[], at: number, dayStart: number): number {
  const holding = rows.find((r) => r.start <= at && at < r.end && r.activity !== "off");
  if (holding) return adherenceReadFrom(rows, at);
  const earlier = rows.filter((r) => r.activity !== "off" && r.start >= dayStart && r.end <= at);
  const last = earlier.at(-1);
  return last ? adherenceReadFrom(rows, last.end - 1) : dayStart;
}

/**
 * An agent's break budgets as counted at one moment (`counted`): seconds used per category, the
 * seconds allowed, and the category running then, which keeps growing. The shape of
 * `/api/breaks/live`'s agents (`AgentBreaks`), as this layer sees it.
 */
export interface BudgetAccount {
  used: Readonly<Record<string, number>>;
  allowed: Readonly<Record<string, number>>;
  running: string | null;
  /** ISO-8601: when `used` was counted. */
  counted: string;
}

/**
 * Seconds used per category at `now`: the running category grown by the whole seconds since it
 * was counted. The one rule for the grid's figure, the alert's and the live answer's: a second
 * is counted once it has passed (never rounded up), so nothing is over before the grid says so.
 */
export function usedAt(b: BudgetAccount, now: number): Record<string, number> {
  if (!b.running) return { ...b.used };
  const grown = Math.max(0, Math.floor((now - Date.parse(b.counted)) / 1000));
  return { ...b.used, [b.running]: (b.used[b.running] ?? 0) + grown };
}

/** Over a budget: more used than allowed (exactly the budget is within it). */
export const overAllowed = (usedSeconds: number, allowedSeconds: number) => usedSeconds > allowedSeconds;

/** Categories over their budget at `now`, with used and allowed seconds. */
export function overBudget(b: BudgetAccount, now: number): { category: string; used: number; allowed: number }[] {
  const used = usedAt(b, now);
  return Object.entries(b.allowed).flatMap(([category, allowed]) => (overAllowed(used[category] ?? 0, allowed) ? [{ category, used: used[category]!, allowed }] : []));
}

/** The moment the running category passes its budget by `usedAt`'s count (null: nothing running, or no budget for it). */
export function overFrom(b: BudgetAccount): number | null {
  const allowed = b.running ? b.allowed[b.running] : undefined;
  if (!b.running || allowed === undefined) return null;
  return Date.parse(b.counted) + Math.max(0, allowed - (b.used[b.running] ?? 0) + 1) * 1000;
}

/** A team over its cap: more on the category at once than the cap (exactly the cap is within it). */
export const overCap = (c: { count: number; cap: number }) => c.count > c.cap;
