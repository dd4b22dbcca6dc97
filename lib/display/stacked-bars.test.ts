import { describe, expect, it } from "vitest";
import { niceTicks, stackedBars } from "./stacked-bars";

const base = { width: 448, height: 260, margin: { top: 8, right: 8, bottom: 0, left: 0 }, yAxisWidth: 40, xAxisHeight: 30, gap: 1, labelWidth: 32, minLabelGap: 24 };

describe("the report's first view of the floor (plain SVG, as recharts lays it out)", () => {
  it("counts agents in round whole numbers from 0 to at least the highest stack", () => {
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(3.2)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(4_800)).toEqual([0, 2_000, 4_000, 6_000]);
    for (const max of [0.4, 7, 12.5, 99, 101, 2_501]) {
      const ticks = niceTicks(max);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.every(Number.isInteger), `${max}: ${ticks}`).toBe(true);
      expect(ticks.length, `${max}: ${ticks}`).toBeLessThanOrEqual(6);
    }
  });

  it("stacks each interval's states bottom first, each bar as tall as its agents, in its interval's band", () => {
    // Two intervals on a 400 px plot: 10 + 20 agents, then 5 + 0 + 15.
    const layout = stackedBars({ ...base, values: [[10, 20], [5, 0, 15]] });
    expect(layout.plot).toEqual({ left: 40, top: 8, width: 400, height: 222 });
    expect(layout.top).toBe(30);
    const px = (agents: number) => (agents / 30) * 222;
    // A state with no one in it draws nothing.
    expect(layout.bars.map((b) => [b.category, b.series])).toEqual([[0, 0], [0, 1], [1, 0], [1, 2]]);
    const [a, b, c, d] = layout.bars;
    expect(a!.height).toBeCloseTo(px(10));
    expect(a!.y + a!.height).toBeCloseTo(230);
    // The second sits on the first.
    expect(b!.y + b!.height).toBeCloseTo(a!.y);
    expect(b!.y).toBeCloseTo(8);
    expect(d!.y + d!.height).toBeCloseTo(c!.y);
    expect(d!.height).toBeCloseTo(px(15));
    // Each band is the plot's width by the intervals, a pixel free on each side.
    expect([a!.x, a!.width, c!.x]).toEqual([41, 198, 241]);
    expect(layout.yTicks.at(-1)).toEqual({ value: 30, y: 8 });
  });

  it("labels as many intervals as fit with room between them, always the first and the last", () => {
    const day = Array.from({ length: 24 }, () => [1]);
    const wide = stackedBars({ ...base, width: 1448, values: day });
    const narrow = stackedBars({ ...base, width: 390, values: day });
    for (const layout of [wide, narrow]) {
      expect(layout.xTicks.at(-1)!.category).toBe(23);
      expect(layout.xTicks[0]!.category).toBe(0);
      const xs = layout.xTicks.map((t) => t.x);
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(base.labelWidth + base.minLabelGap);
    }
    // Every hour on a laptop's width (1,400 / 24 = 58 px a band); fewer on a phone's.
    expect(wide.xTicks).toHaveLength(24);
    expect(narrow.xTicks.length).toBeLessThan(12);
  });
});
