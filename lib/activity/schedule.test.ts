import { describe, expect, it } from "vitest";
import { parseInstant, parseScheduleCsv, spansOf } from "./schedule";

describe("schedule CSV", () => {
  it("reads rows with offsets or Z, any column order, quotes, a BOM, CRLF and blank lines", () => {
    const csv = '\uFEFFactivity,agent_id,start,end\r\nwork,"agent, one",2026-12-07T09:00:00+01:00,2026-12-07T17:00:00+01:00\r\n\r\nBREAK,a2,2026-12-07T10:00Z,2026-12-07T10:15:00.000Z\r\n';
    const { rows, problems } = parseScheduleCsv(csv);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { agentId: "agent, one", start: Date.parse("2026-12-07T08:00:00Z"), end: Date.parse("2026-12-07T16:00:00Z"), activity: "work", line: 2 },
      { agentId: "a2", start: Date.parse("2026-12-07T10:00:00Z"), end: Date.parse("2026-12-07T10:15:00Z"), activity: "break", line: 4 },
    ]);
  });

  it("names every bad row by its line and column, and keeps nothing when there is one", () => {
    const csv = [
      "agent_id,start,end,activity",
      "a1,2026-12-07T09:00:00+01:00,2026-12-07T17:00:00+01:00,work",
      "a1,2026-12-07T09:00:00,2026-12-07T17:00:00+01:00,work",
      ",2026-02-30T09:00:00Z,2026-12-07T08:00:00Z,nap",
      "a3,2026-12-07T09:00:00Z,2026-12-07T09:00:00Z,off",
      "a4,2026-12-07T09:00:00Z",
      "a1,2026-12-07T16:30:00+01:00,2026-12-07T18:00:00+01:00,lunch",
      "a5,2026-12-01T00:00:00Z,2026-12-09T00:00:00Z,off",
    ].join("\n");
    const { rows, problems } = parseScheduleCsv(csv);
    expect(rows.length).toBeGreaterThan(0);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "start"],
      [4, "agent_id"],
      [4, "start"],
      [4, "activity"],
      [5, "end"],
      [6, null],
      [7, "start"],
      [8, "end"],
    ]);
    expect(problems[0]!.message).toContain("offset");
    expect(problems[3]!.message).toContain("work, off, break, lunch");
    expect(problems[6]!.message).toBe("overlaps line 2 (the same agent, 2026-12-07T08:00:00.000Z to 2026-12-07T16:00:00.000Z).");
  });

  it("refuses a file without the header, or empty", () => {
    expect(parseScheduleCsv("agent,start,end,activity\na,b,c,d").problems).toEqual([{ line: 1, column: null, message: 'The first line must be the header agent_id,start,end,activity; missing agent_id; unknown "agent".' }]);
    expect(parseScheduleCsv("").problems[0]!.message).toMatch(/empty/);
    expect(parseScheduleCsv('agent_id,start,end,activity\n"a,2026').problems).toEqual([{ line: 2, column: null, message: "a quoted field is not closed" }]);
  });

  it("reads only instants that exist, with a zone", () => {
    expect(parseInstant("2026-03-29T02:30:00+02:00")).toBe(Date.parse("2026-03-29T00:30:00Z"));
    expect(parseInstant("2028-02-29T00:00:00Z")).toBe(Date.parse("2028-02-29T00:00:00Z"));
    for (const bad of ["2026-02-29T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07 09:00:00Z", "2026-12-07T09:00:00", "2026-12-07", "2026-12-07T09:00:00+1:00"]) expect(parseInstant(bad)).toBeNull();
  });

  it("spans each agent from its first row's start to its last row's end", () => {
    const { rows } = parseScheduleCsv("agent_id,start,end,activity\na,2026-12-07T09:00:00Z,2026-12-07T12:00:00Z,work\nb,2026-12-07T10:00:00Z,2026-12-07T11:00:00Z,work\na,2026-12-08T09:00:00Z,2026-12-08T12:00:00Z,work\n");
    expect(Object.fromEntries(spansOf(rows))).toEqual({ a: { from: Date.parse("2026-12-07T09:00:00Z"), to: Date.parse("2026-12-08T12:00:00Z") }, b: { from: Date.parse("2026-12-07T10:00:00Z"), to: Date.parse("2026-12-07T11:00:00Z") } });
  });
});
