import type { AgentsSnapshot, BreaksAnswer } from "@/lib/api-types";
import { expect, test } from "./fixtures";

/**
 * Break budgets and team caps (the simulator's labels config: break 30 min and lunch 1 h a shift,
 * at most 3 of a team on break at once), on the grid, the wallboard and the drill-down.
 */
test.describe("break budgets and team caps", () => {
  test("four of a team on break at once: the grid's banner and the wallboard name the team over its cap; each on break shows used of allowed, ticking, red once over", async ({ page, request, sim }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const team = agents[0]!.team!;
    const four = agents.filter((a) => a.team === team).slice(0, 4);
    expect(four).toHaveLength(4);
    // Held still: only this test moves them (one's own next call would take it off its break).
    await sim.hold(...four.map((a) => a.agentId));
    for (const a of four) await sim.event(a.agentId, "notready", "1");
    await expect
      .poll(async () => {
        const b = (await (await request.get("/api/breaks/live")).json()) as BreaksAnswer;
        return b.caps.find((c) => c.team === team && c.category === "break")?.count ?? 0;
      }, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(4);

    await page.goto("/?offline=show&sort=name");
    const banner = page.locator('[data-field="caps-over"]');
    await expect(banner).toContainText(`${team}: `);
    await expect(banner).toContainText("on break at once (cap 3)");
    // Used of allowed this shift, as the API counts it, red when over.
    const live = (await (await request.get("/api/breaks/live")).json()) as BreaksAnswer;
    const b = live.agents[four[0]!.agentId]!;
    expect(b).toMatchObject({ running: "break", allowed: { break: 1800, lunch: 3600 } });
    const note = page.locator(`[data-agent-id="${four[0]!.agentId}"] [data-field="break-budget"]`);
    await expect(note).toHaveText(new RegExp(`^(${Math.floor(b.used.break! / 60)}|${Math.floor(b.used.break! / 60) + 1})/30 min$`));
    if (b.used.break! > 1800) await expect(note).toHaveAttribute("data-over", "true");
    else await expect(note).not.toHaveAttribute("data-over");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "reports/screenshots/grid-breaks-laptop.png" });

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto("/wallboard");
    await expect(page.locator('[data-field="cap-over"]').filter({ hasText: team })).toContainText("on break");
    await page.screenshot({ path: "reports/screenshots/wallboard-breaks-tv.png" });

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/agents/${encodeURIComponent(four[0]!.agentId)}`);
    const budgets = page.locator('[data-field="break-budgets"]');
    await expect(budgets.locator('[data-category="break"]')).toContainText(`${Math.floor(b.used.break! / 60)} of 30 min`);
    await expect(budgets.locator('[data-category="break"]')).toContainText("(now)");
    await expect(budgets.locator('[data-category="lunch"]')).toContainText(`${Math.floor((b.used.lunch ?? 0) / 60)} of 60 min`);
    await page.screenshot({ path: "reports/screenshots/drilldown-breaks-laptop.png" });
    // Back to work, so the floor's other tests see it as before.
    for (const a of four) await sim.event(a.agentId, "ready");
  });
});
