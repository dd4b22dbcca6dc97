import { describe, expect, it } from "vitest";
import { clockIn, clockNamed, wallClock, zoneName } from "./clock";

describe("a time of day the server writes", () => {
  const t = Date.parse("2026-03-29T00:30:00Z"); // 01:30 CET; Berlin's clocks go forward at 01:00 UTC
  it("is on the zone's wall clock, 24-hour, with the zone's name of the moment", () => {
    expect(clockIn(t, "Europe/Berlin")).toBe("01:30");
    expect(clockNamed(t, "Europe/Berlin")).toBe("01:30 CET");
    expect(clockNamed(t + 3_600_000, "Europe/Berlin")).toBe("03:30 CEST");
    expect(clockNamed(t, "UTC")).toBe("00:30 UTC");
    expect(zoneName(t, "America/New_York")).toBe("GMT-4");
    expect(wallClock(t, "Europe/Berlin")).toBe("Sun 29 Mar, 01:30");
  });
});
