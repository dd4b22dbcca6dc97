import { describe, expect, it } from "vitest";
import { Vocabulary } from "@/lib/states/vocabulary";
import { addAdherence, adherence, adherenceReadFrom, DEFAULT_WORK_STATES, noAdherence, sumsPercent, type AdherenceRules, type AdjustmentSpan } from "./adherence";
import { parseScheduleCsv, type ScheduledActivity, type ScheduleRow } from "./schedule";
import type { Segment } from "./timeline";
import { adherenceTruth, type TruthRules } from "@/test/adherence-truth";
import { confirmationKey, withConfirmations } from "./adjustments";

const vocab = new Vocabulary({
  reasons: { "1": { label: "Break", category: "break" }, "2": { label: "Lunch", category: "lunch" }, "3": { label: "Coaching", category: "training" }, "9": { label: "System issue", category: "system" } },
  activities: {},
  teamNames: [],
});
const rules: AdherenceRules = { work: new Set(DEFAULT_WORK_STATES), graceMs: 3 * 60_000 };
const T = Date.parse("2026-12-07T08:00:00Z");
const M = 60_000;
const TRUTH_RULES: TruthRules = {
  working: (activity) => ["ready", "busy", "acw"].includes(activity),
  isOn: (activity) => activity !== "offline" && activity !== "none",
  category: (s) => (s.activity === "notready" && s.reasonCode ? ({ "1": "break", "2": "lunch", "3": "training", "9": "system" } as Record<string, string>)[s.reasonCode] ?? null : null),
  graceMs: 3 * 60_000,
};
const at = (min: number) => T + min * M;
const row = (startMin: number, endMin: number, activity: ScheduledActivity): ScheduleRow => ({ agentId: "a", start: at(startMin), end: at(endMin), activity });
const seg = (startMin: number, endMin: number | null, activity: string, reasonCode: string | null = null): Segment => ({ start: at(startMin), end: endMin === null ? null : at(endMin), activity, reasonCode });

describe("schedule adherence, by hand", () => {
  it("counts work kept while ready, on a call or in after-call work, and a break kept only with a break reason", () => {
    const rows = [row(0, 60, "work"), row(60, 75, "break"), row(75, 120, "work")];
    const segs = [seg(0, 30, "ready"), seg(30, 50, "busy"), seg(50, 60, "acw"), seg(60, 70, "notready", "1"), seg(70, 75, "notready", "2"), seg(75, 120, "ready")];
    const a = adherence(vocab, rules, rows, segs, at(0), at(120), at(600));
    expect(a).toMatchObject({ scheduledMs: 120 * M, adherentMs: 115 * M, unknownMs: 0, percent: 95.83, current: null });
    // Lunch during a break is out of adherence for 5 minutes: an exception (grace 3 minutes).
    expect(a.exceptions).toEqual([{ type: "wrong_activity", scheduled: "break", actual: "notready", reasonCode: "2", start: at(70), end: at(75), review: "open", adjustment: null, impact: "negative", pending: false }]);
  });

  it("tells late (not on yet since the shift began) from early_leave (logged out after being on), and keeps off when logged out", () => {
    const rows = [row(0, 60, "work"), row(60, 120, "off")];
    const segs = [seg(-30, 10, "offline"), seg(10, 50, "ready"), seg(50, 120, "offline")];
    const a = adherence(vocab, rules, rows, segs, at(0), at(120), at(600));
    expect(a.exceptions.map((e) => [e.type, (e.start - T) / M, (e.end! - T) / M])).toEqual([
      ["late", 0, 10],
      ["early_leave", 50, 60],
    ]);
    expect(a.adherentMs).toBe(100 * M);
    expect(a.percent).toBe(83.33);
  });

  it("does not count unknown time either way, and a stretch out shorter than the grace is no exception", () => {
    const rows = [row(0, 60, "work")];
    // Unknown from 20 to 30 (a gap in the feed); not ready 2 minutes at 40.
    const segs = [seg(0, 20, "ready"), seg(30, 40, "ready"), seg(40, 42, "notready", "1"), seg(42, 60, "ready")];
    const a = adherence(vocab, rules, rows, segs, at(0), at(60), at(600));
    expect(a).toMatchObject({ scheduledMs: 60 * M, unknownMs: 10 * M, adherentMs: 48 * M, percent: 96, exceptions: [] });
  });

  it("takes the grace of what is scheduled where the labels config sets one (a break's 2 minutes, work's 5), else the default", () => {
    const rows = [row(0, 30, "work"), row(30, 40, "break"), row(40, 60, "training")];
    // 4 minutes not ready in work, 3 minutes ready in the break, 4 minutes ready in training.
    const segs = [seg(0, 10, "ready"), seg(10, 14, "notready", "1"), seg(14, 33, "ready"), seg(33, 40, "notready", "1"), seg(40, 44, "ready"), seg(44, 60, "notready", "3")];
    const types = (r: AdherenceRules) => adherence(vocab, r, rows, segs, at(0), at(60), at(600)).exceptions.map((e) => `${e.scheduled}@${(e.start - T) / M}`);
    expect(types(rules)).toEqual(["work@10", "break@30", "training@40"]);
    expect(types({ ...rules, graceByActivity: { work: 5 * M, break: 2 * M } })).toEqual(["break@30", "training@40"]);
    expect(types({ ...rules, graceByActivity: { break: 5 * M, training: 0 } })).toEqual(["work@10", "training@40"]);
  });

  it("reports time on the floor outside the schedule as unscheduled, never in the %", () => {
    const rows = [row(0, 60, "work")];
    const segs = [seg(-20, 60, "ready"), seg(60, 70, "notready", "1"), seg(70, null, "offline")];
    const a = adherence(vocab, rules, rows, segs, at(-30), at(120), at(600));
    expect(a.percent).toBe(100);
    expect(a.unscheduledMs).toBe(30 * M);
    expect(a.exceptions.map((e) => [e.type, e.scheduled, (e.start - T) / M, (e.end! - T) / M])).toEqual([
      ["unscheduled", null, -20, 0],
      ["unscheduled", null, 60, 70],
    ]);
  });

  it("says now: what is scheduled, what the agent does, in or out and since when; a stretch still going ends null", () => {
    const rows = [row(0, 60, "work"), row(60, 75, "break")];
    const segs = [seg(0, 45, "ready"), seg(45, null, "notready", "1")];
    const a = adherence(vocab, rules, rows, segs, at(0), at(24 * 60), at(50));
    expect(a.current).toEqual({ scheduled: "work", actual: "notready", reasonCode: "1", inAdherence: false, since: at(45), adjustment: null });
    expect(a.exceptions).toEqual([{ type: "wrong_activity", scheduled: "work", actual: "notready", reasonCode: "1", start: at(45), end: null, review: "open", adjustment: null, impact: "negative", pending: false }]);
    expect(a.scheduledMs).toBe(50 * M);
    const later = adherence(vocab, rules, rows, [seg(0, 45, "ready"), seg(45, null, "notready", "1")], at(0), at(24 * 60), at(70));
    expect(later.current).toEqual({ scheduled: "break", actual: "notready", reasonCode: "1", inAdherence: true, since: at(60), adjustment: null });
    expect(later.exceptions[0]!.end).toBe(at(60));
  });

  it("knows a shift began before the window: logged out in the window after being on before it is an early leave", () => {
    const rows = [row(0, 240, "work")];
    const segs = [seg(0, 150, "ready"), seg(150, 240, "offline")];
    expect(adherenceReadFrom(rows, at(120))).toBe(at(0));
    const a = adherence(vocab, rules, rows, segs, at(120), at(240), at(600));
    expect(a.exceptions.map((e) => e.type)).toEqual(["early_leave"]);
    expect(a.scheduledMs).toBe(120 * M);
  });
});

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("a supervisor's adjustments", () => {
  // Work 0–60; logged out 20–40 (late? no: on before, so a left-early stretch), back 40–60.
  const rows = [row(0, 60, "work")];
  const segs = [seg(-10, 20, "ready"), seg(20, 40, "offline"), seg(40, 60, "ready")];
  const j = (id: string, kind: AdjustmentSpan["kind"], s: number, e: number): AdjustmentSpan => ({ id, kind, start: at(s), end: at(e) });

  it("counts excused time out of adherence as adherent, and the exception it covers whole says so", () => {
    const plain = adherence(vocab, rules, rows, segs, at(0), at(60), at(600));
    expect(plain).toMatchObject({ adherentMs: 40 * M, excusedMs: 0, neutralMs: 0, percent: 66.67 });
    expect(plain.exceptions).toMatchObject([{ type: "early_leave", start: at(20), end: at(40), review: "open", adjustment: null }]);
    const a = adherence(vocab, rules, rows, segs, at(0), at(60), at(600), [j("e1", "excused", 15, 45)]);
    // Excused covers only what was out (20–40): time kept inside it stays adherent, not excused.
    expect(a).toMatchObject({ scheduledMs: 60 * M, adherentMs: 40 * M, excusedMs: 20 * M, neutralMs: 0, percent: 100 });
    expect(a.exceptions).toMatchObject([{ type: "early_leave", review: "excused", adjustment: "e1" }]);
  });

  it("leaves neutral time out of scheduled and adherent alike; an exception covered in part stays open with its covered part excused", () => {
    const n = adherence(vocab, rules, rows, segs, at(0), at(60), at(600), [j("n1", "neutral", 0, 30)]);
    // 0–30 neutral (20 adherent and 10 out inside it count neither way); 30–40 out, 40–60 kept: 20 ÷ 30.
    expect(n).toMatchObject({ adherentMs: 20 * M, neutralMs: 30 * M, excusedMs: 0, percent: 66.67 });
    expect(n.exceptions).toMatchObject([{ review: "open", adjustment: null }]);
    const e = adherence(vocab, rules, rows, segs, at(0), at(60), at(600), [j("e2", "excused", 30, 60)]);
    expect(e).toMatchObject({ adherentMs: 40 * M, excusedMs: 10 * M, percent: 83.33 });
    expect(e.exceptions).toMatchObject([{ review: "open", adjustment: null }]);
  });

  it("decides for neutral where both cover a second, and leaves unknown time unknown under either", () => {
    const both = adherence(vocab, rules, rows, segs, at(0), at(60), at(600), [j("e", "excused", 10, 50), j("n", "neutral", 15, 45)]);
    // 15–45 neutral (the whole stretch out, 20–40, inside it): nothing left to excuse; 0–15 and 45–60 kept.
    expect(both).toMatchObject({ neutralMs: 30 * M, excusedMs: 0, adherentMs: 30 * M, percent: 100 });
    expect(both.exceptions).toMatchObject([{ review: "neutral", adjustment: "n" }]);
    // Unknown 20–40 (no segment): a neutral or excused span over it changes nothing.
    const gap = [seg(-10, 20, "ready"), seg(40, 60, "ready")];
    for (const kind of ["neutral", "excused"] as const) {
      expect(adherence(vocab, rules, rows, gap, at(0), at(60), at(600), [j("x", kind, 15, 45)])).toMatchObject({ unknownMs: 20 * M, neutralMs: kind === "neutral" ? 10 * M : 0, excusedMs: 0 });
    }
  });

  it("says now: excused time is in adherence, neutral time is neither, with the adjustment named; the exception in progress is decided", () => {
    const live = [seg(-10, 20, "ready"), seg(20, null, "offline")];
    const out = adherence(vocab, rules, rows, live, at(0), at(60), at(30));
    expect(out.current).toMatchObject({ inAdherence: false, since: at(20), adjustment: null });
    const excused = adherence(vocab, rules, rows, live, at(0), at(60), at(30), [j("e", "excused", 20, 60)]);
    expect(excused.current).toMatchObject({ inAdherence: true, since: at(0), adjustment: { id: "e", kind: "excused" } });
    expect(excused.exceptions).toMatchObject([{ end: null, review: "excused", adjustment: "e" }]);
    const neutral = adherence(vocab, rules, rows, live, at(0), at(60), at(30), [j("n", "neutral", 25, 60)]);
    expect(neutral.current).toMatchObject({ inAdherence: null, since: at(25), adjustment: { id: "n", kind: "neutral" } });
  });

  it("marks an exception still open that a supervisor confirmed, never one an adjustment decided", () => {
    const exceptions = [
      { type: "late" as const, start: at(0), review: "open" as const },
      { type: "early_leave" as const, start: at(30), review: "excused" as const },
      { type: "late" as const, start: at(50), review: "open" as const },
    ];
    const confirmed = new Set([confirmationKey("a", "late", at(0)), confirmationKey("a", "early_leave", at(30)), confirmationKey("b", "late", at(50))]);
    expect(withConfirmations("a", exceptions, confirmed).map((e) => e.review)).toEqual(["confirmed", "excused", "open"]);
  });

  it("adds a group up the same way: (adherent + excused) ÷ (scheduled − unknown − neutral)", () => {
    const sums = noAdherence();
    addAdherence(sums, { scheduledSeconds: 3600, adherentSeconds: 1800, unknownSeconds: 600, excusedSeconds: 600, neutralSeconds: 600 });
    addAdherence(sums, { scheduledSeconds: 3600, adherentSeconds: 3600, unknownSeconds: 0 });
    expect(sumsPercent(sums)).toBe(Math.round((10_000 * (1800 + 600 + 3600)) / (7200 - 600 - 600)) / 100);
    expect(sumsPercent({ scheduled: 600, adherent: 0, unknown: 300, excused: 0, neutral: 300 })).toBeNull();
  });
});

describe("automatic rules and impact", () => {
  const auto: AdherenceRules = { ...rules, auto: { reasons: { "1": "excused" }, categories: { system: "neutral" } } };
  const rows = [row(0, 60, "work")];

  it("counts a system issue during work as neutral at once, the exception decided by the rule and pending review until confirmed", () => {
    const segs = [seg(0, 20, "ready"), seg(20, 35, "notready", "9"), seg(35, 60, "ready")];
    const a = adherence(vocab, auto, rows, segs, at(0), at(60), at(600));
    expect(a).toMatchObject({ scheduledMs: 60 * M, adherentMs: 45 * M, neutralMs: 15 * M, excusedMs: 0, percent: 100 });
    expect(a.exceptions).toEqual([{ type: "wrong_activity", scheduled: "work", actual: "notready", reasonCode: "9", start: at(20), end: at(35), review: "neutral", adjustment: "auto:system", impact: "neutral", pending: true }]);
    const confirmed = withConfirmations("a", a.exceptions, new Set([confirmationKey("a", "wrong_activity", at(20))]));
    expect(confirmed[0]).toMatchObject({ review: "neutral", pending: false });
    // Without the rule: out of adherence, open, and it costs.
    const plain = adherence(vocab, rules, rows, segs, at(0), at(60), at(600));
    expect(plain).toMatchObject({ adherentMs: 45 * M, neutralMs: 0, percent: 75 });
    expect(plain.exceptions[0]).toMatchObject({ review: "open", adjustment: null, pending: false });
  });

  it("takes a reason code's rule before its category's, lets a supervisor's adjustment decide over any rule, and leaves a stretch partly outside every rule open", () => {
    // A break reason (code 1) during work: excused by its code's rule.
    const coded = adherence(vocab, auto, rows, [seg(0, 20, "ready"), seg(20, 30, "notready", "1"), seg(30, 60, "ready")], at(0), at(60), at(600));
    expect(coded).toMatchObject({ excusedMs: 10 * M, adherentMs: 50 * M, percent: 100 });
    expect(coded.exceptions[0]).toMatchObject({ review: "excused", adjustment: "auto:1", pending: true });
    // A supervisor's neutral adjustment over it wins.
    const adj: AdjustmentSpan[] = [{ id: "adj-1", kind: "neutral", start: at(15), end: at(40) }];
    const decided = adherence(vocab, auto, rows, [seg(0, 20, "ready"), seg(20, 30, "notready", "1"), seg(30, 60, "ready")], at(0), at(60), at(600), adj);
    // Neutral: all its 25 known minutes, in adherence or not.
    expect(decided).toMatchObject({ neutralMs: 25 * M, excusedMs: 0 });
    expect(decided.exceptions[0]).toMatchObject({ review: "neutral", adjustment: "adj-1", pending: false });
    // A system issue, then lunch (no rule) during work: one exception, the part neutral, the exception still open.
    const mixed = adherence(vocab, auto, rows, [seg(0, 20, "ready"), seg(20, 30, "notready", "9"), seg(30, 40, "notready", "2"), seg(40, 60, "ready")], at(0), at(60), at(600));
    expect(mixed).toMatchObject({ neutralMs: 10 * M, adherentMs: 40 * M });
    expect(mixed.exceptions.map((e) => [e.type, e.review, e.pending])).toEqual([["wrong_activity", "open", false]]);
  });

  it("says what each exception cost by the impact table: working through a break helps, a late start costs, a table of the tenant's own replaces the default", () => {
    const day = [row(0, 60, "work"), row(60, 75, "break"), row(75, 120, "work")];
    const segs = [seg(-10, 10, "offline"), seg(10, 120, "ready")];
    const a = adherence(vocab, rules, day, segs, at(0), at(120), at(600));
    expect(a.exceptions.map((e) => [e.type, e.scheduled, e.impact])).toEqual([["late", "work", "negative"], ["wrong_activity", "break", "positive"]]);
    const own = adherence(vocab, { ...rules, impact: [{ type: "late", impact: "neutral" }] }, day, segs, at(0), at(120), at(600));
    expect(own.exceptions.map((e) => e.impact)).toEqual(["neutral", "negative"]);
  });
});

describe("schedule adherence against a second-by-second count", () => {
  it("agrees to the second on 200 generated days: shifts, breaks, overnight rows, gaps in the feed, unscheduled time, excused and neutral adjustments, grace per activity", () => {
    const states: [string, string | null][] = [["ready", null], ["busy", null], ["acw", null], ["notready", "1"], ["notready", "2"], ["notready", "3"], ["notready", "9"], ["notready", null], ["offline", null], ["training", null]];
    const activities: ScheduledActivity[] = ["work", "work", "work", "break", "lunch", "training", "off"];
    for (let n = 0; n < 200; n++) {
      const r = rng(n + 1);
      const S = 1000;
      const dayStart = T - 6 * 60 * M;
      // Rows: a run of shifts (some across midnight) with gaps between them.
      const rows: ScheduleRow[] = [];
      let t = dayStart + Math.floor(r() * 120) * M;
      while (t < dayStart + 30 * 60 * M) {
        const len = (5 + Math.floor(r() * 120)) * M + Math.floor(r() * 60) * S;
        rows.push({ agentId: "a", start: t, end: t + len, activity: activities[Math.floor(r() * activities.length)]! });
        t += len + (r() < 0.3 ? Math.floor(r() * 90) * M : 0);
      }
      // Segments: contiguous runs with an occasional gap (unknown), the last one maybe still going.
      const segments: Segment[] = [];
      t = dayStart - Math.floor(r() * 60) * M;
      const now = dayStart + Math.floor(r() * 36 * 60) * M + Math.floor(r() * 60) * S;
      while (t < now) {
        if (r() < 0.05) t += Math.floor(r() * 30) * M;
        const len = Math.floor(r() * 40) * M + Math.floor(r() * 60) * S + S;
        const [activity, reasonCode] = states[Math.floor(r() * states.length)]!;
        const end = t + len;
        segments.push({ start: t, end: end >= now ? null : end, activity, reasonCode });
        t = end;
      }
      const from = dayStart + Math.floor(r() * 8 * 60) * M;
      const to = from + 24 * 60 * M;
      // Every other day, up to four adjustments, overlapping at times, some across the window's edges.
      const adjust: AdjustmentSpan[] = [];
      if (n % 2 === 1) {
        for (let k = Math.floor(r() * 5); k > 0; k--) {
          const start = dayStart + Math.floor(r() * 30 * 60) * M + Math.floor(r() * 60) * S;
          adjust.push({ id: `j${k}`, kind: r() < 0.5 ? "excused" : "neutral", start, end: start + (1 + Math.floor(r() * 240)) * M });
        }
      }
      const origin = Math.min(from, adherenceReadFrom(rows, from));
      // Every third day, a grace of its own for work and for breaks (the labels config's `grace`).
      const perActivity = n % 3 === 2 ? { work: (1 + Math.floor(r() * 10)) * M, break: Math.floor(r() * 4) * M } : undefined;
      const dayRules: AdherenceRules = { ...rules, graceByActivity: perActivity };
      const truthRules: TruthRules = { ...TRUTH_RULES, graceOf: (s) => (s === null ? undefined : perActivity?.[s as "work" | "break"]) };
      const got = adherence(vocab, dayRules, rows, segments.filter((s) => (s.end ?? now) > origin), from, to, now, adjust);
      const want = adherenceTruth(rows, segments, from, to, now, origin, truthRules, adjust);
      const pick = (x: Pick<typeof want, "scheduledMs" | "adherentMs" | "unknownMs" | "excusedMs" | "neutralMs">) => ({ seed: n + 1, scheduledMs: x.scheduledMs, adherentMs: x.adherentMs, unknownMs: x.unknownMs, excusedMs: x.excusedMs, neutralMs: x.neutralMs });
      expect(pick(got)).toEqual(pick(want));
      expect(got.exceptions).toEqual(want.exceptions);
      const judged = want.scheduledMs - want.unknownMs - want.neutralMs;
      expect(got.percent).toBe(judged > 0 ? Math.round((10_000 * (want.adherentMs + want.excusedMs)) / judged) / 100 : null);
    }
  }, 120_000);

  it("reads a schedule across a daylight-saving change as the instants its offsets say (a 9-hour night shift over Berlin's autumn change)", () => {
    const csv = "agent_id,start,end,activity\r\na,2026-10-24T22:00:00+02:00,2026-10-25T06:00:00+01:00,work\r\n";
    const { rows, problems } = parseScheduleCsv(csv);
    expect(problems).toEqual([]);
    expect((rows[0]!.end - rows[0]!.start) / 3_600_000).toBe(9);
    const segs: Segment[] = [{ start: rows[0]!.start, end: rows[0]!.end, activity: "ready", reasonCode: null }];
    expect(adherence(vocab, rules, rows, segs, rows[0]!.start - 3_600_000, rows[0]!.end, rows[0]!.end + 1).adherentMs).toBe(9 * 3_600_000);
  });
});
