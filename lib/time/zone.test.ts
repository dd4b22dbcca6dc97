import { describe, expect, it } from "vitest";
import { intervalBoundaries } from "./zone";

const iso = (ms: number) => new Date(ms).toISOString();
const H = 3_600_000;

describe("intervalBoundaries", () => {
  it("cuts a day in Berlin into 24 hours, 96 quarter hours, and one day", () => {
    const from = Date.parse("2026-11-26T23:00:00Z"); // midnight in Berlin (UTC+1)
    const to = Date.parse("2026-11-27T23:00:00Z");
    expect(intervalBoundaries(from, to, "Europe/Berlin", "1h")).toHaveLength(25);
    expect(intervalBoundaries(from, to, "Europe/Berlin", "15m")).toHaveLength(97);
    expect(intervalBoundaries(from, to, "Europe/Berlin", "30m")).toHaveLength(49);
    expect(intervalBoundaries(from, to, "Europe/Berlin", "1d").map(iso)).toEqual([iso(from), iso(to)]);
    expect(intervalBoundaries(from, to, "Europe/Berlin", "total").map(iso)).toEqual([iso(from), iso(to)]);
  });

  it("gives the night the clocks go back 25 hourly rows, each an hour of real time, and the spring night 23", () => {
    // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET; the day runs from 22:00Z to 23:00Z next day.
    const autumn = intervalBoundaries(Date.parse("2026-10-24T22:00:00Z"), Date.parse("2026-10-25T23:00:00Z"), "Europe/Berlin", "1h");
    expect(autumn).toHaveLength(26);
    for (let i = 1; i < autumn.length; i++) expect(autumn[i]! - autumn[i - 1]!).toBe(H);
    // 2026-03-29: 02:00 CET becomes 03:00 CEST; the day is 23 hours.
    const spring = intervalBoundaries(Date.parse("2026-03-28T23:00:00Z"), Date.parse("2026-03-29T22:00:00Z"), "Europe/Berlin", "1h");
    expect(spring).toHaveLength(24);
    // Days in the zone: the change days are 25 and 23 hours long.
    const days = intervalBoundaries(Date.parse("2026-10-23T22:00:00Z"), Date.parse("2026-10-26T23:00:00Z"), "Europe/Berlin", "1d");
    expect(days.slice(1).map((t, i) => (t - days[i]!) / H)).toEqual([24, 25, 24]);
  });

  it("follows the wall clock of a zone whose offset is not whole hours, and a window not on a boundary", () => {
    // Kolkata is UTC+5:30: its hours start at :30 UTC.
    const b = intervalBoundaries(Date.parse("2026-11-27T00:10:00Z"), Date.parse("2026-11-27T03:00:00Z"), "Asia/Kolkata", "1h");
    expect(b.map(iso)).toEqual(["2026-11-27T00:10:00.000Z", "2026-11-27T00:30:00.000Z", "2026-11-27T01:30:00.000Z", "2026-11-27T02:30:00.000Z", "2026-11-27T03:00:00.000Z"]);
    // Lord Howe moves its clocks by half an hour: the hour it happens in is half an hour long (2026-04-05 02:00 → 01:30).
    const lh = intervalBoundaries(Date.parse("2026-04-04T13:00:00Z"), Date.parse("2026-04-04T17:00:00Z"), "Australia/Lord_Howe", "1h");
    expect(lh.slice(1).map((t, i) => (t - lh[i]!) / 60_000)).toContain(90);
  });
});
