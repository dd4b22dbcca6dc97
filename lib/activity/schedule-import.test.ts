import { describe, expect, it } from "vitest";
import { BUILT_IN_PROFILES, parseDate, parseIdTable, parseTime, parseWithProfile, type ImportProfile } from "./schedule-import";
import { parseScheduleCsv } from "./schedule";

const IEX = BUILT_IN_PROFILES.find((p) => p.name === "NICE IEX Agent Schedule Detail")!;
const TALKDESK = BUILT_IN_PROFILES.find((p) => p.name === "Talkdesk / Assembled CSV")!;
const WINDOW = { from: 0, to: Date.UTC(2100, 0, 1) };
const noEmails = { zone: "America/Chicago", agentByEmail: () => null, window: WINDOW };

/**
 * Chicago's wall clock written apart from lib/time: US rules since 2007, CDT (−05:00) from the
 * second Sunday of March at 02:00 to the first Sunday of November at 02:00, else CST (−06:00).
 * Wall times are kept out of the hours that are skipped or repeated.
 */
function chicagoOffsetHours(y: number, mo: number, d: number, h: number): number {
  const nthSunday = (month: number, n: number) => {
    const first = new Date(Date.UTC(y, month - 1, 1)).getUTCDay();
    return 1 + ((7 - first) % 7) + (n - 1) * 7;
  };
  const key = mo * 10_000 + d * 100 + h;
  const begins = 3 * 10_000 + nthSunday(3, 2) * 100 + 2;
  const ends = 11 * 10_000 + nthSunday(11, 1) * 100 + 2;
  return key >= begins && key < ends ? -5 : -6;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A wall time of Chicago written both ways: IEX's (mmddyyyy, 12-hour) and ISO with the offset worked out by hand. */
function both(y: number, mo: number, d: number, h: number, mi: number) {
  const off = chicagoOffsetHours(y, mo, d, h);
  const iso = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:00-${pad(-off)}:00`;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return { iex: `${pad(h12)}:${pad(mi)} ${h < 12 ? "AM" : "PM"}`, iexDate: `${pad(mo)}${pad(d)}${y}`, iso };
}

describe("a NICE IEX Agent Schedule Detail file", () => {
  it("10,000 rows in 12-hour Chicago time, one shift over midnight and one over the end of summer time, equal the hand-converted ISO CSV to the second", () => {
    const iex = ["#fields:excdate|TZ|muID|tvID|logonID|excCode|startTime|stopTime"];
    const iso = ["agent_id,start,end,activity"];
    const day: [string, string, number, number, number, number][] = [
      ["Open", "work", 8, 0, 10, 0],
      ["Break", "break", 10, 0, 10, 15],
      ["Open", "work", 10, 15, 12, 30],
      ["Lunch", "lunch", 12, 30, 13, 30],
    ];
    // 499 agents × 5 days (26–30 Oct) × 4 rows, and two night workers × 5 nights × 2 rows: 10,000.
    for (let a = 0; a < 499; a++) {
      for (let d = 26; d <= 30; d++) {
        for (const [code, activity, h0, m0, h1, m1] of day) {
          const s = both(2026, 10, d, h0, m0);
          const e = both(2026, 10, d, h1, m1);
          iex.push(`${s.iexDate}|America/Chicago|12|${9000 + a}|agent-${a}|${code}|${s.iex}|${e.iex}`);
          iso.push(`agent-${a},${s.iso},${e.iso},${activity}`);
        }
      }
    }
    for (const agent of ["night-1", "night-2"]) {
      // night-2's week runs a day later: its last night is 31 Oct → 1 Nov, when the clocks go back at 02:00.
      const first = agent === "night-1" ? 26 : 27;
      for (let k = 0; k < 5; k++) {
        const d = first + k;
        const next: [number, number] = d === 31 ? [11, 1] : [10, d + 1];
        const s = both(2026, 10, d, 22, 0);
        const mid = both(2026, 10, d, 23, 30);
        const e = both(2026, next[0], next[1], 6, 0);
        iex.push(`${s.iexDate}|America/Chicago|12|8000|${agent}|Open|${s.iex}|${mid.iex}`);
        iex.push(`${s.iexDate}|America/Chicago|12|8000|${agent}|Open|${mid.iex}|${e.iex}`);
        iso.push(`${agent},${s.iso},${mid.iso},work`, `${agent},${mid.iso},${e.iso},work`);
      }
    }
    expect(iex.length - 1).toBe(10_000);
    const fromIex = parseWithProfile(iex.join("\n") + "\n", IEX, noEmails);
    const fromIso = parseScheduleCsv(iso.join("\r\n"));
    expect(fromIex.problems).toEqual([]);
    expect(fromIso.problems).toEqual([]);
    expect(fromIex.rows).toHaveLength(10_000);
    const plain = (rows: typeof fromIso.rows) => rows.map(({ agentId, start, end, activity }) => ({ agentId, start, end, activity }));
    expect(plain(fromIex.rows)).toEqual(plain(fromIso.rows));
    // The night over the change is nine hours of real time (22:00 CDT to 06:00 CST), read as such.
    const last = fromIex.rows.filter((r) => r.agentId === "night-2").at(-1)!;
    expect(new Date(last.end).toISOString()).toBe("2026-11-01T12:00:00.000Z");
    expect(last.end - fromIex.rows.filter((r) => r.agentId === "night-2").at(-2)!.start).toBe(9 * 3_600_000);
  });

  it("names every unknown code, bad time and missing zone by its line and the file's column", () => {
    const text = [
      "#fields:excdate|logonID|excCode|startTime|stopTime",
      "12072026|a1|Open|08:00 AM|12:00 PM",
      "12072026|a2|Fishing|08:00 AM|09:00 AM",
      "12072026|a3|Open|13:00 PM|02:00 PM",
      "13072026|a4|Open|08:00 AM|09:00 AM",
      "03082026|a5|Open|02:30 AM|03:00 AM",
      "12072026|a1|Break|11:00 AM|11:15 AM",
    ].join("\n");
    const parsed = parseWithProfile(text, IEX, noEmails);
    expect(parsed.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "excCode"],
      [4, "startTime"],
      [5, "excdate"],
      [6, "startTime"],
      [7, "startTime"],
    ]);
    expect(parsed.problems[0]!.message).toContain('"Fishing"');
    expect(parsed.problems[3]!.message).toContain("does not exist in America/Chicago");
    expect(parsed.problems[4]!.message).toContain("overlaps line 2");
    const noZone = parseWithProfile(text.split("\n").slice(0, 2).join("\n"), IEX, { zone: null, agentByEmail: () => null, window: WINDOW });
    expect(noZone.problems[0]).toMatchObject({ line: 2, column: "startTime" });
    expect(noZone.problems[0]!.message).toContain("no zone");
  });

  it("refuses a header without the profile's columns, naming them", () => {
    const parsed = parseWithProfile("date|agent|code\n12072026|a1|Open\n", IEX, noEmails);
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems[0]!.message).toContain("lacks excdate, logonID, excCode, startTime, stopTime");
  });
});

describe("agent identity", () => {
  const emails = new Map([["ann@example.com", "kore-1"]]);
  const cx = { zone: "Europe/London", agentByEmail: (e: string) => emails.get(e) ?? null, window: WINDOW };

  it("maps an e-mail (any case) to the Agents API's agent and names an unmapped one by line", () => {
    const text = "agent_email,start_time,end_time,activity\nAnn@Example.com,2026-12-07T09:00,2026-12-07T17:00,Shift\nbob@example.com,2026-12-07T09:00:00Z,2026-12-07T17:00:00Z,Shift\n";
    const parsed = parseWithProfile(text, TALKDESK, cx);
    expect(parsed.rows.map((r) => [r.agentId, new Date(r.start).toISOString(), r.activity])).toEqual([["kore-1", "2026-12-07T09:00:00.000Z", "work"]]);
    expect(parsed.problems).toEqual([{ line: 3, column: "agent_email", message: expect.stringContaining("bob@example.com is the e-mail of no agent") }]);
  });

  it("maps external ids through the profile's table and names one missing by line", () => {
    const { table, problems } = parseIdTable("external_id,agent_id\nE1,kore-1\nE2,kore-2\nE3\n");
    expect(table).toEqual({ E1: "kore-1", E2: "kore-2" });
    expect(problems).toEqual([{ line: 4, column: null, message: "a line is external_id,agent_id, both set." }]);
    const profile: ImportProfile = { ...IEX, identity: "table", idTable: table, zone: "America/New_York" };
    const parsed = parseWithProfile("#fields:excdate|logonID|excCode|startTime|stopTime\n12072026|E2|Open|9:00 AM|5:00 PM\n12072026|E9|Open|9:00 AM|5:00 PM\n", profile, noEmails);
    expect(parsed.rows.map((r) => [r.agentId, new Date(r.start).toISOString(), new Date(r.end).toISOString()])).toEqual([["kore-2", "2026-12-07T14:00:00.000Z", "2026-12-07T22:00:00.000Z"]]);
    expect(parsed.problems).toEqual([{ line: 3, column: "logonID", message: expect.stringContaining("E9 is not in the profile's id table") }]);
  });
});

describe("dates and times", () => {
  it("reads each date format and refuses a day that does not exist", () => {
    expect(parseDate("12072026", "mmddyyyy")).toBe(Date.UTC(2026, 11, 7));
    expect(parseDate("07122026", "ddmmyyyy")).toBe(Date.UTC(2026, 11, 7));
    expect(parseDate("20261207", "yyyymmdd")).toBe(Date.UTC(2026, 11, 7));
    expect(parseDate("12/7/2026", "mm/dd/yyyy")).toBe(Date.UTC(2026, 11, 7));
    expect(parseDate("7/12/2026", "dd/mm/yyyy")).toBe(Date.UTC(2026, 11, 7));
    expect(parseDate("2026-12-07", "mmddyyyy")).toBe(Date.UTC(2026, 11, 7));
    expect(parseDate("02302026", "mmddyyyy")).toBeNull();
  });

  it("reads 12-hour times at noon and midnight and refuses 13 PM", () => {
    expect(parseTime("12:00 AM", "12h")).toBe(0);
    expect(parseTime("12:30 PM", "12h")).toBe(12.5 * 3_600_000);
    expect(parseTime("08:15p", "12h")).toBe(20.25 * 3_600_000);
    expect(parseTime("11:59:59 p.m.", "12h")).toBe(86_399_000);
    expect(parseTime("13:00 PM", "12h")).toBeNull();
    expect(parseTime("23:59", "24h")).toBe(86_340_000);
    expect(parseTime("24:00", "24h")).toBeNull();
  });
});
