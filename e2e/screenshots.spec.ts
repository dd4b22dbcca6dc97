import { WALLBOARD_FLOORS } from "../playwright.config";
import { expect, GridPage, test } from "./fixtures";

/** Screenshots for people to look at (reports/screenshots), at laptop and TV sizes. */
for (const [name, width, height] of [
  ["laptop", 1440, 900],
  ["tv", 1920, 1080],
] as const) {
  test(`grid screenshot at ${name} size`, async ({ grid }) => {
    await grid.page.setViewportSize({ width, height });
    await grid.open();
    await expect(grid.rows.first().locator('[data-field="time-in-state"]')).toHaveText(/\d/);
    await grid.page.screenshot({ path: `reports/screenshots/grid-${name}-${width}x${height}.png` });
  });
}

for (const [name, width, height, scheme] of [
  ["laptop", 1440, 900, "light"],
  ["tv", 1920, 1080, "dark"],
] as const) {
  test(`drill-down screenshot at ${name} size (${scheme})`, async ({ grid }) => {
    await grid.page.emulateMedia({ colorScheme: scheme });
    await grid.page.setViewportSize({ width, height });
    await grid.open();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity === "notready") ?? agents.find((a) => a.activity)!;
    await grid.page.goto(`/agents/${agent.agentId}`);
    const band = grid.page.locator("[data-timeline-chart] rect[data-index]").last();
    await expect(band).toBeVisible({ timeout: 15_000 });
    await band.hover({ force: true });
    await expect(grid.page.locator("[data-timeline-tooltip]")).toBeVisible();
    await grid.page.screenshot({ path: `reports/screenshots/drilldown-${name}-${width}x${height}-${scheme}.png` });
  });
}

/** The grid as a supervisor works it: a large floor by time in state, grouped, in both themes. */
for (const [name, width, height, scheme, query] of [
  ["laptop", 1440, 900, "light", "?sort=time&state=notready&state=acw"],
  ["tv", 1920, 1080, "dark", "?sort=time&group=state&collapsed=busy"],
] as const) {
  test(`grid view screenshot at ${name} size (${scheme}, 300 agents)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height });
    const grid = new GridPage(page, `http://127.0.0.1:${WALLBOARD_FLOORS[1].port}`);
    await grid.open(query);
    await expect(grid.rows.first().locator('[data-field="time-in-state"]')).toHaveText(/\d/);
    await page.screenshot({ path: `reports/screenshots/grid-view-${name}-${width}x${height}-${scheme}.png` });
  });
}
