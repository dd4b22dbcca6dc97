import { describe, expect, it } from "vitest";
import { CONDITION_KINDS, describeCondition, matches } from "./conditions";
import type { AlertRule, Condition, ConditionKind } from "./config";
import type { Occurrence } from "./messages";

const NOW = Date.parse("2026-12-01T10:00:00Z");
const MIN = 60_000;

function occurrence(kind: ConditionKind, type: string, more: Partial<Occurrence> = {}): Occurrence {
  return { key: `${kind}:${type}`, kind, type, agentId: "a-1", name: "Amara Adeyemi", team: "Billing", title: "", detail: "", since: NOW - 10 * MIN, path: "/", ...more };
}

const rule = (when: Condition, more: Partial<AlertRule> = {}): AlertRule => ({ name: "r", when, teams: null, agents: null, channels: ["c"], cooldownMs: 0, quiet: null, ...more }) as AlertRule;

describe("the condition kinds, one table", () => {
  it("matches each kind's occurrences by what the condition names, and nothing of another kind", () => {
    expect(matches(rule({ kind: "threshold", level: "alert" }), occurrence("threshold", "alert"), NOW)).toBe(true);
    expect(matches(rule({ kind: "threshold", level: "alert" }), occurrence("threshold", "warn"), NOW)).toBe(false);
    expect(matches(rule({ kind: "adherence", types: ["late", "early_leave"] }), occurrence("adherence", "early_leave"), NOW)).toBe(true);
    expect(matches(rule({ kind: "adherence", types: ["late"] }), occurrence("adherence", "early_leave"), NOW)).toBe(false);
    expect(matches(rule({ kind: "breaks", types: ["cap"] }), occurrence("breaks", "cap", { agentId: null }), NOW)).toBe(true);
    expect(matches(rule({ kind: "flags", rules: ["rapid_toggle"] }), occurrence("flags", "rapid_toggle"), NOW)).toBe(true);
    // The same word in another kind is another thing.
    expect(matches(rule({ kind: "breaks", types: ["budget"] }), occurrence("adherence", "budget"), NOW)).toBe(false);
  });

  it("holds Kore.ai's and the store's outages to their duration, and never narrows them by team", () => {
    const down = occurrence("upstream", "unavailable", { agentId: null, team: null, since: NOW - 5 * MIN });
    expect(matches(rule({ kind: "upstream", afterMs: 5 * MIN }), down, NOW)).toBe(true);
    expect(matches(rule({ kind: "upstream", afterMs: 5 * MIN }), down, NOW - 1)).toBe(false);
    expect(matches(rule({ kind: "upstream", afterMs: MIN }, { teams: ["Billing"] }), down, NOW)).toBe(true);
    expect(matches(rule({ kind: "store", afterMs: MIN }), occurrence("store", "unavailable", { since: NOW - 2 * MIN }), NOW)).toBe(true);
  });

  it("narrows a condition about agents by the rule's teams (as the grid compares them) and agents", () => {
    const late = occurrence("adherence", "late");
    expect(matches(rule({ kind: "adherence", types: ["late"] }, { teams: ["BILLING"] }), late, NOW)).toBe(true);
    expect(matches(rule({ kind: "adherence", types: ["late"] }, { teams: ["Sales"] }), late, NOW)).toBe(false);
    expect(matches(rule({ kind: "adherence", types: ["late"] }, { agents: ["a-2"] }), late, NOW)).toBe(false);
  });

  it("describes every kind as a person reads it", () => {
    expect(Object.keys(CONDITION_KINDS).sort()).toEqual(["adherence", "breaks", "flags", "store", "threshold", "understaffed", "upstream"]);
    expect(describeCondition({ kind: "threshold", level: "warn" })).toBe("An agent past warn");
    expect(describeCondition({ kind: "breaks", types: ["budget", "cap"] })).toBe("Over a break budget or a team over its cap");
    expect(describeCondition({ kind: "upstream", afterMs: 5 * MIN })).toBe("Kore.ai not answering for 5 min");
    expect(describeCondition({ kind: "understaffed", by: 2, intervals: 2, interval: "15m" })).toBe("A team 2 or more below what it needs for 2 quarter hours in a row");
    expect(describeCondition({ kind: "understaffed", by: 1, intervals: 1, interval: "1h" })).toBe("A team 1 or more below what it needs for 1 hour in a row");
  });
});
