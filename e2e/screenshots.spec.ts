import { WALLBOARD_FLOORS } from "../playwright.config";
import { expect, GridPage, sweep, test } from "./fixtures";

/**
 * Screenshots for people to look at (reports/screenshots): each page at laptop, TV and phone
 * size, light and dark, as a supervisor at 8 a.m. would see it; and in each theme, no WCAG A/AA
 * violation axe can find, once per page and theme (an axe run costs a few CPU-seconds; a TV's
 * page is the laptop's markup, larger): at laptop size, and for the grid at phone size, where
 * it is a list of cards (its laptop table is checked, amber and red rows on screen, in
 * grid-view.spec.ts).
 */
test("the grid at laptop, TV and phone size, light and dark", async ({ grid }) => {
  test.setTimeout(90_000);
  await grid.open();
  await sweep(
    grid.page,
    "grid",
    async () => {
      await expect(grid.rows.first().locator('[data-field="time-in-state"]')).toHaveText(/\d/);
    },
    "phone",
  );
});

test("the wallboard at laptop, TV and phone size, light and dark", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/wallboard");
  await sweep(page, "wallboard", async () => {
    await expect(page.locator("[data-wallboard] a[data-agent-id]").first()).toBeVisible({ timeout: 15_000 });
  });
});

test("the drill-down at laptop, TV and phone size, light and dark", async ({ grid }) => {
  test.setTimeout(90_000);
  await grid.open();
  const { agents } = await grid.snapshot();
  const agent = agents.find((a) => a.activity === "notready") ?? agents.find((a) => a.activity)!;
  await grid.page.goto(`/agents/${agent.agentId}`);
  await sweep(grid.page, "drilldown", async () => {
    await expect(grid.page.locator("[data-timeline-chart] rect[data-index]").last()).toBeVisible({ timeout: 15_000 });
  });
});

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
