import { describe, expect, it } from "vitest";
import { wireEventTime } from "@/lib/simulator/wire";
import { isValidTimeZone, parseEventTime, wallTimeToUtc } from "./event-time";

const utc = (iso: string) => Date.parse(iso);

describe("parseEventTime", () => {
  it("reads Kore.ai's sample, with its one-digit hour, as UTC by default", () => {
    expect(parseEventTime("10/20/2020 2:13:12", "UTC")).toBe(utc("2020-10-20T02:13:12Z"));
  });

  it("accepts zero-padded and unpadded fields alike", () => {
    const expected = utc("2024-03-05T07:08:09Z");
    for (const s of ["03/05/2024 07:08:09", "3/5/2024 7:08:09", "03/05/2024 7:8:9", " 3/5/2024  07:08:09 "]) {
      expect(parseEventTime(s, "UTC"), s).toBe(expected);
    }
  });

  it("reads a 12-hour clock when AM/PM is given", () => {
    expect(parseEventTime("10/20/2020 2:13:12 PM", "UTC")).toBe(utc("2020-10-20T14:13:12Z"));
    expect(parseEventTime("10/20/2020 12:00:00 AM", "UTC")).toBe(utc("2020-10-20T00:00:00Z"));
    expect(parseEventTime("10/20/2020 12:00:00 pm", "UTC")).toBe(utc("2020-10-20T12:00:00Z"));
  });

  it("rejects what is not a real date and time", () => {
    for (const s of ["", "2020-13-20T02:13:12Z", "2020-10-20T02:13:12+19:00", "12345", "13/01/2020 1:00:00", "02/30/2024 1:00:00", "02/29/2023 1:00:00", "10/20/2020 24:00:00", "10/20/2020 1:60:00", "10/20/2020 13:00:00 PM", "garbage"]) {
      expect(parseEventTime(s, "UTC"), s).toBeNull();
    }
    expect(parseEventTime("02/29/2024 1:00:00", "UTC")).toBe(utc("2024-02-29T01:00:00Z"));
  });

  it("reads ISO-8601 with Z or an offset as the instant it names, whatever the configured zone", () => {
    for (const s of ["2020-10-20T02:13:12Z", "2020-10-20T07:43:12+05:30", "2020-10-20T07:43:12+0530", "2020-10-19T22:13:12-04:00", "2020-10-20 02:13:12z", "2020-10-20T02:13:12.000Z"]) {
      expect(parseEventTime(s, "America/New_York"), s).toBe(utc("2020-10-20T02:13:12Z"));
    }
    // Without a zone designator, ISO is wall time in the configured zone, like the documented syntax.
    expect(parseEventTime("2026-01-15T09:00:00", "Asia/Kolkata")).toBe(utc("2026-01-15T03:30:00Z"));
  });

  it("reads epoch seconds and milliseconds, as numbers or text", () => {
    const t = utc("2026-12-05T10:11:12Z");
    for (const v of [t / 1000, t, String(t / 1000), String(t), `${t / 1000}.0`]) expect(parseEventTime(v, "Asia/Tokyo"), String(v)).toBe(t);
    expect(parseEventTime(5, "UTC")).toBeNull();
  });

  it("reads a comma after the date, and AM/PM with dots", () => {
    expect(parseEventTime("10/20/2020, 2:13:12 PM", "UTC")).toBe(utc("2020-10-20T14:13:12Z"));
    expect(parseEventTime("10/20/2020 2:13:12 p.m.", "UTC")).toBe(utc("2020-10-20T14:13:12Z"));
  });

  it("reads day before month when told to (KORE_EVENT_DATE_ORDER=dmy), never by guessing", () => {
    const dmy = { zone: "UTC", clock: "24h" as const, dateOrder: "dmy" as const };
    expect(parseEventTime("20/10/2020 2:13:12", dmy)).toBe(utc("2020-10-20T02:13:12Z"));
    expect(parseEventTime("05/03/2024 7:08:09", dmy)).toBe(utc("2024-03-05T07:08:09Z"));
    expect(parseEventTime("20/10/2020 2:13:12", "UTC")).toBeNull();
    // ISO keeps its own order.
    expect(parseEventTime("2024-03-05T07:08:09Z", dmy)).toBe(utc("2024-03-05T07:08:09Z"));
  });

  it("reads a 12-hour clock without AM/PM (KORE_EVENT_CLOCK=12h) as the half of the day inside the window asked for", () => {
    const twelve = { zone: "UTC", clock: "12h" as const, dateOrder: "mdy" as const };
    const afternoon = { from: utc("2020-10-20T13:00:00Z"), to: utc("2020-10-20T15:00:00Z") };
    const morning = { from: utc("2020-10-20T01:00:00Z"), to: utc("2020-10-20T03:00:00Z") };
    expect(parseEventTime("10/20/2020 2:13:12", twelve, afternoon)).toBe(utc("2020-10-20T14:13:12Z"));
    expect(parseEventTime("10/20/2020 2:13:12", twelve, morning)).toBe(utc("2020-10-20T02:13:12Z"));
    expect(parseEventTime("10/20/2020 12:30:00", twelve, { from: utc("2020-10-20T00:00:00Z"), to: utc("2020-10-20T01:00:00Z") })).toBe(utc("2020-10-20T00:30:00Z"));
    // Both halves in a window of a day: not guessed.
    expect(parseEventTime("10/20/2020 2:13:12", twelve, { from: utc("2020-10-20T00:00:00Z"), to: utc("2020-10-21T00:00:00Z") })).toBeNull();
    // AM/PM and hours past 12 say it themselves; the 24-hour default reads the hour as written.
    expect(parseEventTime("10/20/2020 2:13:12 AM", twelve, afternoon)).toBe(utc("2020-10-20T02:13:12Z"));
    expect(parseEventTime("10/20/2020 14:13:12", twelve, afternoon)).toBe(utc("2020-10-20T14:13:12Z"));
    expect(parseEventTime("10/20/2020 2:13:12", "UTC", afternoon)).toBe(utc("2020-10-20T02:13:12Z"));
  });

  it("converts wall time in a half-hour zone (Asia/Kolkata, UTC+5:30)", () => {
    expect(parseEventTime("01/15/2026 9:00:00", "Asia/Kolkata")).toBe(utc("2026-01-15T03:30:00Z"));
    expect(parseEventTime("01/15/2026 3:15:00", "Asia/Kolkata")).toBe(utc("2026-01-14T21:45:00Z"));
  });

  it("follows daylight saving time (America/New_York)", () => {
    expect(parseEventTime("01/15/2026 9:00:00", "America/New_York")).toBe(utc("2026-01-15T14:00:00Z"));
    expect(parseEventTime("07/15/2026 9:00:00", "America/New_York")).toBe(utc("2026-07-15T13:00:00Z"));
    // Either side of the spring-forward gap (2026-03-08 02:00 → 03:00 local).
    expect(parseEventTime("03/08/2026 1:59:59", "America/New_York")).toBe(utc("2026-03-08T06:59:59Z"));
    expect(parseEventTime("03/08/2026 3:00:00", "America/New_York")).toBe(utc("2026-03-08T07:00:00Z"));
  });

  it("reads a wall time that never happened (spring forward) just after the gap", () => {
    expect(parseEventTime("03/08/2026 2:30:00", "America/New_York")).toBe(utc("2026-03-08T07:30:00Z"));
  });

  it("reads a wall time that happened twice (fall back) as the first occurrence, west and east of UTC", () => {
    expect(parseEventTime("11/01/2026 1:30:00", "America/New_York")).toBe(utc("2026-11-01T05:30:00Z"));
    expect(parseEventTime("10/25/2026 2:30:00", "Europe/Berlin")).toBe(utc("2026-10-25T00:30:00Z"));
    // And the hour after it is unambiguous again.
    expect(parseEventTime("11/01/2026 2:30:00", "America/New_York")).toBe(utc("2026-11-01T07:30:00Z"));
  });

  it("reads fixed instants around Lord Howe's half-hour changes (UTC+10:30 / +11)", () => {
    const z = "Australia/Lord_Howe";
    // 5 April 2026: 02:00 LHDT goes back to 01:30 LHST; 01:30–02:00 happens twice.
    expect(parseEventTime("04/05/2026 1:15:00", z)).toBe(utc("2026-04-04T14:15:00Z"));
    expect(parseEventTime("04/05/2026 1:45:00", z)).toBe(utc("2026-04-04T14:45:00Z"));
    expect(parseEventTime("04/05/2026 2:15:00", z)).toBe(utc("2026-04-04T15:45:00Z"));
    // 4 October 2026: 02:00 LHST jumps to 02:30 LHDT; 02:15 never happens and lands just after the gap.
    expect(parseEventTime("10/04/2026 1:59:59", z)).toBe(utc("2026-10-03T15:29:59Z"));
    expect(parseEventTime("10/04/2026 2:15:00", z)).toBe(utc("2026-10-03T15:45:00Z"));
    expect(parseEventTime("10/04/2026 2:30:00", z)).toBe(utc("2026-10-03T15:30:00Z"));
  });

  it("reads fixed instants around Chatham's changes (UTC+12:45 / +13:45)", () => {
    const z = "Pacific/Chatham";
    // 5 April 2026: 03:45 CHADT goes back to 02:45 CHAST; 02:45–03:45 happens twice.
    expect(parseEventTime("04/05/2026 3:00:00", z)).toBe(utc("2026-04-04T13:15:00Z"));
    expect(parseEventTime("04/05/2026 3:50:00", z)).toBe(utc("2026-04-04T15:05:00Z"));
    // 27 September 2026: 02:45 CHAST jumps to 03:45 CHADT.
    expect(parseEventTime("09/27/2026 2:44:59", z)).toBe(utc("2026-09-26T13:59:59Z"));
    expect(parseEventTime("09/27/2026 3:00:00", z)).toBe(utc("2026-09-26T14:15:00Z"));
    expect(parseEventTime("09/27/2026 3:45:00", z)).toBe(utc("2026-09-26T14:00:00Z"));
  });

  it("reads back what Kore.ai's format writes, to the second, in any zone; a wall time shown twice as its first instant", () => {
    // The text comes from the simulator's own formatter (the runtime's Intl data), not Floorview's.
    const zones = ["UTC", "Asia/Kolkata", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham"];
    const instants: number[] = [];
    for (let t = utc("2026-01-01T00:00:00Z"); t < utc("2027-01-01T00:00:00Z"); t += 7 * 3_600_000 + 1234_000) instants.push(t);
    // Every 5 minutes through the day of each change of 2026 in these zones.
    for (const day of ["2026-03-08", "2026-03-29", "2026-04-04", "2026-09-26", "2026-10-03", "2026-10-25", "2026-11-01"]) {
      for (let t = utc(`${day}T00:00:00Z`) - 12 * 3_600_000; t < utc(`${day}T00:00:00Z`) + 36 * 3_600_000; t += 300_000 + 7_000) instants.push(t);
    }
    let repeated = 0;
    for (const zone of zones) {
      for (const t of instants) {
        const text = wireEventTime(t, zone);
        // The first instant with this wall text: clocks go back by half an hour or an hour.
        const first = [t - 3_600_000, t - 1_800_000, t].find((c) => wireEventTime(c, zone) === text)!;
        if (first !== t) repeated++;
        expect(parseEventTime(text, zone), `${zone} ${text}`).toBe(first);
      }
    }
    // The walk did go through the hours shown twice, in every zone with a change.
    expect(repeated).toBeGreaterThan(40);
  });
});

describe("time zones", () => {
  it("knows IANA zones and refuses others", () => {
    expect(isValidTimeZone("Asia/Kolkata")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });

  it("wallTimeToUtc is the inverse of the zone offset on ordinary days", () => {
    expect(wallTimeToUtc(utc("2026-06-01T12:00:00Z"), "Europe/Berlin")).toBe(utc("2026-06-01T10:00:00Z"));
  });
});
