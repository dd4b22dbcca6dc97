import { describe, expect, it } from "vitest";
import { BUILT_IN_PROFILES, parseWithProfile } from "./schedule-import";

const ICS = BUILT_IN_PROFILES.find((p) => p.format === "ics")!;
const emails = new Map([
  ["ann@example.com", "kore-ann"],
  ["bo@example.com", "kore-bo"],
]);
const cx = (from: string, to: string, zone: string | null = null) => ({ zone, agentByEmail: (e: string) => emails.get(e) ?? null, window: { from: Date.parse(from), to: Date.parse(to) } });
const calendar = (...events: string[][]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Floorview tests//EN", ...events.flatMap((e) => ["BEGIN:VEVENT", ...e, "END:VEVENT"]), "END:VCALENDAR", ""].join("\r\n");
const iso = (ms: number) => new Date(ms).toISOString();

describe("an iCalendar schedule", () => {
  it("a weekly RRULE with one EXDATE expands to exactly the expected rows over four weeks across the end of summer time", () => {
    // Mondays and Wednesdays 09:00–17:00 New York, from 19 October 2026; clocks go back on 1 November.
    const text = calendar([
      "UID:shift-1",
      "DTSTART;TZID=America/New_York:20261019T090000",
      "DTEND;TZID=America/New_York:20261019T170000",
      "RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
      "EXDATE;TZID=America/New_York:20261028T090000",
      "SUMMARY:Shift",
      "ATTENDEE;CN=Ann:mailto:Ann@Example.com",
    ]);
    const parsed = parseWithProfile(text, ICS, cx("2026-10-19T00:00:00-04:00", "2026-11-16T00:00:00-05:00"));
    expect(parsed.problems).toEqual([]);
    // Worked out by hand: EDT is −04:00 until 1 November, EST −05:00 after; the 28th is excepted.
    expect(parsed.rows.map((r) => [r.agentId, iso(r.start), iso(r.end), r.activity])).toEqual([
      ["kore-ann", "2026-10-19T13:00:00.000Z", "2026-10-19T21:00:00.000Z", "work"],
      ["kore-ann", "2026-10-21T13:00:00.000Z", "2026-10-21T21:00:00.000Z", "work"],
      ["kore-ann", "2026-10-26T13:00:00.000Z", "2026-10-26T21:00:00.000Z", "work"],
      ["kore-ann", "2026-11-02T14:00:00.000Z", "2026-11-02T22:00:00.000Z", "work"],
      ["kore-ann", "2026-11-04T14:00:00.000Z", "2026-11-04T22:00:00.000Z", "work"],
      ["kore-ann", "2026-11-09T14:00:00.000Z", "2026-11-09T22:00:00.000Z", "work"],
      ["kore-ann", "2026-11-11T14:00:00.000Z", "2026-11-11T22:00:00.000Z", "work"],
    ]);
  });

  it("reads an Outlook TZID by the file's VTIMEZONE, a floating time and an all-day event in the zone chosen, and skips a cancelled event", () => {
    const vtimezone = [
      "BEGIN:VTIMEZONE",
      "TZID:W. Europe Standard Time",
      "BEGIN:STANDARD",
      "DTSTART:16011028T030000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
      "TZOFFSETFROM:+0200",
      "TZOFFSETTO:+0100",
      "END:STANDARD",
      "BEGIN:DAYLIGHT",
      "DTSTART:16010325T020000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
      "TZOFFSETFROM:+0100",
      "TZOFFSETTO:+0200",
      "END:DAYLIGHT",
      "END:VTIMEZONE",
    ];
    const text = calendar(
      ["UID:a", "DTSTART;TZID=W. Europe Standard Time:20261207T090000", "DTEND;TZID=W. Europe Standard Time:20261207T100000", "SUMMARY:Training", "ATTENDEE:mailto:bo@example.com"],
      ["UID:b", "DTSTART:20261207T120000", "DTEND:20261207T123000", "SUMMARY:Lunch", "ATTENDEE:mailto:bo@example.com"],
      ["UID:c", "DTSTART;VALUE=DATE:20261208", "DTEND;VALUE=DATE:20261209", "SUMMARY:Vacation", "ATTENDEE:mailto:bo@example.com"],
      ["UID:d", "DTSTART:20261207T150000Z", "DTEND:20261207T160000Z", "SUMMARY:Meeting", "STATUS:CANCELLED", "ATTENDEE:mailto:bo@example.com"],
    ).replace("PRODID:-//Floorview tests//EN\r\n", `PRODID:-//Floorview tests//EN\r\n${vtimezone.join("\r\n")}\r\n`);
    const parsed = parseWithProfile(text, ICS, cx("2026-12-01T00:00:00Z", "2026-12-31T00:00:00Z", "Europe/Lisbon"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [iso(r.start), iso(r.end), r.activity])).toEqual([
      ["2026-12-07T08:00:00.000Z", "2026-12-07T09:00:00.000Z", "training"],
      ["2026-12-07T12:00:00.000Z", "2026-12-07T12:30:00.000Z", "lunch"],
      ["2026-12-08T00:00:00.000Z", "2026-12-09T00:00:00.000Z", "off"],
    ]);
  });

  it("names an unmapped attendee, an unknown activity and an unknown TZID by the event's line", () => {
    const text = calendar(
      ["UID:a", "DTSTART:20261207T090000Z", "DTEND:20261207T170000Z", "SUMMARY:Shift", "ATTENDEE:mailto:zed@example.com"],
      ["UID:b", "DTSTART:20261207T090000Z", "DTEND:20261207T170000Z", "SUMMARY:Fishing", "ATTENDEE:mailto:ann@example.com"],
      ["UID:c", "DTSTART;TZID=Mars/Olympus:20261207T090000", "DTEND;TZID=Mars/Olympus:20261207T170000", "SUMMARY:Shift", "ATTENDEE:mailto:bo@example.com"],
    );
    const parsed = parseWithProfile(text, ICS, cx("2026-12-01T00:00:00Z", "2026-12-31T00:00:00Z"));
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems.map((p) => [p.line, p.column])).toEqual([
      [4, "ATTENDEE"],
      [11, "SUMMARY"],
      [18, "DTSTART"],
    ]);
    expect(parsed.problems[2]!.message).toContain('TZID "Mars/Olympus" is neither an IANA zone');
    expect(parseWithProfile("not a calendar", ICS, cx("2026-12-01T00:00:00Z", "2026-12-31T00:00:00Z")).problems[0]!.message).toContain("Not an iCalendar file");
  });
});
