import type { APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import type { AgentsSnapshot, IntradayAnswer } from "@/lib/api-types";
import { expect, GridPage, sweep, test } from "./fixtures";

/**
 * Intraday and the floor at a past instant, as a real-time analyst and a supervisor use them:
 * the day's intervals against a schedule and a staffing sheet (the page's table, strip and CSV
 * equal to `/api/intraday`), a click on a moment opening the grid as the floor was then (its
 * rows equal to `/api/agents?at=`), the scrubber, the way back to live, the wallboard's strip,
 * and the drill-down's click-through. Screenshots at laptop, TV and phone size.
 */

const QUARTER = 900_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The floor's last ten agents scheduled to work for four hours from two hours ago, a 15-minute
 * break an hour after the start; eight needed throughout and up to an hour from now
 * (schedules.spec keeps agents 5 to 7 unscheduled today; api.spec's intraday test uses the same
 * ten). In the first two hours of a UTC day the plan is yesterday's last three hours instead, so
 * that its day always has eight quarter hours over, whatever the hour the suite runs at.
 */
async function planTheDay(request: APIRequestContext): Promise<{ from: number }> {
  const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
  const now = Date.now();
  const midnight = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const recent = Math.floor(now / QUARTER) * QUARTER - 8 * QUARTER;
  const from = recent >= midnight ? recent : midnight - 12 * QUARTER;
  const rows = agents.slice(-10).flatMap((a) => [
    `${a.agentId},${iso(from)},${iso(from + 4 * QUARTER)},work`,
    `${a.agentId},${iso(from + 4 * QUARTER)},${iso(from + 5 * QUARTER)},break`,
    `${a.agentId},${iso(from + 5 * QUARTER)},${iso(from + 16 * QUARTER)},work`,
  ]);
  const schedule = await request.post("/api/schedules", { headers: { "Content-Type": "text/csv" }, data: ["agent_id,start,end,activity", ...rows].join("\n") });
  expect(schedule.status(), await schedule.text()).toBe(200);
  const lines = Math.max(16, Math.ceil((now + 4 * QUARTER - from) / QUARTER));
  const sheet = ["interval_start,team,required", ...Array.from({ length: lines }, (_, i) => `${iso(from + i * QUARTER)},,8`)].join("\n");
  const staffing = await request.post("/api/staffing", { headers: { "Content-Type": "text/csv" }, data: sheet });
  expect(staffing.status(), await staffing.text()).toBe(200);
  return { from };
}

const one = (n: number | null) => (n === null ? "—" : (Math.round(n * 10) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 }));

test.describe("intraday", () => {
  test("a day against its plan: the page's table, the now strip and the CSV say what /api/intraday says; thresholds colour the difference; a moment opens the floor then", async ({ page, request }) => {
    test.setTimeout(90_000);
    const { from } = await planTheDay(request);
    const date = iso(from).slice(0, 10);
    await page.goto(`/intraday?tz=UTC&date=${date}`);
    const table = page.locator('[data-field="intraday-table"]');
    await expect(table.locator("tbody tr")).toHaveCount(96, { timeout: 20_000 });
    const api = (await (await request.get(`/api/intraday?date=${date}&tz=UTC&interval=15m`)).json()) as IntradayAnswer;
    // The quarter hours of the plan that are over: the same figures, row by row.
    const past = api.rows.filter((r) => Date.parse(r.start) >= from && r.actualOpen !== null && !r.live);
    expect(past.length).toBeGreaterThan(3);
    for (const r of past) {
      const row = table.locator(`tr[data-interval="${r.start}"]`);
      await expect(row.locator('[data-field="scheduled"]')).toHaveText(one(r.scheduledOpen));
      await expect(row.locator('[data-field="required"]')).toHaveText("8");
      // The open heads move only with a late event; the difference is open − 8.
      const open = Number((await row.locator('[data-field="open"]').textContent())!.replace(/,/g, ""));
      expect(open).toBeCloseTo(r.actualOpen!, 0);
    }
    // The break quarter hour plans ten fewer open: its shrinkage is planned as break.
    const breakRow = api.rows.find((r) => Date.parse(r.start) === from + 4 * QUARTER)!;
    expect(breakRow.plannedShrinkage.break).toBeGreaterThanOrEqual(10 * 900);
    await expect(page.locator('[data-field="shrinkage"] tr[data-category="break"] [data-field="planned"]')).toContainText("planned");
    // Now, in large figures: the live row's (when the plan's day is today; yesterday's has none).
    const live = api.rows.find((r) => r.live);
    if (live) {
      await expect(page.locator('[data-field="now-scheduled"]')).toHaveText(one(live.scheduledOpen));
      await expect(page.locator('[data-field="now-required"]')).toHaveText("8");
      await expect(table.locator("tr[data-live]")).toHaveCount(1);
    } else await expect(page.locator('[data-field="intraday-now"]')).toHaveCount(0);
    // The chart is drawn without its library; reached for, the interactive one comes.
    await expect(page.locator('[data-intraday-chart="drawn"] path[data-series="actual"]')).toBeVisible();
    await page.locator("[data-intraday-box]").hover();
    await expect(page.locator('[data-intraday-chart="interactive"]')).toBeVisible({ timeout: 10_000 });

    // Amber from 0 below: every past quarter hour short of the eight needed is amber or red.
    await page.locator('[data-field="intraday-warn"]').fill("0");
    await expect(page).toHaveURL(/warn=0/);
    const shortRow = past.find((r) => r.diff! < 0 && r.diff! > -3);
    if (shortRow) await expect(table.locator(`tr[data-interval="${shortRow.start}"] [data-field="diff"]`)).toHaveAttribute("data-level", "warn");

    // The CSV: a line per interval, the API's figures.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-field="intraday-csv"]').click()]);
    const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(csv[0]).toMatch(/^interval_start,interval_end,local_start,scheduled_open,actual_open,required,diff,conformance,unknown_seconds/);
    expect(csv).toHaveLength(97);
    const line = csv.find((l) => l.startsWith(`${past[0]!.start},`))!.split(",");
    expect(Number(line[3])).toBe(past[0]!.scheduledOpen);
    expect(Number(line[5])).toBe(8);

    // A moment of the day: the floor as it was then.
    const target = past[1]!;
    await table.locator(`tr[data-interval="${target.start}"] [data-field="floor-then"]`).click();
    await expect(page).toHaveURL(/\/\?at=/);
    await expect(page.locator('[data-field="floor-at-when"]')).toHaveAttribute("data-at", target.start);
    await expect(page.locator('[data-field="floor-at"]')).toContainText("not live");
  });

  test("the intraday page at laptop, TV and phone size, light and dark", async ({ page, request }) => {
    test.setTimeout(90_000);
    await planTheDay(request);
    await page.goto("/intraday?tz=UTC");
    await sweep(page, "intraday", async () => {
      await expect(page.locator('[data-field="intraday-table"] tbody tr')).toHaveCount(96, { timeout: 20_000 });
      await expect(page.locator('[data-intraday-chart="drawn"]')).toBeVisible();
    });
  });
});

test.describe("the floor at a past instant", () => {
  test("the grid at ?at=: said plainly, every row as /api/agents?at= has it, a minute and a change at a time, one click back to live", async ({ page, request }) => {
    test.setTimeout(90_000);
    const at = Math.floor((Date.now() - 90 * 60_000) / 60_000) * 60_000;
    const grid = new GridPage(page);
    await grid.open(`?at=${iso(at).replace(".000Z", "Z")}&offline=show`);
    const banner = page.locator('[data-field="floor-at"]');
    await expect(banner).toContainText("not live");
    await expect(page.locator('[data-field="floor-at-when"]')).toHaveAttribute("data-at", iso(at));
    const then = (await (await request.get(`/api/agents?at=${iso(at)}`)).json()) as AgentsSnapshot;
    expect(then.historical).toBe(true);
    await expect(grid.rows).toHaveCount(then.agents.length);
    for (const a of then.agents.slice(0, 12)) {
      const row = page.locator(`tr[data-agent-id="${a.agentId}"]`);
      await expect(row.locator('[data-field="activity"]')).toHaveAttribute("data-activity", a.activity ?? "");
    }
    // Time in state as it was then, standing still: an agent's since against the instant.
    const long = then.agents.find((a) => a.since !== null && at - Date.parse(a.since) > 120_000)!;
    const shown = await page.locator(`tr[data-agent-id="${long.agentId}"] [data-field="time-in-state"]`).textContent();
    await page.waitForTimeout(1_500);
    await expect(page.locator(`tr[data-agent-id="${long.agentId}"] [data-field="time-in-state"]`)).toHaveText(shown!);

    // A minute back.
    await page.locator('[data-field="minute-back"]').click();
    await expect(page.locator('[data-field="floor-at-when"]')).toHaveAttribute("data-at", iso(at - 60_000));
    await expect(page).toHaveURL(new RegExp(`at=${encodeURIComponent(iso(at - 60_000).replace(".000Z", "Z"))}`));
    // The next change of the floor after it, as the API says.
    const before = (await (await request.get(`/api/agents?at=${iso(at - 60_000)}`)).json()) as AgentsSnapshot;
    if (before.nextChangeAt) {
      await page.locator('[data-field="next-change"]').click();
      await expect(page.locator('[data-field="floor-at-when"]')).toHaveAttribute("data-at", before.nextChangeAt);
      const changed = (await (await request.get(`/api/agents?at=${before.nextChangeAt}`)).json()) as AgentsSnapshot;
      const mover = changed.agents.find((a) => a.since === before.nextChangeAt)!;
      await expect(page.locator(`tr[data-agent-id="${mover.agentId}"] [data-field="activity"]`)).toHaveAttribute("data-activity", mover.activity!);
    }
    await grid.page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "reports/screenshots/grid-at-laptop-1440x900-light.png" });
    await grid.page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "reports/screenshots/grid-at-phone-390x844-light.png" });
    await grid.page.setViewportSize({ width: 1440, height: 900 });

    await page.locator('[data-field="back-to-live"]').click();
    await expect(banner).toHaveCount(0);
    await expect(page).not.toHaveURL(/at=/);
    await expect(page.locator('[data-field="freshness"]')).toBeVisible();
  });

  test("a bad instant in the address is named, and the grid stays live", async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open("?at=yesterday");
    await expect(page.locator('[data-field="problems"]')).toContainText("at=yesterday");
    await expect(page.locator('[data-field="floor-at"]')).toHaveCount(0);
  });

  test("from the drill-down, a click on a moment of the timeline opens the floor then", async ({ page }) => {
    const grid = new GridPage(page);
    await grid.open();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity && a.activity !== "offline") ?? agents.find((a) => a.activity)!;
    await page.goto(`/agents/${agent.agentId}`);
    const bands = page.locator("[data-timeline-chart] g[data-pick]");
    await expect(bands.locator("rect[data-index]").first()).toBeVisible({ timeout: 15_000 });
    const box = (await bands.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect(page).toHaveURL(/\/\?at=/, { timeout: 10_000 });
    const at = Date.parse(new URL(page.url()).searchParams.get("at")!);
    // The middle of the last 8 hours.
    expect(Math.abs(at - (Date.now() - 4 * 3_600_000))).toBeLessThan(20 * 60_000);
    await expect(page.locator('[data-field="floor-at"]')).toContainText("not live");
  });

  test("the wallboard: an intraday strip with now and next against the plan; at ?at= the board as it was, said so", async ({ page, request }) => {
    await planTheDay(request);
    await page.goto("/wallboard?intraday=1");
    const strip = page.locator('[data-field="intraday-strip"]');
    await expect(strip).toBeVisible({ timeout: 20_000 });
    const now = (await (await request.get("/api/intraday?now=1")).json()) as IntradayAnswer;
    expect(now.rows.length).toBeGreaterThanOrEqual(1);
    const live = now.rows.find((r) => r.live)!;
    await expect(strip.locator('[data-field="strip-required"]')).toHaveText("8");
    await expect(strip.locator('[data-field="strip-scheduled"]')).toHaveText(one(live.scheduledOpen));
    await expect(strip.locator('[data-field="strip-next"]')).toContainText("scheduled");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: "reports/screenshots/wallboard-intraday-tv-1920x1080-dark.png" });

    const at = Math.floor((Date.now() - 60 * 60_000) / 1000) * 1000;
    await page.goto(`/wallboard?at=${iso(at)}`);
    await expect(page.locator('[data-field="floor-at"]')).toContainText("not live");
    await expect(page.locator("[data-wallboard] a[data-agent-id]").first()).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: "reports/screenshots/wallboard-at-tv-1920x1080-dark.png" });
  });
});
