import AxeBuilder from "@axe-core/playwright";
import type { AgentsSnapshot, SchedulesAnswer } from "@/lib/api-types";
import { expect, test } from "./fixtures";

/** Today's date in New York (the browser's zone in these tests), and a wall time of it with New York's offset. */
function newYorkDay() {
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(Date.now());
  const offset = new Intl.DateTimeFormat("en", { timeZone: "America/New_York", timeZoneName: "longOffset" }).formatToParts(Date.now()).find((p) => p.type === "timeZoneName")!.value.replace("GMT", "");
  return { date, at: (hhmm: string) => `${date}T${hhmm}:00${offset || "+00:00"}` };
}

test.describe("schedules", () => {
  test("a planner uploads a day's schedule: every bad row named by line and column and nothing saved; then a clean file previewed, saved, and drawn on the day", async ({ page, request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const picked = agents.slice(5, 8);
    const { date, at } = newYorkDay();
    const rows = picked.flatMap((a) => [`${a.agentId},${at("09:00")},${at("12:00")},work`, `${a.agentId},${at("12:00")},${at("12:45")},lunch`, `${a.agentId},${at("12:45")},${at("17:00")},work`]);
    const good = ["agent_id,start,end,activity", ...rows].join("\n");
    const bad = `${good}\n${picked[0]!.agentId},${date}T18:00:00,${at("19:00")},work\n${picked[1]!.agentId},${at("16:00")},${at("18:00")},break\n`;

    await page.goto("/schedules");
    await expect(page.getByRole("heading", { name: "Schedules" })).toBeVisible();
    await page.locator('[data-field="schedule-file"]').setInputFiles({ name: "week.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    const problems = page.locator('[data-field="schedule-problems"]');
    await expect(problems).toContainText("2 problems: nothing will be saved");
    const lines = problems.locator('[data-field="problem"]');
    await expect(lines).toHaveCount(2);
    await expect(lines.nth(0)).toContainText("11start");
    await expect(lines.nth(0)).toContainText("not a date-time with an offset");
    await expect(lines.nth(1)).toContainText("12start");
    await expect(lines.nth(1)).toContainText("overlaps line 7");
    await expect(page.getByRole("button", { name: "Save schedule" })).toHaveCount(0);
    const window = `from=${encodeURIComponent(at("00:00"))}&to=${encodeURIComponent(at("23:59"))}`;
    const mine = async () => ((await (await request.get(`/api/schedules?${window}`)).json()) as SchedulesAnswer).rows.filter((r) => picked.some((a) => a.agentId === r.agentId));
    expect(await mine()).toEqual([]);

    await page.locator('[data-field="schedule-file"]').setInputFiles({ name: "week.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
    const preview = page.locator('[data-field="schedule-preview"]');
    await expect(preview).toContainText("9 rows for 3 agents");
    await expect(preview).toContainText("Work 21.8 h");
    await expect(preview).toContainText("Lunch 2.3 h");
    expect(await mine()).toEqual([]);
    await page.getByRole("button", { name: "Save schedule" }).click();
    await expect(page.locator('[data-field="schedule-saved"]')).toContainText("Saved: 9 rows for 3 agents");
    expect(await mine()).toHaveLength(9);

    // Today, in the browser's zone: each agent a line, the lunch where the file put it.
    const row = page.locator(`[data-agent-id="${picked[0]!.agentId}"]`);
    await expect(row.locator('[data-field="scheduled"]')).toHaveCount(3);
    await expect(row.locator('[data-field="scheduled"]').nth(1)).toHaveAttribute("title", "Lunch 12:00 PM–12:45 PM");
    await expect(row.getByRole("link")).toHaveText(picked[0]!.name ?? picked[0]!.agentId);

    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`)).toEqual([]);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "reports/screenshots/schedules-laptop-dark.png", fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    await page.screenshot({ path: "reports/screenshots/schedules-laptop-light.png", fullPage: true });
  });
});
