import { describe, expect, it } from "vitest";
import { z } from "zod";
import { auditQuery } from "../access/audit";
import { format, many, one, oneOf, parseQuery, queryOf, wantsCsv, zone } from "./query";
import { reportQuery } from "../reports/reports";
import { scheduleQuery } from "../serve/schedules";
import { timelineQuery } from "../reports/timeline";
import { ApiError } from "./http";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const DAY = 86_400_000;
const cx = { now: NOW, retentionMs: 90 * DAY };
const read = <T>(schema: z.ZodType<T>, q: string) => parseQuery(schema, new URLSearchParams(q));

/** Every route that takes a window, as its route reads it. */
const windows: Record<"timeline" | "report" | "schedules" | "audit", z.ZodType<unknown>> = {
  timeline: timelineQuery(cx),
  report: reportQuery(cx),
  schedules: scheduleQuery(cx),
  audit: auditQuery,
};

describe("one window rule for every route (lib/server/http/query.ts)", () => {
  it.each(Object.entries(windows))("%s: an instant without a zone, a bad date and a window backwards are refused in the same words", (_, schema) => {
    expect(read(schema, "from=2026-11-27T08:00:00&to=2026-11-27T09:00:00Z")).toEqual({ ok: false, message: expect.stringMatching(/^from must be an ISO-8601 date-time with a zone/) });
    expect(read(schema, "from=2026-11-27T08:00:00Z&to=yesterday")).toEqual({ ok: false, message: expect.stringMatching(/^to must be an ISO-8601 date-time with a zone/) });
    expect(read(schema, "from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z")).toEqual({ ok: false, message: "from must be before to." });
    expect(read(schema, "from=2026-11-27T08:00:00Z&to=2026-11-27T09:30:00%2B01:00")).toMatchObject({ ok: true });
  });

  it("refuses a window wholly before the history kept with one message, wherever history is read", () => {
    const old = "from=1999-01-01T00:00:00Z&to=1999-01-02T00:00:00Z";
    const message = read(windows.timeline, old);
    expect(message).toEqual({ ok: false, message: expect.stringContaining("FLOORVIEW_RETENTION_DAYS") });
    expect(read(windows.report, old)).toEqual(message);
    // Schedules are plans, not history; the audit trail keeps its own days.
    expect(read(windows.schedules, old)).toMatchObject({ ok: true });
    expect(read(windows.audit, old)).toMatchObject({ ok: true });
  });

  it("reads a wall time without a zone only where the route takes its zone in tz (the audit page's form)", () => {
    expect(read(windows.audit, "from=2026-07-01T08:00&tz=Europe/Berlin")).toMatchObject({ ok: true, value: { filter: { from: Date.parse("2026-07-01T06:00:00Z") } } });
    // A report's tz is the zone of its intervals, never a licence for zone-less instants.
    expect(read(windows.report, "from=2026-07-01T08:00&to=2026-07-02T08:00&tz=Europe/Berlin")).toMatchObject({ ok: false, message: expect.stringContaining("with a zone") });
  });

  it("says how long each route's window may be", () => {
    expect(read(windows.timeline, "from=2026-11-19T10:00:00Z&to=2026-11-27T10:00:00Z")).toEqual({ ok: false, message: "The window can be at most 7 days long." });
    expect(read(windows.report, "from=2026-10-01T00:00:00Z&to=2026-11-05T00:00:00Z")).toMatchObject({ ok: false, message: expect.stringContaining("35 days long; a report covers at most 31") });
    expect(read(windows.schedules, "from=2026-09-01T00:00:00Z&to=2026-11-05T00:00:00Z")).toMatchObject({ ok: false, message: expect.stringContaining("at most 62 days") });
  });
});

describe("the query's fields", () => {
  const Q = z.object({ a: one, list: many, word: oneOf("word", ["x", "y"]), tz: zone, format });

  it("reads a repeated name as a list where it may repeat, else the first, as URLSearchParams.get does", () => {
    expect(read(Q, "a=1&a=2&list=%20Sales%20&list=Billing&list=Sales&list=")).toEqual({ ok: true, value: { a: "1", list: ["Sales", "Billing"], word: null, tz: null, format: null } });
  });

  it("names the parameter and what it may be", () => {
    expect(read(Q, "word=z")).toEqual({ ok: false, message: "word=z: one of x, y." });
    expect(read(Q, "tz=Mars/Olympus")).toEqual({ ok: false, message: expect.stringContaining("tz=Mars/Olympus: an IANA time zone") });
    expect(read(Q, "format=xml")).toEqual({ ok: false, message: "format=xml: csv or json." });
  });

  it("asks for a CSV by format or, without one, by Accept", () => {
    expect(wantsCsv("csv", null)).toBe(true);
    expect(wantsCsv(null, "text/csv, */*")).toBe(true);
    expect(wantsCsv("json", "text/csv")).toBe(false);
    expect(wantsCsv(null, "application/json")).toBe(false);
  });

  it("throws a 400 naming the first problem from a route (queryOf)", () => {
    const req = new Request("http://floorview.test/api/x?word=q");
    expect(() => queryOf(req, Q)).toThrow(ApiError);
    expect(() => queryOf(req, Q)).toThrow("word=q: one of x, y.");
  });
});
