import AxeBuilder from "@axe-core/playwright";
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import type { AgentsSnapshot, TimeInStateReport } from "@/lib/api-types";
import { WALLBOARD_FLOORS } from "../playwright.config";
import { expect, layoutShift, test, watchLayoutShift } from "./fixtures";

/** 3725 → "1:02" (the page's h:mm). */
const hmm = (seconds: number) => `${Math.floor(seconds / 3600)}:${String(Math.floor(seconds / 60) % 60).padStart(2, "0")}`;
const table = (page: Page) => page.locator("[data-report-table]");
const agentRows = (page: Page) => table(page).locator("tbody tr[data-agent-id]");

test.describe("reports", () => {
  test("how much of today did my team spend not ready, by reason, hour by hour: two clicks, the numbers the API's to the minute", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/");
    await page.getByRole("link", { name: "Reports" }).click();
    await expect(page).toHaveURL(/\/reports$/);
    const { agents } = (await (await page.request.get("/api/agents")).json()) as AgentsSnapshot;
    await expect(agentRows(page)).toHaveCount(agents.length, { timeout: 20_000 });
    // The chart is drawn with the numbers (plain SVG: no chart code yet).
    await expect(page.locator("[data-report-chart] [data-bar]").first()).toBeVisible();

    // Click: the team.
    await page.locator('button[data-team="Billing"]').click();
    await expect(page).toHaveURL(/team=Billing/);
    const billing = agents.filter((a) => a.team === "Billing");
    await expect(agentRows(page)).toHaveCount(billing.length);
    await expect(table(page).locator("[data-floor-total]")).toContainText(`${billing.length} agents`);

    // The not-ready reasons are columns; hour by hour is the chart, its numbers on hover and in the table below it.
    await expect(table(page).locator("thead")).toContainText("Break");
    // A pointer over the chart brings the interactive one (its code fetched then: seconds on a busy machine).
    await page.locator("[data-report-chart]").hover();
    const bar = page.locator("[data-report-chart] .recharts-bar-rectangle").last();
    await expect(bar).toBeVisible({ timeout: 15_000 });
    await bar.hover({ force: true });
    await expect(page.locator("[data-report-tooltip]")).toContainText("Agents on average over the interval");

    // The page's numbers are the API's: an agent's logged-in time and not-ready share, to the minute.
    const url = new URL(page.url());
    expect(url.searchParams.get("interval")).toBeNull();
    const windowText = await page.locator('[data-field="report-window"]').innerText();
    expect(windowText).toContain("America/New_York");
    const someone = billing[0]!;
    const row = table(page).locator(`tr[data-agent-id="${someone.agentId}"]`);
    const shown = await row.locator("td").first().innerText();
    // Asked over the window the page asked for (today in New York, whatever its offset that day): the totals a few seconds apart can differ by a minute.
    const asked = page.locator('[data-field="report-window"]');
    const [from, to] = [await asked.getAttribute("data-from"), await asked.getAttribute("data-to")];
    expect(from && to, "the page names its window").toBeTruthy();
    // Today: from New York's midnight, whether its offset that day is -05:00 or -04:00.
    expect(new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(Date.parse(from!))).toBe("00:00");
    const report = (await (await page.request.get(`/api/reports/time-in-state?${new URLSearchParams({ from: from!, to: to!, interval: "total", agent: someone.agentId })}`)).json()) as TimeInStateReport;
    const loggedIn = Object.entries(report.rows[0]!.seconds).filter(([a]) => a !== "offline").reduce((s, [, v]) => s + v, 0);
    expect([hmm(loggedIn), hmm(loggedIn - 60), hmm(loggedIn + 60)]).toContain(shown);

    // The drill-down on the same window, from the name.
    const href = await row.locator('[data-field="name"]').getAttribute("href");
    expect(href).toMatch(new RegExp(`^/agents/${encodeURIComponent(someone.agentId)}\\?window=custom&from=.+&to=.+`));

    // The CSV of the table: one line per agent, then the floor.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-field="export"]').click()]);
    const lines = (await readFile((await download.path())!, "utf8")).replace(/^\ufeff/, "").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^Name,Agent ID,Team,Logged in,Logged in \(s\),/);
    expect(lines).toHaveLength(1 + billing.length + 1);
    expect(lines.at(-1)).toMatch(/^Floor total,/);

    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `reports/screenshots/reports-laptop-1440x900-${colorScheme}.png` });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`)).toEqual([]);
    }

    // Printed: the controls stay off the paper.
    await page.emulateMedia({ media: "print" });
    await expect(page.locator('[data-field="window"]')).toBeHidden();
    await expect(table(page)).toBeVisible();
  });

  test("printed, the whole floor's report is one A4 page across, landscape, nothing cut off at the side", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/reports?tz=UTC&interval=15m");
    await expect(agentRows(page).first()).toBeVisible({ timeout: 20_000 });
    await page.emulateMedia({ media: "print" });
    // A4 across less 10 mm margins: 277 mm, 1,047 CSS pixels.
    await page.setViewportSize({ width: 1047, height: 740 });
    await expect(async () => {
      const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll("main *")].map((e) => e.getBoundingClientRect().right)));
      expect(widest).toBeLessThanOrEqual(1047);
    }).toPass({ timeout: 5_000 });
    // The paper Chromium prints on is the page's own: A4 landscape (842 × 595 points).
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    expect(pdf).toMatch(/\/MediaBox \[0 0 84[12]\.\d+ 59[45]\.\d+\]/);
  });

  test("a report of agents picked by name: only them, kept in the address; Everyone brings the floor back", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const { agents } = (await (await page.request.get("/api/agents")).json()) as AgentsSnapshot;
    const [first, second] = agents.filter((a) => a.name && a.team && agents.filter((b) => b.name === a.name).length === 1);
    await page.goto("/reports?tz=UTC");
    await expect(agentRows(page)).toHaveCount(agents.length, { timeout: 20_000 });

    // Chosen from the list (its entry is the name and team), then by part of a name and Enter.
    const input = page.locator('[data-field="agent-input"]');
    await input.click();
    await expect(page.locator(`datalist option[value="${first!.name} · ${first!.team}"]`)).toHaveCount(1);
    await input.fill(`${first!.name} · ${first!.team}`);
    await expect(page.locator(`[data-picked="${first!.agentId}"]`)).toContainText(first!.name!);
    await input.fill(second!.name!.slice(0, -1));
    await input.press("Enter");
    await expect(page.locator(`[data-picked="${second!.agentId}"]`)).toBeVisible();
    await expect(agentRows(page)).toHaveCount(2);
    expect((await agentRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute("data-agent-id")))).sort()).toEqual([first!.agentId, second!.agentId].sort());
    await expect(table(page).locator("[data-floor-total]")).toContainText("2 agents");
    const url = new URL(page.url());
    expect(url.searchParams.getAll("agent").sort()).toEqual([first!.agentId, second!.agentId].sort());

    // The address opens the same report; × takes one off; Everyone brings back the floor.
    await page.reload();
    await expect(agentRows(page)).toHaveCount(2, { timeout: 20_000 });
    await page.getByRole("button", { name: `Take ${second!.name} off the report` }).click();
    await expect(agentRows(page)).toHaveCount(1);
    await page.locator('[data-field="all-agents"]').click();
    await expect(agentRows(page)).toHaveCount(agents.length);
    expect(new URL(page.url()).searchParams.getAll("agent")).toEqual([]);
  });

  test("on a phone the page holds still while the report arrives, and any time zone can be picked", async ({ browser }) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, timezoneId: "UTC" });
    await watchLayoutShift(page);
    await page.goto("/reports");
    // The window is said before the numbers arrive, on the line kept for it.
    await expect(page.locator('[data-field="report-window"]')).toContainText("UTC");
    await expect(table(page).locator("tbody tr[data-agent-id]").first()).toBeVisible({ timeout: 20_000 });
    await expect(page.locator("[data-report-chart] [data-bar]").first()).toBeVisible();
    await page.waitForTimeout(500);
    // The chart draws into a box of its own height: the legend and table below it do not jump.
    const shift = await layoutShift(page);
    expect(shift.value, shift.shifted.join("\n")).toBeLessThan(0.1);

    // Reached by the keyboard, the interactive chart takes the drawn one's place, and the focus:
    // its arrow keys read the floor out interval by interval.
    await page.locator("[data-report-chart]").focus();
    await expect(page.locator("[data-report-chart] .recharts-bar-rectangle").first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator("[data-report-chart] .recharts-surface")).toBeFocused();
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("[data-report-tooltip]")).toContainText("Agents on average over the interval");
    expect((await layoutShift(page)).value).toBeLessThan(0.1);

    const zone = page.locator('[data-field="tz"]');
    await zone.focus();
    await zone.selectOption("Asia/Tokyo");
    await expect(page).toHaveURL(/tz=Asia%2FTokyo/);
    await expect(page.locator('[data-field="report-window"]')).toContainText("Asia/Tokyo");
    await page.close();
  });

  test("the window, interval and zone live in the address; a custom window over 31 days is refused with a message", async ({ page }) => {
    await page.goto("/reports?window=yesterday&interval=30m&tz=Europe/Berlin");
    await expect(page.locator('[data-field="window"]')).toHaveValue("yesterday");
    await expect(page.locator('[data-field="interval"]')).toHaveValue("30m");
    await expect(page.locator('[data-field="report-window"]')).toContainText("Europe/Berlin", { timeout: 20_000 });
    await page.locator('[data-field="window"]').selectOption("custom");
    await expect(page).toHaveURL(/window=custom&from=\d{4}-\d\d-\d\dT00(:|%3A)00&to=/);
    await page.locator('[data-field="from"]').fill("2026-09-01T00:00");
    await expect(page.locator('[data-field="window-problem"]')).toContainText("at most 31 days");
  });

  test("a dozen reports at once from one person: one is made at a time, two wait their turn, the rest are told to come back (429 busy, Retry-After); each sent whole", async ({ request }) => {
    const to = Math.floor(Date.now() / 900_000) * 900_000;
    const query = new URLSearchParams({ from: new Date(to - 12 * 3_600_000).toISOString(), to: new Date(to).toISOString(), interval: "15m", tz: "UTC" });
    const answers = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const res = await request.get(`/api/reports/time-in-state?${query}`);
        return { status: res.status(), retryAfter: res.headers()["retry-after"], body: await res.text() };
      }),
    );
    const made = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 429);
    expect(made.length + busy.length).toBe(12);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const b of busy) {
      expect(Number(b.retryAfter)).toBeGreaterThan(0);
      expect((JSON.parse(b.body) as { error: { code: string } }).error.code).toBe("busy");
    }
    // Streamed, yet whole: every report made is complete JSON with every agent's 48 rows.
    for (const m of made) {
      const report = JSON.parse(m.body) as TimeInStateReport;
      expect(report.rows.length).toBe(report.agents.length * 48);
    }
    // Done, the slots are free again: the next report is made at once.
    expect((await request.get(`/api/reports/time-in-state?${query}`)).status()).toBe(200);
  });

  test("300 agents: the table holds only the rows near the screen; every agent is reached by scrolling, and every one is printed", async ({ page }) => {
    const large = WALLBOARD_FLOORS.find((f) => f.agents === 300)!;
    await page.setViewportSize({ width: 1440, height: 900 });
    // The last four hours, whatever the hour (today's window is minutes long just after midnight).
    const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const to = Math.floor(Date.now() / 60_000) * 60_000;
    await page.goto(`http://127.0.0.1:${large.port}/reports?window=custom&from=${wall(to - 4 * 3_600_000)}&to=${wall(to)}&tz=UTC`);
    const t = table(page);
    await expect(t).toHaveAttribute("data-windowed", "true", { timeout: 30_000 });
    const count = Number(await t.getAttribute("data-rows"));
    expect(count).toBeGreaterThan(100);
    await expect(t.locator("[data-floor-total]")).toContainText(`${count} agents`);
    const rows = t.locator("tbody tr[data-agent-id]");
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeLessThan(80);
    // Every row as tall as the windowing counts them (components/report-table.tsx: ROW_PX), or the rows would drift from their places.
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => Math.round(tr.getBoundingClientRect().height))))).toEqual(new Set([33]));

    // A sort moves every agent; the page still holds only the rows near the screen.
    await page.locator('[data-sort="loggedIn"]').click();
    await expect(t.locator("th", { has: page.locator('[data-sort="loggedIn"]') })).toHaveAttribute("aria-sort", "descending");
    const minutes = (hmm: string) => hmm.split(":").reduce((m, part) => m * 60 + Number(part), 0);
    const loggedIn = (await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector("td")!.textContent!.trim()))).map(minutes);
    expect(loggedIn).toEqual([...loggedIn].sort((a, b) => b - a));
    expect(await rows.count()).toBeLessThan(80);

    // Scrolled to the end: the last agent's row is there, where the table said it would be.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(t.locator(`tbody tr[aria-rowindex="${count + 1}"]`)).toBeInViewport();
    await expect(t.locator('tbody tr[aria-rowindex="2"]')).toHaveCount(0);

    // Printed: every row is on the paper.
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await expect(rows).toHaveCount(count);
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    await expect.poll(() => rows.count()).toBeLessThan(80);
  });
});
