import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { SimFloor } from "@/lib/simulator/floor";
import { sampleLabelsFor, SIM_TEAMS } from "@/lib/simulator/labels";
import { loadAccess } from "./access-config";
import { loadLabels } from "./labels";

const dir = mkdtempSync(join(tmpdir(), "floorview-labels-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function problems(path: string): Promise<string[]> {
  try {
    await loadLabels(path, null);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("labels file", () => {
  it("is read from the path in FLOORVIEW_LABELS_FILE", async () => {
    const path = file("ok.json", JSON.stringify({ reasons: { "12": { label: "Fire drill", category: "other", warn: "2m", alert: "5m" } }, teams: { Night: ["n1"] } }));
    expect(parseConfig({ FLOORVIEW_LABELS_FILE: path }).labelsFile).toBe(path);
    const { labels, teams, thresholds } = await loadLabels(path, null);
    expect(labels.reasons["12"]).toEqual({ label: "Fire drill", category: "other" });
    expect(teams.get("n1")).toBe("Night");
    expect(thresholds).toEqual([{ state: "*", reasonCode: "12", warnMs: 120_000, alertMs: 300_000 }]);
  });

  it("stops start-up naming the variable, the file and each mistake", async () => {
    expect(await problems(join(dir, "missing.json"))).toEqual([`FLOORVIEW_LABELS_FILE: cannot read ${join(dir, "missing.json")} (ENOENT)`]);
    const bad = file("bad.json", JSON.stringify({ reasons: { "1": { label: "Break", category: "nap" } }, activities: { ready: { color: "green" } } }));
    expect(await problems(bad)).toEqual([
      `FLOORVIEW_LABELS_FILE (${bad}): reasons.1.category: must be one of break, lunch, training, meeting, system, other`,
      `FLOORVIEW_LABELS_FILE (${bad}): activities.ready.color: must be a colour such as #0072b2`,
    ]);
  });

  it("on the simulator without a file, is the shipped sample the runtime hands in, the simulated agents dealt into teams", async () => {
    const floor = new SimFloor({ agents: 9, seed: "labels", start: Date.parse("2026-11-27T10:00:00Z") });
    const { labels, teams } = await loadLabels(null, sampleLabelsFor(floor.agents));
    expect(labels.reasons["2"]).toEqual({ label: "Lunch", category: "lunch" });
    expect(labels.teamNames).toEqual([...SIM_TEAMS]);
    expect(floor.agents.map((a) => teams.get(a.agentId))).toEqual(["Billing", "Tech support", "Sales", "Retention", "Billing", "Tech support", "Sales", "Retention", "Billing"]);
  });

  it("without a file on a real tenant, names nothing: codes show as sent", async () => {
    const { labels, teams, thresholds } = await loadLabels(null, null);
    expect(labels.reasons).toEqual({});
    expect(teams.size).toBe(0);
    expect(thresholds).toEqual([]);
  });
});

describe("access file", () => {
  it("stops start-up naming FLOORVIEW_ACCESS_FILE, the path and every problem; a good one maps groups", async () => {
    const problemsOf = async (name: string, groups: unknown) => {
      const path = file(name, JSON.stringify({ groups }));
      const err = await loadAccess(path, ["Billing"]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      return { path, problems: (err as ConfigError).problems };
    };
    const shape = await problemsOf("access-shape.json", { x: { role: "owner" }, y: { role: "viewer" } });
    expect(shape.problems).toEqual([expect.stringMatching(/^FLOORVIEW_ACCESS_FILE \(.*\): groups\.x\.role: must be one of admin/), `FLOORVIEW_ACCESS_FILE (${shape.path}): groups.y: a teamlead or a viewer needs its teams`]);
    const teams = await problemsOf("access-teams.json", { leads: { role: "teamlead", teams: ["Nowhere"] } });
    expect(teams.problems).toEqual([`FLOORVIEW_ACCESS_FILE (${teams.path}): groups.leads.teams: "Nowhere" is not a team of the labels config (Billing)`]);
    await expect(loadAccess(join(dir, "missing.json"), [])).rejects.toThrow(/FLOORVIEW_ACCESS_FILE: cannot read .*missing\.json \(ENOENT\)/);
    const good = file("access.json", JSON.stringify({ groups: { leads: { role: "teamlead", teams: ["Billing"] } } }));
    expect((await loadAccess(good, ["Billing"])).get("leads")).toEqual({ role: "teamlead", teams: ["Billing"] });
  });
});
