import { describe, expect, it } from "vitest";
import { auditQuery } from "./audit";
import { parseQuery } from "../http/query";

const parse = (q: string) => {
  const r = parseQuery(auditQuery, new URLSearchParams(q));
  return r.ok ? { ok: true, filter: r.value.filter } : r;
};

describe("the audit trail's filter", () => {
  it("reads a window by the rule every route follows: a zone in each instant, or the zone named in tz", () => {
    expect(parse("from=2026-11-30T08:00:00Z&to=2026-11-30T10:00:00%2B01:00")).toEqual({ ok: true, filter: { limit: 1000, from: Date.parse("2026-11-30T08:00:00Z"), to: Date.parse("2026-11-30T09:00:00Z") } });
    // The page's form sends wall times and says they are UTC's.
    expect(parse("from=2026-11-30T08:00&tz=UTC")).toMatchObject({ ok: true, filter: { from: Date.parse("2026-11-30T08:00:00Z") } });
    expect(parse("from=2026-07-01T08:00&tz=Europe/Berlin")).toMatchObject({ ok: true, filter: { from: Date.parse("2026-07-01T06:00:00Z") } });
  });

  it("refuses a wall time without a zone (it was read in the server's own zone), a bad zone, and a window backwards", () => {
    expect(parse("from=2026-11-30T08:00")).toMatchObject({ ok: false, message: expect.stringContaining("with a zone") });
    expect(parse("from=2026-11-30")).toMatchObject({ ok: false });
    expect(parse("from=2026-02-30T08:00&tz=UTC")).toMatchObject({ ok: false });
    expect(parse("from=2026-11-30T08:75&tz=UTC")).toMatchObject({ ok: false });
    expect(parse("from=2026-11-30T24:00&tz=UTC")).toMatchObject({ ok: false });
    expect(parse("from=2026-11-30T08:00&tz=Mars/Olympus")).toMatchObject({ ok: false, message: expect.stringContaining("tz=") });
    expect(parse("from=2026-11-30T09:00:00Z&to=2026-11-30T08:00:00Z")).toEqual({ ok: false, message: "from must be before to." });
  });
});
