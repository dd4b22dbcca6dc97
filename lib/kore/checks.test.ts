import { describe, expect, it } from "vitest";
import { timeChecks, zoneAtOffset, type TimeEvidence } from "./checks";
import { readWrittenTime, type EventTimeReading } from "./event-time";

/** Wall time as Intl writes it in `zone`: the test's own writer, not the parser's arithmetic. */
function wall(utc: number, zone: string, opts: { hour12?: boolean; meridiem?: boolean; dmy?: boolean } = {}): string {
  const parts: Record<string, string> = {};
  const f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: opts.hour12 ? "h12" : "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "numeric", minute: "2-digit", second: "2-digit" });
  for (const p of f.formatToParts(utc)) parts[p.type] = p.value;
  const date = opts.dmy ? `${parts.day}/${parts.month}/${parts.year}` : `${parts.month}/${parts.day}/${parts.year}`;
  return `${date} ${Number(parts.hour)}:${parts.minute}:${parts.second}${opts.meridiem ? ` ${parts.dayPeriod}` : ""}`;
}

const START = Date.parse("2026-12-14T13:00:00Z");
const HALF_HOUR = 30 * 60_000;

/** Events every 90 s over `hours`, each asked for in a window of 30 minutes, written by `write`. */
function evidence(write: (utc: number) => string, hours = 2, start = START): TimeEvidence {
  const samples = [];
  for (let t = start; t < start + hours * 3_600_000; t += 90_000) {
    const from = start + Math.floor((t - start) / HALF_HOUR) * HALF_HOUR;
    const w = readWrittenTime(write(t));
    if (w) samples.push({ written: w, window: { from, to: from + HALF_HOUR } });
  }
  return { samples, unreadable: 0, unreadableExample: null, forms: { slashed: samples.length }, now: start + hours * 3_600_000 + 60_000 };
}

const reading = (r: Partial<EventTimeReading> = {}): EventTimeReading => ({ zone: "UTC", clock: "24h", dateOrder: "mdy", ...r });
const byId = (v: ReturnType<typeof timeChecks>) => Object.fromEntries(v.checks.map((c) => [c.id, c]));

describe("the EventTime checks", () => {
  it("pass when the settings read Kore.ai's times inside the windows asked for", () => {
    const v = timeChecks(evidence((t) => wall(t, "UTC")), reading());
    expect(v.failing).toBe(false);
    expect(v.checks.map((c) => [c.id, c.status])).toEqual([
      ["event_time_format", "ok"],
      ["event_time_zone", "ok"],
      ["clock_12h", "ok"],
      ["date_order", "ok"],
    ]);
  });

  it("name the zone when Kore.ai writes local time: India, 5 h 30 min ahead of UTC", () => {
    const v = timeChecks(evidence((t) => wall(t, "Asia/Kolkata")), reading());
    const c = byId(v);
    expect(v.failing).toBe(true);
    expect(c.event_time_zone).toMatchObject({ status: "fail", hint: "set KORE_EVENT_TIMEZONE=Asia/Kolkata (or another zone at +05:30)" });
    expect(c.event_time_zone!.message).toMatch(/^EventTime looks 5 h 30 min ahead of the window asked for/);
    // Applied, the same times pass.
    expect(timeChecks(evidence((t) => wall(t, "Asia/Kolkata")), reading({ zone: "Asia/Kolkata" })).failing).toBe(false);
  });

  it("name a zone behind UTC, and a configured zone that is wrong the other way", () => {
    const ny = timeChecks(evidence((t) => wall(t, "America/New_York")), reading());
    expect(byId(ny).event_time_zone).toMatchObject({ status: "fail", hint: "set KORE_EVENT_TIMEZONE=America/New_York (or another zone at -05:00)" });
    expect(byId(ny).event_time_zone!.message).toMatch(/5 h behind/);
    const utcReadAsBerlin = timeChecks(evidence((t) => wall(t, "UTC")), reading({ zone: "Europe/Berlin" }));
    expect(byId(utcReadAsBerlin).event_time_zone!.hint).toBe("set KORE_EVENT_TIMEZONE=UTC (or another zone at +00:00)");
  });

  it("tell a 12-hour clock without AM/PM from a zone 12 hours away", () => {
    const v = timeChecks(evidence((t) => wall(t, "UTC", { hour12: true })), reading());
    const c = byId(v);
    expect(v.failing).toBe(true);
    expect(c.clock_12h).toMatchObject({ status: "fail", hint: "set KORE_EVENT_CLOCK=12h" });
    expect(c.event_time_zone).toMatchObject({ status: "fail", hint: "set KORE_EVENT_CLOCK=12h" });
    expect(timeChecks(evidence((t) => wall(t, "UTC", { hour12: true })), reading({ clock: "12h" })).failing).toBe(false);
  });

  it("find a 12-hour clock in a local zone together (no zone sits at -06:30)", () => {
    const v = timeChecks(evidence((t) => wall(t, "Asia/Kolkata", { hour12: true })), reading());
    expect(byId(v).event_time_zone!.hint).toBe("set KORE_EVENT_TIMEZONE=Asia/Kolkata (or another zone at +05:30) and KORE_EVENT_CLOCK=12h");
    expect(timeChecks(evidence((t) => wall(t, "Asia/Kolkata", { hour12: true })), reading({ zone: "Asia/Kolkata", clock: "12h" })).failing).toBe(false);
  });

  it("take changes released minutes late in a later window for late, not for a wrong zone", () => {
    // As if Kore.ai answered by release time: each change comes with the live read 2 to 10
    // minutes after it (a window of two minutes), so it lies before that window.
    const samples = [];
    for (let i = 0; i < 60; i++) {
      const t = START + i * 60_000;
      const from = t + (2 + (i % 9)) * 60_000;
      samples.push({ written: readWrittenTime(wall(t, "UTC"))!, window: { from, to: from + 120_000 } });
    }
    const v = timeChecks({ samples, unreadable: 0, unreadableExample: null, forms: { slashed: samples.length }, now: START + 2 * 3_600_000 }, reading());
    expect(v.failing).toBe(false);
    expect(byId(v).event_time_zone!.status).toBe("ok");
  });

  it("read AM/PM as written, under either setting", () => {
    expect(timeChecks(evidence((t) => wall(t, "UTC", { hour12: true, meridiem: true })), reading()).failing).toBe(false);
  });

  it("see day before month, on days past the 12th and before it", () => {
    const late = timeChecks(evidence((t) => wall(t, "UTC", { dmy: true })), reading());
    expect(byId(late).date_order).toMatchObject({ status: "fail", hint: "set KORE_EVENT_DATE_ORDER=dmy" });
    // On the 5th of December "05/12" is a valid 12th of May: only the windows tell.
    const early = timeChecks(evidence((t) => wall(t, "UTC", { dmy: true }), 2, Date.parse("2026-12-05T13:00:00Z")), reading());
    expect(byId(early).date_order).toMatchObject({ status: "fail", hint: "set KORE_EVENT_DATE_ORDER=dmy" });
    expect(timeChecks(evidence((t) => wall(t, "UTC", { dmy: true })), reading({ dateOrder: "dmy" })).failing).toBe(false);
  });

  it("warn of a possible 12-hour clock when half a day passes with no hour above 12", () => {
    const night = Date.parse("2026-12-14T00:00:00Z");
    // Events only in the first 12 hours of the day: hours 0–11, read fine, but suspicious.
    const v = timeChecks(evidence((t) => wall(t, "UTC"), 12.9, night), reading());
    expect(byId(v).clock_12h).toMatchObject({ status: "warn", hint: "if Kore.ai's times are 12-hour, set KORE_EVENT_CLOCK=12h" });
    expect(v.failing).toBe(false);
  });

  it("say so when there is nothing to judge yet, without failing", () => {
    const v = timeChecks({ samples: [], unreadable: 0, unreadableExample: null, forms: {}, now: START }, reading());
    expect(v.failing).toBe(false);
    expect(byId(v).event_time_zone!.status).toBe("warn");
  });

  it("fail the format when no EventTime can be read, with an example", () => {
    const v = timeChecks({ samples: [], unreadable: 40, unreadableExample: '{"EventTime":"yesterday"}', forms: {}, now: START }, reading());
    expect(byId(v).event_time_format).toMatchObject({ status: "fail" });
    expect(byId(v).event_time_format!.message).toContain("yesterday");
    expect(v.failing).toBe(true);
  });

  it("names a zone for an offset, preferring a well-known one", () => {
    expect(zoneAtOffset(5.5 * 3_600_000, START)).toBe("Asia/Kolkata");
    expect(zoneAtOffset(-6.5 * 3_600_000, START)).toBeNull();
  });
});
