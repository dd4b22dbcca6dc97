import { describe, expect, it } from "vitest";
import { Vocabulary } from "@/lib/states/vocabulary";
import { reportCells, windowFacts } from "./report";
import type { Segment } from "./timeline";

const T0 = Date.parse("2026-11-27T08:00:00Z");
const M = 60_000;
const seg = (activity: string, reasonCode: string | null, startMin: number, endMin: number | null): Segment => ({ activity, reasonCode, start: T0 + startMin * M, end: endMin === null ? null : T0 + endMin * M });
const bounds = (...mins: number[]) => mins.map((m) => T0 + m * M);

describe("reportCells", () => {
  it("splits segments across rows to the second, reasons apart, the unknown before the first event and in a gap counted as unknown", () => {
    const segments = [seg("ready", null, 5, 20), seg("notready", "2", 20, 40), seg("notready", "3", 40, 50), seg("busy", null, 55, 75)];
    const cells = reportCells(segments, bounds(0, 30, 60, 90), T0 + 120 * M);
    expect(cells.map((c) => [c.seconds, c.reasonSeconds, c.unknownSeconds, c.changes])).toEqual([
      [{ ready: 900, notready: 600 }, { "2": 600 }, 300, 2],
      [{ notready: 1200, busy: 300 }, { "2": 600, "3": 600 }, 300, 2],
      [{ busy: 900 }, {}, 900, 0],
    ]);
    for (const c of cells) expect(Object.values(c.seconds).reduce((a, b) => a + b, 0) + c.unknownSeconds).toBe((c.end - c.start) / 1000);
  });

  it("counts the state still going up to now, leaves out rows after now, and ends the row that holds now there", () => {
    const cells = reportCells([seg("ready", null, 0, 10), seg("busy", null, 10, null)], bounds(0, 15, 30, 45), T0 + 20 * M);
    expect(cells).toHaveLength(2);
    expect(cells[1]).toMatchObject({ start: T0 + 15 * M, end: T0 + 20 * M, seconds: { busy: 300 }, unknownSeconds: 0 });
    expect(cells[0]!.seconds).toEqual({ ready: 600, busy: 300 });
  });

  it("does not count the state the window opens in as a change, but one that begins on a row's boundary", () => {
    const cells = reportCells([seg("ready", null, 0, 15), seg("busy", null, 15, 30)], bounds(0, 15, 30), T0 + 60 * M);
    expect(cells.map((c) => c.changes)).toEqual([0, 1]);
  });
});

describe("windowFacts", () => {
  const vocab = new Vocabulary();
  it("finds the first login and the last logout seen, and the longest not-ready stretch across reasons", () => {
    const segments = [seg("offline", null, 0, 30), seg("ready", null, 30, 40), seg("notready", "1", 40, 50), seg("notready", "2", 50, 65), seg("busy", null, 65, 90), seg("offline", null, 90, 100), seg("ready", null, 100, 120), seg("offline", null, 120, null)];
    const f = windowFacts(vocab, segments, T0, T0 + 180 * M, T0 + 150 * M);
    expect(f.firstLogin).toBe(T0 + 30 * M);
    expect(f.lastLogout).toBe(T0 + 120 * M);
    expect(f.longestNotReady).toEqual({ start: T0 + 40 * M, end: T0 + 65 * M, ms: 25 * M });
  });

  it("does not take an agent logged in when the window opens for a login, but one after unknown time is", () => {
    expect(windowFacts(vocab, [seg("ready", null, 0, 60)], T0, T0 + 60 * M, T0 + 60 * M).firstLogin).toBeNull();
    expect(windowFacts(vocab, [seg("ready", null, 20, 60)], T0, T0 + 60 * M, T0 + 60 * M).firstLogin).toBe(T0 + 20 * M);
    expect(windowFacts(vocab, [seg("offline", null, 0, 60)], T0, T0 + 60 * M, T0 + 60 * M)).toEqual({ firstLogin: null, lastLogout: null, longestNotReady: null });
  });
});
