import { describe, expect, it } from "vitest";
import { reportCells } from "./report";
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
