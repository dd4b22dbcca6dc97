import { describe, expect, it } from "vitest";
import type { AgentSnapshot } from "@/lib/api-types";
import { parseThresholds } from "@/lib/states/thresholds";
import { Vocabulary } from "@/lib/states/vocabulary";
import { CrossingWatcher, levelsAt } from "./agent-levels";
import { agentsCsv } from "./csv";
import { countLevels, DEFAULT_VIEW, filterAgents, gridItems, gridViewParams, hideOffline, parseGridView, scopeAgents, sortAgents, stableCounts, type GridView } from "./grid-view";

const NOW = Date.parse("2026-11-27T10:00:00Z");
const MIN = 60_000;
const agent = (agentId: string, name: string | null, activity: string | null, minutes: number | null, reasonCode: string | null = null, team: string | null = null): AgentSnapshot => ({
  agentId,
  name,
  activity,
  reasonCode,
  since: minutes === null ? null : new Date(NOW - minutes * MIN).toISOString(),
  lastEventAt: null,
  team,
});

// In name order, as /api/agents sends them.
const FLOOR = [
  agent("a1", "Ana Álvarez", "ready", 3, null, "Billing"),
  agent("a2", "Ben Burke", "notready", 25, "1", "Sales"),
  agent("a3", "Cleo Chan", "busy", 12, null, "Billing"),
  agent("a4", "Dev Das", "notready", 4, "2", null),
  agent("a5", "Eve Eng", null, null),
  agent("x-99", null, "notready", 40, "1", "Sales"),
];
const rank = new Map(FLOOR.map((a, i) => [a, i]));
const ids = (list: readonly AgentSnapshot[]) => list.map((a) => a.agentId);
const view = (patch: Partial<GridView>): GridView => ({ ...DEFAULT_VIEW, ...patch });
const vocab = new Vocabulary();

describe("grid view", () => {
  it("by default puts who needs attention first: past alert, past warn, then closest to a limit; off the floor last", () => {
    // Break (code 2) warns at 3 min and alerts at 5; other not-ready at 10/20; a call at 30/60.
    const rules = new Vocabulary(undefined, parseThresholds("notready=10m/20m,busy=30m/60m,notready:2=3m/5m"));
    const floor = [
      agent("t1", "Tia Training", "notready", 29, "9"), // past alert (20 min), 29 min
      agent("b1", "Bo Break", "notready", 4, "2"), // past warn of its 3-min break rule
      agent("c1", "Cy Call", "busy", 25), // 25 of 60 min: 42 %
      agent("r1", "Ro Ready", "ready", 50), // no rule
      agent("n1", "Nia NotReady", "notready", 9), // 9 of 20 min: 45 %
      agent("o1", "Oz Out", "logout", 300),
      agent("e1", "Ed Empty", null, null),
      agent("t2", "Tom Training", "notready", 45, "9"), // past alert, longer
    ];
    const r = new Map(floor.map((a, i) => [a, i]));
    expect(ids(sortAgents(rules, floor, "attention", "desc", r, NOW))).toEqual(["t2", "t1", "b1", "n1", "c1", "r1", "o1", "e1"]);
    // An alert someone is on (acknowledged) no longer comes first: it ranks with those within their limits.
    expect(ids(sortAgents(rules, floor, "attention", "desc", r, NOW, { t2: {} }))).toEqual(["t1", "b1", "n1", "c1", "r1", "t2", "o1", "e1"]);
    // The old default (name) and time in state are still there: time ranks the 29-minute training above the break past warn.
    expect(ids(sortAgents(rules, floor, "time", "desc", r, NOW)).indexOf("t1")).toBeLessThan(ids(sortAgents(rules, floor, "time", "desc", r, NOW)).indexOf("b1"));
    expect(DEFAULT_VIEW.sort).toBe("attention");
    expect(parseGridView(new URLSearchParams("")).view.sort).toBe("attention");
    expect(gridViewParams(view({})).toString()).toBe("");
    expect(gridViewParams(view({ sort: "name", dir: "asc" })).toString()).toBe("sort=name");
  });

  it("hides agents off the floor (logged out, no activity) by default, counts them, and shows them when asked, searched or chosen", () => {
    const floor = [agent("r1", "Ro Ready", "ready", 5), agent("o1", "Oz Out", "logout", 300), agent("e1", "Ed Empty", null, null), agent("n1", "Nia", "notready", 2, "1")];
    const byDefault = hideOffline(vocab, floor, view({}));
    expect(ids(byDefault.rows)).toEqual(["r1", "n1"]);
    expect(byDefault).toMatchObject({ offline: 2, hidden: true });
    // One click (kept in the URL) shows them.
    expect(ids(hideOffline(vocab, floor, view({ offline: true })).rows)).toEqual(["r1", "o1", "e1", "n1"]);
    expect(parseGridView(new URLSearchParams("offline=show")).view.offline).toBe(true);
    expect(gridViewParams(view({ offline: true })).toString()).toBe("offline=show");
    expect(gridViewParams(view({})).toString()).toBe("");
    // Choosing "Logged out" is asking for them; a name is found wherever its agent is.
    expect(ids(hideOffline(vocab, floor, view({ states: ["logout"] })).rows)).toContain("o1");
    expect(hideOffline(vocab, floor, view({ q: "oz" })).hidden).toBe(false);
    // Nobody off the floor: nothing hidden, nothing to say.
    expect(hideOffline(vocab, floor.slice(0, 1), view({}))).toMatchObject({ offline: 0, hidden: false });
  });

  it("search ignores punctuation as well as case and accents", () => {
    const floor = [agent("o1", "Seán O'Brien", "ready", 1), agent("j1", "Jean-Luc Picard", "ready", 1), agent("a1", "Ana Álvarez", "ready", 1)];
    expect(ids(scopeAgents(vocab, floor, view({ q: "obrien" })))).toEqual(["o1"]);
    expect(ids(scopeAgents(vocab, floor, view({ q: "sean o'brien" })))).toEqual(["o1"]);
    expect(ids(scopeAgents(vocab, floor, view({ q: "jean luc" })))).toEqual([]);
    expect(ids(scopeAgents(vocab, floor, view({ q: "jeanluc" })))).toEqual(["j1"]);
    expect(ids(scopeAgents(vocab, floor, view({ q: "ÁLVAREZ" })))).toEqual(["a1"]);
  });

  it("sorts by time in state longest first, agents without a state last", () => {
    expect(ids(sortAgents(vocab, FLOOR, "time", "desc", rank))).toEqual(["x-99", "a2", "a3", "a4", "a1", "a5"]);
    expect(ids(sortAgents(vocab, FLOOR, "time", "asc", rank))).toEqual(["a1", "a4", "a3", "a2", "x-99", "a5"]);
  });

  it("puts agents off the floor after those on it when sorting by time in state", () => {
    const floor = [...FLOOR, agent("z1", "Zed Zane", "offline", 300)];
    const withRank = new Map(floor.map((a, i) => [a, i]));
    expect(ids(sortAgents(vocab, floor, "time", "desc", withRank))).toEqual(["x-99", "a2", "a3", "a4", "a1", "z1", "a5"]);
    expect(ids(sortAgents(vocab, floor, "time", "asc", withRank))).toEqual(["a1", "a4", "a3", "a2", "x-99", "z1", "a5"]);
  });

  it("sorts by state in scanning order, the longest in each state first", () => {
    expect(ids(sortAgents(vocab, FLOOR, "state", "asc", rank))).toEqual(["a1", "a3", "x-99", "a2", "a4", "a5"]);
  });

  it("sorts by reason, agents without one last, and by name either way", () => {
    // "1" < "2" as labels (no labels config: codes are the labels); ties: longest in state first.
    expect(ids(sortAgents(vocab, FLOOR, "reason", "asc", rank))).toEqual(["x-99", "a2", "a4", "a3", "a1", "a5"]);
    expect(ids(sortAgents(vocab, FLOOR, "reason", "desc", rank)).slice(0, 3)).toEqual(["a4", "x-99", "a2"]);
    expect(ids(sortAgents(vocab, FLOOR, "name", "desc", rank))).toEqual(["x-99", "a5", "a4", "a3", "a2", "a1"]);
  });

  it("filters by several states and reasons, and searches names and ids without caring for case or accents", () => {
    expect(ids(filterAgents(FLOOR, view({ states: ["notready", "busy"] })))).toEqual(["a2", "a3", "a4", "x-99"]);
    expect(ids(filterAgents(FLOOR, view({ states: ["notready"], reasons: ["1"] })))).toEqual(["a2", "x-99"]);
    expect(ids(filterAgents(FLOOR, view({ states: ["none"] })))).toEqual(["a5"]);
    expect(ids(scopeAgents(vocab, FLOOR, view({ q: "alvarez" })))).toEqual(["a1"]);
    expect(ids(scopeAgents(vocab, FLOOR, view({ q: "X-9" })))).toEqual(["x-99"]);
    expect(ids(scopeAgents(vocab, FLOOR, view({ teams: ["Sales", "none"] })))).toEqual(["a2", "a4", "a5", "x-99"]);
    // A team as typed in the address is the team by the one rule every scope uses (sameTeam): `team=sales` is Sales.
    expect(ids(scopeAgents(vocab, FLOOR, view({ teams: ["SALES"] })))).toEqual(ids(scopeAgents(vocab, FLOOR, view({ teams: ["Sales"] }))));
    expect(ids(scopeAgents(vocab, FLOOR, view({ teams: ["sales"] }))).length).toBeGreaterThan(0);
  });

  it("counts agents per state and per reason, the counts being the filters' values", () => {
    const { states, reasons } = stableCounts(vocab, FLOOR, { activities: [], reasons: [] });
    expect(states.map((s) => [s.key, s.label, s.count])).toEqual([
      ["ready", "Ready", 1],
      ["busy", "Busy", 1],
      ["notready", "Not ready", 3],
      ["none", "No activity", 1],
    ]);
    expect(reasons.map((r) => [r.code, r.count])).toEqual([
      ["1", 2],
      ["2", 1],
    ]);
  });

  it("holds the counts still: every state seen and every configured reason keeps its chip at 0, in a fixed order, not by count", () => {
    const labelled = new Vocabulary({ reasons: { "7": { label: "Lunch", category: "lunch" }, "2": { label: "Break", category: "break" }, "1": { label: "Meeting", category: "meeting" } }, activities: {}, teamNames: [] });
    const seen = { activities: ["ready", "busy", "notready", "logout"], reasons: ["12"] };
    // Only two agents in scope now (a search, a team), both on a break.
    const scope = [agent("p", "P", "notready", 3, "2"), agent("q", "Q", "notready", 5, "2")];
    const { states, reasons } = stableCounts(labelled, scope, seen);
    expect(states.map((s) => [s.key, s.count])).toEqual([
      ["ready", 0],
      ["busy", 0],
      ["notready", 2],
      ["logout", 0],
    ]);
    // The labels config's order (numeric codes in number order, as JSON objects keep them), then
    // other codes seen; the busiest is not moved to the front.
    expect(reasons.map((r) => [r.code, r.count])).toEqual([
      ["1", 0],
      ["2", 2],
      ["7", 0],
      ["12", 0],
    ]);
    // A filter that matches nobody keeps every chip.
    expect(stableCounts(labelled, [], seen).states).toHaveLength(4);
  });

  it("groups by state or team with counts; a collapsed group keeps its header only", () => {
    const sorted = sortAgents(vocab, FLOOR, "time", "desc", rank);
    const byState = gridItems(vocab, sorted, view({ group: "state", collapsed: ["busy"] }));
    expect(byState.map((i) => (i.kind === "group" ? `[${i.label} ${i.count}${i.collapsed ? " +" : ""}]` : i.agent.agentId))).toEqual([
      "[Ready 1]", "a1", "[Busy 1 +]", "[Not ready 3]", "x-99", "a2", "a4", "[No activity 1]", "a5",
    ]);
    const byTeam = gridItems(vocab, sorted, view({ group: "team" }), ["Sales", "Billing"]);
    expect(byTeam.filter((i) => i.kind === "group").map((i) => i.kind === "group" && i.label)).toEqual(["Sales", "Billing", "No team"]);
    // A team's header splits it by state, in the scanning order.
    const sales = byTeam.find((i) => i.kind === "group" && i.key === "Sales");
    expect(sales?.kind === "group" && sales.split.map((c) => [c.key, c.count])).toEqual([["notready", 2]]);
    const billing = byTeam.find((i) => i.kind === "group" && i.key === "Billing");
    expect(billing?.kind === "group" && billing.split.map((c) => [c.key, c.count])).toEqual([
      ["ready", 1],
      ["busy", 1],
    ]);
  });

  it("round-trips through the URL, leaving defaults out and naming what it cannot read", () => {
    const v = view({ sort: "time", dir: "desc", states: ["notready", "busy"], reasons: ["1"], teams: ["Tech, tier 2"], levels: ["alert"], q: "ana", group: "state", collapsed: ["busy"] });
    const params = gridViewParams(v);
    expect(params.toString()).toBe("sort=time&state=notready&state=busy&reason=1&team=Tech%2C+tier+2&level=alert&q=ana&group=state&collapsed=busy");
    expect(parseGridView(params)).toEqual({ view: v, problems: [] });
    expect(gridViewParams(DEFAULT_VIEW).toString()).toBe("");
    const bad = parseGridView(new URLSearchParams("sort=mood&group=floor&dir=up&level=red"));
    expect(bad.view).toEqual(DEFAULT_VIEW);
    expect(bad.problems).toHaveLength(4);
  });

  it("filters to agents with a behaviour flag now or this shift, kept in the URL as flags=now|shift", () => {
    const flagged = { now: new Set(["a2"]), shift: new Set(["a2", "a3"]) };
    expect(filterAgents(FLOOR, { ...DEFAULT_VIEW, flags: "now" }, new Map(), new Set(), flagged).map((a) => a.agentId)).toEqual(["a2"]);
    expect(filterAgents(FLOOR, { ...DEFAULT_VIEW, flags: "shift" }, new Map(), new Set(), flagged).map((a) => a.agentId)).toEqual(["a2", "a3"]);
    // With a state chosen too: both must hold.
    expect(filterAgents(FLOOR, { ...DEFAULT_VIEW, states: ["busy"], flags: "shift" }, new Map(), new Set(), flagged).map((a) => a.agentId)).toEqual(["a3"]);
    // Before the flags are read: nobody, not everybody.
    expect(filterAgents(FLOOR, { ...DEFAULT_VIEW, flags: "now" })).toEqual([]);
    expect(gridViewParams(view({ flags: "shift" })).toString()).toBe("flags=shift");
    expect(parseGridView(new URLSearchParams("flags=now")).view.flags).toBe("now");
    expect(parseGridView(new URLSearchParams("flags=red")).problems).toEqual(["flags=red: now or shift"]);
  });
});

describe("CSV export", () => {
  it("writes the agents as shown, with time in state, safe for spreadsheets", () => {
    const rows = [agent("a2", 'Ben "The Closer", Burke', "notready", 25, "1", "Sales"), agent("=cmd", null, null, null)];
    const csv = agentsCsv(vocab, rows, NOW);
    expect(csv.startsWith("\ufeff")).toBe(true);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines).toEqual([
      "Name,Agent ID,Team,State,Activity,Reason code,Reason,Since (UTC),Time in state,Seconds in state",
      `"Ben ""The Closer"", Burke",a2,Sales,Not ready,notready,1,1,2026-11-27T09:35:00.000Z,25:00,1500`,
      ",'=cmd,,No activity,,,,,,",
    ]);
  });
});

describe("threshold alerts", () => {
  const rulesVocab = new Vocabulary(undefined, parseThresholds("notready=10m/20m,busy=30m/60m"));

  it("marks agents past warn amber and past alert red, with the limit they passed", () => {
    const levels = levelsAt(rulesVocab, FLOOR, NOW);
    expect([...levels]).toEqual([
      ["a2", { level: "alert", limitMs: 20 * MIN }],
      ["x-99", { level: "alert", limitMs: 20 * MIN }],
    ]);
    expect(levelsAt(rulesVocab, FLOOR, NOW + 10 * MIN).get("a4")).toEqual({ level: "warn", limitMs: 10 * MIN });
  });

  it("counts and filters the agents past a threshold", () => {
    const levels = levelsAt(rulesVocab, FLOOR, NOW + 10 * MIN);
    expect(countLevels(FLOOR, levels)).toEqual({ alert: 2, warn: 1 });
    expect(ids(filterAgents(FLOOR, view({ levels: ["alert"] }), levels))).toEqual(["a2", "x-99"]);
    expect(ids(filterAgents(FLOOR, view({ levels: ["alert", "warn"] }), levels))).toEqual(["a2", "a4", "x-99"]);
  });

  it("announces each crossing into alert once, and not the agents already there when watching began", () => {
    const watcher = new CrossingWatcher();
    expect(watcher.update(FLOOR, levelsAt(rulesVocab, FLOOR, NOW))).toEqual([]);
    // Dev (not ready 4 min) crosses 20 min; later polls and re-renders do not announce again.
    expect(ids(watcher.update(FLOOR, levelsAt(rulesVocab, FLOOR, NOW + 16 * MIN)))).toEqual(["a4"]);
    expect(watcher.update(FLOOR, levelsAt(rulesVocab, FLOOR, NOW + 17 * MIN))).toEqual([]);
    // A new not-ready spell that crosses again is a new crossing.
    const again = FLOOR.map((a) => (a.agentId === "a4" ? { ...a, since: new Date(NOW + 20 * MIN).toISOString() } : a));
    expect(watcher.update(again, levelsAt(rulesVocab, again, NOW + 21 * MIN))).toEqual([]);
    expect(ids(watcher.update(again, levelsAt(rulesVocab, again, NOW + 41 * MIN)))).toEqual(["a4"]);
  });
});
