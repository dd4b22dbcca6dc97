import type { FlagsReport, LiveFlagsAnswer } from "@/lib/api-types";
import { expect, test } from "./fixtures";

/**
 * Behaviour flags on the grid and the drill-down: an agent toggling between ready and not ready
 * six times in a minute is flagged once, named beside their name, found by the grid's filter, and
 * listed in their drill-down with why and a way to its stretch of the timeline.
 */
test.describe("behaviour flags", () => {
  test("rapid toggling: raised once, marked on the grid row, found by 'Flagged now', listed in the drill-down, shown on the timeline", async ({ page, request, sim }) => {
    // An agent whose state has not changed for longer than the rule's ten minutes and is not
    // not ready: no change of its own joins the test's six. Held still (its own calls would
    // interleave), and its state read again after the hold (it may have moved just before).
    const QUIET_MS = 10 * 60_000 + 30_000;
    const before = await sim.truth();
    let agent: { agentId: string } | undefined;
    for (const c of before.agents.filter((a) => a.activity !== "notready" && a.since <= before.now - QUIET_MS)) {
      await sim.hold(c.agentId);
      if ((await sim.truth()).agents.find((a) => a.agentId === c.agentId)?.since === c.since) {
        agent = c;
        break;
      }
    }
    if (!agent) throw new Error("no agent on the floor has been still for ten minutes (the simulator's floor keeps some logged out for hours)");
    // Then ready, not ready, ready, … a second apart in the next seconds (released as their time
    // comes): six changes within ten seconds.
    for (let i = 0; i <= 6; i++) await sim.event(agent.agentId, i % 2 === 0 ? "ready" : "notready", i % 2 === 0 ? "" : "7", -1 - i);
    await expect
      .poll(async () => {
        const live = (await (await request.get("/api/flags/live")).json()) as LiveFlagsAnswer;
        return (live.agents[agent.agentId] ?? []).filter((f) => f.rule === "rapid_toggle").map((f) => f.active);
      }, { timeout: 15_000 })
      .toEqual([true]);
    const live = (await (await request.get("/api/flags/live")).json()) as LiveFlagsAnswer;
    const flag = live.agents[agent.agentId]!.find((f) => f.rule === "rapid_toggle")!;
    expect(flag.why).toBe("6 changes between ready and not ready within 10 min (flagged at 6).");

    // The grid: the mark beside the name, and the filter.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/?sort=name&offline=show");
    const mark = page.locator(`[data-agent-id="${agent.agentId}"] [data-field="flags"]`);
    await expect(mark).toHaveAttribute("data-active", "true");
    await expect(mark).toContainText("Rapid toggling");
    const chips = page.locator('[data-filter="flags"]');
    const now = chips.locator('[data-value="now"]');
    await now.click();
    await expect(page).toHaveURL(/flags=now/);
    const rows = page.locator("tbody tr[data-agent-id]");
    await expect(page.locator(`tbody tr[data-agent-id="${agent.agentId}"]`)).toBeVisible();
    // The chip's count is the rows shown, and every row shown holds a flag now (the live floor
    // may flag another agent meanwhile: both are read from the page, at once, until they agree).
    await expect(async () => {
      const count = Number(await now.getAttribute("data-count"));
      expect(await rows.count()).toBe(count);
      expect(await rows.locator('[data-field="flags"][data-active]').count()).toBe(count);
    }).toPass({ timeout: 10_000 });
    await page.screenshot({ path: "reports/screenshots/grid-flags-laptop.png" });
    // Clear filters takes it off.
    await page.locator('[data-field="clear"]').click();
    await expect(page).not.toHaveURL(/flags=/);

    // The drill-down: listed with why and when, as the window's API says.
    await page.goto(`/agents/${encodeURIComponent(agent.agentId)}?window=1h`);
    const item = page.locator('[data-field="behaviour-flags"] li[data-rule="rapid_toggle"]');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute("data-active", "true");
    const windowed = (await (await request.get(`/api/flags?agent=${encodeURIComponent(agent.agentId)}&from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}`)).json()) as FlagsReport;
    const same = windowed.agents[0]!.flags.find((f) => f.rule === "rapid_toggle")!;
    expect(same.raisedAt).toBe(flag.raisedAt);
    await expect(item.locator('[data-field="why"]')).toHaveText(same.why);
    await expect(item.locator('[data-field="status"]')).toHaveText("Still holds");
    await page.screenshot({ path: "reports/screenshots/drilldown-flags-laptop.png", fullPage: true });
    // Its stretch on the timeline: a window from five minutes before it began.
    await item.locator('[data-field="show-on-timeline"]').click();
    await expect(page).toHaveURL(/window=custom/);
    const from = Date.parse(new URL(page.url()).searchParams.get("from")!);
    expect(from).toBe(Date.parse(flag.start) - 5 * 60_000);
    await expect(page.locator('[data-field="behaviour-flags"] li[data-rule="rapid_toggle"]')).toHaveCount(1);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: "reports/screenshots/drilldown-flags-tv.png" });
  });
});
