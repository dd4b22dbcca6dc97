import { describe, expect, it } from "vitest";
import { parseQuery } from "../http/query";
import { timelineQuery } from "./timeline";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
/** The timeline's query as its route reads it, in the old shape: `{ ok, from, to }` or `{ ok, message }`. */
function parseWindow(params: URLSearchParams, now: number, retentionMs: number | null = null) {
  const r = parseQuery(timelineQuery({ now, retentionMs }), params);
  return r.ok ? { ok: true as const, ...r.value } : r;
}
const parse = (query: string) => parseWindow(new URLSearchParams(query), NOW);

describe("the timeline's window (timelineQuery)", () => {
  it("refuses a window older than the history kept, and takes one that reaches into it", () => {
    const DAY = 24 * HOUR;
    const old = parseWindow(new URLSearchParams("from=1999-01-01T00:00:00Z&to=1999-01-02T00:00:00Z"), NOW, 90 * DAY);
    expect(old).toMatchObject({ ok: false, message: expect.stringContaining("FLOORVIEW_RETENTION_DAYS") });
    const edge = new Date(NOW - 90 * DAY + HOUR).toISOString();
    expect(parseWindow(new URLSearchParams(`to=${edge}`), NOW, 90 * DAY)).toMatchObject({ ok: true });
    expect(parseWindow(new URLSearchParams("from=1999-01-01T00:00:00Z&to=1999-01-02T00:00:00Z"), NOW)).toMatchObject({ ok: true });
  });

  it("defaults to the last 8 hours", () => {
    expect(parse("")).toEqual({ ok: true, from: NOW - 8 * HOUR, to: NOW });
  });

  it("reads ISO-8601 instants with Z or an offset", () => {
    expect(parse("from=2026-11-27T08:00:00Z&to=2026-11-27T09:30:00%2B01:00")).toEqual({
      ok: true,
      from: Date.parse("2026-11-27T08:00:00Z"),
      to: Date.parse("2026-11-27T08:30:00Z"),
    });
  });

  it("takes 8 hours after `from` when only `from` is given, or up to now", () => {
    expect(parse("from=2026-11-26T00:00:00Z")).toMatchObject({ to: Date.parse("2026-11-26T08:00:00Z") });
    expect(parse("from=2026-11-27T10:00:00Z")).toMatchObject({ to: NOW });
  });

  it.each([
    ["from=yesterday", /from must be an ISO-8601/],
    ["to=2026-11-27T08:00:00", /to must be an ISO-8601 date-time with a zone/],
    ["from=2026-13-45T08:00:00Z", /from must be/],
    ["from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", /from must be before to/],
    ["from=2026-11-27T10:00:00Z&to=2026-11-27T10:00:00Z", /from must be before to/],
    ["from=2026-11-19T10:00:00Z&to=2026-11-27T10:00:00Z", /at most 7 days/],
  ])("refuses %s with a clear message", (query, message) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it("accepts exactly 7 days", () => {
    expect(parse("from=2026-11-20T10:00:00Z&to=2026-11-27T10:00:00Z").ok).toBe(true);
  });
});
