import { describe, expect, it } from "vitest";
import { Vocabulary } from "@/lib/states/vocabulary";
import { intervalBoundaries } from "@/lib/time/zone";
import { intradayCells, type IntradayAgent } from "./intraday";
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
function floor(seed: number, from: number, to: number, count: number): IntradayAgent[] {
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
function truth(agents: IntradayAgent[], bounds: number[], now: number) {
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
