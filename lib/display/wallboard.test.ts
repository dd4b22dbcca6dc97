import { describe, expect, it } from "vitest";
import type { AgentSnapshot } from "@/lib/api-types";
import { DEFAULT_THRESHOLDS } from "@/lib/states/thresholds";
import { Vocabulary } from "@/lib/states/vocabulary";
import { nextChangeMs } from "./agent-levels";
import { initials, layoutTiles, matchesOptions, withTeamProblems, orderBoard, parseWallboardOptions, summarizeBoard } from "./wallboard";

const vocab = new Vocabulary(undefined, DEFAULT_THRESHOLDS);

const NOW = Date.parse("2026-11-27T10:00:00Z");
const MIN = 60_000;
const agent = (agentId: string, name: string | null, activity: string | null, minutes = 1, reasonCode: string | null = null): AgentSnapshot => ({
  agentId,
  name,
  activity,
  reasonCode,
  since: activity === null ? null : new Date(NOW - minutes * MIN).toISOString(),
  lastEventAt: null, team: null,
});

describe("parseWallboardOptions", () => {
  it("reads filters, privacy, interval and theme from the URL, dark by default", () => {
    const o = parseWallboardOptions(new URLSearchParams("states=notready,Busy&reasons=1,2&agents=a,b&prefix=Am&privacy=1&interval=30"), 15_000);
    expect([...o.states!]).toEqual(["notready", "busy"]);
    expect([...o.reasons!]).toEqual(["1", "2"]);
    expect([...o.agents!]).toEqual(["a", "b"]);
    expect(o).toMatchObject({ prefix: "am", privacy: true, pageMs: 30_000, page: null, theme: "dark", problems: [] });
    expect(parseWallboardOptions(new URLSearchParams("page=3"), 15_000).page).toBe(2);
    expect(parseWallboardOptions(new URLSearchParams("theme=light"), 15_000).theme).toBe("light");
  });

  it("says which options it ignored instead of failing the board", () => {
    const o = parseWallboardOptions(new URLSearchParams("interval=0&theme=pink&privacy=maybe&page=0"), 15_000);
    expect(o.pageMs).toBe(15_000);
    expect(o.page).toBeNull();
    expect(o.problems).toHaveLength(4);
    expect(o.problems[0]).toMatch(/interval=0 ignored/);
  });
});

describe("matchesOptions", () => {
  const amara = agent("a1", "Amara Adeyemi", "notready", 5, "2");
  const ben = agent("b2", "Ben Brooks", "ready");
  it("filters by state family or activity, reason, agent list and name prefix", () => {
    const o = (q: string) => parseWallboardOptions(new URLSearchParams(q), 15_000);
    expect(matchesOptions(vocab, amara, o("states=notready"))).toBe(true);
    expect(matchesOptions(vocab, ben, o("states=notready"))).toBe(false);
    expect(matchesOptions(vocab, agent("c", "C", "AWAY"), o("states=notready"))).toBe(true);
    expect(matchesOptions(vocab, amara, o("reasons=1"))).toBe(false);
    expect(matchesOptions(vocab, amara, o("reasons=2"))).toBe(true);
    expect(matchesOptions(vocab, ben, o("agents=a1,b2"))).toBe(true);
    expect(matchesOptions(vocab, ben, o("prefix=am"))).toBe(false);
    expect(matchesOptions(vocab, amara, o("prefix=AM"))).toBe(true);
  });

  it("shows one team, or several, from the labels config's mapping", () => {
    const o = (q: string) => parseWallboardOptions(new URLSearchParams(q), 15_000);
    const billing = { ...amara, team: "Billing" };
    expect(matchesOptions(vocab, billing, o("teams=Billing"))).toBe(true);
    expect(matchesOptions(vocab, billing, o("teams=Sales,Tech support"))).toBe(false);
    expect(matchesOptions(vocab, ben, o("teams=Billing"))).toBe(false);
    // As people type them: any case.
    expect(matchesOptions(vocab, billing, o("teams=billing"))).toBe(true);
    expect(matchesOptions(vocab, billing, o("teams=BILLING,sales"))).toBe(true);
    // A team the labels config does not know is named, not silently empty.
    expect(withTeamProblems(o("teams=billing,Bilings"), ["Billing", "Sales"]).problems).toEqual(["teams=Bilings: no such team (the teams are Billing, Sales)"]);
    expect(withTeamProblems(o("teams=SALES"), ["Billing", "Sales"]).problems).toEqual([]);
  });
});

describe("orderBoard", () => {
  it("puts red first, then amber, longest first, then everyone on the floor by name, then those off it", () => {
    const agents = [
      agent("1", "Zoe", "ready", 90),
      agent("2", "Yusuf", "notready", 12, "1"),
      agent("3", "Xu", "notready", 25, "2"),
      agent("4", "Wen", "notready", 15, "1"),
      agent("5", "Victor", "notready", 40, "2"),
      agent("6", "Uma", null),
      agent("7", "Abe", "busy", 2),
      agent("8", "Al Out", "offline", 700),
    ];
    const board = orderBoard(vocab, agents, NOW);
    expect(board.map((e) => [e.agent.name, e.level])).toEqual([
      ["Victor", "alert"],
      ["Xu", "alert"],
      ["Wen", "warn"],
      ["Yusuf", "warn"],
      ["Abe", "ok"],
      ["Zoe", "ok"],
      // Off the floor (logged out, no activity) after everyone on it, whatever their names.
      ["Al Out", "ok"],
      ["Uma", "ok"],
    ]);
    expect(board.filter((e) => e.offFloor).map((e) => e.agent.name)).toEqual(["Al Out", "Uma"]);
    // Victor's alert acknowledged: still red, no longer first.
    const acked = orderBoard(vocab, agents, NOW, { "5": {} });
    expect(acked.map((e) => e.agent.name).slice(0, 5)).toEqual(["Xu", "Wen", "Yusuf", "Abe", "Victor"]);
    expect(acked.find((e) => e.agent.name === "Victor")!.level).toBe("alert");
  });

  it("knows when the next agent crosses a threshold", () => {
    expect(nextChangeMs(vocab, [agent("1", "A", "notready", 8), agent("2", "B", "acw", 4)], NOW)).toBe(MIN);
    expect(nextChangeMs(vocab, [agent("1", "A", "ready", 8)], NOW)).toBeNull();
  });
});

describe("summarizeBoard", () => {
  it("counts not-ready agents per reason and finds the longest current not ready", () => {
    const board = orderBoard(vocab, [agent("1", "A", "notready", 3, "1"), agent("2", "B", "notready", 30, "2"), agent("3", "C", "notready", 4, "1"), agent("4", "D", "ready")], NOW);
    const s = summarizeBoard(vocab, board);
    expect(s.byReason).toEqual([
      { reasonCode: "1", count: 2 },
      { reasonCode: "2", count: 1 },
    ]);
    expect(s.longestNotReady?.name).toBe("B");
    expect(s).toMatchObject({ alerts: 1, warnings: 0 });
  });
});

describe("layoutTiles", () => {
  it("fits a small floor on one page with large tiles that fill the screen", () => {
    const l = layoutTiles(12, 1900, 860, 120, 2, 12);
    expect(l.pages).toBe(1);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(12);
    expect(l.cols).toBe(4);
  });

  it("pages a large floor with tiles no smaller than readable", () => {
    const l = layoutTiles(300, 1900, 860, 120, 2, 12);
    expect(l.pages).toBeGreaterThan(1);
    expect(l.perPage * l.pages).toBeGreaterThanOrEqual(300);
    const tileH = (860 - 12 * (l.rows - 1)) / l.rows;
    const tileW = (1900 - 12 * (l.cols - 1)) / l.cols;
    expect(tileH).toBeGreaterThanOrEqual(120);
    expect(tileW).toBeGreaterThanOrEqual(240);
  });

  it("handles an empty floor", () => {
    expect(layoutTiles(0, 1900, 860, 120, 2, 12)).toEqual({ cols: 1, rows: 1, perPage: 1, pages: 1 });
  });
});

describe("initials", () => {
  it("hides names in public areas", () => {
    expect(initials(agent("a-1234567", "Amara Adeyemi", "ready"))).toBe("A.A.");
    expect(initials(agent("a-1234567", "Ömer de la Cruz", "ready"))).toBe("Ö.D.L.C.");
    expect(initials(agent("a-1234567", null, "ready"))).toBe("Agent …567");
  });
});
