import type { LiveAdherenceAnswer } from "@/lib/api-types";
import AxeBuilder from "@axe-core/playwright";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { SIM_TEAMS } from "@/lib/simulator/labels";
import { WALLBOARD_FLOORS } from "../playwright.config";
import { expect, GridPage, shown, SimulatorControl, startExpectingExit, test } from "./fixtures";

/** "1:02:33" or "12:05" → seconds. */
const seconds = (text: string) => text.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
const chip = (page: Page, filter: string, value: string) => page.locator(`[data-filter="${filter}"] button[data-value="${value}"]`);
const fieldTexts = (grid: GridPage, field: string) => grid.rows.locator(`[data-field="${field}"]`).allInnerTexts();

const [SMALL, LARGE] = WALLBOARD_FLOORS;
const onFloor = (page: Page, floor: { port: number }) => new GridPage(page, `http://127.0.0.1:${floor.port}`);

test.describe("grid view: sort, filter, search, group", () => {
  test("sorts by time in state, longest first, and back, agents off the floor last; the header says how it is sorted", async ({ grid }) => {
    // Rows as [state, seconds]; agents off the floor (logged out, no activity) come after the others.
    const rows = async () => {
      const states = await fieldTexts(grid, "activity");
      const times = await fieldTexts(grid, "time-in-state");
      const offFloor = (s: string) => s === "Logged out" || s === "No activity";
      const firstOff = states.findIndex(offFloor);
      if (firstOff >= 0) expect(states.slice(firstOff).every(offFloor)).toBe(true);
      return states.map((s, i) => ({ s, t: seconds(times[i]!) })).filter((r) => !offFloor(r.s)).map((r) => r.t);
    };
    await grid.open("?sort=time");
    await expect(grid.page.locator('th[aria-sort="descending"]')).toHaveText(/Time in state/);
    const times = await rows();
    expect(times.length).toBeGreaterThan(10);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]! + 1);

    await grid.page.locator('button[data-sort="time"]').click();
    await expect(grid.page.locator('th[aria-sort="ascending"]')).toHaveText(/Time in state/);
    await expect(grid.page).toHaveURL(/sort=time&dir=asc/);
    const ascending = await rows();
    for (let i = 1; i < ascending.length; i++) expect(ascending[i]!).toBeGreaterThanOrEqual(ascending[i - 1]! - 1);
  });

  test("by default, who needs attention comes first: a break past its warn above longer states within their limits, off the floor last", async ({ page }) => {
    const grid = onFloor(page, SMALL);
    await grid.open();
    await expect(grid.page.locator("caption")).toHaveText(/sorted by needs attention\.$/);
    const { agents } = await grid.snapshot();
    // The agent last by name, so only the sort can bring it to the top.
    const last = [...agents].reverse().find((a) => a.activity === "ready" || a.activity === "busy") ?? agents[agents.length - 1]!;
    const sim = new SimulatorControl(SMALL.simPort);
    // Held still, so that only this test moves it. Reason 9: 4 s to amber, 8 s to red on this server.
    await sim.hold(last.agentId);
    await sim.event(last.agentId, "notready", "9");
    const row = grid.row(last.agentId);
    await expect(row).toHaveAttribute("data-level", /warn|alert/, { timeout: 12_000 });
    await expect(grid.rows.first()).toHaveAttribute("data-agent-id", last.agentId);
    // Levels never rise down the list; agents off the floor come after everyone on it.
    const rank = { alert: 0, warn: 1 } as Record<string, number>;
    const levels = await grid.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-level") ?? ""));
    const ranks = levels.map((l) => rank[l] ?? 2);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const states = await fieldTexts(grid, "activity");
    const offFloor = (t: string) => t === "Logged out" || t === "No activity";
    const firstOff = states.findIndex(offFloor);
    if (firstOff >= 0) expect(states.slice(firstOff).every(offFloor)).toBe(true);
    await sim.event(last.agentId, "ready");
  });

  test("the top holds still: a threshold crossed does not push the table down, chips at 0 stay greyed in place, a search for nobody keeps the counts", async ({ page }) => {
    const grid = onFloor(page, SMALL);
    await grid.open("?sort=name");
    const table = page.getByRole("table");
    await expect(grid.rows.first()).toBeVisible({ timeout: 15_000 });
    // The threshold row is there before anyone crosses one.
    await expect(chip(page, "level", "alert")).toBeVisible();
    await expect(chip(page, "level", "warn")).toBeVisible();
    const top = (await table.boundingBox())!.y;
    const order = async () => page.locator('[data-filter="state"] button, [data-filter="reason"] button').evaluateAll((els) => els.map((e) => e.getAttribute("data-value")));
    const before = await order();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity === "ready" || a.activity === "busy")!;
    const sim = new SimulatorControl(SMALL.simPort);
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "notready", "9");
    await expect(grid.row(agent.agentId)).toHaveAttribute("data-level", /warn|alert/, { timeout: 12_000 });
    expect((await table.boundingBox())!.y).toBe(top);
    // Chips keep their places (one may be added at the end of its family, never removed).
    const after = await order();
    expect(after.filter((v) => before.includes(v))).toEqual(before);
    await sim.event(agent.agentId, "ready");

    // Nobody matches: the counts stay, every one at 0, greyed.
    await page.getByRole("searchbox").fill("zzzz-nobody");
    await expect(grid.rows).toHaveCount(0);
    const states = page.locator('[data-filter="state"] button');
    expect(await states.count()).toBeGreaterThan(0);
    for (const c of await states.evaluateAll((els) => els.map((e) => [e.getAttribute("data-count"), e.getAttribute("data-empty")]))) expect(c).toEqual(["0", "true"]);
    expect(await page.locator('[data-filter="reason"] button').count()).toBeGreaterThan(0);
  });

  test("keyboard: 'Skip to agents' is the first stop, the focused row has a visible ring in both themes, and Back from a drill-down returns focus to its row", async ({ grid }) => {
    // By name with everyone shown: the rows stay in their places while the floor moves (by
    // default an agent logging in or out adds or takes a row above the one the test counts to).
    await grid.open("?sort=name&offline=show");
    await expect(grid.rows.first()).toBeVisible({ timeout: 15_000 });
    const page = grid.page;
    await page.keyboard.press("Tab");
    const skip = page.locator('[data-field="skip-to-agents"]');
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(grid.rows.first()).toBeFocused();
    // WCAG 2.2 focus appearance: a solid ring at least 2 px thick, in ink, on every row colour.
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const cs = getComputedStyle(el);
        return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor, tag: el.tagName };
      });
      expect(ring.tag, scheme).toBe("TR");
      expect(ring.style, scheme).toBe("solid");
      expect(ring.width, scheme).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: `reports/screenshots/grid-focus-1440x900-${scheme}.png`, clip: { x: 0, y: 0, width: 1440, height: 600 } });
    }
    await page.emulateMedia({ colorScheme: null });
    // Down to the third row, open it, come back: the focus is on that row again.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    // The focus moves on the next frame: read the row once it is there.
    await expect(grid.rows.nth(2)).toBeFocused();
    const id = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.agentId!);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/agents/${encodeURIComponent(id)}`));
    await page.goBack();
    await expect(grid.row(id)).toBeFocused({ timeout: 10_000 });
  });

  test("sorts by state, reason and name", async ({ grid }) => {
    await grid.open("?offline=show");
    const { agents } = await grid.snapshot();
    await grid.page.locator('[data-field="sort"]').selectOption("name");
    const names = await fieldTexts(grid, "name");
    expect(names).toEqual(agents.map((a) => a.name ?? a.agentId));

    await grid.page.locator('button[data-sort="state"]').click();
    const ranks = (await fieldTexts(grid, "activity")).map((label) => shown.scanOrder.indexOf(label));
    expect(ranks).not.toContain(-1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    await grid.page.locator('button[data-sort="reason"]').click();
    const reasons = (await fieldTexts(grid, "reason")).map((r) => (r === "—" ? "\uffff" : r));
    expect(reasons).toEqual([...reasons].sort((a, b) => a.localeCompare(b)));
  });

  test("the counts at the top are filters: several states, reasons, and the view survives a reload", async ({ grid }) => {
    await grid.open();
    const notReady = chip(grid.page, "state", "notready");
    const busy = chip(grid.page, "state", "busy");
    const countOf = async (...chips: typeof notReady[]) => (await Promise.all(chips.map((c) => c.getAttribute("data-count")))).reduce((sum, n) => sum + Number(n), 0);
    expect(await countOf(notReady)).toBeGreaterThan(0);
    await notReady.click();
    await expect(notReady).toHaveAttribute("aria-pressed", "true");
    // The floor is live: rows and counts are compared as they stand, not as they stood.
    await expect.poll(async () => (await grid.rows.count()) - (await countOf(notReady))).toBe(0);
    for (const s of await fieldTexts(grid, "activity")) expect(s).toBe("Not ready");
    await expect(grid.page).toHaveURL(/\?state=notready$/);

    // A second state adds to the first.
    await busy.click();
    await expect.poll(async () => (await grid.rows.count()) - (await countOf(notReady, busy))).toBe(0);
    for (const s of await fieldTexts(grid, "activity")) expect(["Not ready", "On a call"]).toContain(s);
    await expect(grid.page.locator('[data-field="shown"]')).toHaveText(/^\d+ of \d+ agents$/);

    // Reasons filter the same way, by their labels from the labels config.
    const firstReason = grid.page.locator('[data-filter="reason"] button').first();
    const code = (await firstReason.getAttribute("data-value"))!;
    await firstReason.click();
    for (const r of await fieldTexts(grid, "reason")) expect(r).toBe(shown.reason(code));

    // Shared or reloaded, the URL brings the same view back.
    const url = grid.page.url();
    await grid.page.reload();
    await expect(grid.rows.first()).toBeVisible();
    expect(grid.page.url()).toBe(url);
    await expect(chip(grid.page, "state", "notready")).toHaveAttribute("aria-pressed", "true");
    await expect(chip(grid.page, "reason", code)).toHaveAttribute("aria-pressed", "true");
    for (const r of await fieldTexts(grid, "reason")) expect(r).toBe(shown.reason(code));

    await grid.page.locator('[data-field="clear"]').click();
    await expect(grid.page).toHaveURL(/\/$/);
    // Back to the working floor: everyone but those logged out or without activity (the floor moves: compared as it stands).
    const working = async () => (await grid.snapshot()).agents.filter((a) => a.activity !== null && a.activity !== "offline").length;
    await expect.poll(async () => (await grid.rows.count()) - (await working())).toBe(0);
  });

  test("hides those logged out or without activity by default, says how many, and shows them with one click kept in the URL", async ({ grid }) => {
    await grid.open();
    const offFloor = async () => (await grid.snapshot()).agents.filter((a) => a.activity === null || a.activity === "offline").length;
    expect(await offFloor()).toBeGreaterThan(0);
    // None in the rows; their number beside the count (compared as the live floor stands).
    for (const s of await fieldTexts(grid, "activity")) expect(["Logged out", "No activity"]).not.toContain(s);
    const hidden = grid.page.locator('[data-field="offline-hidden"]');
    await expect.poll(async () => Number(await hidden.innerText()) - (await offFloor())).toBe(0);
    // Still counted at the top: the chip says how many are logged out.
    await expect(chip(grid.page, "state", "offline")).not.toHaveAttribute("data-count", "0");

    const toggle = grid.page.locator('[data-field="offline-toggle"]');
    await expect(toggle).toHaveAccessibleName(/^Show \d+ logged out$/);
    await toggle.click();
    await expect(grid.page).toHaveURL(/offline=show/);
    await expect.poll(async () => (await fieldTexts(grid, "activity")).filter((s) => s === "Logged out" || s === "No activity").length).toBeGreaterThan(0);
    await expect(hidden).toHaveCount(0);
    await grid.page.reload();
    await expect(grid.page.locator('[data-field="offline-toggle"]')).toHaveText(/^Hide \d+ logged out$/);
    await grid.page.locator('[data-field="offline-toggle"]').click();
    await expect(grid.page).not.toHaveURL(/offline=show/);

    // Choosing "Logged out" is asking for them.
    await chip(grid.page, "state", "offline").click();
    await expect(grid.rows.first()).toBeVisible();
    for (const s of await fieldTexts(grid, "activity")) expect(s).toBe("Logged out");
  });

  test("searches by name or id, ignoring case and accents", async ({ grid }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    const named = agents.find((a) => a.name)!;
    const search = grid.page.locator('[data-field="search"]');
    await grid.page.keyboard.press("/");
    await expect(search).toBeFocused();
    await grid.page.keyboard.type(named.name!.split(" ")[1]!.toUpperCase());
    await expect(grid.row(named.agentId)).toBeVisible();
    for (const n of await fieldTexts(grid, "name")) expect(n.toLowerCase()).toContain(named.name!.split(" ")[1]!.toLowerCase());
    await expect(grid.page).toHaveURL(/q=/);

    await search.fill(named.agentId.slice(2, 12));
    await expect(grid.rows).toHaveCount(1);
    await expect(grid.row(named.agentId)).toBeVisible();
    await search.fill("no such agent anywhere");
    await expect(grid.page.locator('[data-field="no-match"]')).toBeVisible();
  });

  test("groups by state under headers with counts; a group folds away and stays folded on reload", async ({ grid }) => {
    await grid.open();
    await grid.page.locator('[data-field="group"]').selectOption("state");
    const groups = grid.page.locator("tr[data-group]");
    await expect(groups.first()).toBeVisible();
    const busy = grid.page.locator('tr[data-group="busy"]');
    const busyCount = Number(await busy.locator('[data-field="group-count"]').innerText());
    expect(busyCount).toBeGreaterThan(0);
    const total = await grid.rows.count();

    await busy.getByRole("button").click();
    await expect(busy.getByRole("button")).toHaveAttribute("aria-expanded", "false");
    await expect(grid.rows).toHaveCount(total - busyCount);
    for (const s of await fieldTexts(grid, "activity")) expect(s).not.toBe("On a call");
    await expect(grid.page).toHaveURL(/group=state&collapsed=busy/);
    await grid.page.reload();
    await expect(grid.page.locator('tr[data-group="busy"]').getByRole("button")).toHaveAttribute("aria-expanded", "false");

    // Keyboard: Enter on a group header folds and unfolds it.
    await grid.page.locator('tr[data-group="busy"]').focus();
    await grid.page.keyboard.press("Enter");
    await expect(grid.page.locator('tr[data-group="busy"]').getByRole("button")).toHaveAttribute("aria-expanded", "true");
  });

  test("teams from the labels config filter and group the grid", async ({ grid }) => {
    await grid.open("?offline=show");
    const { agents } = await grid.snapshot();
    expect(agents.filter((a) => a.team !== null).length).toBeGreaterThanOrEqual(40);
    const team = SIM_TEAMS[1];
    await chip(grid.page, "team", team).click();
    await expect(grid.rows).toHaveCount(agents.filter((a) => a.team === team).length);
    for (const t of await fieldTexts(grid, "team")) expect(t).toBe(team);
    // The state counts follow the team: "On a call 7" is this team's (compared as the live floor stands).
    await expect
      .poll(async () => {
        const now = (await grid.snapshot()).agents.filter((a) => a.team === team && a.activity === "busy").length;
        const busy = chip(grid.page, "state", "busy");
        return ((await busy.count()) ? Number(await busy.getAttribute("data-count")) : 0) - now;
      })
      .toBe(0);

    await chip(grid.page, "team", team).click();
    await grid.page.locator('[data-field="group"]').selectOption("team");
    // The config's teams in its order; agents other tests brought into the feed are under "No team", last.
    const headers = grid.page.locator("tr[data-group] th button");
    await expect(headers.first()).toHaveText(new RegExp(`^${SIM_TEAMS[0]}\\d+$`));
    const texts = await headers.allInnerTexts();
    expect(texts.slice(0, 4).map((t) => t.replace(/\d+$/, "").trim())).toEqual([...SIM_TEAMS]);
    if (texts.length > 4) expect(texts.slice(4).map((t) => t.replace(/\d+$/, "").trim())).toEqual(["No team"]);

    // Each team's header splits it by state, and the split adds up to the team.
    const first = grid.page.locator("tr[data-group]").first();
    const split = await first.locator('[data-field="group-split"] [data-count]').evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count"))));
    expect(split.length).toBeGreaterThan(0);
    expect(split.reduce((a, b) => a + b, 0)).toBe(Number(await first.locator('[data-field="group-count"]').innerText()));
    // The whole header row folds the group, not only its small button.
    await first.locator('[data-field="group-split"]').click();
    await expect(first.getByRole("button")).toHaveAttribute("aria-expanded", "false");
    await first.locator('[data-field="group-split"]').click();
    await expect(first.getByRole("button")).toHaveAttribute("aria-expanded", "true");
  });

  test("reason codes show the labels config's names; a code it does not know shows as sent", async ({ grid, sim }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    const [a, b] = agents.filter((x) => x.activity === "ready" || x.activity === "busy");
    await sim.event(a!.agentId, "notready", "5");
    await sim.event(b!.agentId, "notready", "77");
    await expect(grid.field(a!.agentId, "reason")).toHaveText("Coaching", { timeout: 10_000 });
    await expect(grid.row(a!.agentId).locator('[data-field="reason-category"]')).toHaveText("training");
    await expect(grid.field(b!.agentId, "reason")).toHaveText("77", { timeout: 10_000 });
    // The codes and activities as sent stay readable for scripts, whatever the labels.
    await expect(grid.field(a!.agentId, "reason")).toHaveAttribute("data-code", "5");
    await expect(grid.field(a!.agentId, "activity")).toHaveAttribute("data-activity", "notready");
    await expect(chip(grid.page, "reason", "77")).toContainText("77");
  });
});

test.describe("grid: threshold alerts", () => {
  test("a row turns amber then red as the agent passes warn and alert; sound and notification once per crossing", async ({ page }) => {
    // A stand-in for the browser's Notification and audio, counting what the page asks of them.
    await page.addInitScript(() => {
      const w = window as unknown as { __notes: string[]; __tones: number; __contexts: number };
      w.__notes = [];
      w.__tones = 0;
      w.__contexts = 0;
      class FakeNotification {
        static permission = "granted";
        static requestPermission = async () => "granted";
        onclick: (() => void) | null = null;
        constructor(title: string) {
          w.__notes.push(title);
        }
      }
      Object.defineProperty(window, "Notification", { value: FakeNotification });
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        constructor() {
          super();
          w.__contexts++;
        }
        override createOscillator() {
          w.__tones++;
          return super.createOscillator();
        }
      };
    });
    const grid = onFloor(page, SMALL);
    await grid.open();
    // Off by default; each browser chooses.
    const sound = page.getByRole("checkbox", { name: "Sound" });
    const notify = page.getByRole("checkbox", { name: "Notification" });
    await expect(sound).not.toBeChecked();
    await expect(notify).not.toBeChecked();
    await sound.check();
    await notify.check();
    const tonesAfterToggle = await page.evaluate(() => (window as unknown as { __tones: number }).__tones);

    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity === "ready" || a.activity === "busy") ?? agents[0]!;
    const sim = new SimulatorControl(SMALL.simPort);
    // Held still, so that only this test moves it. Reason 9: 4 s to amber, 8 s to red on this server.
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "notready", "9");
    const row = grid.row(agent.agentId);
    await expect(row).toHaveAttribute("data-level", "warn", { timeout: 12_000 });
    await expect(row).toHaveAttribute("data-level", "alert", { timeout: 8_000 });
    await expect(row).toContainText("Alert: over 8 s");
    // "Past alert" counts and filters the agents over their limit.
    const pastAlert = chip(page, "level", "alert");
    await expect(pastAlert).toBeVisible();
    await pastAlert.click();
    await expect(row).toBeVisible();
    for (const level of await grid.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-level")))) expect(level).toBe("alert");
    await expect(pastAlert).toHaveAttribute("data-count", String(await grid.rows.count()));
    await expect(page).toHaveURL(/level=alert/);
    await pastAlert.click();
    await expect(page.locator('[data-field="alert-announcement"]')).toContainText(`${agent.name ?? agent.agentId}: Not ready · 9 over 8 s`);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __notes: string[] }).__notes)).toEqual([`${agent.name ?? agent.agentId}: Not ready · 9 over 8 s`]);
    expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThan(tonesAfterToggle);

    // Polls and re-renders later: still one notification for this crossing.
    await page.waitForTimeout(3_000);
    expect(await page.evaluate(() => (window as unknown as { __notes: string[] }).__notes)).toHaveLength(1);

    // The choice is remembered by this browser.
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Sound" })).toBeChecked();
    // Remembered sound is readied by the first interaction, so the next crossing can be heard.
    await page.locator('[data-field="search"]').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __contexts: number }).__contexts)).toBe(1);
    await sim.event(agent.agentId, "ready");
    await expect(row).not.toHaveAttribute("data-level", /.+/, { timeout: 10_000 });
  });
});

test.describe("grid: export, keyboard, accessibility", () => {
  test("exports the current view as CSV: the rows shown, in order, with time in state", async ({ grid }) => {
    await grid.open("?sort=time&state=busy&state=ready");
    const ids = await grid.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-agent-id")));
    const [download] = await Promise.all([grid.page.waitForEvent("download"), grid.page.locator('[data-field="export"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^floorview-agents-\d{8}-\d{4}\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).replace(/^\ufeff/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("Name,Agent ID,Team,State,Activity,Reason code,Reason,Since (UTC),Time in state,Seconds in state");
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.map((r) => r[1])).toEqual(ids);
    for (const r of rows) {
      expect(["Ready", "On a call"]).toContain(r[3]);
      expect(r[8]).toMatch(/^\d+:\d{2}(:\d{2})?$/);
      expect(Number(r[9])).toBeGreaterThanOrEqual(0);
    }
    const secondsCol = rows.map((r) => Number(r[9]));
    for (let i = 1; i < secondsCol.length; i++) expect(secondsCol[i]!).toBeLessThanOrEqual(secondsCol[i - 1]! + 1);
  });

  test("a real table: headers, focusable rows, arrow keys move, Enter opens the drill-down", async ({ grid }) => {
    // By name with everyone shown: the rows stay in their places while the floor moves ("needs
    // attention" reorders them as time passes, and a login adds a row).
    await grid.open("?sort=name&offline=show");
    const table = grid.page.getByRole("table");
    // With anyone scheduled within a day of now (an earlier test may have uploaded a schedule), an Adherence column last.
    const scheduled = Object.keys(((await (await grid.page.request.get("/api/adherence/live")).json()) as LiveAdherenceAnswer).agents).length > 0;
    await expect(table.getByRole("columnheader")).toHaveText([/Agent/, /Team/, /State/, /Reason/, /Time in state/, /Since/, ...(scheduled ? [/Adherence/] : [])]);
    await expect(table.locator("caption")).toHaveText(/^Agents: (\d+) shown of \1, sorted by name\.$/);
    // One row is in the tab order.
    await grid.page.locator('[data-field="export"]').focus();
    const first = grid.rows.first();
    await first.focus();
    await expect(first).toBeFocused();
    await grid.page.keyboard.press("ArrowDown");
    const second = grid.rows.nth(1);
    await expect(second).toBeFocused();
    await expect(second).toHaveAttribute("tabindex", "0");
    await expect(first).toHaveAttribute("tabindex", "-1");
    const id = (await second.getAttribute("data-agent-id"))!;
    await grid.page.keyboard.press("Enter");
    await expect(grid.page).toHaveURL(new RegExp(`/agents/${encodeURIComponent(id)}$`));
  });

  test("meets WCAG AA contrast in light and dark, with amber and red rows on screen", async ({ page }) => {
    const grid = onFloor(page, SMALL);
    const sim = new SimulatorControl(SMALL.simPort);
    await grid.open();
    const { agents } = await grid.snapshot();
    // Two axe runs over the page: time for them on a busy machine.
    test.setTimeout(60_000);
    await sim.hold(agents[2]!.agentId, agents[3]!.agentId);
    // Reason 9 warns at 4 s and alerts at 8 s: the second starts when the first warns, so one is
    // red while the other is amber (both reached in about 8 s, not one after the other).
    await sim.event(agents[2]!.agentId, "notready", "9");
    await expect(grid.row(agents[2]!.agentId)).toHaveAttribute("data-level", "warn", { timeout: 15_000 });
    await sim.event(agents[3]!.agentId, "notready", "9");
    await expect(grid.row(agents[2]!.agentId)).toHaveAttribute("data-level", "alert", { timeout: 15_000 });
    await expect(grid.row(agents[3]!.agentId)).toHaveAttribute("data-level", "warn", { timeout: 15_000 });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`)).toEqual([]);
    }
    await sim.event(agents[2]!.agentId, "ready");
    await sim.event(agents[3]!.agentId, "ready");
  });

  test("with reduced motion asked for, nothing moves", async ({ page }) => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    const grid = new GridPage(page);
    await grid.open("?group=state");
    const durations = await page.evaluate(() =>
      [...document.querySelectorAll("main *")].map((el) => getComputedStyle(el).transitionDuration).filter((d) => d.split(",").some((part) => parseFloat(part) > 0)),
    );
    expect(durations).toEqual([]);
  });
});

test.describe("grid: a large floor", () => {
  test("virtualises: only rows near the screen are in the page, every agent is reachable", async ({ page }) => {
    const grid = onFloor(page, LARGE);
    // In name order, the order the server sends: the first and last agents are known.
    await grid.open("?sort=name&offline=show");
    const { agents } = await grid.snapshot();
    expect(agents.length).toBeGreaterThanOrEqual(LARGE.agents);
    await expect(page.getByRole("table")).toHaveAttribute("aria-rowcount", String(agents.length + 1));
    const inPage = await grid.rows.count();
    expect(inPage).toBeGreaterThan(10);
    expect(inPage).toBeLessThan(80);

    // The keyboard reaches the last agent, and the page scrolls it into view.
    await grid.rows.first().focus();
    await page.keyboard.press("End");
    const last = agents.at(-1)!;
    await expect(grid.row(last.agentId)).toBeFocused();
    await expect(grid.row(last.agentId)).toBeInViewport();
    await expect(grid.row(last.agentId)).toHaveAttribute("aria-rowindex", String(agents.length + 1));
    await expect(grid.rows.first()).not.toHaveAttribute("data-agent-id", agents[0]!.agentId);

    // Scrolling back up brings the first agents back; their timers tick.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(grid.row(agents[0]!.agentId)).toBeVisible();
    const ticking = agents.slice(0, 10).find((a) => a.since)!;
    const timer = grid.field(ticking.agentId, "time-in-state");
    const before = await timer.innerText();
    await expect.poll(() => timer.innerText(), { timeout: 4_000 }).not.toBe(before);
  });
});

test.describe("labels config", () => {
  test("a labels file with a mistake stops Floorview at start-up, naming the variable, the file and the mistake", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "floorview-e2e-")), "labels.json");
    await writeFile(path, JSON.stringify({ reasons: { "1": { label: "Break", category: "coffee" } } }));
    const { code, output } = await startExpectingExit(3198, { KORE_BASE_URL: "", SIM_PORT: "4198", SIM_AGENTS: "5", FLOORVIEW_LABELS_FILE: path });
    expect(code).toBe(1);
    expect(output).toContain(`FLOORVIEW_LABELS_FILE (${path}): reasons.1.category: must be one of break, lunch, training, meeting, system, other`);
  });
});

test.describe("on a phone (390 × 844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the grid is a list of cards, exceptions first: name and time in state, then state and reason; filters folded; the wallboard's header wraps", async ({ grid }) => {
    await grid.open();
    const page = grid.page;
    await expect(grid.rows.first()).toBeVisible({ timeout: 15_000 });
    // No page wider than the phone: nothing to scroll sideways to.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The chips fold behind one button, so the first cards are on the first screen.
    const stateChips = page.locator('[data-filter="state"]');
    await expect(stateChips).toBeHidden();
    await expect(page.locator('[data-field="group"]')).toBeHidden();
    // Search and sort stay; the first cards are on the first screen.
    await expect(page.locator('[data-field="search"]')).toBeVisible();
    await expect(page.locator('[data-field="sort"]')).toBeVisible();
    expect((await grid.rows.nth(2).boundingBox())!.y).toBeLessThan(844 - 68);
    const cards = await grid.rows.evaluateAll((trs) =>
      trs.slice(0, 8).map((tr) => {
        const box = (name: string) => tr.querySelector(`[data-field="${name}"]`)?.getBoundingClientRect().toJSON() as DOMRect | undefined;
        return { card: tr.getBoundingClientRect().toJSON() as DOMRect, name: box("name")!, nameCell: tr.querySelector(".card-name")!.getBoundingClientRect().toJSON() as DOMRect, time: box("time-in-state")!, state: tr.querySelector('[data-field="activity"] > *')!.getBoundingClientRect().toJSON() as DOMRect, reason: box("reason"), level: tr.getAttribute("data-level") };
      }),
    );
    for (const c of cards) {
      expect(c.card.height).toBe(68);
      expect(c.card.right).toBeLessThanOrEqual(390);
      // First line: the name (most of the width, shared with a behaviour flag's mark when the agent has one) and the time in state, side by side.
      expect(c.nameCell.width).toBeGreaterThan(150);
      expect(c.name.width).toBeGreaterThan(60);
      expect(Math.abs(c.name.top + c.name.height / 2 - (c.time.top + c.time.height / 2))).toBeLessThan(6);
      expect(c.time.right).toBeLessThanOrEqual(390);
      // Second line: the state, and the reason beside it.
      expect(c.state.top).toBeGreaterThanOrEqual(c.name.bottom - 1);
      if (c.reason && c.reason.width > 1) {
        expect(c.reason.left).toBeGreaterThanOrEqual(c.state.right);
        expect(Math.abs(c.reason.top + c.reason.height / 2 - (c.state.top + c.state.height / 2))).toBeLessThan(6);
      }
    }
    // Exceptions first: no card past a threshold below one within its limits.
    const levels = await grid.rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-level")));
    expect(levels.slice(levels.indexOf(null)).every((l) => l === null)).toBe(true);
    await page.screenshot({ path: "reports/screenshots/grid-phone-390x844.png" });

    await page.locator('[data-field="filters-toggle"]').click();
    await expect(stateChips).toBeVisible();
    await expect(page.locator('[data-field="group"]')).toBeVisible();
    await expect(page.locator('[data-field="filters-toggle"]')).toHaveAttribute("aria-expanded", "true");

    await page.goto("/wallboard");
    await expect(page.locator("[data-wallboard] a[data-agent-id]").first()).toBeVisible({ timeout: 15_000 });
    const asOf = (await page.locator('[data-field="as-of"]').boundingBox())!;
    expect(asOf.x).toBeGreaterThanOrEqual(0);
    expect(asOf.x + asOf.width).toBeLessThanOrEqual(390);
    const title = (await page.locator("[data-wallboard] header > div").first().boundingBox())!;
    const indicator = page.locator("[data-page-indicator]");
    if (await indicator.count()) {
      const box = (await indicator.boundingBox())!;
      const overlap = box.x < title.x + title.width && title.x < box.x + box.width && box.y < title.y + title.height && title.y < box.y + box.height;
      expect(overlap).toBe(false);
    }
    await page.screenshot({ path: "reports/screenshots/wallboard-phone-390x844.png" });
  });
});

test.describe("density", () => {
  test("compact rows show about a third more agents at 1440 × 900, and the choice is remembered by this browser", async ({ grid }) => {
    await grid.page.setViewportSize({ width: 1440, height: 900 });
    await grid.open("?sort=name");
    const page = grid.page;
    await expect(grid.rows.first()).toBeVisible({ timeout: 15_000 });
    const visibleRows = () => grid.rows.evaluateAll((rows) => rows.filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length);
    const comfortable = await visibleRows();
    expect((await grid.rows.first().boundingBox())!.height).toBeCloseTo(44, 0);
    await page.locator('[data-field="compact"]').check();
    await expect.poll(async () => (await grid.rows.first().boundingBox())!.height).toBeCloseTo(32, 0);
    const compact = await visibleRows();
    expect(compact).toBeGreaterThanOrEqual(Math.floor(comfortable * 1.3));
    await page.reload();
    await expect(page.locator('[data-field="compact"]')).toBeChecked();
    await expect.poll(async () => (await grid.rows.first().boundingBox())!.height).toBeCloseTo(32, 0);
    await page.screenshot({ path: "reports/screenshots/grid-compact-1440x900.png" });
    await page.locator('[data-field="compact"]').uncheck();
  });
});
