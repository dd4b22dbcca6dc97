import { describe, expect, it } from "vitest";
import type { AccessFileError} from "./access-file";
import { grantOf, groupsOf, parseAccessFile } from "./access-file";

const TEAMS = ["Billing", "Sales", "Retention"];
const FILE = JSON.stringify({
  groups: {
    admins: { role: "admin" },
    sups: { role: "supervisor" },
    "billing-leads": { role: "teamlead", teams: ["Billing"] },
    "sales-leads": { role: "teamlead", teams: ["Sales"] },
    qa: { role: "viewer", teams: ["Retention"] },
  },
});

describe("the access config", () => {
  it("maps groups to the widest role, and a team lead to the union of their teams", () => {
    const g = parseAccessFile(FILE, TEAMS);
    expect(grantOf(g, ["billing-leads"])).toEqual({ role: "teamlead", teams: ["Billing"] });
    expect(grantOf(g, ["sales-leads", "billing-leads", "unknown"])).toEqual({ role: "teamlead", teams: ["Billing", "Sales"] });
    expect(grantOf(g, ["qa", "sups"])).toEqual({ role: "supervisor", teams: null });
    expect(grantOf(g, ["admins", "qa"])).toEqual({ role: "admin", teams: null });
    expect(grantOf(g, ["qa"])).toEqual({ role: "viewer", teams: ["Retention"] });
    // A viewer group does not widen a team lead's teams.
    expect(grantOf(g, ["billing-leads", "qa"])).toEqual({ role: "teamlead", teams: ["Billing"] });
    expect(grantOf(g, ["nobody-knows-this"])).toBeNull();
    expect(grantOf(g, [])).toBeNull();
  });

  it("names every problem with its place", () => {
    const bad = JSON.stringify({ groups: { a: { role: "boss" }, b: { role: "teamlead" }, c: { role: "viewer", teams: ["Nowhere"] }, d: { role: "supervisor", teams: ["Billing"] } } });
    let problems: string[] = [];
    try {
      parseAccessFile(bad, TEAMS);
    } catch (err) {
      problems = (err as AccessFileError).problems;
    }
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^groups\.a\.role: must be one of admin/), expect.stringMatching(/^groups\.b: a teamlead or a viewer needs its teams/), expect.stringMatching(/^groups\.d: an admin or a supervisor/)]));
    expect(() => parseAccessFile(JSON.stringify({ groups: { c: { role: "viewer", teams: ["Nowhere"] } } }), TEAMS)).toThrow(/groups\.c\.teams: "Nowhere" is not a team of the labels config/);
    expect(() => parseAccessFile("{", TEAMS)).toThrow(/not valid JSON/);
  });

  it("reads the groups claim as a list or a single string", () => {
    expect(groupsOf({ groups: ["a", 1, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(groupsOf({ roles: "a" }, "roles")).toEqual(["a"]);
    expect(groupsOf({}, "groups")).toEqual([]);
  });
});
