import type { Vocabulary } from "@/lib/states/vocabulary";
import type { ScheduledActivity, ScheduleRow } from "./schedule";
import type { Segment } from "./timeline";
import { isLoggedIn } from "@/lib/states/family";

/**
 * Schedule adherence: for each scheduled second, was the agent doing what the schedule says?
 * - `work` is kept when the agent is in a working state (ready, on a call, after-call work: the
 *   families or activities in `rules.work`);
 * - a category (`break`, `lunch`, …) is kept when the agent is not ready with a reason code of
 *   that category (the labels config's);
 * - `off` is kept when the agent is logged out or has no activity.
 * Time with no known state (before the first event, a stretch of the feed not read) is unknown
 * and counts neither way. Time on the floor outside any scheduled row is `unscheduled`: reported,
 * never counted in the %.
 *
 * A supervisor's adjustments (`Adjustment`) change how a span counts: `excused` time out of
 * adherence counts as adherent (an approved early leave, a frozen screen), `neutral` time leaves
 * scheduled and adherent alike (a system outage), as unknown time does. Unknown stays unknown under
 * either; where both cover a second, neutral decides. So, the one formula:
 * adherence % = (adherent + excused) ÷ (scheduled − unknown − neutral).
 *
 * A stretch out of adherence at least its grace long (`graceOf`: the scheduled activity's, else
 * `rules.graceMs`) is an exception: `late` (scheduled to
 * be on, and not on yet since the shift began), `early_leave` (logged out after having been on in
 * the shift), `wrong_activity` (on, but not doing what is scheduled; or on while scheduled off),
 * `unscheduled`. Pure arithmetic over the drill-down's own segments, so it agrees with the
 * timeline to the second.
 */

/** The adherence exceptions (`/api/adherence`'s `AdherenceExceptionType`, an alert rule's `adherence`). */
export const EXCEPTION_TYPES = ["late", "early_leave", "wrong_activity", "unscheduled"] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

/**
 * How each exception is said, one table for every part: in full (the drill-down, the reports, a
 * digest), short (the grid's column), on a TV tile, and as a sentence (tooltips, an alert's title).
 */
export const EXCEPTIONS: Readonly<Record<ExceptionType, { name: string; short: string; mark: string; phrase: string }>> = {
  late: { name: "Late", short: "Late", mark: "Late", phrase: "Late: scheduled, not logged in yet" },
  early_leave: { name: "Left early", short: "Left early", mark: "Left early", phrase: "Left early: logged out before the shift's end" },
  wrong_activity: { name: "Not as scheduled", short: "Out", mark: "Off schedule", phrase: "Not doing what is scheduled" },
  unscheduled: { name: "Unscheduled", short: "Unscheduled", mark: "Unscheduled", phrase: "On the floor outside the schedule" },
};

const said = (form: "name" | "short" | "mark" | "phrase"): Record<string, string> => Object.fromEntries(EXCEPTION_TYPES.map((t) => [t, EXCEPTIONS[t][form]]));

/** Each exception's name, short form, mark and sentence, by type (from `EXCEPTIONS`). */
export const EXCEPTION_NAMES = said("name");
export const EXCEPTION_SHORT = said("short");
export const EXCEPTION_MARKS = said("mark");
export const EXCEPTION_PHRASES = said("phrase");

export interface AdherenceRules {
  /** Activity keys or families that count as working (default ready, busy, acw). */
  work: ReadonlySet<string>;
  /** A stretch out of adherence shorter than this is not an exception (it still counts in the %). */
  graceMs: number;
  /** The same per scheduled activity (`work`, `off`, a category) where the labels config sets one. */
  graceByActivity?: Readonly<Partial<Record<string, number>>>;
  /** What an exception costs (the labels config's `impact`, in order; the first that matches). */
  impact?: readonly ImpactRule[];
  /** Time in these reasons (by code, or by category) during scheduled time counts as excused or neutral at once, pending a supervisor's review (the labels config's `autoAdjust`). */
  auto?: AutoRules;
}

export const IMPACTS = ["positive", "negative", "neutral"] as const;
export type Impact = (typeof IMPACTS)[number];

/**
 * A line of the impact table: an exception whose scheduled activity and actual state match (each
 * left out: any) has this impact. `actual`: `work` (a working state), `off` (logged out), a reason
 * category, or an activity as sent.
 */
export interface ImpactRule {
  type?: ExceptionType;
  scheduled?: string;
  actual?: string;
  impact: Impact;
}

/** Without a table of its own: working through a scheduled break or lunch helps the floor; a system issue is nobody's fault; the rest costs. */
export const DEFAULT_IMPACT: readonly ImpactRule[] = [
  { scheduled: "break", actual: "work", impact: "positive" },
  { scheduled: "lunch", actual: "work", impact: "positive" },
  { type: "unscheduled", actual: "work", impact: "neutral" },
  { actual: "system", impact: "neutral" },
];

export interface AutoRules {
  reasons: Readonly<Record<string, AdjustmentKind>>;
  categories: Readonly<Record<string, AdjustmentKind>>;
}

/** The grace of a stretch out while `scheduled` was scheduled (null: unscheduled time, the default's). */
export const graceOf = (rules: AdherenceRules, scheduled: string | null): number => (scheduled !== null ? rules.graceByActivity?.[scheduled] : undefined) ?? rules.graceMs;

export const DEFAULT_WORK_STATES = ["ready", "busy", "acw"] as const;

/** How a supervisor's adjustment makes a span count (see above). */
export const ADJUSTMENT_KINDS = ["excused", "neutral"] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** An adjustment as it applies to one agent: [start, end), its id for the exceptions it decides. */
export interface AdjustmentSpan {
  id: string;
  kind: AdjustmentKind;
  start: number;
  end: number;
}

/**
 * An exception's review: `open` until an adjustment covering all of it excuses it or makes it
 * neutral, or a supervisor confirms it stands (`confirmed`: it counts as it is, and leaves the queue).
 */
export type ExceptionReview = "open" | AdjustmentKind | "confirmed";

export interface AdherenceException {
  type: ExceptionType;
  /** What was scheduled (null for unscheduled time). */
  scheduled: ScheduledActivity | null;
  /** What the agent was doing for most of the stretch: the activity as sent, and its reason code. */
  actual: string;
  reasonCode: string | null;
  start: number;
  /** null: still going (it reaches now). */
  end: number | null;
  review: ExceptionReview;
  /** The adjustment that decided the review (null while open); `auto:<reason or category>` for an automatic rule's. */
  adjustment: string | null;
  /** What it cost the floor, by the impact table. */
  impact: Impact;
  /** Decided by an automatic rule and not yet looked at by a supervisor (confirming it settles it). */
  pending: boolean;
}

export interface AdherenceNow {
  scheduled: ScheduledActivity | null;
  /** The activity as sent; null when not known. */
  actual: string | null;
  reasonCode: string | null;
  /** null when the agent's state is not known now, or the time now is neutral; true while out but excused. */
  inAdherence: boolean | null;
  /** Since when the agent has been in (or out of) adherence without a break. */
  since: number;
  /** The adjustment covering now, if any. */
  adjustment: { id: string; kind: AdjustmentKind } | null;
}

export interface AgentAdherence {
  scheduledMs: number;
  adherentMs: number;
  unknownMs: number;
  /** Scheduled time out of adherence that an `excused` adjustment covers: counted as adherent. */
  excusedMs: number;
  /** Scheduled, known time a `neutral` adjustment covers: counted neither way. */
  neutralMs: number;
  /** Out of adherence outside any scheduled time (not counted in the %). */
  unscheduledMs: number;
  /** (adherent + excused) ÷ (scheduled − unknown − neutral), 0–100; null when no scheduled time is judged. */
  percent: number | null;
  /** Now, when the window holds now; else null. */
  current: AdherenceNow | null;
  exceptions: AdherenceException[];
}

/**
 * A group's adherence (a team's, the floor's; over a window or an interval) as seconds added up:
 * its % is its adherent and excused seconds over its judged ones (scheduled minus unknown minus
 * neutral), never an average of its agents' %. The one sum and the one formula, for an agent, the
 * reports page, the digests and anything after them.
 */
export interface AdherenceSums {
  scheduled: number;
  adherent: number;
  unknown: number;
  excused: number;
  neutral: number;
}

export const noAdherence = (): AdherenceSums => ({ scheduled: 0, adherent: 0, unknown: 0, excused: 0, neutral: 0 });

/** Adds an agent's (or an interval's) seconds to `sums` (excused and neutral: 0 when absent). */
export function addAdherence(sums: AdherenceSums, x: { scheduledSeconds: number; adherentSeconds: number; unknownSeconds: number; excusedSeconds?: number; neutralSeconds?: number }): void {
  sums.scheduled += x.scheduledSeconds;
  sums.adherent += x.adherentSeconds;
  sums.unknown += x.unknownSeconds;
  sums.excused += x.excusedSeconds ?? 0;
  sums.neutral += x.neutralSeconds ?? 0;
}

/** (adherent + excused) ÷ (scheduled − unknown − neutral), 0–100 with two decimals; null when nothing scheduled is judged. */
export function sumsPercent(s: AdherenceSums): number | null {
  const judged = s.scheduled - s.unknown - s.neutral;
  return judged > 0 ? Math.round((10_000 * (s.adherent + s.excused)) / judged) / 100 : null;
}

/** The adjustment covering [a, b) whole, neutral before excused (spans may overlap; a piece is never cut by one). */
function coverOf(adjust: readonly AdjustmentSpan[], a: number, b: number): AdjustmentSpan | null {
  let found: AdjustmentSpan | null = null;
  for (const j of adjust) if (j.start <= a && b <= j.end && (found === null || (found.kind === "excused" && j.kind === "neutral"))) found = j;
  return found;
}

type Kind = { on: false } | { on: true; work: boolean; category: string | null };

/** What each state is to adherence, per vocabulary and work rule: asked at every cut of every agent's month. */
const kinds = new WeakMap<Vocabulary, WeakMap<ReadonlySet<string>, Map<string, Map<string, Kind>>>>();

/** The remembered kinds of one vocabulary and work rule: a lookup of two maps a cut. */
function kindTable(vocab: Vocabulary, rules: AdherenceRules): (s: Segment) => Kind {
  let byRule = kinds.get(vocab);
  if (!byRule) kinds.set(vocab, (byRule = new WeakMap()));
  let byActivity = byRule.get(rules.work);
  if (!byActivity) byRule.set(rules.work, (byActivity = new Map()));
  const table = byActivity;
  return (s) => {
    let byReason = table.get(s.activity);
    if (!byReason) table.set(s.activity, (byReason = new Map()));
    const reason = s.reasonCode ?? "\u0000";
    let k = byReason.get(reason);
    if (!k) byReason.set(reason, (k = judgeKind(vocab, rules, s)));
    return k;
  };
}

/** The automatic rule a state falls under (its reason code's first, then its category's), null for none. */
function autoOf(rules: AdherenceRules, seg: Segment | null, kind: Kind | null): AdjustmentSpan | null {
  const auto = rules.auto;
  if (!auto || !seg || !kind?.on || seg.reasonCode === null) return null;
  const byCode = auto.reasons[seg.reasonCode];
  if (byCode) return { id: `auto:${seg.reasonCode}`, kind: byCode, start: -Infinity, end: Infinity };
  const byCategory = kind.category !== null ? auto.categories[kind.category] : undefined;
  return byCategory ? { id: `auto:${kind.category}`, kind: byCategory, start: -Infinity, end: Infinity } : null;
}

/** What a state is, in the impact table's words: `work` or `off`, its category, and the activity as sent. */
function kindWords(seg: Segment, kind: Kind | null): string[] {
  const words = [seg.activity];
  if (!kind?.on) words.push("off");
  else if (kind.work) words.push("work");
  else if (kind.category) words.push(kind.category);
  return words;
}

/** An exception's impact: the first line of the table that matches it. */
export function impactOf(table: readonly ImpactRule[], e: { type: ExceptionType; scheduled: string | null; actualKind: string[] }): Impact {
  for (const r of table) {
    if (r.type !== undefined && r.type !== e.type) continue;
    if (r.scheduled !== undefined && r.scheduled !== e.scheduled) continue;
    if (r.actual !== undefined && !e.actualKind.includes(r.actual)) continue;
    return r.impact;
  }
  return "negative";
}

function judgeKind(vocab: Vocabulary, rules: AdherenceRules, s: Segment): Kind {
  const { family } = vocab.state(s.activity);
  if (!isLoggedIn(family)) return { on: false };
  const work = vocab.isIn(s.activity, rules.work);
  const category = !work && family === "notready" && s.reasonCode !== null ? vocab.reason(s.reasonCode).category : null;
  return { on: true, work, category };
}

const kept = (scheduled: ScheduledActivity, k: Kind) => (scheduled === "off" ? !k.on : k.on && (scheduled === "work" ? k.work : k.category === scheduled));

/**
 * Where an agent's segments must start for `adherence` to tell `late` from `early_leave` in a
 * window from `from`: the start of the shift (the scheduled rows, other than `off`, that follow
 * one another without a gap) that holds `from`. `rows` sorted by start.
 */
export function adherenceReadFrom(rows: readonly ScheduleRow[], from: number): number {
  let start = from;
  let i = rows.findIndex((r) => r.start <= from && from < r.end && r.activity !== "off");
  if (i < 0) return from;
  start = rows[i]!.start;
  while (i > 0 && rows[i - 1]!.end === rows[i]!.start && rows[i - 1]!.activity !== "off") start = rows[--i]!.start;
  return start;
}

/**
 * One agent's adherence over [from, to), counted up to `now` (time after now is not). `rows` are
 * the agent's schedule sorted by start, not overlapping; `segments` its timeline, sorted, from
 * `adherenceReadFrom(rows, from)` or earlier (end null: still going up to now). Whole seconds in,
 * whole seconds out.
 */
export function adherence(vocab: Vocabulary, rules: AdherenceRules, rows: readonly ScheduleRow[], segments: readonly Segment[], from: number, to: number, now: number, adjust: readonly AdjustmentSpan[] = []): AgentAdherence {
  const until = Math.min(to, now);
  const origin = Math.min(from, adherenceReadFrom(rows, from));
  const result: AgentAdherence = { scheduledMs: 0, adherentMs: 0, unknownMs: 0, excusedMs: 0, neutralMs: 0, unscheduledMs: 0, percent: null, current: null, exceptions: [] };
  if (until <= from) return result;
  const kindOf = kindTable(vocab, rules);

  // Each row's shift start: where the run of adjacent rows other than `off` it belongs to begins.
  const shiftStart: number[] = [];
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    shiftStart.push(prev && prev.end === r.start && prev.activity !== "off" && r.activity !== "off" ? shiftStart[i - 1]! : r.start);
  });

  // Every instant where the schedule or the state changes, in order (a typed array sorts by
  // number natively: a month of an agent is thousands of cuts).
  const cuts: number[] = [origin, from, until];
  for (const r of rows) {
    if (r.start > origin && r.start < until) cuts.push(r.start);
    if (r.end > origin && r.end < until) cuts.push(r.end);
  }
  for (const s of segments) {
    if (s.start > origin && s.start < until) cuts.push(s.start);
    const end = s.end ?? until;
    if (end > origin && end < until) cuts.push(end);
  }
  for (const j of adjust) {
    if (j.start > origin && j.start < until) cuts.push(j.start);
    if (j.end > origin && j.end < until) cuts.push(j.end);
  }
  const sorted = Float64Array.from(cuts).sort();
  const points: number[] = [];
  for (const t of sorted) if (points.length === 0 || points[points.length - 1] !== t) points.push(t);

  interface Open {
    type: ExceptionType;
    scheduled: ScheduledActivity | null;
    start: number;
    end: number;
    /** By state: the remembered kind of each (activity, reason) is one object, a key without building a string. */
    byState: Map<Kind, { activity: string; reasonCode: string | null; ms: number; kinds: string[] }>;
    /** The automatic rules that covered its stretches; `manual`: a stretch no rule covered. */
    auto: Map<string, AdjustmentKind>;
    manual: boolean;
  }
  let open: Open | null = null;
  const close = () => {
    if (!open) return;
    const o = open;
    open = null;
    const start = Math.max(o.start, from);
    if (o.end - start < graceOf(rules, o.scheduled) || o.end <= from) return;
    let top = { activity: "", reasonCode: null as string | null, ms: -1, kinds: [] as string[] };
    for (const v of o.byState.values()) if (v.ms > top.ms) top = v;
    // Decided by an adjustment covering all of it (one still going: up to now); else by one automatic rule that covered all of it, pending review.
    const by = coverOf(adjust, start, o.end);
    const [autoId, autoKind] = !by && !o.manual && o.auto.size === 1 ? [...o.auto][0]! : [null, null];
    const impact = impactOf(rules.impact ?? DEFAULT_IMPACT, { type: o.type, scheduled: o.scheduled, actualKind: top.kinds });
    result.exceptions.push({ type: o.type, scheduled: o.scheduled, actual: top.activity, reasonCode: top.reasonCode, start, end: o.end === until && until === now ? null : o.end, review: by ? by.kind : (autoKind ?? "open"), adjustment: by?.id ?? autoId, impact, pending: autoId !== null });
  };

  let ri = 0;
  let si = 0;
  let lastOnEnd = -Infinity;
  let lastSeg: Segment | null | undefined;
  let lastKind: Kind | null = null;
  // The current run of in / out / unknown (neutral time: unknown; excused time out: in), for `current.since`.
  let status: "in" | "out" | "unknown" | null = null;
  let statusSince = origin;
  for (let p = 0; p + 1 < points.length; p++) {
    const a = points[p]!;
    const b = points[p + 1]!;
    while (ri < rows.length && rows[ri]!.end <= a) ri++;
    const row = ri < rows.length && rows[ri]!.start <= a ? rows[ri]! : null;
    while (si < segments.length && (segments[si]!.end ?? until) <= a) si++;
    const seg = si < segments.length && segments[si]!.start <= a ? segments[si]! : null;
    const counted = a >= from;
    const len = b - a;
    const scheduled = row?.activity ?? null;
    // A segment spans a few cuts: its kind is looked up once.
    if (seg !== lastSeg) {
      lastSeg = seg;
      lastKind = seg ? kindOf(seg) : null;
    }
    const kind = lastKind;

    let out: ExceptionType | null = null;
    let judged: "in" | "out" | "unknown";
    if (!kind) judged = "unknown";
    else if (scheduled === null) judged = kind.on ? "out" : "in";
    else judged = kept(scheduled, kind) ? "in" : "out";
    if (kind && judged === "out") {
      if (scheduled === null) out = "unscheduled";
      else if (scheduled === "off" || kind.on) out = "wrong_activity";
      else out = lastOnEnd > shiftStart[ri]! ? "early_leave" : "late";
    }
    const real = adjust.length > 0 && scheduled !== null ? coverOf(adjust, a, b) : null;
    // An automatic rule (a reason's time counts excused or neutral at once) where no adjustment decides.
    const auto = !real && scheduled !== null && judged === "out" ? autoOf(rules, seg, kind) : null;
    const cover = real ?? auto;
    if (counted) {
      if (scheduled !== null) {
        result.scheduledMs += len;
        if (!kind) result.unknownMs += len;
        else if (cover?.kind === "neutral") result.neutralMs += len;
        else if (judged === "in") result.adherentMs += len;
        else if (cover?.kind === "excused") result.excusedMs += len;
      } else if (out === "unscheduled") result.unscheduledMs += len;
    }
    const effective = cover?.kind === "neutral" && kind ? "unknown" : cover?.kind === "excused" && judged === "out" ? "in" : judged;
    if (effective !== status) {
      status = effective;
      statusSince = a;
    }
    if (out && open && (open as Open).type === out && (open as Open).scheduled === scheduled && (open as Open).end === a) {
      (open as Open).end = b;
    } else {
      close();
      if (out) open = { type: out, scheduled, start: a, end: b, byState: new Map(), auto: new Map(), manual: false };
    }
    if (out && open) {
      if (auto) (open as Open).auto.set(auto.id, auto.kind);
      else if (!real) (open as Open).manual = true;
    }
    if (out && seg && kind && open && counted) {
      const v = (open as Open).byState.get(kind);
      if (v) v.ms += len;
      else (open as Open).byState.set(kind, { activity: seg.activity, reasonCode: seg.reasonCode, ms: len, kinds: kindWords(seg, kind) });
    }
    if (kind?.on) lastOnEnd = b;
  }
  close();
  result.exceptions.sort((x, y) => x.start - y.start);
  result.percent = sumsPercent({ scheduled: result.scheduledMs, adherent: result.adherentMs, unknown: result.unknownMs, excused: result.excusedMs, neutral: result.neutralMs });

  if (to > now && now >= from) {
    const row = rows.find((r) => r.start <= now - 1 && now - 1 < r.end) ?? null;
    const seg = segments.findLast((s) => s.start <= now - 1 && now - 1 < (s.end ?? now)) ?? null;
    const cover = row ? coverOf(adjust, now - 1, now) : null;
    result.current = {
      scheduled: row?.activity ?? null,
      actual: seg?.activity ?? null,
      reasonCode: seg?.reasonCode ?? null,
      inAdherence: status === "unknown" || status === null ? null : status === "in",
      since: statusSince,
      adjustment: cover && { id: cover.id, kind: cover.kind },
    };
  }
  return result;
}
