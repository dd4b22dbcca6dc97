import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LabelsError, parseLabels } from "./labels-file";
import { parseThresholds } from "./thresholds";
import { Vocabulary } from "./vocabulary";

const MIN = 60_000;

function problemsOf(json: unknown): string[] {
  try {
    parseLabels(typeof json === "string" ? json : JSON.stringify(json));
  } catch (err) {
    if (err instanceof LabelsError) return err.problems;
    throw err;
  }
  return [];
}

describe("labels config", () => {
  it("names reason codes and activities, and reads each agent's team", () => {
    const { labels, teams } = parseLabels(
      JSON.stringify({
        reasons: { "1": { label: "Break", category: "break" }, "9": { label: "Fire drill" } },
        activities: { notready: { label: "Away from desk" }, training: { label: "Training", tone: "notready", color: "#aa3377" } },
        teams: { Billing: ["a1", "a2"], Sales: ["a3"] },
      }),
    );
    expect(labels.reasons["1"]).toEqual({ label: "Break", category: "break" });
    expect(labels.reasons["9"]).toEqual({ label: "Fire drill", category: "other" });
    expect(labels.activities).toEqual({ notready: { label: "Away from desk" }, training: { label: "Training", family: "notready", color: "#aa3377" } });
    expect(teams.get("a2")).toBe("Billing");
    expect(teams.get("a3")).toBe("Sales");
    expect(labels.teamNames).toEqual(["Billing", "Sales"]);
  });

  it("names every mistake with its place in the file", () => {
    expect(problemsOf("{ reasons: }")[0]).toMatch(/^not valid JSON/);
    expect(problemsOf({ reasons: { "1": { label: "Break", category: "nap" } } })).toEqual([
      "reasons.1.category: must be one of break, lunch, training, meeting, system, other",
    ]);
    expect(problemsOf({ reasons: { "1": { label: "" } } })).toEqual(["reasons.1.label: label must not be empty"]);
    expect(problemsOf({ reasons: { "1": { label: "Break", warn: "ten" , alert: "20m"} } })).toEqual(["reasons.1.warn: must be a number with s, m or h, such as 90s, 10m or 1h"]);
    expect(problemsOf({ reasons: { "1": { label: "Break", warn: "20m", alert: "10m" } } })).toEqual(["reasons.1: alert must not be shorter than warn"]);
    expect(problemsOf({ reasons: { "1": { label: "Break", warn: "20m" } } })).toEqual(["reasons.1: give both warn and alert, or neither"]);
    expect(problemsOf({ activities: { ready: { color: "green" } } })).toEqual(["activities.ready.color: must be a colour such as #0072b2"]);
    expect(problemsOf({ activities: { ready: { tone: "sleepy" } } })[0]).toMatch(/^activities\.ready\.tone: must be one of ready, busy/);
    expect(problemsOf({ teams: { Billing: ["a1"], Sales: ["a1"] } })).toEqual(['teams: agent a1 is in both "Billing" and "Sales"']);
    // One team to a role's or a link's scope, two to everything else: refused.
    expect(problemsOf({ teams: { Sales: ["a1"], SALES: ["a2"] } })).toEqual(['teams: "Sales" and "SALES" differ only in case; give each team one name']);
    expect(problemsOf({ teams: { Billing: "a1" } })).toEqual(["teams.Billing: must be a list of agent ids"]);
    expect(problemsOf({ reason: {} })[0]).toMatch(/reason/);
  });

  it("turns reason thresholds into rules for any state, which a state-and-reason rule still overrides", () => {
    const { thresholds } = parseLabels(JSON.stringify({ reasons: { "2": { label: "Lunch", category: "lunch", warn: "35m", alert: "45m" } } }));
    expect(thresholds).toEqual([{ state: "*", reasonCode: "2", warnMs: 35 * MIN, alertMs: 45 * MIN }]);
    const vocab = new Vocabulary(undefined, [...parseThresholds("notready=10m/20m"), ...thresholds]);
    // Lunch at 30 minutes is fine; other not-ready reasons are past their alert.
    expect(vocab.level({ activity: "notready", reasonCode: "2" }, 0, 30 * MIN).level).toBe("ok");
    expect(vocab.level({ activity: "notready", reasonCode: "1" }, 0, 30 * MIN).level).toBe("alert");
    const strict = new Vocabulary(undefined, [...parseThresholds("notready:2=5m/10m,notready=10m/20m"), ...thresholds]);
    expect(strict.level({ activity: "notready", reasonCode: "2" }, 0, 30 * MIN).level).toBe("alert");
  });

  it("reads adherence's grace per scheduled activity (server side only), and names a wrong one with its place", () => {
    const parsed = parseLabels(JSON.stringify({ reasons: { "1": { label: "Break", category: "break" } }, grace: { work: "5m", break: "90s", off: "0s" } }));
    expect(parsed.grace).toEqual({ work: 5 * MIN, break: 90_000, off: 0 });
    expect(parseLabels(JSON.stringify({})).grace).toEqual({});
    expect(JSON.stringify(parsed.labels)).not.toContain("grace");
    expect(problemsOf({ grace: { nap: "2m" } })).toEqual(["grace.nap: must be work, off or one of break, lunch, training, meeting, system, other"]);
    expect(problemsOf({ grace: { lunch: "soon" } })).toEqual(["grace.lunch: must be a number with s, m or h, such as 90s, 10m or 1h"]);
  });

  it("reads the impact table and the automatic rules (a reason code the file names, else a category), naming a wrong one with its place", () => {
    const parsed = parseLabels(JSON.stringify({ reasons: { "6": { label: "System issue", category: "system" }, system: { label: "Odd code", category: "other" } }, impact: [{ scheduled: "break", actual: "work", impact: "positive" }], autoAdjust: { system: "neutral", "6": "excused", meeting: "neutral" } }));
    expect(parsed.impact).toEqual([{ scheduled: "break", actual: "work", impact: "positive" }]);
    // "system" is a code of this file: the code's rule; "meeting" names no code: the category's.
    expect(parsed.auto).toEqual({ reasons: { system: "neutral", "6": "excused" }, categories: { meeting: "neutral" } });
    expect(parseLabels("{}")).toMatchObject({ impact: null, auto: { reasons: {}, categories: {} } });
    expect(problemsOf({ impact: [{ impact: "great" }] })).toEqual(["impact.0.impact: must be positive, negative or neutral"]);
    expect(problemsOf({ autoAdjust: { system: "forgiven" } })).toEqual(["autoAdjust.system: must be excused or neutral"]);
  });

  it("the simulator's sample config is valid and names every code the simulator sends", () => {
    const sample = readFileSync(new URL("../simulator/sample-labels.json", import.meta.url), "utf8");
    const { labels } = parseLabels(sample);
    expect(Object.keys(labels.reasons).sort()).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });
});
