import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, parseDuration, parseThresholds } from "./thresholds";

describe("thresholds as configured", () => {
  it("defaults to a long not-ready, a long wrap-up and a very long call", () => {
    expect(DEFAULT_THRESHOLDS.map((r) => [r.state, r.warnMs / 60_000, r.alertMs / 60_000])).toEqual([
      ["notready", 10, 20],
      ["acw", 5, 10],
      ["busy", 30, 60],
    ]);
  });

  it("reads durations in seconds, minutes and hours, and names a bad rule", () => {
    expect(parseThresholds("acw=90s/2.5m")).toEqual([{ state: "acw", reasonCode: null, warnMs: 90_000, alertMs: 150_000 }]);
    expect(parseThresholds("notready:2=45m/1h")).toEqual([{ state: "notready", reasonCode: "2", warnMs: 2_700_000, alertMs: 3_600_000 }]);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("ten")).toBeNull();
    expect(() => parseThresholds("notready=10/20")).toThrow(/"notready=10\/20": durations/);
    expect(() => parseThresholds("notready 10m")).toThrow(/is not state\[:reason\]=warn\/alert/);
    expect(() => parseThresholds("busy=20m/10m")).toThrow(/must not be shorter/);
  });
});
