import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, levelOf, nextCrossingMs, parseThresholds, ruleFor } from "./thresholds";

const MIN = 60_000;

describe("thresholds", () => {
  it("turns not ready amber after 10 minutes and red after 20 by default", () => {
    const rule = ruleFor(DEFAULT_THRESHOLDS, "notready", "1");
    expect(levelOf(rule, 9 * MIN)).toBe("ok");
    expect(levelOf(rule, 10 * MIN)).toBe("warn");
    expect(levelOf(rule, 20 * MIN)).toBe("alert");
    expect(levelOf(ruleFor(DEFAULT_THRESHOLDS, "ready", null), 500 * MIN)).toBe("ok");
    expect(levelOf(ruleFor(DEFAULT_THRESHOLDS, null, null), 500 * MIN)).toBe("ok");
  });

  it("matches a state family and prefers the rule for the exact reason", () => {
    const rules = parseThresholds("notready=10m/20m, notready:2=45m/1h");
    expect(ruleFor(rules, "NOT_READY", "2")).toMatchObject({ reasonCode: "2", warnMs: 45 * MIN, alertMs: 60 * MIN });
    expect(ruleFor(rules, "away", "3")).toMatchObject({ reasonCode: null, warnMs: 10 * MIN });
    expect(levelOf(ruleFor(rules, "notready", "2"), 30 * MIN)).toBe("ok");
  });

  it("says when the level changes next", () => {
    const rule = ruleFor(DEFAULT_THRESHOLDS, "notready", null);
    expect(nextCrossingMs(rule, 4 * MIN)).toBe(6 * MIN);
    expect(nextCrossingMs(rule, 15 * MIN)).toBe(5 * MIN);
    expect(nextCrossingMs(rule, 25 * MIN)).toBeNull();
  });

  it("reads durations in seconds, minutes and hours, and names a bad rule", () => {
    expect(parseThresholds("acw=90s/2.5m")).toEqual([{ state: "acw", reasonCode: null, warnMs: 90_000, alertMs: 150_000 }]);
    expect(() => parseThresholds("notready=10/20")).toThrow(/"notready=10\/20": durations/);
    expect(() => parseThresholds("notready 10m")).toThrow(/is not state\[:reason\]=warn\/alert/);
    expect(() => parseThresholds("busy=20m/10m")).toThrow(/must not be shorter/);
  });
});
