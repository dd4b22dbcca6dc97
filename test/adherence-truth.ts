import type { ScheduledActivity, ScheduleRow } from "@/lib/activity/schedule";
import type { AdjustmentSpan, ExceptionType } from "@/lib/activity/adherence";
import type { Segment } from "@/lib/activity/timeline";

/** What the truth needs to know of the state vocabulary, given plainly by each test. */
export interface TruthRules {
  working(activity: string): boolean;
  /** Logged in (not logged out, not without activity). */
  isOn(activity: string): boolean;
  /** The reason category of a not-ready segment, or null. */
  category(s: Segment): string | null;
  graceMs: number;
  /** The grace while `scheduled` is scheduled, where it differs from `graceMs`. */
  graceOf?(scheduled: ScheduledActivity | null): number | undefined;
}

/**
 * The same rules, second by second, written apart from the sweep above: the schedule row and
 * the segment holding each second, looked up afresh; runs of the same verdict grouped at the end.
 */
export function adherenceTruth(rows: readonly ScheduleRow[], segments: readonly Segment[], from: number, to: number, now: number, origin: number, rules: TruthRules, adjust: readonly AdjustmentSpan[] = []) {
  const S = 1000;
  const until = Math.min(to, now);
  // Looked up afresh each second, from a moving start (both lists are sorted and do not overlap).
  let ri = 0;
  let si = 0;
  const rowAt = (t: number) => {
    while (ri < rows.length && rows[ri]!.end <= t) ri++;
    return ri < rows.length && rows[ri]!.start <= t ? rows[ri]! : null;
  };
  const rowHolding = (t: number) => rows.find((r) => r.start <= t && t < r.end) ?? null;
  const segAt = (t: number) => {
    while (si < segments.length && (segments[si]!.end ?? until) <= t) si++;
    return si < segments.length && segments[si]!.start <= t ? segments[si]! : null;
  };
  const isOn = (s: Segment) => rules.isOn(s.activity);
  const category = rules.category;
  const working = (s: Segment) => rules.working(s.activity);
  const shiftBegan = (t: number) => {
    let r = rowHolding(t)!;
    for (;;) {
      const prev = rows.find((p) => p.end === r.start && p.activity !== "off");
      if (!prev || r.activity === "off") return r.start;
      r = prev;
    }
  };
  let scheduled = 0, adherent = 0, unknown = 0, excused = 0, neutral = 0;
  // The adjustments holding second t: a neutral one decides over an excused one.
  const kindAt = (t: number) => {
    const holding = adjust.filter((j) => j.start <= t && t + S <= j.end);
    return holding.some((j) => j.kind === "neutral") ? "neutral" : holding.length > 0 ? "excused" : null;
  };
  const verdicts: { t: number; type: ExceptionType | null; scheduled: ScheduledActivity | null; seg: Segment | null }[] = [];
  let lastOn = -Infinity;
  for (let t = origin; t < until; t += S) {
    const r = rowAt(t);
    const s = segAt(t);
    let type: ExceptionType | null = null;
    if (r && s) {
      const ok = r.activity === "off" ? !isOn(s) : isOn(s) && (r.activity === "work" ? working(s) : !working(s) && category(s) === r.activity);
      if (!ok) type = r.activity === "off" || isOn(s) ? "wrong_activity" : lastOn > shiftBegan(t) ? "early_leave" : "late";
      if (t >= from) {
        scheduled += S;
        const k = kindAt(t);
        if (k === "neutral") neutral += S;
        else if (ok) adherent += S;
        else if (k === "excused") excused += S;
      }
    } else if (r) {
      if (t >= from) {
        scheduled += S;
        unknown += S;
      }
    } else if (s && isOn(s)) type = "unscheduled";
    if (s && isOn(s)) lastOn = t + S;
    if (t >= from) verdicts.push({ t, type, scheduled: r?.activity ?? null, seg: s });
  }
  const exceptions: { type: ExceptionType; scheduled: ScheduledActivity | null; start: number; end: number | null; actual: string; reasonCode: string | null; review: "open" | AdjustmentSpan["kind"]; adjustment: string | null; impact: "positive" | "negative" | "neutral"; pending: boolean }[] = [];
  // The documented default impact table, written apart: working through a break or lunch helps; working unscheduled or a system issue is neutral; the rest costs.
  const impactOf = (type: ExceptionType, scheduled: ScheduledActivity | null, activity: string, code: string | null) => {
    const seg = { activity, reasonCode: code };
    const working = rules.working(activity);
    if ((scheduled === "break" || scheduled === "lunch") && working) return "positive" as const;
    if (type === "unscheduled" && working) return "neutral" as const;
    if (isOn(seg as Parameters<typeof isOn>[0]) && !working && rules.category(seg as Parameters<typeof rules.category>[0]) === "system") return "neutral" as const;
    return "negative" as const;
  };
  for (let i = 0; i < verdicts.length; ) {
    const v = verdicts[i]!;
    let j = i + 1;
    while (j < verdicts.length && verdicts[j]!.type === v.type && verdicts[j]!.scheduled === v.scheduled) j++;
    const end = j < verdicts.length ? verdicts[j]!.t : until;
    if (v.type && end - v.t >= (rules.graceOf?.(v.scheduled) ?? rules.graceMs)) {
      const ms = new Map<string, number>();
      for (let k = i; k < j; k++) ms.set(`${verdicts[k]!.seg!.activity}|${verdicts[k]!.seg!.reasonCode ?? ""}`, (ms.get(`${verdicts[k]!.seg!.activity}|${verdicts[k]!.seg!.reasonCode ?? ""}`) ?? 0) + 1);
      const [top] = [...ms.entries()].sort((a, b) => b[1] - a[1]);
      const [activity, code] = top![0].split("|");
      // Reviewed by an adjustment holding every second of it (a neutral one first), else open.
      const whole = adjust.filter((j) => j.start <= v.t && end <= j.end);
      const by = whole.find((j) => j.kind === "neutral") ?? whole[0] ?? null;
      exceptions.push({ type: v.type, scheduled: v.scheduled, start: v.t, end: end === until && until === now ? null : end, actual: activity!, reasonCode: code || null, review: by ? by.kind : ("open" as const), adjustment: by?.id ?? null, impact: impactOf(v.type, v.scheduled, activity!, code || null), pending: false });
    }
    i = j;
  }
  return { scheduledMs: scheduled, adherentMs: adherent, unknownMs: unknown, excusedMs: excused, neutralMs: neutral, exceptions };
}

