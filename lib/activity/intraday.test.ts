import { describe, expect, it } from "vitest";
import { Vocabulary } from "@/lib/states/vocabulary";
import { intervalBoundaries } from "@/lib/time/zone";
import { intradayCells } from "./intraday";
import type { ScheduledActivity, ScheduleRow } from "./schedule";
import type { Segment } from "./timeline";

const vocab = new Vocabulary({ reasons: { "1": { label: "Break", category: "break" }, "2": { label: "Lunch", category: "lunch" }, "6": { label: "System issue", category: "system" } }, activities: {}, teamNames: [] });
const STEP = 10_000;

/** A small deterministic random source (the test's own). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A day of agents on a 10-second grid: shifts with breaks and lunch, states with gaps in the feed. */
/** Agents as the server hands them over (segments as objects here; the tally takes columns too). */
type Agent = { rows: ScheduleRow[]; segments: Segment[] };

function floor(seed: number, from: number, to: number, count: number): Agent[] {
  const r = rng(seed);
  const at = (t: number) => Math.round(t / STEP) * STEP;
  return Array.from({ length: count }, (_, n) => {
    const rows: ScheduleRow[] = [];
    let t = at(from + (5 + r() * 10) * 3_600_000);
    for (const [minutes, activity] of [[90 + r() * 60, "work"], [15, "break"], [120, "work"], [45, "lunch"], [100 + r() * 40, "work"], [30, "training"], [60, "work"]] as [number, ScheduledActivity][]) {
      const end = Math.min(at(t + minutes * 60_000), to);
      if (end > t) rows.push({ agentId: `a${n}`, start: t, end, activity });
      t = end;
    }
    const segments: Segment[] = [];
    let s = from;
    const states = [["ready", null], ["busy", null], ["acw", null], ["notready", "1"], ["notready", "2"], ["notready", "6"], ["notready", null], ["offline", null]] as const;
    while (s < to) {
      const len = at((1 + r() * 40) * 60_000);
      const [activity, reasonCode] = states[Math.floor(r() * states.length)]!;
      const end = Math.min(s + len, to);
      // Now and then a gap: nothing known.
      if (r() > 0.08) segments.push({ activity, reasonCode, start: s, end });
      s = end;
    }
    return { rows, segments };
  });
}

/** Counted second by second (10 s at a time: every change falls on that grid), apart from the app's code. */
function truth(agents: Agent[], bounds: number[], now: number) {
  const cells = bounds.slice(0, -1).filter((b) => b < now).map((start, i) => ({ start, end: Math.min(bounds[i + 1]!, now), sched: 0, worked: 0, planned: {} as Record<string, number>, actual: {} as Record<string, number>, unknown: 0 }));
  const category: Record<string, string> = { "1": "break", "2": "lunch", "6": "system" };
  for (const a of agents) {
    for (const c of cells) {
      for (let t = c.start; t < c.end; t += STEP) {
        const row = a.rows.find((x) => x.start <= t && t < x.end);
        const seg = a.segments.find((x) => x.start <= t && t < (x.end ?? Infinity));
        const sched = row?.activity;
        if (sched === "work") c.sched += 10;
        else if (sched && sched !== "off") c.planned[sched] = (c.planned[sched] ?? 0) + 10;
        if (!seg) {
          if (sched && sched !== "off") c.unknown += 10;
          continue;
        }
        if (seg.activity === "ready" || seg.activity === "busy" || seg.activity === "acw") c.worked += 10;
        else if (sched && sched !== "off") {
          if (seg.activity === "notready") {
            const k = seg.reasonCode ? category[seg.reasonCode]! : "other";
            c.actual[k] = (c.actual[k] ?? 0) + 10;
          } else if (seg.activity === "offline" && sched === "work") c.actual.logged_out = (c.actual.logged_out ?? 0) + 10;
        }
      }
    }
  }
  return cells.map((c) => ({ start: c.start, end: c.end, scheduledOpen: (c.sched * 1000) / (c.end - c.start), actualOpen: (c.worked * 1000) / (c.end - c.start), plannedShrinkage: c.planned, actualShrinkage: c.actual, unknownSeconds: c.unknown, conformance: c.sched > 0 ? c.worked / c.sched : null }));
}

const close = (x: number | null, y: number | null) => (x === null || y === null ? x === y : Math.abs(x - y) <= 0.01);

describe("intraday, interval by interval", () => {
  it("scheduled and actual open, shrinkage planned and actual, conformance: each 15-minute row equals a count written apart, to 0.01", () => {
    const from = Date.parse("2026-12-07T00:00:00Z");
    const to = from + 86_400_000;
    const agents = floor(7, from, to, 25);
    const bounds = intervalBoundaries(from, to, "UTC", "15m");
    const now = from + 17.4 * 3_600_000;
    const all = intradayCells(vocab, agents, bounds, now);
    // The whole day's 96 rows: those after now planned only.
    expect(all).toHaveLength(96);
    const got = all.filter((c) => !c.future);
    const want = truth(agents, bounds, now);
    expect(got).toHaveLength(want.length);
    expect(got.at(-1)!.end).toBe(now);
    const later = all.filter((c) => c.future);
    const planned = truth(agents, bounds, Infinity).slice(got.length);
    for (const [i, c] of later.entries()) {
      expect(c.actualOpen).toBeNull();
      expect(close(c.scheduledOpen, planned[i]!.scheduledOpen)).toBe(true);
      expect(c.plannedShrinkage).toEqual(planned[i]!.plannedShrinkage);
    }
    for (const [i, w] of want.entries()) {
      const g = got[i]!;
      expect([g.start, g.end], `row ${i}`).toEqual([w.start, w.end]);
      expect(close(g.scheduledOpen, w.scheduledOpen), `row ${i} scheduledOpen ${g.scheduledOpen} ${w.scheduledOpen}`).toBe(true);
      expect(close(g.actualOpen, w.actualOpen), `row ${i} actualOpen`).toBe(true);
      expect(close(g.conformance, w.conformance), `row ${i} conformance`).toBe(true);
      expect(g.plannedShrinkage, `row ${i} planned`).toEqual(w.plannedShrinkage);
      expect(g.actualShrinkage, `row ${i} actual`).toEqual(w.actualShrinkage);
      expect(g.unknownSeconds, `row ${i} unknown`).toBe(w.unknownSeconds);
    }
    // The day holds work, breaks and shrinkage of every kind the floor made.
    expect(got.some((c) => (c.actualShrinkage.logged_out ?? 0) > 0 && (c.actualShrinkage.system ?? 0) > 0)).toBe(true);
  });

  it("has 92 rows of 15 minutes on the day the clocks go forward and 100 on the day they go back", () => {
    const spring = Date.parse("2027-03-28T00:00:00+01:00");
    const autumn = Date.parse("2026-10-25T00:00:00+02:00");
    const springBounds = intervalBoundaries(spring, Date.parse("2027-03-29T00:00:00+02:00"), "Europe/Berlin", "15m");
    const autumnBounds = intervalBoundaries(autumn, Date.parse("2026-10-26T00:00:00+01:00"), "Europe/Berlin", "15m");
    expect(intradayCells(vocab, floor(3, spring, spring + 23 * 3_600_000, 3), springBounds, spring)).toHaveLength(92);
    const agents = floor(4, autumn, autumn + 25 * 3_600_000, 5);
    const got = intradayCells(vocab, agents, autumnBounds, Infinity);
    expect(got).toHaveLength(100);
    const want = truth(agents, autumnBounds, Infinity);
    for (const [i, w] of want.entries()) expect(close(got[i]!.actualOpen, w.actualOpen), `row ${i}`).toBe(true);
  });
});

describe("required staff", () => {
  const knownTeam = (t: string) => (["Billing", "Sales"].includes(t) ? t : null);
  it("reads a staffing sheet all or nothing, every bad line named", async () => {
    const { parseStaffingCsv } = await import("./staffing");
    const ok = parseStaffingCsv("interval_start,team,required\n2026-12-07T09:00:00Z,Billing,4\n2026-12-07T09:15:00Z,Billing,5.5\n2026-12-07T09:00:00Z,,12\n", knownTeam);
    expect(ok.problems).toEqual([]);
    expect(ok.rows.map((r) => [new Date(r.start).toISOString(), r.team, r.required])).toEqual([
      ["2026-12-07T09:00:00.000Z", "Billing", 4],
      ["2026-12-07T09:15:00.000Z", "Billing", 5.5],
      ["2026-12-07T09:00:00.000Z", null, 12],
    ]);
    const bad = parseStaffingCsv("interval_start,team,required\n9am,Billing,4\n2026-12-07T09:00:00Z,Support,3\n2026-12-07T09:00:00Z,Sales,-1\n2026-12-07T09:15:00Z,Sales,2\n2026-12-07T09:15:00Z,Sales,3\n", knownTeam);
    expect(bad.problems.map((p) => [p.line, p.column])).toEqual([[2, "interval_start"], [3, "team"], [4, "required"], [6, "interval_start"]]);
  });

  it("weighs each line over the intervals it reaches: a team's until its next line, teams added up, the floor's own when there is one", async () => {
    const { requiredPerInterval } = await import("./staffing");
    const at = (m: number) => Date.parse("2026-12-07T09:00:00Z") + m * 60_000;
    const rows = [
      { start: at(0), team: "Billing", required: 4 },
      { start: at(15), team: "Billing", required: 6 },
      { start: at(0), team: "Sales", required: 2 },
    ];
    const quarters = [0, 15, 30, 45].map((m) => ({ start: at(m), end: at(m + 15) }));
    expect(requiredPerInterval(rows, quarters, ["Billing"])).toEqual([4, 6, 6, 6]);
    // Sales' one line holds an hour; both teams added up when none is asked for.
    expect(requiredPerInterval(rows, quarters, null)).toEqual([6, 8, 8, 8]);
    // An hour's interval: time-weighted (4 for 15 min, 6 for 45).
    expect(requiredPerInterval(rows, [{ start: at(0), end: at(60) }], ["Billing"])).toEqual([5.5]);
    expect(requiredPerInterval(rows, [{ start: at(120), end: at(135) }], null)).toEqual([null]);
    expect(requiredPerInterval([...rows, { start: at(0), team: null, required: 20 }], quarters.slice(0, 1), null)).toEqual([20]);
  });
});
