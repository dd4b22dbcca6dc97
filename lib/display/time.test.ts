import { describe, expect, it } from "vitest";
import { formatSpan } from "./span";
import { parseLocalInput, resolveWindow, timeTicks, toLocalInput } from "./time";

const HOUR = 3_600_000;

describe("resolveWindow", () => {
  const now = Date.parse("2026-11-27T15:30:00Z");

  it("slides the relative windows with the clock", () => {
    expect(resolveWindow({ preset: "8h" }, now, "UTC")).toEqual({ from: now - 8 * HOUR, to: now });
    expect(resolveWindow({ preset: "1h" }, now, "UTC")).toEqual({ from: now - HOUR, to: now });
  });

  it("takes today and yesterday in the display zone, not UTC", () => {
    // 15:30 UTC is 07:30 in Los Angeles: today there began at 08:00 UTC.
    expect(resolveWindow({ preset: "today" }, now, "America/Los_Angeles")).toEqual({
      from: Date.parse("2026-11-27T08:00:00Z"),
      to: Date.parse("2026-11-28T08:00:00Z"),
    });
    expect(resolveWindow({ preset: "yesterday" }, now, "Asia/Kolkata")).toEqual({
      from: Date.parse("2026-11-25T18:30:00Z"),
      to: Date.parse("2026-11-26T18:30:00Z"),
    });
  });

  it("gives a day of 23 hours when the clocks go forward", () => {
    const spring = Date.parse("2026-03-29T12:00:00Z");
    const { from, to } = resolveWindow({ preset: "today" }, spring, "Europe/Berlin");
    expect(to - from).toBe(23 * HOUR);
  });
});

describe("timeTicks", () => {
  it("puts ticks on whole hours of the display zone", () => {
    const from = Date.parse("2026-11-27T08:10:00Z");
    const ticks = timeTicks(from, from + 8 * HOUR, "Asia/Kolkata", 10);
    // Kolkata is UTC+5:30: its whole hours are at :30 UTC.
    expect(ticks.every((t) => new Date(t).getUTCMinutes() === 30)).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(10);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
  });

  it("spaces ticks out for a week", () => {
    const from = Date.parse("2026-11-20T00:00:00Z");
    const ticks = timeTicks(from, from + 7 * 24 * HOUR, "UTC", 8);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[1]! - ticks[0]!).toBe(24 * HOUR);
  });
});

describe("datetime-local inputs", () => {
  it("reads and writes wall time in the display zone", () => {
    const t = parseLocalInput("2026-11-27T09:00", "Europe/Paris");
    expect(t).toBe(Date.parse("2026-11-27T08:00:00Z"));
    expect(toLocalInput(t!, "Europe/Paris")).toBe("2026-11-27T09:00");
    expect(parseLocalInput("27/11/2026", "UTC")).toBeNull();
  });
});

describe("formatSpan", () => {
  it("reads as a stretch of the day", () => {
    expect(formatSpan(38_000)).toBe("38 s");
    expect(formatSpan(12 * 60_000 + 59_000)).toBe("12 min");
    expect(formatSpan(3 * HOUR + 5 * 60_000)).toBe("3 h 05 min");
  });
});
