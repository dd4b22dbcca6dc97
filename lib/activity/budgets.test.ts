import { describe, expect, it } from "vitest";
import type { AgentBreaks } from "@/lib/api-types";
import { overBudget, overFrom, usedAt } from "@/lib/display/breaks";
import { capsOver } from "@/lib/queries/adherence";
import { budgetFor, capFor } from "@/lib/states/labels";
import { parseLabels, type LabelsError } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { categoryTime, runningCategory, shiftStart } from "./budgets";
import type { ScheduleRow } from "./schedule";
import type { Segment } from "./timeline";

const M = 60_000;
const T = Date.parse("2026-12-07T00:00:00Z");
const at = (min: number) => T + min * M;

const config = {
  reasons: { "1": { label: "Break", category: "break" }, "2": { label: "Lunch", category: "lunch" }, "6": { label: "System issue", category: "system" } },
  teams: { Billing: ["a"], Sales: ["b"] },
  budgets: { break: "30m", lunch: "1h" },
  caps: { break: 3 },
  teamRules: { Billing: { budgets: { break: "20m" }, caps: { break: 2 } } },
};

describe("break budgets and caps in the labels config", () => {
  it("reads budgets and caps for every team, and a team's own over them", () => {
    const { labels } = parseLabels(JSON.stringify(config));
    expect(budgetFor(labels, "Billing", "break")).toBe(20 * M);
    expect(budgetFor(labels, "Sales", "break")).toBe(30 * M);
    expect(budgetFor(labels, "Billing", "lunch")).toBe(60 * M);
    expect(budgetFor(labels, null, "training")).toBeNull();
    expect(capFor(labels, "Billing", "break")).toBe(2);
    expect(capFor(labels, "Sales", "break")).toBe(3);
    expect(capFor(labels, "Sales", "lunch")).toBeNull();
    expect(parseLabels(JSON.stringify({ reasons: {} })).labels.breaks).toBeUndefined();
  });

  it("names each mistake with its place", () => {
    const problems = (() => {
      try {
        parseLabels(JSON.stringify({ ...config, budgets: { nap: "20m", lunch: "an hour" }, caps: { break: -1 }, teamRules: { Ghosts: { caps: { break: 1 } } } }));
      } catch (err) {
        return (err as LabelsError).problems;
      }
      return [];
    })();
    expect(problems.join("\n")).toMatch(/budgets: Unrecognized key: "nap"/);
    expect(problems.join("\n")).toMatch(/budgets\.lunch: must be a number with s, m or h/);
    expect(problems.join("\n")).toMatch(/caps\.break: must be 0 or more/);
  });
});

describe("break budgets, counted", () => {
  const vocab = new Vocabulary(parseLabels(JSON.stringify(config)).labels);
  const seg = (s: number, e: number | null, activity: string, reasonCode: string | null = null): Segment => ({ start: at(s), end: e === null ? null : at(e), activity, reasonCode });

  it("adds up time not ready per category of its reason, the one still going up to now, nothing else", () => {
    const segs = [seg(0, 60, "ready"), seg(60, 75, "notready", "1"), seg(75, 80, "notready", "6"), seg(80, 200, "busy"), seg(200, 230, "notready", "2"), seg(230, 240, "notready", null), seg(240, null, "notready", "1")];
    expect(categoryTime(vocab, segs, at(0), at(250))).toEqual({ break: 25 * M, system: 5 * M, lunch: 30 * M });
    // Counted from the shift's start only.
    expect(categoryTime(vocab, segs, at(70), at(250))).toEqual({ break: 15 * M, system: 5 * M, lunch: 30 * M });
    expect(runningCategory(vocab, segs)).toBe("break");
    expect(runningCategory(vocab, segs.slice(0, -1))).toBeNull();
  });

  it("counts a shift from the scheduled shift holding now, else the last one today, else the day's start", () => {
    const r = (s: number, e: number, activity: ScheduleRow["activity"]): ScheduleRow => ({ agentId: "a", start: at(s), end: at(e), activity });
    const rows = [r(-120, 0, "off"), r(480, 600, "work"), r(600, 615, "break"), r(615, 960, "work"), r(960, 1440, "off")];
    expect(shiftStart(rows, at(700), at(0))).toBe(at(480));
    expect(shiftStart(rows, at(1000), at(0))).toBe(at(480));
    expect(shiftStart(rows, at(300), at(0))).toBe(at(0));
    expect(shiftStart([], at(700), at(0))).toBe(at(0));
  });

  it("is over budget only past the allowed time, and ticks between polls for the category still going", () => {
    const b: AgentBreaks = { shiftFrom: new Date(at(0)).toISOString(), allowed: { break: 1800, lunch: 3600 }, used: { break: 1790 }, running: "break", runningSince: new Date(at(100)).toISOString(), counted: new Date(at(120)).toISOString(), partial: false };
    expect(usedAt(b, at(120) + 10_000)).toEqual({ break: 1800 });
    expect(overBudget(b, at(120) + 10_000)).toEqual([]);
    // A second counts once it has passed: 0.999 s into the 1,801st is not over yet (the alerts once rounded it up).
    expect(overBudget(b, at(120) + 10_999)).toEqual([]);
    expect(overBudget(b, at(120) + 11_000)).toEqual([{ category: "break", used: 1801, allowed: 1800 }]);
    // The grid turns the note red at the very moment this rule says over, not at the next poll.
    expect(overFrom(b)).toBe(at(120) + 11_000);
    expect(overFrom({ ...b, used: { break: 1900 } })).toBe(at(120));
    expect(overFrom({ ...b, running: "system" })).toBeNull();
    expect(overFrom({ ...b, running: null })).toBeNull();
    expect(usedAt({ ...b, running: null }, at(500))).toEqual({ break: 1790 });
  });

  it("a team is over its cap only with more agents in the category than it allows", () => {
    const caps = [
      { team: "Billing", category: "break", count: 2, cap: 2, agents: ["a", "c"] },
      { team: "Sales", category: "break", count: 4, cap: 3, agents: ["b", "d", "e", "f"] },
    ];
    expect(capsOver(caps).map((c) => c.team)).toEqual(["Sales"]);
  });
});
