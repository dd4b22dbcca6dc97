import type { Page } from "@playwright/test";
import type { AgentsSnapshot, AgentTimeline } from "@/lib/api-types";
import { expect, layoutShift, test, watchLayoutShift } from "./fixtures";

const chart = (page: Page) => page.locator("[data-timeline-chart]");
const bands = (page: Page) => chart(page).locator("rect[data-index]");
const openBand = (page: Page) => chart(page).locator("rect[data-open]");
const tooltip = (page: Page) => page.locator("[data-timeline-tooltip]");

async function timeline(page: Page, agentId: string, query = ""): Promise<AgentTimeline> {
  const res = await page.request.get(`/api/agents/${encodeURIComponent(agentId)}/timeline${query}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as AgentTimeline;
}

test.describe("agent drill-down", () => {
  test("the header is the live picture's: name, team, reason label and category, level; a window over the limit is refused with a way out, never an endless load", async ({ grid, sim }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.name && a.team && a.activity === "busy") ?? agents.find((a) => a.name && a.team)!;
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "notready", "1");
    const page = grid.page;
    await page.goto(`/agents/${encodeURIComponent(agent.agentId)}`);
    const header = page.locator(`header [data-agent-id="${agent.agentId}"]`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(agent.name!);
    await expect(page.locator('header [data-field="team"]')).toContainText(agent.team!);
    // The labels config's words, as on the grid: "Break", in the break category.
    await expect(header.locator('[data-field="reason"]')).toHaveText("Break", { timeout: 10_000 });
    await expect(header).toContainText("· break");
    // Shares are of logged-in time: logged-out time is shown apart.
    await expect(page.locator('[data-field="logged-in"]')).toBeVisible({ timeout: 15_000 });
    // Each state's bar in its own colour (CSS variables in a fill attribute used to come out black).
    // The chart's code loads when it comes into view: wait for its bars before reading them.
    await expect(page.locator(".recharts-bar-rectangle path").first()).toBeVisible({ timeout: 10_000 });
    const fills = await page.locator(".recharts-bar-rectangle path").evaluateAll((els) => els.map((e) => getComputedStyle(e).fill));
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) expect(f).not.toBe("rgb(0, 0, 0)");

    // Ten days asked for: refused, saying why, with the name still there and a way to the longest allowed.
    const to = Date.now();
    await page.goto(`/agents/${encodeURIComponent(agent.agentId)}?window=custom&from=${new Date(to - 10 * 86_400_000).toISOString()}&to=${new Date(to).toISOString()}`);
    await expect(page.locator('[data-error="bad_request"]')).toContainText("at most 7 days", { timeout: 10_000 });
    await expect(page.getByText("Loading the timeline…")).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(agent.name!);
    await expect(header.locator('[data-field="activity"]')).toHaveAttribute("data-activity", "notready");
    // The way out: the same end, 7 days long (not followed here: a week of history would take this
    // server's request budget from the tests after this one).
    const href = new URL((await page.locator('[data-field="longest-window"]').getAttribute("href"))!, "http://x");
    expect(href.searchParams.get("window")).toBe("custom");
    expect(Date.parse(href.searchParams.get("to")!)).toBe(Date.parse(new Date(to).toISOString()));
    expect(Date.parse(href.searchParams.get("to")!) - Date.parse(href.searchParams.get("from")!)).toBe(7 * 86_400_000);
  });

  test("the header shows the threshold level the grid row shows", async ({ page, sim }) => {
    const { agents } = (await (await page.request.get(`/api/agents`)).json()) as AgentsSnapshot;
    // Held still, so that only this test's events move the agent (on its own it could take a call within the 8 s this needs).
    const agent = agents.find((a) => a.activity === "ready" || a.activity === "busy")!;
    await sim.hold(agent.agentId);
    // Reason 9: 4 s to amber, 8 s to red on this lane's floor (playwright.config.ts).
    await sim.event(agent.agentId, "notready", "9");
    await page.goto(`/agents/${encodeURIComponent(agent.agentId)}`);
    const level = page.locator(`header [data-agent-id="${agent.agentId}"] [data-field="level"]`);
    await expect(level).toHaveText(/^Past (warn|alert): over [48] s$/, { timeout: 15_000 });
    await expect(level).toHaveText("Past alert: over 8 s", { timeout: 10_000 });
    await page.screenshot({ path: "reports/screenshots/drilldown-level-1440x900.png" });
    await sim.event(agent.agentId, "ready");
  });

  test("opens from the grid with the agent's state, and back to the grid where it was left", async ({ grid }) => {
    await grid.page.setViewportSize({ width: 1280, height: 500 });
    // In name order: the 31st agent is far enough down to need scrolling back to.
    await grid.open("?sort=name");
    const { agents } = await grid.snapshot();
    const agent = agents[30]!;
    const link = grid.row(agent.agentId).getByRole("link");
    await link.scrollIntoViewIfNeeded();
    const scrolled = await grid.page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(200);
    await link.click();

    await expect(grid.page).toHaveURL(new RegExp(`/agents/${agent.agentId}$`));
    await expect(grid.page.getByRole("heading", { level: 1 })).toHaveText(agent.name!);
    const header = grid.page.locator(`[data-agent-id="${agent.agentId}"]`);
    await expect(header.locator('[data-field="time-in-state"]')).toHaveText(/^\d+:\d{2}/);
    await expect(bands(grid.page).first()).toBeVisible({ timeout: 15_000 });

    await grid.page.getByRole("link", { name: "← All agents" }).click();
    await expect(grid.page).toHaveURL(/\/(\?sort=name)?$/);
    await expect(grid.row(agent.agentId)).toBeVisible();
    await expect.poll(() => grid.page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled - 40);
    await expect(grid.row(agent.agentId)).toBeInViewport();
  });

  test("draws one band per true segment, in order, for the window picked; the window lives in the URL", async ({ grid, sim }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    // An agent with several changes in the last 8 hours.
    const agent = agents.find((a) => a.activity && a.activity !== "offline") ?? agents.find((a) => a.activity)!;
    // The bands' states, oldest first, against the simulator's own segments for the same window
    // (the floor is live: the two must agree within a few polls).
    const expectBandsMatchTruth = (hours: number) =>
      expect(async () => {
        const drawn = await bands(grid.page).evaluateAll((rects) => rects.map((r) => r.getAttribute("data-activity")));
        const now = Date.now();
        const truth = await sim.segments(agent.agentId, now - hours * 3_600_000, now);
        expect(truth.length).toBeGreaterThan(0);
        expect(drawn).toEqual(truth.map((t) => t.activity));
      }).toPass({ timeout: 15_000 });
    await grid.page.goto(`/agents/${agent.agentId}`);
    await expect(bands(grid.page).first()).toBeVisible({ timeout: 15_000 });
    await expect(grid.page.getByRole("button", { name: "8 h" })).toHaveAttribute("aria-pressed", "true");
    await expectBandsMatchTruth(8);

    await grid.page.getByRole("button", { name: "1 h" }).click();
    await expect(grid.page).toHaveURL(/window=1h/);
    await expectBandsMatchTruth(1);
    // The state still going reaches "now".
    await expect(openBand(grid.page)).toHaveCount(1);
    await expect(chart(grid.page).getByText("now", { exact: true })).toBeVisible();

    await grid.page.getByRole("button", { name: "Yesterday" }).click();
    await expect(grid.page).toHaveURL(/window=yesterday/);
    await expect(grid.page.getByRole("button", { name: "Yesterday" })).toHaveAttribute("aria-pressed", "true");
    await expect(bands(grid.page).first()).toBeVisible({ timeout: 20_000 });
    // A closed day has no segment still going and no "now" line.
    await expect(openBand(grid.page)).toHaveCount(0);
    await expect(chart(grid.page).getByText("now", { exact: true })).toHaveCount(0);
    // Every time label of the axis whole inside the chart, the first and last midnights included.
    const svg = (await chart(grid.page).locator("svg").first().boundingBox())!;
    const labels = chart(grid.page).locator("text[data-tick]");
    expect(await labels.count()).toBeGreaterThan(2);
    for (const box of await labels.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.left).toBeGreaterThanOrEqual(svg.x - 0.5);
      expect(box.right).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
    }

    await grid.page.reload();
    await expect(grid.page.getByRole("button", { name: "Yesterday" })).toHaveAttribute("aria-pressed", "true");
  });

  test("on a phone the page holds still while it loads, and any time zone can be picked", async ({ grid, browser }) => {
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity && a.activity !== "offline") ?? agents[0]!;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, timezoneId: "UTC" });
    await watchLayoutShift(page);
    await page.goto(`/agents/${encodeURIComponent(agent.agentId)}`);
    await expect(bands(page).first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('header [data-field="time-in-state"]')).toHaveText(/\d:\d\d/);
    await page.waitForTimeout(500);
    // The header's state and time in state fill in where their room was kept: nothing below jumps.
    const shift = await layoutShift(page);
    expect(shift.value, shift.shifted.join("\n")).toBeLessThan(0.1);

    // The 400-odd zones are in the menu once it is reached (here by keyboard focus).
    const zone = page.locator('select[name="tz"]');
    await zone.focus();
    await zone.selectOption("Australia/Sydney");
    await expect(page).toHaveURL(/tz=Australia%2FSydney/);
    await expect(chart(page).locator("xpath=..")).toContainText("Australia/Sydney");
    await page.close();
  });

  test("on a phone no page loads chart code before it shows a chart: the drill-down's totals chart arrives when scrolled to", async ({ grid, browser }) => {
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity && a.activity !== "offline") ?? agents[0]!;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, timezoneId: "UTC" });
    const scripts: string[] = [];
    page.on("response", (r) => {
      if (r.request().resourceType() === "script") scripts.push(r.url());
    });
    // recharts' own class names are in its code: a script holding one is chart code.
    const chartCode = async (urls: readonly string[]) => {
      const found: string[] = [];
      for (const url of urls) if ((await (await page.request.get(url)).text()).includes("recharts-bar-rectangle")) found.push(url);
      return found;
    };
    // Each page with its data drawn, and a moment more (a chart in view loads once the page is idle).
    const pages: [string, string][] = [
      ["/", "tr[data-agent-id]"],
      ["/wallboard", "[data-wallboard] [data-agent-id]"],
      // The report's chart in view at once, drawn as plain SVG: the chart code waits for a touch.
      ["/reports", "[data-report-chart] [data-bar]"],
      [`/agents/${encodeURIComponent(agent.agentId)}`, '[data-timeline-chart] rect[data-index], [data-field="logged-in"]'],
    ];
    for (const [path, drawn] of pages) {
      scripts.length = 0;
      await page.goto(path);
      await expect(page.locator(drawn).first()).toBeVisible({ timeout: 15_000 });
      await page.waitForTimeout(2_500);
      expect(await chartCode(scripts), path).toEqual([]);
    }
    // The drill-down drew its timeline (plain SVG) without it; the totals' bars are below the fold.
    await expect(bands(page).first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator(".recharts-wrapper")).toHaveCount(0);
    const before = scripts.length;
    // Scrolled to: the chart's box comes into view, and its code and bars follow.
    const box = page.locator("[data-when-in-view]");
    await expect(box).toHaveAttribute("data-when-in-view", "waiting");
    await box.scrollIntoViewIfNeeded();
    await expect(page.locator(".recharts-bar-rectangle path").first()).toBeVisible({ timeout: 10_000 });
    expect(await chartCode(scripts.slice(before))).not.toEqual([]);
    await page.close();
  });

  test("hovering or focusing a band shows its state, reason, start, end and duration", async ({ grid, sim }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity && a.activity !== "notready")!;
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "notready", "5");
    await grid.page.goto(`/agents/${agent.agentId}?window=1h`);
    await expect(openBand(grid.page)).toHaveAttribute("data-activity", "notready", { timeout: 15_000 });

    await openBand(grid.page).hover({ force: true });
    await expect(tooltip(grid.page)).toContainText("Not ready");
    await expect(tooltip(grid.page).locator('[data-field="reason"]')).toHaveText("Coaching");
    await expect(tooltip(grid.page)).toContainText("still going");
    await expect(tooltip(grid.page).locator('[data-field="duration"]')).toHaveText(/^\d+ s so far$/);

    // Keyboard: focus enters at the newest band; the left arrow moves to the one before.
    await grid.page.mouse.move(0, 0);
    await openBand(grid.page).focus();
    await expect(tooltip(grid.page)).toContainText("Not ready");
    await grid.page.keyboard.press("ArrowLeft");
    await expect(tooltip(grid.page)).not.toContainText("still going");
    await expect(tooltip(grid.page).locator('[data-field="duration"]')).toHaveText(/\d+ (s|min)|h/);
  });

  test("the segment still going grows live, to the second", async ({ grid, sim }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    // Held still: only this test moves it.
    const agent = agents.find((a) => a.activity === "offline") ?? agents[0]!;
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "acw", "", 20);
    await grid.page.goto(`/agents/${agent.agentId}?window=1h`);
    await expect(openBand(grid.page)).toHaveAttribute("data-activity", "acw", { timeout: 15_000 });
    const width = async () => Number(await openBand(grid.page).getAttribute("width"));
    const before = await width();
    await openBand(grid.page).hover({ force: true });
    const duration = tooltip(grid.page).locator('[data-field="duration"]');
    const first = await duration.innerText();
    await expect(duration).not.toHaveText(first, { timeout: 3_000 });
    // A 1-hour window moves the live edge by a pixel every ~3.6 s.
    await expect.poll(width, { timeout: 15_000 }).toBeGreaterThan(before + 2);
    // Totals follow: the agent's after-call work grows with it.
    await expect(grid.page.locator('[data-totals="state"] tr[data-key="acw"]')).toBeVisible();
  });

  test("totals and the list of changes agree with the timeline", async ({ grid }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity)!;
    await grid.page.goto(`/agents/${agent.agentId}?window=4h`);
    await expect(bands(grid.page).first()).toBeVisible({ timeout: 15_000 });
    const t = await timeline(grid.page, agent.agentId, `?from=${new Date(Date.now() - 4 * 3_600_000).toISOString()}`);
    const changes = t.segments.filter((s) => Date.parse(s.start) > Date.parse(t.from)).length;
    await expect.poll(async () => Math.abs(Number(await grid.page.locator('[data-field="changes"]').innerText()) - changes)).toBeLessThanOrEqual(1);
    const rows = grid.page.locator("[data-state-changes] tbody tr");
    await expect.poll(async () => Math.abs((await rows.count()) - Math.min(50, t.segments.length))).toBeLessThanOrEqual(1);
    // Newest first.
    const starts = await rows.evaluateAll((trs) => trs.map((tr) => Date.parse(tr.getAttribute("data-change-start")!)));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  test("an agent id with spaces, slashes and percent signs opens like any other", async ({ page, sim }) => {
    const id = "team a/b 50% #1";
    await sim.event(id, "notready", "4");
    await expect.poll(async () => (await page.request.get(`/api/agents/${encodeURIComponent(id)}/timeline`)).status(), { timeout: 10_000 }).toBe(200);
    await page.goto(`/agents/${encodeURIComponent(id)}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(id);
    await expect(page.locator("[data-timeline-chart] rect[data-open]")).toHaveAttribute("data-activity", "notready", { timeout: 15_000 });
  });

  test("an unknown agent gets a clear not-found page", async ({ page }) => {
    await page.goto("/agents/nobody-here");
    await expect(page.getByRole("heading", { name: "Agent not found" })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("link", { name: "← All agents" })).toHaveAttribute("href", "/");
  });
});
