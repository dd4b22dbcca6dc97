import { E2E_AGENTS } from "../playwright.config";
import { expect, shown, test } from "./fixtures";

/** "1:02:33" or "12:05" → seconds. */
const seconds = (text: string) => text.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);

test.describe("supervisor grid", () => {
  test("shows every agent of the simulated floor with state, reason and time in state", async ({ grid }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    // The simulated floor, plus any agent another test brought into the feed.
    expect(agents.length).toBeGreaterThanOrEqual(E2E_AGENTS);
    await expect(grid.rows).toHaveCount(agents.length);
    for (const agent of agents.slice(0, 15)) {
      const row = grid.row(agent.agentId);
      await expect(row).toContainText(agent.name ?? agent.agentId);
      await expect(grid.field(agent.agentId, "activity")).toHaveText(shown.state(agent.activity));
      await expect(grid.field(agent.agentId, "reason")).toHaveText(shown.reason(agent.reasonCode));
      if (agent.since) await expect(grid.field(agent.agentId, "time-in-state")).toHaveText(/^\d+:\d{2}(:\d{2})?$/);
    }
    await expect(grid.page.getByText(/updated/)).toBeVisible();
    await expect(grid.banner).toHaveCount(0);
  });

  test("time in state ticks every second, from the server's clock", async ({ grid }) => {
    await grid.open();
    const { agents, asOf } = await grid.snapshot();
    const agent = agents.find((a) => a.since)!;
    const cell = grid.field(agent.agentId, "time-in-state");
    await expect(cell).toHaveText(/\d+:\d{2}/);
    const first = seconds(await cell.innerText());
    const expected = (Date.parse(asOf) - Date.parse(agent.since!)) / 1000;
    expect(Math.abs(first - expected)).toBeLessThan(5);
    await grid.page.waitForTimeout(2_100);
    const later = seconds(await cell.innerText());
    expect(later - first).toBeGreaterThanOrEqual(2);
    expect(later - first).toBeLessThanOrEqual(4);
  });

  test("a state change in Kore.ai reaches the grid within seconds", async ({ grid, sim }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity !== "notready")!;
    await sim.event(agent.agentId, "notready", "5");
    await expect(grid.field(agent.agentId, "activity")).toHaveText("Not ready", { timeout: 10_000 });
    await expect(grid.field(agent.agentId, "reason")).toHaveText("Coaching");
    expect(seconds(await grid.field(agent.agentId, "time-in-state").innerText())).toBeLessThan(15);
  });

  test("when Kore.ai fails, a banner says so and the last data stays; it clears on recovery", async ({ grid, sim }) => {
    await grid.open();
    const count = await grid.rows.count();
    await sim.fault("http_503");
    await expect(grid.banner).toContainText(/Kore\.ai (is answering with errors|cannot be reached)/, { timeout: 15_000 });
    await expect(grid.banner).toContainText("Showing the last good data");
    await expect(grid.rows).toHaveCount(count);
    await sim.clearFaults();
    await expect(grid.banner).toHaveCount(0, { timeout: 15_000 });
    await expect(grid.rows).toHaveCount(count);
  });

  test("when Kore.ai refuses the credentials, the banner says that until they work again", async ({ grid, sim }) => {
    await grid.open();
    const count = await grid.rows.count();
    await sim.fault("unauthorized", { target: "all" });
    await expect(grid.banner).toContainText("Kore.ai refused Floorview's credentials", { timeout: 15_000 });
    await expect(grid.rows).toHaveCount(count);
    await sim.clearFaults();
    await expect(grid.banner).toHaveCount(0, { timeout: 20_000 });
  });
});
