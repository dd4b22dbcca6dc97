import { expect, test } from "./fixtures";

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
