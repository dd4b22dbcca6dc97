import { describe, expect, it } from "vitest";
import type { TimeInStateRow } from "@/lib/api-types";
import { Vocabulary } from "@/lib/states/vocabulary";
import { formatShare } from "./span";
import { hmm, intervalSeries, ratios, reportWindow, stateShare, summarize, tableCsv } from "./reports";

const vocab = new Vocabulary();
const row = (agentId: string, team: string | null, start: string, end: string, seconds: Record<string, number>, reasonSeconds: Record<string, number> = {}, unknownSeconds = 0, changes = 0): TimeInStateRow => ({ agentId, name: agentId.toUpperCase(), team, start, end, seconds, reasonSeconds, unknownSeconds, changes });
const H0 = "2026-11-27T09:00:00.000Z";
const H1 = "2026-11-27T10:00:00.000Z";
const H2 = "2026-11-27T11:00:00.000Z";

describe("report windows", () => {
  it("gives days and Monday-to-Monday weeks in the chosen zone", () => {
    // Thursday 2026-11-26, 20:00 in New York (01:00 UTC the next day).
    const now = Date.parse("2026-11-27T01:00:00Z");
    const iso = (w: { from: number; to: number }) => [new Date(w.from).toISOString(), new Date(w.to).toISOString()];
    expect(iso(reportWindow("today", now, "America/New_York"))).toEqual(["2026-11-26T05:00:00.000Z", "2026-11-27T05:00:00.000Z"]);
    expect(iso(reportWindow("yesterday", now, "America/New_York"))).toEqual(["2026-11-25T05:00:00.000Z", "2026-11-26T05:00:00.000Z"]);
    expect(iso(reportWindow("thisweek", now, "America/New_York"))).toEqual(["2026-11-23T05:00:00.000Z", "2026-11-30T05:00:00.000Z"]);
    expect(iso(reportWindow("lastweek", now, "America/New_York"))).toEqual(["2026-11-16T05:00:00.000Z", "2026-11-23T05:00:00.000Z"]);
    expect(iso(reportWindow("7d", now, "America/New_York"))).toEqual(["2026-11-20T05:00:00.000Z", "2026-11-27T05:00:00.000Z"]);
    // In Berlin it is already Friday.
    expect(iso(reportWindow("today", now, "Europe/Berlin"))).toEqual(["2026-11-26T23:00:00.000Z", "2026-11-27T23:00:00.000Z"]);
  });
});

describe("report totals", () => {
  const rows = [
    row("a", "Billing", H0, H1, { ready: 1200, busy: 1200, acw: 600, notready: 600 }, { "1": 600 }, 0, 6),
    row("a", "Billing", H1, H2, { busy: 1800, offline: 1800 }, {}, 0, 2),
    row("b", "Sales", H0, H1, { notready: 1800 }, { "2": 1200 }, 1800, 1),
    row("b", "Sales", H1, H2, { NOT_READY: 3600 }, { "2": 3600 }),
  ];

  it("adds up agents, teams and the floor; logged in is every state but logged out; one column per state, spellings merged", () => {
    const s = summarize(vocab, rows, ["Sales", "Billing"]);
    expect(s.states.map((c) => c.key)).toEqual(["ready", "busy", "acw", "notready", "offline"]);
    expect(s.states.find((c) => c.key === "notready")!.activities).toEqual(["notready", "NOT_READY"]);
    const a = s.agents.find((x) => x.agentId === "a")!;
    expect(a).toMatchObject({ loggedIn: 5400, notReady: 600, busy: 3000, acw: 600, ready: 1200, changes: 8, unknown: 0 });
    expect(a.states.offline).toBe(1800);
    expect(s.teams.map((t) => t.team)).toEqual(["Sales", "Billing"]);
    expect(s.floor).toMatchObject({ loggedIn: 5400 + 5400, notReady: 600 + 5400, unknown: 1800, changes: 9 });
    expect(s.floor.reasons).toEqual({ "1": 600, "2": 4800 });
  });

  it("gives ratios by their formulas, and none where there is nothing to divide by", () => {
    const a = summarize(vocab, rows).agents[0]!;
    expect(ratios(a).notReadyShare).toBeCloseTo(600 / 5400);
    expect(ratios(a).occupancy).toBeCloseTo(3600 / 4800);
    const b = summarize(vocab, rows).agents[1]!;
    expect(ratios(b).occupancy).toBeNull();
    const summary = summarize(vocab, rows);
    expect(stateShare(a, summary.states.find((c) => c.key === "busy")!)).toBeCloseTo(3000 / 5400);
    expect(stateShare(a, summary.states.find((c) => c.key === "offline")!)).toBeNull();
    expect(formatShare(0.1234)).toBe("12 %");
    expect(hmm(3 * 3600 + 45 * 60 + 59)).toBe("3:45");
    expect(hmm(41 * 3600 + 120)).toBe("41:02");
  });

  it("writes the table as shown as CSV: agents, team subtotals (more than one team), the floor; h:mm and seconds; formula-safe", () => {
    const s = summarize(vocab, [...rows, row("=x", "Sales", H0, H1, { ready: 60 })]);
    const facts = [
      { agentId: "a", firstLogin: "2026-11-27T09:05:00.000Z", lastLogout: "2026-11-27T10:30:00.000Z", longestNotReady: { start: H0, end: H1, seconds: 600 } },
      { agentId: "b", firstLogin: "2026-11-27T09:01:00.000Z", lastLogout: null, longestNotReady: { start: H0, end: null, seconds: 5400 } },
    ];
    const withFacts = tableCsv(s, s.agents, facts).trimEnd().split("\r\n");
    const col = (name: string) => withFacts[0]!.split(",").indexOf(name);
    expect(withFacts[1]!.split(",")[col("First login (UTC)")]).toBe("2026-11-27T09:05:00.000Z");
    // The floor: the earliest login, the latest logout, the longest stretch.
    expect([col("First login (UTC)"), col("Last logout (UTC)"), col("Longest not ready (s)")].map((c) => withFacts.at(-1)!.split(",")[c])).toEqual(["2026-11-27T09:01:00.000Z", "2026-11-27T10:30:00.000Z", "5400"]);
    const lines = tableCsv(s, s.agents).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]!.startsWith("Name,Agent ID,Team,Logged in,Logged in (s),Ready,Ready (s),")).toBe(true);
    expect(lines.map((l) => l.split(",")[0])).toEqual(["Name", "A", "B", "'=X", "Team total: Billing", "Team total: Sales", "Floor total"]);
    expect(lines[1]!.split(",").slice(3, 5)).toEqual(["1:30", "5400"]);
    const one = summarize(vocab, rows.slice(0, 2));
    expect(tableCsv(one, one.agents).trimEnd().split("\r\n")).toHaveLength(3);
  });

  it("gives the floor per interval as the average number of agents in each state", () => {
    const series = intervalSeries(vocab, rows);
    expect(series).toHaveLength(2);
    expect(series[0]!.agents).toEqual({ ready: 1200 / 3600, busy: 1200 / 3600, acw: 600 / 3600, notready: (600 + 1800) / 3600 });
    expect(series[0]!.unknown).toBeCloseTo(0.5);
    expect(series[1]!.agents.notready).toBe(1);
    expect(series[1]!.agents.offline).toBe(0.5);
  });
});
