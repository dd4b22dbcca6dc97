import AxeBuilder from "@axe-core/playwright";
import type { AdherenceReport, AgentsSnapshot, LiveAdherenceAnswer, SchedulesAnswer } from "@/lib/api-types";
import type { APIRequestContext } from "@playwright/test";
import { startOfDay } from "@/lib/time/zone";
import { createServer } from "node:http";
import { CALENDAR_PORT } from "../playwright.config";
import { expect, test } from "./fixtures";

/** Everyone on a shift for the hour before `now` and the next, a third scheduled for a break instead (most will be working: out). */
async function everyoneOnShift(request: APIRequestContext, now: number) {
  const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows = agents.map((a, i) => `${a.agentId},${iso(now - 3_600_000)},${iso(now + 3_600_000)},${i % 3 === 0 ? "break" : "work"}`);
  expect((await request.post("/api/schedules", { headers: { "Content-Type": "text/csv" }, data: ["agent_id,start,end,activity", ...rows].join("\n") })).status()).toBe(200);
  return agents;
}

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

  test("a planner imports next week from NICE IEX: Chicago's 12-hour times read to the second, then a profile of their own keyed by external ids saved and used in one step", async ({ page, request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const picked = agents.slice(20, 23);
    // A week ahead in Chicago, whatever today is; the wall clock's offset read from the browser's own zone data at noon of each day.
    const day = startOfDay(Date.now(), "America/Chicago", 7);
    const parts = (ms: number) => Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: "America/Chicago", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(ms).map((p) => [p.type, p.value]));
    const offsetAt = (ms: number) => new Intl.DateTimeFormat("en", { timeZone: "America/Chicago", timeZoneName: "longOffset" }).formatToParts(ms).find((p) => p.type === "timeZoneName")!.value.replace("GMT", "") || "+00:00";
    const d0 = parts(day + 12 * 3_600_000);
    const d1 = parts(day + 36 * 3_600_000);
    const iexDate = `${d0.month}${d0.day}${d0.year}`;
    const at = (d: Record<string, string>, hhmm: string, noon: number) => Date.parse(`${d.year}-${d.month}-${d.day}T${hhmm}:00${offsetAt(noon)}`);
    const header = "#fields:excdate|TZ|muID|tvID|logonID|excCode|startTime|stopTime";
    const rowsFor = (ids: string[]) => [
      header,
      `${iexDate}|CST|12|900|${ids[0]}|Open|08:00 AM|12:00 PM`,
      `${iexDate}|CST|12|900|${ids[0]}|Lunch|12:00 PM|12:30 PM`,
      `${iexDate}|CST|12|900|${ids[0]}|Open|12:30 PM|04:30 PM`,
      `${iexDate}|CST|12|901|${ids[1]}|Open|09:00 AM|05:00 PM`,
      `${iexDate}|CST|12|902|${ids[2]}|Open|10:00 PM|06:00 AM`,
    ].join("\n");
    const noon0 = day + 12 * 3_600_000;
    const expected = [
      [picked[0]!.agentId, at(d0, "08:00", noon0), at(d0, "12:00", noon0), "work"],
      [picked[0]!.agentId, at(d0, "12:00", noon0), at(d0, "12:30", noon0), "lunch"],
      [picked[0]!.agentId, at(d0, "12:30", noon0), at(d0, "16:30", noon0), "work"],
      [picked[1]!.agentId, at(d0, "09:00", noon0), at(d0, "17:00", noon0), "work"],
      [picked[2]!.agentId, at(d0, "22:00", noon0), at(d1, "06:00", day + 36 * 3_600_000), "work"],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
    const stored = async () =>
      ((await (await request.get(`/api/schedules?from=${new Date(day).toISOString()}&to=${new Date(day + 48 * 3_600_000).toISOString()}`)).json()) as SchedulesAnswer).rows
        .filter((r) => picked.some((a) => a.agentId === r.agentId))
        .map((r) => [r.agentId, Date.parse(r.start), Date.parse(r.end), r.activity]);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/schedules");
    await page.locator('[data-field="schedule-profile"]').selectOption("NICE IEX Agent Schedule Detail");
    await expect(page.locator('[data-field="profile-hint"]')).toContainText("#fields:excdate|logonID|excCode|startTime|stopTime");
    // The zones are put in the menu as it is about to open.
    await page.locator('[data-field="schedule-zone"]').focus();
    await page.locator('[data-field="schedule-zone"]').selectOption("America/Chicago");
    await page.locator('[data-field="schedule-file"]').setInputFiles({ name: "agentScheduleDetail.txt", mimeType: "text/plain", buffer: Buffer.from(rowsFor(picked.map((a) => a.agentId))) });
    const preview = page.locator('[data-field="schedule-preview"]');
    await expect(preview).toContainText("5 rows for 3 agents");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await expect(page.locator('[data-field="schedule-saved"]')).toContainText("Saved: 5 rows for 3 agents");
    expect(await stored()).toEqual(expected);

    // Their tool names agents by its own ids and writes "Open Time": a profile of their own, saved once.
    await page.getByRole("button", { name: "Copy into a profile of your own…" }).click();
    const editor = page.locator('[data-field="profile-editor"]');
    await editor.locator('[data-field="profile-name"]').fill("IEX Chicago");
    await editor.getByRole("checkbox", { name: "A fixed zone" }).check();
    await editor.locator('[data-field="profile-zone"]').focus();
    await editor.locator('[data-field="profile-zone"]').selectOption("America/Chicago");
    await editor.locator('[data-field="profile-identity"]').selectOption("table");
    await editor.locator('[data-field="profile-id-table"]').setInputFiles({ name: "ids.csv", mimeType: "text/csv", buffer: Buffer.from(["external_id,agent_id", ...picked.map((a, i) => `IEX-${i},${a.agentId}`)].join("\n")) });
    await editor.locator('[data-field="profile-activities"]').fill("Open Time = work\nLunch = lunch");
    await editor.screenshot({ path: "reports/screenshots/schedules-profile-editor.png" });
    await editor.locator('[data-field="profile-save"]').click();
    await expect(page.locator('[data-field="schedule-profile"]')).toHaveValue("IEX Chicago");
    await expect(page.locator('[data-field="profile-hint"]')).toContainText("external ids through the profile's table (3 entries)");

    // Next week's file in one step; an unmapped id and an unknown code named by line first.
    const week = rowsFor(["IEX-0", "IEX-1", "IEX-2"]).replaceAll("|Open|", "|Open Time|");
    await page.locator('[data-field="schedule-file"]').setInputFiles({ name: "bad.txt", mimeType: "text/plain", buffer: Buffer.from(`${week}\n${iexDate}|CST|12|903|IEX-9|Fishing|01:00 PM|02:00 PM`) });
    const problems = page.locator('[data-field="problem"]');
    await expect(problems).toHaveCount(2);
    await expect(problems.nth(0)).toContainText("7logonIDIEX-9 is not in the profile's id table");
    await expect(problems.nth(1)).toContainText('7excCode"Fishing" is an activity code the profile does not map');
    await page.locator('[data-field="schedule-file"]').setInputFiles({ name: "week.txt", mimeType: "text/plain", buffer: Buffer.from(week) });
    await expect(preview).toContainText("5 rows for 3 agents");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "reports/screenshots/schedules-import-laptop.png", fullPage: true });
    await page.getByRole("button", { name: "Save schedule" }).click();
    await expect(page.locator('[data-field="schedule-saved"]')).toContainText("Saved: 5 rows for 3 agents");
    expect(await stored()).toEqual(expected);
    expect((await request.delete(`/api/schedules/profiles/${encodeURIComponent("IEX Chicago")}`)).status()).toBe(200);
  });

  test("a planner subscribes to a team's calendar: read at once from an allowed host, its rows in place, its last poll and problems shown; a host not allowed refused", async ({ page, request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const agent = agents[30]!;
    // A weekly shift from next Monday (in Chicago), one day ahead of a week's end whatever today is.
    const monday = startOfDay(Date.now(), "America/Chicago", 7);
    const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Chicago" }).format(monday).replaceAll("-", "");
    let body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//e2e//EN", "BEGIN:VEVENT", "UID:w", `DTSTART;TZID=America/Chicago:${ymd}T090000`, `DTEND;TZID=America/Chicago:${ymd}T170000`, "RRULE:FREQ=DAILY;COUNT=2", "SUMMARY:work", `X-AGENT:${agent.agentId}`, "END:VEVENT", "END:VCALENDAR"].join("\r\n");
    const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/calendar" }).end(body));
    await new Promise<void>((r) => server.listen(CALENDAR_PORT, "127.0.0.1", () => r()));
    try {
      // Agents named by Kore.ai's id in a property of the calendar's own: a profile for it.
      const profile = { format: "ics", columns: { agent: "X-AGENT", activity: "SUMMARY", start: "DTSTART", end: "DTEND" }, timeFormat: "datetime", identity: "id" };
      expect((await request.put(`/api/schedules/profiles/${encodeURIComponent("Team calendar")}`, { data: profile })).status()).toBe(200);
      const refused = await request.post("/api/schedules/subscriptions", { data: { name: "Elsewhere", url: "https://calendar.example.com/team.ics", profile: "Team calendar" } });
      expect(refused.status()).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("calendar.example.com is not one of the hosts");

      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto("/schedules");
      const section = page.locator('[data-field="calendars"]');
      await section.scrollIntoViewIfNeeded();
      await expect(section).toContainText(`Allowed hosts: 127.0.0.1:${CALENDAR_PORT}`);
      await section.locator('[data-field="calendar-name"]').fill("Team Chicago");
      await section.locator('[data-field="calendar-url"]').fill(`http://127.0.0.1:${CALENDAR_PORT}/team.ics?key=s3cret`);
      await section.getByRole("combobox").selectOption("Team calendar");
      await section.locator('[data-field="subscribe"]').click();
      const sub = section.locator('[data-field="subscription"]').filter({ hasText: "Team Chicago" });
      await expect(sub.locator('[data-field="last-poll"]')).toContainText("2 rows in place");
      // The URL's token stays on the server.
      await expect(sub).not.toContainText("s3cret");
      const rows = ((await (await request.get(`/api/schedules?from=${new Date(monday).toISOString()}&to=${new Date(monday + 3 * 86_400_000).toISOString()}&agent=${agent.agentId}`)).json()) as SchedulesAnswer).rows;
      expect(rows).toHaveLength(2);
      expect(Date.parse(rows[0]!.end) - Date.parse(rows[0]!.start)).toBe(8 * 3_600_000);

      // The calendar changes to name nobody Floorview knows: the poll says so by line, and the rows stay.
      body = body.replace(`X-AGENT:${agent.agentId}`, "X-AGENT:").replace("SUMMARY:work", "SUMMARY:fishing");
      await sub.locator('[data-field="poll-now"]').click();
      await expect(sub.locator('[data-field="subscription-problems"]')).toContainText("Line 4");
      await expect(sub.locator('[data-field="last-poll"]')).toContainText("problem");
      await page.screenshot({ path: "reports/screenshots/schedules-calendars-laptop.png", fullPage: true });
      expect(((await (await request.get(`/api/schedules?from=${new Date(monday).toISOString()}&to=${new Date(monday + 3 * 86_400_000).toISOString()}&agent=${agent.agentId}`)).json()) as SchedulesAnswer).rows).toHaveLength(2);
      await sub.getByRole("button", { name: "Remove" }).click();
      await expect(sub).toHaveCount(0);
    } finally {
      await new Promise((r) => server.close(r));
      await request.delete(`/api/schedules/profiles/${encodeURIComponent("Team calendar")}`);
    }
  });

  test("with a schedule on, the grid says who is out of adherence now and why, and filters to them", async ({ page, request }) => {
    const agents = await everyoneOnShift(request, Math.floor(Date.now() / 1000) * 1000);

    await page.goto("/?offline=show&sort=name");
    const table = page.locator("#agents");
    await expect(table.getByRole("columnheader", { name: "Adherence" })).toBeVisible();
    // Each row says what is scheduled and whether the agent is doing it, as the API says.
    const live = (await (await request.get("/api/adherence/live")).json()) as LiveAdherenceAnswer;
    expect(Object.keys(live.agents)).toHaveLength(agents.length);
    const first = agents.find((a, i) => i % 3 === 0 && live.agents[a.agentId]!.inAdherence === false) ?? agents[0]!;
    const cell = page.locator(`[data-agent-id="${first.agentId}"] [data-field="adherence"]`);
    await expect(cell).toContainText(live.agents[first.agentId]!.scheduled === "break" ? "Break" : "Work");

    // The filter: only those out of adherence, each marked out; the chip counts them.
    const chip = page.locator('[data-filter="adherence"] [data-value="out"]');
    await expect(chip).toBeVisible();
    await chip.click();
    await expect(page).toHaveURL(/adherence=out/);
    const shown = page.locator("#agents tbody tr[data-agent-id]");
    await expect(shown.first()).toBeVisible();
    await expect
      .poll(async () => {
        const marks = await shown.locator('[data-field="adherence"] [data-adherence]').evaluateAll((els) => els.map((e) => e.getAttribute("data-adherence")));
        return marks.length > 0 && marks.every((m) => m === "out");
      })
      .toBe(true);
    await expect.poll(async () => Number(await chip.getAttribute("data-count"))).toBe(await shown.count());
    // "Clear filters" clears it too.
    await page.locator('[data-field="clear"]').click();
    await expect(page).not.toHaveURL(/adherence=out/);
    await expect(chip).toHaveAttribute("aria-pressed", "false");
    await chip.click();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "reports/screenshots/grid-adherence-laptop.png" });

    // The wallboard marks each agent in an exception now, and counts them in its summary.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto("/wallboard");
    const count = page.locator('[data-field="out-of-adherence"]');
    await expect(count).toBeVisible();
    await expect
      .poll(async () => {
        const now = (await (await request.get("/api/adherence/live")).json()) as LiveAdherenceAnswer;
        const marked = await page.locator('[data-agent-id]:has([data-field="adherence"])').evaluateAll((els) => els.map((e) => e.getAttribute("data-agent-id")).sort());
        const expected = Object.entries(now.agents).flatMap(([id, a]) => (a.exception ? [id] : [])).sort();
        const counted = Number((await count.textContent())!.replace(/\D/g, ""));
        return expected.length > 0 && counted === expected.length && JSON.stringify(marked) === JSON.stringify(expected);
      }, { timeout: 15_000 })
      .toBe(true);
    await page.screenshot({ path: "reports/screenshots/wallboard-adherence-tv.png" });

    // The drill-down of an agent in an exception: the schedule under the timeline, the exceptions listed as the API has them.
    const now2 = (await (await request.get("/api/adherence/live")).json()) as LiveAdherenceAnswer;
    const [agentId] = Object.entries(now2.agents).find(([, a]) => a.exception)!;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/agents/${encodeURIComponent(agentId)}`);
    const band = page.locator('[data-field="schedule-band"]');
    await expect(band).toBeVisible();
    await expect(band.locator('[data-field="scheduled"]').first()).toBeVisible();
    await band.locator('[data-field="exceptions"] summary').click();
    await expect(band.locator('[data-field="exception"]').first()).toBeVisible();
    const shownTypes = await band.locator('[data-field="exception"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-type")));
    expect(shownTypes.length).toBeGreaterThan(0);
    expect(await band.locator('[data-field="exception-mark"]').count()).toBe(shownTypes.length);
    await expect(band.locator('[data-field="adherence-percent"]')).toContainText("%");
    await page.screenshot({ path: "reports/screenshots/drilldown-adherence-laptop.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "reports/screenshots/drilldown-adherence-phone.png", fullPage: true });
  });

  test("the reports page says each team's and the floor's adherence per day, and each agent's lowest first, as the API adds it up", async ({ page, request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const iso = (ms: number) => new Date(ms).toISOString();
    // Yesterday in New York, a closed day: the page's numbers cannot move while they are compared.
    const { at } = newYorkDay();
    const todayStart = Date.parse(at("00:00"));
    const from = todayStart - 86_400_000;
    const rows = agents.slice(0, 8).map((a) => `${a.agentId},${iso(from + 9 * 3_600_000)},${iso(from + 17 * 3_600_000)},work`);
    expect((await request.post("/api/schedules", { headers: { "Content-Type": "text/csv" }, data: ["agent_id,start,end,activity", ...rows].join("\n") })).status()).toBe(200);
    const api = async () => (await (await request.get(`/api/adherence?from=${iso(from)}&to=${iso(todayStart)}&tz=America/New_York&interval=1d`)).json()) as AdherenceReport;
    await expect.poll(async () => (await api()).complete, { timeout: 20_000 }).toBe(true);
    const report = await api();
    expect(report.agents.length).toBeGreaterThanOrEqual(8);

    await page.goto("/reports?window=yesterday");
    const section = page.locator('[data-field="adherence-report"]');
    await expect(section).toBeVisible({ timeout: 20_000 });
    const sum = (k: "scheduledSeconds" | "adherentSeconds" | "unknownSeconds" | "excusedSeconds" | "neutralSeconds") => report.agents.reduce((n, a) => n + a[k], 0);
    const floor = Math.round((10_000 * (sum("adherentSeconds") + sum("excusedSeconds"))) / (sum("scheduledSeconds") - sum("unknownSeconds") - sum("neutralSeconds"))) / 100;
    await expect(section.locator('[data-adherence-team="Floor"] [data-field="percent"]')).toHaveText(`${floor.toFixed(1)} %`);
    await expect(section.locator("[data-adherence-agents] tbody tr")).toHaveCount(report.agents.length);
    const lowest = [...report.agents].sort((a, b) => (a.percent ?? 101) - (b.percent ?? 101))[0]!;
    await expect(section.locator("[data-adherence-agents] tbody tr").first().locator('[data-field="percent"]')).toHaveText(lowest.percent === null ? "—" : `${lowest.percent.toFixed(1)} %`);
    await page.setViewportSize({ width: 1440, height: 900 });
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "reports/screenshots/reports-adherence-laptop.png" });
  });

  test("a supervisor reviews the day's exceptions: one excused in a click and every number follows, two made neutral at once, each revoked", async ({ page, request }) => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = Math.floor(Date.now() / 1000) * 1000;
    // Exceptions in the last hour.
    await everyoneOnShift(request, now);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/schedules");
    // The day shown is New York's (the browser's zone): just after its midnight, the shift's past hour is mostly the day before.
    let dayFrom = startOfDay(now, "America/New_York");
    if (now - dayFrom < 35 * 60_000) {
      await page.getByRole("button", { name: "Previous day" }).click();
      dayFrom = startOfDay(now, "America/New_York", -1);
    }
    // The day's adherence as the page reads it (from the day's start; up to now is all there is).
    type Adh = { agents: { agentId: string; excusedSeconds: number; neutralSeconds: number; exceptions: { review: string; adjustment: string | null }[] }[] };
    const adherenceNow = async () => ((await (await request.get(`/api/adherence?from=${iso(dayFrom)}&to=${iso(now + 3_600_000)}`)).json()) as Adh).agents;
    const queue = page.locator('[data-field="review-queue"]');
    await queue.scrollIntoViewIfNeeded();
    const rowsShown = queue.locator('[data-field="exception-row"]');
    await expect(rowsShown.first()).toBeVisible({ timeout: 20_000 });
    await expect(rowsShown.first()).toHaveAttribute("data-review", "open");

    // A note first: it goes into the audit trail.
    const first = rowsShown.first();
    const agentId = (await first.getAttribute("data-agent-id"))!;
    await first.locator('[data-field="excuse"]').click();
    await expect(queue.locator('[data-field="review-problem"]')).toContainText("Write a note first");
    await queue.locator('[data-field="review-note"]').fill("Screen froze, IT ticket 4711");
    await first.locator('[data-field="excuse"]').click();
    const made = queue.locator('[data-field="adjustment"]');
    await expect(made).toHaveCount(1);
    await expect(made.first()).toContainText("Screen froze, IT ticket 4711");
    await expect(made.first()).toHaveAttribute("data-kind", "excused");
    // The API says the same: that agent's exception excused, and its time counted as adherent.
    await expect.poll(async () => (await adherenceNow()).find((a) => a.agentId === agentId)!.exceptions.some((e) => e.review === "excused")).toBe(true);
    expect((await adherenceNow()).find((a) => a.agentId === agentId)!.excusedSeconds).toBeGreaterThan(0);
    // Open only by default: with it off, the row says who excused it.
    await queue.locator('[data-field="review-open-only"]').uncheck();
    await expect(queue.locator(`[data-field="exception-row"][data-agent-id="${agentId}"][data-review="excused"] [data-field="review"]`).first()).toContainText("Excused by");
    await queue.locator('[data-field="review-open-only"]').check();

    // Two open ones at once, made neutral (a system outage).
    const open = queue.locator('[data-field="exception-row"][data-review="open"]');
    await expect(open.nth(1)).toBeVisible();
    for (const n of [0, 1]) await open.nth(n).getByRole("checkbox").check();
    await queue.locator('[data-field="review-note"]').fill("Phones down 10 minutes");
    await queue.locator('[data-field="neutral-selected"]').click();
    await expect(made).toHaveCount(3);
    await expect(queue.locator('[data-field="adjustment"][data-kind="neutral"]')).toHaveCount(2);
    await expect.poll(async () => (await adherenceNow()).reduce((n, a) => n + a.neutralSeconds, 0)).toBeGreaterThan(0);
    // One confirmed as it stands: it leaves the open ones, nothing is counted differently; then undone.
    const standing = open.first();
    const standingAgent = (await standing.getAttribute("data-agent-id"))!;
    const openBefore = await open.count();
    await standing.locator('[data-field="confirm"]').click();
    await expect(open).toHaveCount(openBefore - 1);
    await expect.poll(async () => (await adherenceNow()).find((a) => a.agentId === standingAgent)!.exceptions.some((e) => e.review === "confirmed")).toBe(true);
    await queue.locator('[data-field="review-open-only"]').uncheck();
    const confirmedRow = queue.locator(`[data-field="exception-row"][data-agent-id="${standingAgent}"][data-review="confirmed"]`).first();
    await expect(confirmedRow.locator('[data-field="review"]')).toHaveText("Confirmed");
    await confirmedRow.locator('[data-field="undo-confirm"]').click();
    await expect(queue.locator('[data-field="exception-row"][data-review="confirmed"]')).toHaveCount(0);
    await queue.locator('[data-field="review-open-only"]').check();
    await expect(open).toHaveCount(openBefore);

    // Every open one shown, selected at once (and none again).
    await queue.locator('[data-field="select-all"]').check();
    await expect(queue.locator('[data-field="review-selection"]')).toContainText(`${await open.count()} selected`);
    await queue.locator('[data-field="select-all"]').uncheck();
    await expect(queue.locator('[data-field="review-selection"]')).toHaveCount(0);
    await queue.screenshot({ path: "reports/screenshots/schedules-review-laptop.png" });
    await page.setViewportSize({ width: 390, height: 844 });
    await queue.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "reports/screenshots/schedules-review-phone.png" });

    // Each revoked: nothing is excused or neutral any more.
    while ((await made.count()) > 0) {
      const n = await made.count();
      await made.first().locator('[data-field="revoke"]').click();
      await expect(made).toHaveCount(n - 1);
    }
    const after = await adherenceNow();
    expect(after.reduce((n, a) => n + a.excusedSeconds + a.neutralSeconds, 0)).toBe(0);
    expect(after.flatMap((a) => a.exceptions).every((e) => e.review === "open")).toBe(true);
  });
});
