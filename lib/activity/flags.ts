import type { FlagRules } from "@/lib/states/flag-rules";
import type { ReasonCategory } from "@/lib/states/labels";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { startOfDay } from "@/lib/time/zone";
import type { ScheduleRow } from "./schedule";
import type { Interval, Segment } from "./timeline";
import { compareText } from "@/lib/states/collate";
import { spanText } from "@/lib/time/span";

/**
 * Behaviour flags: patterns in an agent's timeline a supervisor wants to hear about, judged from
 * the very segments the drill-down draws. Each flag is one occurrence: raised once when its rule
 * is first met, cleared by itself when it no longer holds. Pure: the live answer (memory) and the
 * window's answer (store, Kore.ai) both come from here, so they agree.
 *
 * - `rapid_toggle`: at least `changes` changes between ready and not ready within `withinMs`.
 *   Raised at the change that makes it so; cleared once fewer than `changes` fall in the window.
 * - `long_acw`: after-call work longer than the team's `percentile`th percentile of the day: the
 *   team's after-call stretches that ended, that day (the floor's zone), before this one began
 *   (nearest rank), once there are `minSamples` of them. Raised when it passes that figure; cleared
 *   when it ends. Judged against what was known when it began, so a flag never disappears later.
 * - `slow_start`: from the shift's first login to the first ready longer than `afterMs`. Raised at
 *   login + `afterMs`; cleared at the first ready (or the logout).
 * - `reason_overuse`: a reason code (those in `reasons`, or of the `categories`) begun more than
 *   `max` times in a shift. Raised when the use over `max` begins; cleared when the shift ends.
 *
 * A shift is a scheduled span (adjacent rows other than `off`) when there is one, else the day in
 * the floor's zone; time outside any scheduled span belongs to the day.
 */

export const FLAG_RULES = ["rapid_toggle", "long_acw", "slow_start", "reason_overuse"] as const;
export type FlagRule = (typeof FLAG_RULES)[number];

export interface Flag {
  rule: FlagRule;
  /** The stretch of the timeline it is about (end null: still going). */
  start: number;
  end: number | null;
  /** When the rule was met. */
  raisedAt: number;
  /** When it stopped holding; null: it still does. */
  clearedAt: number | null;
  /** The reason code used too often (`reason_overuse`). */
  reasonCode: string | null;
  /** Changes (`rapid_toggle`) or uses (`reason_overuse`) counted. */
  count: number | null;
  /** The figure passed, ms: the window, the team's percentile, the slow-start limit. */
  limitMs: number | null;
  /** The limit as a number: `changes`, `max`, or the percentile (`long_acw`). */
  limit: number | null;
}

/** The next instant after `now` at which time alone raises or clears a flag (new events aside). */
export interface NextChange {
  at: number;
}

const soon = (next: NextChange | undefined, at: number, now: number) => {
  if (next && at > now && at < next.at) next.at = at;
};

/** A completed after-call stretch, for the team's baseline. */
export interface AcwSample {
  start: number;
  end: number;
}

/** An agent's after-call-work stretches (adjacent after-call segments are one). */
export function acwStretches(vocab: Vocabulary, segments: readonly Segment[]): { start: number; end: number | null }[] {
  const out: { start: number; end: number | null }[] = [];
  for (const s of segments) {
    if (vocab.state(s.activity).family !== "acw") continue;
    const last = out.at(-1);
    if (last && last.end === s.start) last.end = s.end;
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The longest after-call stretch told apart (6 h, in whole seconds); longer ones count as that long. */
const LONGEST_S = 6 * 3_600;

/**
 * One team's after-call baseline for one day: the `percentile`th percentile (nearest rank) of the
 * durations of the stretches that ended at or before an instant, once there are `minSamples`.
 * Built by adding stretches in order of their end (a poll's new ones are added to it as they come).
 */
class AcwDay {
  private readonly tree = new Int32Array(LONGEST_S + 2);
  private readonly ends: number[] = [];
  private readonly values: (number | null)[] = [];
  private n = 0;
  private readonly top: number;

  constructor(private readonly rule: NonNullable<FlagRules["longAcw"]>) {
    let bit = 1;
    while (bit * 2 <= LONGEST_S + 1) bit *= 2;
    this.top = bit;
  }

  /** Adds stretches sorted by end; false (nothing added) when one ended before the last added: build the day again. */
  add(samples: readonly AcwSample[]): boolean {
    if (samples.length > 0 && this.ends.length > 0 && samples[0]!.end < this.ends.at(-1)!) return false;
    samples.forEach((s, i) => {
      const sec = Math.min(LONGEST_S, Math.max(0, Math.round((s.end - s.start) / 1000)));
      for (let k = sec + 1; k <= LONGEST_S + 1; k += k & -k) this.tree[k]!++;
      this.n++;
      if (samples[i + 1]?.end === s.end) return; // the same instant: one entry after all of them
      const value = this.n < this.rule.minSamples ? null : this.kth(Math.max(1, Math.ceil((this.rule.percentile / 100) * this.n))) * 1000;
      if (this.ends.at(-1) === s.end) this.values[this.values.length - 1] = value;
      else {
        this.ends.push(s.end);
        this.values.push(value);
      }
    });
    return true;
  }

  /** The smallest duration (s) with at least `rank` stretches at or below it. */
  private kth(rank: number): number {
    let pos = 0;
    let rest = rank;
    for (let step = this.top; step > 0; step >>= 1) {
      if (pos + step <= LONGEST_S + 1 && this.tree[pos + step]! < rest) {
        pos += step;
        rest -= this.tree[pos]!;
      }
    }
    return pos;
  }

  /** The baseline at `at` (ms), or null while fewer than `minSamples` stretches had ended. */
  at(at: number): number | null {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : this.values[lo - 1]!;
  }
}

/**
 * A team's baseline for after-call work: `at` → the `percentile`th percentile (nearest rank) of
 * the durations of the stretches that began on `at`'s day (in `zone`) and ended at or before
 * `at`; null while fewer than `minSamples`. Whole seconds. A poll's new stretches are added to it.
 */
export class TeamAcw {
  private readonly days = new Map<number, AcwDay>();
  private readonly dayOf: (t: number) => number;

  constructor(
    private readonly rule: NonNullable<FlagRules["longAcw"]>,
    zone: string,
  ) {
    this.dayOf = zoneDays(zone);
  }

  /** Adds stretches; false when one ended before what its day already holds (then build a new one with all of them). */
  add(samples: readonly AcwSample[]): boolean {
    const byDay = new Map<number, AcwSample[]>();
    for (const s of samples) {
      const d = this.dayOf(s.start);
      const list = byDay.get(d);
      if (list) list.push(s);
      else byDay.set(d, [s]);
    }
    let ok = true;
    for (const [d, list] of byDay) {
      list.sort((a, b) => a.end - b.end);
      let day = this.days.get(d);
      if (!day) this.days.set(d, (day = new AcwDay(this.rule)));
      ok = day.add(list) && ok;
    }
    return ok;
  }

  at(at: number): number | null {
    return this.days.get(this.dayOf(at))?.at(at) ?? null;
  }
}

/** The baseline of `samples` at once (a window's answer). */
export function acwBaseline(samples: readonly AcwSample[], rule: NonNullable<FlagRules["longAcw"]>, zone: string): (at: number) => number | null {
  const team = new TeamAcw(rule, zone);
  team.add(samples);
  return (at) => team.at(at);
}

/** `t` → the start of its day in `zone`, remembered per quarter hour (every zone's offset is a whole number of them). */
function zoneDays(zone: string): (t: number) => number {
  const known = new Map<number, number>();
  return (t) => {
    const q = Math.floor(t / 900_000);
    let d = known.get(q);
    if (d === undefined) known.set(q, (d = startOfDay(t, zone)));
    return d;
  };
}

/**
 * Where each shift begins in [from, to): the start of every scheduled span (adjacent rows other than
 * `off`), and every midnight of `zone` that no span holds. The shift holding `from` first.
 */
export function shiftStarts(rows: readonly ScheduleRow[], from: number, to: number, zone: string): number[] {
  const spans: Interval[] = [];
  for (const r of [...rows].sort((a, b) => a.start - b.start)) {
    if (r.activity === "off") continue;
    const last = spans.at(-1);
    if (last && last.end >= r.start) last.end = Math.max(last.end, r.end);
    else spans.push({ start: r.start, end: r.end });
  }
  const held = (t: number) => spans.some((s) => s.start <= t && t < s.end);
  const starts = new Set<number>();
  const holding = spans.find((s) => s.start <= from && from < s.end);
  starts.add(holding ? holding.start : startOfDay(from, zone));
  if (!holding) {
    // Between spans: the day's shift, unless a span ended since midnight (then from its end).
    const ended = spans.filter((s) => s.end <= from && s.end > startOfDay(from, zone)).at(-1);
    if (ended) starts.add(ended.end);
  }
  for (const s of spans) if (s.start > from && s.start < to) starts.add(s.start);
  for (let d = startOfDay(from, zone, 1); d < to; d = startOfDay(d, zone, 1)) if (!held(d)) starts.add(d);
  for (const s of spans) if (s.end > from && s.end < to && !held(s.end)) starts.add(s.end);
  const sorted = [...starts].sort((a, b) => a - b);
  // The first one is the shift holding `from`: drop any before it.
  const first = sorted.filter((t) => t <= from).at(-1)!;
  return sorted.filter((t) => t >= first);
}

/** Rapid toggling: changes between ready and not ready, and the stretches where `changes` fall within `withinMs`. */
function rapidToggles(vocab: Vocabulary, rule: NonNullable<FlagRules["rapidToggle"]>, segments: readonly Segment[], now: number, next?: NextChange): Flag[] {
  const side = (s: Segment) => {
    const f = vocab.state(s.activity).family;
    return f === "ready" ? "ready" : f === "notready" ? "notready" : null;
  };
  const changes: number[] = [];
  for (let i = 1; i < segments.length; i++) {
    const a = segments[i - 1]!;
    const b = segments[i]!;
    const from = side(a);
    const to = side(b);
    if (a.end === b.start && from !== null && to !== null && from !== to) changes.push(b.start);
  }
  const out: Flag[] = [];
  let open: { first: number; firstIndex: number; raisedAt: number; last: number; until: number; count: number } | null = null;
  const close = () => {
    if (!open) return;
    soon(next, open.until, now);
    out.push({ rule: "rapid_toggle", start: open.first, end: open.last, raisedAt: open.raisedAt, clearedAt: open.until <= now ? open.until : null, reasonCode: null, count: open.count, limitMs: rule.withinMs, limit: rule.changes });
    open = null;
  };
  const n = rule.changes;
  for (let j = n - 1; j < changes.length; j++) {
    const t = changes[j]!;
    const oldest = changes[j - n + 1]!;
    if (t - oldest >= rule.withinMs) continue;
    const until = oldest + rule.withinMs;
    if (open && t < open.until) {
      open.until = Math.max(open.until, until);
      open.last = t;
      open.count = j - open.firstIndex + 1;
    } else {
      close();
      open = { first: oldest, firstIndex: j - n + 1, raisedAt: t, last: t, until, count: n };
    }
  }
  close();
  return out.filter((f) => f.raisedAt <= now);
}

/** After-call work longer than the team's baseline when it began. */
function longAcw(vocab: Vocabulary, rule: NonNullable<FlagRules["longAcw"]>, segments: readonly Segment[], baseline: (at: number) => number | null, now: number, next?: NextChange): Flag[] {
  const out: Flag[] = [];
  for (const s of acwStretches(vocab, segments)) {
    const limit = baseline(s.start);
    if (limit === null) continue;
    const length = (s.end ?? now) - s.start;
    if (length <= limit) {
      if (s.end === null) soon(next, s.start + limit + 1, now);
      continue;
    }
    out.push({ rule: "long_acw", start: s.start, end: s.end, raisedAt: s.start + limit, clearedAt: s.end, reasonCode: null, count: null, limitMs: limit, limit: rule.percentile });
  }
  return out;
}

/** Which shift (index into `starts`) holds `t`; -1 before the first. */
function shiftIndex(starts: readonly number[], t: number): number {
  let i = -1;
  while (i + 1 < starts.length && starts[i + 1]! <= t) i++;
  return i;
}

/** Slow start: each shift's first login (from logged out or unknown) to the first ready. */
function slowStarts(vocab: Vocabulary, rule: NonNullable<FlagRules["slowStart"]>, segments: readonly Segment[], starts: readonly number[], now: number, next?: NextChange): Flag[] {
  const out: Flag[] = [];
  const on = (s: Segment) => vocab.loggedIn(s.activity);
  const judged = new Set<number>();
  segments.forEach((s, i) => {
    if (!on(s)) return;
    const prev = segments[i - 1];
    const loggedIn = !prev || prev.end !== s.start || !on(prev);
    if (!loggedIn) return;
    const shift = shiftIndex(starts, s.start);
    if (shift < 0 || judged.has(shift)) return;
    judged.add(shift);
    // The first ready, or the logout, after it (or where what is known ends).
    let end: number | null = null;
    for (let k = i; k < segments.length; k++) {
      const x = segments[k]!;
      const p = segments[k - 1]!;
      if (k > i && (p.end !== x.start || !on(x))) {
        end = p.end;
        break;
      }
      if (vocab.state(x.activity).family === "ready") {
        end = x.start;
        break;
      }
      if (k === segments.length - 1) end = x.end;
    }
    const length = (end ?? now) - s.start;
    if (length <= rule.afterMs) {
      if (end === null) soon(next, s.start + rule.afterMs + 1, now);
      return;
    }
    out.push({ rule: "slow_start", start: s.start, end, raisedAt: s.start + rule.afterMs, clearedAt: end, reasonCode: null, count: null, limitMs: rule.afterMs, limit: null });
  });
  return out;
}

/** A reason begun more than `max` times in a shift. */
function reasonOveruse(vocab: Vocabulary, rule: NonNullable<FlagRules["reasonUse"]>, segments: readonly Segment[], starts: readonly number[], now: number, next?: NextChange): Flag[] {
  const watched = (code: string) => (rule.reasons !== null && rule.reasons.includes(code)) || rule.categories.includes(vocab.reason(code).category as ReasonCategory);
  // Uses per (shift, code): each run of not ready with that code.
  const uses = new Map<string, { shift: number; code: string; runs: { start: number; end: number | null }[] }>();
  for (const s of segments) {
    if (s.reasonCode === null || vocab.state(s.activity).family !== "notready" || !watched(s.reasonCode)) continue;
    const shift = shiftIndex(starts, s.start);
    if (shift < 0) continue;
    const key = `${shift}\u0000${s.reasonCode}`;
    let u = uses.get(key);
    if (!u) uses.set(key, (u = { shift, code: s.reasonCode, runs: [] }));
    const last = u.runs.at(-1);
    // The same code straight after itself (another not-ready activity) is the same use.
    if (last && last.end === s.start) last.end = s.end;
    else u.runs.push({ start: s.start, end: s.end });
  }
  const out: Flag[] = [];
  for (const u of uses.values()) {
    if (u.runs.length <= rule.max) continue;
    const shiftEnd = starts[u.shift + 1] ?? null;
    const over = u.runs[rule.max]!;
    if (shiftEnd !== null) soon(next, shiftEnd, now);
    out.push({
      rule: "reason_overuse",
      start: u.runs[0]!.start,
      end: u.runs.at(-1)!.end,
      raisedAt: over.start,
      clearedAt: shiftEnd !== null && shiftEnd <= now ? shiftEnd : null,
      reasonCode: u.code,
      count: u.runs.length,
      limitMs: null,
      limit: rule.max,
    });
  }
  return out;
}

/**
 * An agent's flags raised in [from, to) (up to `now`), oldest first. `segments` sorted, from
 * `flagsReadFrom` or earlier; `starts` from `shiftStarts` over the same span; `baseline` from
 * `acwBaseline` over the agent's team. `next`, when given, is brought down to the next instant
 * time alone changes the answer (a flag raised or cleared without a new event).
 */
export function detectFlags(
  vocab: Vocabulary,
  rules: FlagRules,
  segments: readonly Segment[],
  starts: readonly number[],
  baseline: ((at: number) => number | null) | null,
  from: number,
  to: number,
  now: number,
  next?: NextChange,
): Flag[] {
  const all = [
    ...(rules.rapidToggle ? rapidToggles(vocab, rules.rapidToggle, segments, now, next) : []),
    ...(rules.longAcw && baseline ? longAcw(vocab, rules.longAcw, segments, baseline, now, next) : []),
    ...(rules.slowStart ? slowStarts(vocab, rules.slowStart, segments, starts, now, next) : []),
    ...(rules.reasonUse ? reasonOveruse(vocab, rules.reasonUse, segments, starts, now, next) : []),
  ];
  return all.filter((f) => f.raisedAt >= from && f.raisedAt < to && f.raisedAt <= now).sort((a, b) => a.raisedAt - b.raisedAt || compareText(a.rule, b.rule));
}

/** Where segments must start for `detectFlags` over a window from `from`: its shift's start, less the rapid-toggle window. */
export function flagsReadFrom(rules: FlagRules, shiftStart: number, from: number): number {
  return Math.min(shiftStart, from) - (rules.rapidToggle?.withinMs ?? 0);
}

/** A flag's why says the seconds under an hour ("3 min 20 s"), by the one rule (lib/time/span.ts). */
const clock = (ms: number) => spanText(ms, { seconds: true });

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`;

/** The flag's rule, as a supervisor says it. */
export const FLAG_NAMES: Readonly<Record<FlagRule, string>> = {
  rapid_toggle: "Rapid toggling",
  long_acw: "Long after-call work",
  slow_start: "Slow start",
  reason_overuse: "Reason used often",
};

/** Why the flag was raised, in a sentence (the API's `why`, the drill-down's list, an alert's text); the same from raised to cleared. */
export function flagWhy(vocab: Vocabulary, f: Flag): string {
  switch (f.rule) {
    case "rapid_toggle":
      return `${f.count} changes between ready and not ready within ${clock(f.limitMs!)} (flagged at ${f.limit}).`;
    case "long_acw":
      return `${f.end === null ? "After-call work still going" : `After-call work of ${clock(f.end - f.start)}`}, longer than the team's ${ordinal(f.limit!)} percentile of the day (${clock(f.limitMs!)}).`;
    case "slow_start":
      return f.end === null ? `No ready yet, more than ${clock(f.limitMs!)} after login.` : `${clock(f.end - f.start)} from login to the first ready (flagged after ${clock(f.limitMs!)}).`;
    case "reason_overuse":
      return `${vocab.reason(f.reasonCode!).label} begun ${f.count} times this shift (flagged over ${f.limit}).`;
  }
}
