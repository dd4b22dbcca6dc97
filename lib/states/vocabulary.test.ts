import { describe, expect, it } from "vitest";
import { activityKey } from "./family";
import { parseLabels } from "./labels-file";
import { DEFAULT_THRESHOLDS, parseThresholds } from "./thresholds";
import { Vocabulary } from "./vocabulary";

const MIN = 60_000;
const T0 = Date.parse("2026-11-27T10:00:00Z");
const plain = new Vocabulary();

describe("the state vocabulary", () => {
  it("recognises common spellings of the usual states, each under one key", () => {
    expect(plain.state("notready")).toMatchObject({ key: "notready", family: "notready", label: "Not ready", customColour: null });
    expect(plain.state("NOT_READY")).toMatchObject({ key: "notready", family: "notready" });
    expect(plain.state("Ready").family).toBe("ready");
    expect(plain.state("after-call-work")).toMatchObject({ key: "aftercallwork", family: "acw" });
    expect(plain.state("logged_out").family).toBe("offline");
    expect(plain.state("notready").colour).toBe("var(--color-state-notready)");
  });

  it("shows any other activity readably, in the family 'other', and no activity as none", () => {
    expect(plain.state("systemAway")).toMatchObject({ key: "systemaway", family: "other", label: "System away" });
    expect(plain.state("login_prep")).toMatchObject({ family: "other", label: "Login prep" });
    expect(plain.state(null)).toMatchObject({ key: "none", family: "none", label: "No activity" });
  });

  it("keeps digits in a key everywhere: away2 is its own state, not away", () => {
    expect(activityKey("Away-2")).toBe("away2");
    expect(plain.state("away2")).toMatchObject({ key: "away2", family: "other", label: "Away2" });
    const v = new Vocabulary(parseLabels(JSON.stringify({ activities: { "away 2": { label: "Second break", tone: "notready" } } })).labels, parseThresholds("notready=10m/20m"));
    expect(v.state("AWAY_2")).toMatchObject({ key: "away2", family: "notready", label: "Second break" });
    // The config named it by its key, so the not-ready threshold applies to it, in any spelling.
    expect(v.level({ activity: "away2", reasonCode: null }, T0, T0 + 11 * MIN).level).toBe("warn");
    expect(v.countStates([{ activity: "away2", reasonCode: null }, { activity: "AWAY-2", reasonCode: null }])).toMatchObject([{ key: "away2", count: 2 }]);
  });

  it("takes names, families and colours from the labels config over the built-in ones", () => {
    const v = new Vocabulary(parseLabels(JSON.stringify({ activities: { notready: { label: "Away from desk" }, training: { label: "Training", tone: "notready", color: "#aa3377" } } })).labels);
    expect(v.state("notready")).toMatchObject({ family: "notready", label: "Away from desk", customColour: null });
    expect(v.state("Training")).toMatchObject({ key: "training", family: "notready", label: "Training", colour: "#aa3377", customColour: "#aa3377" });
  });

  it("names reason codes from the config, and shows an unknown one as sent", () => {
    const v = new Vocabulary(parseLabels(JSON.stringify({ reasons: { "1": { label: "Break", category: "break" }, "9": { label: "Fire drill" } } })).labels);
    expect(v.reason("1")).toEqual({ code: "1", label: "Break", phrase: "Break", category: "break" });
    expect(v.reason("9").category).toBe("other");
    expect(v.reason("42")).toEqual({ code: "42", label: "42", phrase: "Reason 42", category: null });
    expect(v.describe({ activity: "notready", reasonCode: "1" })).toMatchObject({ label: "Not ready", category: "break", reason: { label: "Break" } });
    expect(v.describe({ activity: "ready", reasonCode: null })).toMatchObject({ reason: null, category: null });
  });

  it("finds the rule for the exact reason first, then the reason in any state, then the state or family", () => {
    const { thresholds } = parseLabels(JSON.stringify({ reasons: { "2": { label: "Lunch", category: "lunch", warn: "35m", alert: "45m" } } }));
    const v = new Vocabulary(undefined, [...parseThresholds("notready=10m/20m,notready:1=12m/15m"), ...thresholds]);
    expect(v.rule({ activity: "notready", reasonCode: "1" })).toMatchObject({ warnMs: 12 * MIN });
    expect(v.rule({ activity: "NOT_READY", reasonCode: "2" })).toMatchObject({ state: "*", warnMs: 35 * MIN });
    expect(v.rule({ activity: "away", reasonCode: "3" })).toMatchObject({ state: "notready", reasonCode: null, warnMs: 10 * MIN });
    expect(v.rule({ activity: "ready", reasonCode: null })).toBeNull();
    expect(v.rule({ activity: null, reasonCode: null })).toBeNull();
    const strict = new Vocabulary(undefined, [...parseThresholds("notready:2=5m/10m,notready=10m/20m"), ...thresholds]);
    expect(strict.level({ activity: "notready", reasonCode: "2" }, T0, T0 + 30 * MIN).level).toBe("alert");
  });

  it("gives the level, the limit passed, and when the level changes next", () => {
    const v = new Vocabulary(undefined, DEFAULT_THRESHOLDS);
    const state = { activity: "notready", reasonCode: "1" };
    // `share`: how much of the alert threshold is used (the grid's "needs attention" order).
    expect(v.level(state, T0, T0 + 9 * MIN)).toEqual({ level: "ok", limitMs: null, elapsedMs: 9 * MIN, nextCrossingAt: T0 + 10 * MIN, share: 0.45 });
    expect(v.level(state, T0, T0 + 10 * MIN)).toEqual({ level: "warn", limitMs: 10 * MIN, elapsedMs: 10 * MIN, nextCrossingAt: T0 + 20 * MIN, share: 0.5 });
    expect(v.level(state, T0, T0 + 25 * MIN)).toEqual({ level: "alert", limitMs: 20 * MIN, elapsedMs: 25 * MIN, nextCrossingAt: null, share: 1.25 });
    expect(v.level({ activity: "ready", reasonCode: null }, T0, T0 + 500 * MIN)).toMatchObject({ level: "ok", nextCrossingAt: null });
    expect(v.level(state, null, T0)).toMatchObject({ level: "ok", elapsedMs: 0, nextCrossingAt: null });
  });

  it("counts by key in scanning order, and reasons most first", () => {
    const agents = [
      { activity: "notready", reasonCode: "1" },
      { activity: "ready", reasonCode: null },
      { activity: "NotReady", reasonCode: "2" },
      { activity: null, reasonCode: null },
      { activity: "notready", reasonCode: "1" },
      { activity: "busy", reasonCode: null },
    ];
    expect(plain.countStates(agents).map((c) => [c.key, c.label, c.count])).toEqual([
      ["ready", "Ready", 1],
      ["busy", "Busy", 1],
      ["notready", "Not ready", 3],
      ["none", "No activity", 1],
    ]);
    expect(plain.countReasons(agents).map((r) => [r.code, r.count])).toEqual([
      ["1", 2],
      ["2", 1],
    ]);
  });

  it("tells whether a state is among keys or families asked for", () => {
    expect(plain.isIn("AWAY", new Set(["notready"]))).toBe(true);
    expect(plain.isIn("busy", new Set(["notready"]))).toBe(false);
    expect(plain.isIn(null, new Set(["none"]))).toBe(true);
    expect(plain.isIn("away", new Set(["away"]))).toBe(true);
  });
});
