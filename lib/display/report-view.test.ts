import { describe, expect, it } from "vitest";
import { agentFacts, groupFacts, readReportView, reportSortValue, reportViewQuery, resolveReportWindow } from "./report-view";
import type { AgentTotals } from "./reports";

const NOW = Date.parse("2026-12-02T15:30:00Z");

describe("the reports page's view in the address", () => {
  it("reads what the address says and writes it back the same, leaving out what is the default", () => {
    const query = "window=custom&from=2026-12-01T08%3A00&to=2026-12-01T17%3A00&tz=Europe%2FBerlin&interval=15m&team=Billing&team=Sales&q=ada";
    const view = readReportView(query);
    expect(view).toEqual({ window: "custom", from: "2026-12-01T08:00", to: "2026-12-01T17:00", tz: "Europe/Berlin", interval: "15m", teams: ["Billing", "Sales"], agents: [], q: "ada" });
    expect(reportViewQuery(view)).toBe(query);
    expect(reportViewQuery(readReportView(""))).toBe("");
    // What the page does not know falls back to its default, never to an error on screen.
    expect(readReportView("window=forever&interval=5m")).toMatchObject({ window: "today", interval: "1h" });
  });

  it("resolves a window in the chosen zone, and says why a custom one cannot be used", () => {
    // Today, midnight to midnight in Berlin (the part after now is left out by the report itself).
    expect(resolveReportWindow(readReportView(""), "Europe/Berlin", NOW)).toEqual({ from: Date.parse("2026-12-01T23:00:00Z"), to: Date.parse("2026-12-02T23:00:00Z") });
    const custom = (from: string, to: string) => resolveReportWindow(readReportView(`window=custom&from=${from}&to=${to}`), "Europe/Berlin", NOW);
    expect(custom("2026-12-01T08:00", "2026-12-01T17:00")).toEqual({ from: Date.parse("2026-12-01T07:00:00Z"), to: Date.parse("2026-12-01T16:00:00Z") });
    expect(custom("", "2026-12-01T17:00")).toBe("Pick the start and end of the window.");
    expect(custom("2026-12-01T17:00", "2026-12-01T08:00")).toBe("The start must be before the end.");
    expect(custom("2026-10-01T00:00", "2026-12-01T00:00")).toBe("A report covers at most 31 days: narrow the window.");
  });
});

describe("the table's facts and sorts", () => {
  it("gives a group its earliest login, latest logout and longest not ready", () => {
    const facts = agentFacts([
      { agentId: "a", firstLogin: "2026-12-01T08:00:00Z", lastLogout: "2026-12-01T16:00:00Z", longestNotReady: { start: "2026-12-01T10:00:00Z", end: "2026-12-01T10:20:00Z", seconds: 1200 } },
      { agentId: "b", firstLogin: "2026-12-01T07:30:00Z", lastLogout: null, longestNotReady: { start: "2026-12-01T12:00:00Z", end: null, seconds: 1800 } },
    ] as never);
    const group = groupFacts([...facts.values()]);
    expect(group.firstLogin).toBe(Date.parse("2026-12-01T07:30:00Z"));
    expect(group.lastLogout).toBe(Date.parse("2026-12-01T16:00:00Z"));
    expect(group.longest).toEqual({ start: Date.parse("2026-12-01T12:00:00Z"), end: null, seconds: 1800 });
    expect(groupFacts([])).toEqual({ firstLogin: null, lastLogout: null, longest: null });
  });

  it("sorts by name without case, and by a state's or a reason's seconds", () => {
    const a = { agentId: "a-1", name: "Zoë", team: null, loggedIn: 100, changes: 3, states: { ready: 40 }, reasons: { Lunch: 60 }, unknown: 0 } as unknown as AgentTotals;
    expect(reportSortValue(a, "name")).toBe("zoë");
    expect(reportSortValue(a, "state:ready")).toBe(40);
    expect(reportSortValue(a, "reason:Lunch")).toBe(60);
    expect(reportSortValue(a, "state:busy")).toBe(0);
  });
});
