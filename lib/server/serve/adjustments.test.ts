import { describe, expect, it } from "vitest";
import { MAX_PERCENT_AGENT_DAYS, percentWorthReading } from "./adjustments";

const DAY = 86_400_000;

describe("an adjustment's audit", () => {
  it("reads the % before and after up to 5,000 agent-days (a day of a 5,000-agent floor, a month of 161 agents), not beyond", () => {
    expect(MAX_PERCENT_AGENT_DAYS).toBe(5_000);
    expect(percentWorthReading(5_000, DAY)).toBe(true);
    expect(percentWorthReading(5_000, DAY + 1)).toBe(false);
    expect(percentWorthReading(162, 31 * DAY)).toBe(false);
    expect(percentWorthReading(161, 31 * DAY)).toBe(true);
    // A part of a day counts as a day.
    expect(percentWorthReading(5_001, 60_000)).toBe(false);
  });
});
