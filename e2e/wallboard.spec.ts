import type { Page } from "@playwright/test";
import { SIM_TEAMS } from "@/lib/simulator/labels";
import type { AgentsSnapshot } from "@/lib/api-types";
import { WALLBOARD_FLOORS } from "../playwright.config";
import { expect, SimulatorControl, test } from "./fixtures";

const RESOLUTIONS = [
  [1280, 720],
  [1920, 1080],
  [3840, 2160],
] as const;
const [SMALL, LARGE] = WALLBOARD_FLOORS;
const base = (f: (typeof WALLBOARD_FLOORS)[number]) => `http://127.0.0.1:${f.port}`;
const tiles = (page: Page) => page.locator("[data-wallboard] a[data-agent-id]");

async function floorIds(page: Page, f: (typeof WALLBOARD_FLOORS)[number]): Promise<string[]> {
  const res = await page.request.get(`${base(f)}/api/agents`);
  return ((await res.json()) as AgentsSnapshot).agents.map((a) => a.agentId);
}

/** Nothing scrolls, and every tile lies wholly on screen. */
async function expectFitsScreen(page: Page, width: number, height: number) {
  const box = await page.evaluate(() => ({
    scrollW: document.documentElement.scrollWidth,
    scrollH: document.documentElement.scrollHeight,
    bodyW: document.body.scrollWidth,
    bodyH: document.body.scrollHeight,
  }));
  expect(box.scrollW).toBeLessThanOrEqual(width);
  expect(box.scrollH).toBeLessThanOrEqual(height);
  expect(box.bodyH).toBeLessThanOrEqual(height);
  const rects = await tiles(page).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  expect(rects.length).toBeGreaterThan(0);
  for (const r of rects) {
    expect(r.left).toBeGreaterThanOrEqual(0);
    expect(r.top).toBeGreaterThanOrEqual(0);
    expect(r.right).toBeLessThanOrEqual(width + 0.5);
    expect(r.bottom).toBeLessThanOrEqual(height + 0.5);
  }
  return rects;
}

test.describe("wallboard", () => {
  for (const f of WALLBOARD_FLOORS) {
    for (const [width, height] of RESOLUTIONS) {
      test(`${f.agents} agents at ${width}×${height}: fills the screen without scrolling, every agent on some page`, async ({ page }) => {
        test.setTimeout(90_000);
        await page.setViewportSize({ width, height });
        const ids = await floorIds(page, f);
        expect(ids).toHaveLength(f.agents);
        await page.goto(`${base(f)}/wallboard`);
        await expect(tiles(page).first()).toBeVisible({ timeout: 15_000 });
        const rects = await expectFitsScreen(page, width, height);
        // Readable from across the room: tiles at least a ninth of the screen tall.
        expect(Math.min(...rects.map((r) => r.height))).toBeGreaterThanOrEqual(height / 9 - 1);
        await expect(page.locator('[data-field="as-of"]')).toHaveText(/as of \d/);

        const indicator = page.locator("[data-page-indicator]");
        const pages = (await indicator.count()) === 0 ? 1 : Number((await indicator.getAttribute("aria-label"))!.split(" of ")[1]);
        if (f.agents <= 12) expect(pages).toBe(1);
        // Every page fits; every agent is on some page. Paged through at one size (a page load
        // each, on a floor of 300); at the others the first and the last page are looked at, and
        // the pages hold the whole floor.
        const sweep = pages === 1 || width === 1920;
        const seen = new Set<string>();
        let perPage = 0;
        // The floor moves while we page (an agent crossing a threshold moves to the front), so
        // an agent can slip past a page boundary between two loads: go round again for it.
        for (let round = 0; round < (sweep ? 3 : 1) && seen.size < ids.length; round++) {
          for (const p of sweep ? Array.from({ length: pages }, (_, i) => i + 1) : [1, pages]) {
            if (pages > 1) {
              await page.goto(`${base(f)}/wallboard?page=${p}`);
              await expect(indicator).toHaveAttribute("aria-label", `Page ${p} of ${pages}`, { timeout: 15_000 });
            }
            await expect(tiles(page).first()).toBeVisible();
            const onPage = await expectFitsScreen(page, width, height);
            if (p === 1) perPage = onPage.length;
            for (const id of await tiles(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-agent-id")!))) seen.add(id);
          }
        }
        if (sweep) expect([...seen].sort()).toEqual([...ids].sort());
        else {
          expect(perPage * (pages - 1)).toBeLessThan(ids.length);
          expect(perPage * pages).toBeGreaterThanOrEqual(ids.length);
        }
        if (width === 1920) await page.screenshot({ path: `reports/screenshots/wallboard-${f.agents}-agents-${width}x${height}.png` });
      });
    }
  }

  test("pages rotate by themselves, with a page indicator", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${base(LARGE)}/wallboard?interval=3`);
    const indicator = page.locator("[data-page-indicator]");
    await expect(indicator).toHaveAttribute("aria-label", /^Page 1 of \d+$/, { timeout: 15_000 });
    const first = await tiles(page).first().getAttribute("data-agent-id");
    await expect(indicator).toHaveAttribute("aria-label", /^Page 2 of \d+$/, { timeout: 6_000 });
    await expect(tiles(page).first()).not.toHaveAttribute("data-agent-id", first!);
  });

  test("each tile shows name, state in words, reason and a ticking time in state", async ({ page }) => {
    await page.goto(`${base(SMALL)}/wallboard`);
    const snapshot = (await (await page.request.get(`${base(SMALL)}/api/agents`)).json()) as AgentsSnapshot;
    const agent = snapshot.agents.find((a) => a.since && a.name && a.activity !== "offline")!;
    const tile = page.locator(`[data-wallboard] [data-agent-id="${agent.agentId}"]`);
    await expect(tile).toContainText(agent.name!, { timeout: 15_000 });
    await expect(tile.locator('[data-field="activity"]')).not.toBeEmpty();
    const time = tile.locator('[data-field="time-in-state"]');
    const before = await time.innerText();
    await expect(time).not.toHaveText(before, { timeout: 3_000 });

    // privacy=1: initials, never the name; no link to the drill-down.
    await page.goto(`${base(SMALL)}/wallboard?privacy=1`);
    await expect(tile.locator('[data-field="name"]')).toHaveText(/^(\p{Lu}\.)+$/u, { timeout: 15_000 });
    await expect(page.locator("[data-wallboard]")).not.toContainText(agent.name!);
    await expect(tile).not.toHaveAttribute("href");
  });

  test("those logged out come after everyone at work, as quiet tiles that say since when, never the largest number on the board", async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    // Ready and logged out only: one page of the main floor.
    await page.goto("/wallboard?states=ready,offline");
    await expect(page.locator("[data-off-floor]").first()).toBeVisible({ timeout: 15_000 });
    const board = await tiles(page).evaluateAll((els) =>
      els.map((e) => {
        const time = e.querySelector<HTMLElement>('[data-field="time-in-state"]')!;
        return { off: e.hasAttribute("data-off-floor"), state: e.querySelector<HTMLElement>('[data-field="activity"]')!.innerText, time: time.innerText, px: parseFloat(getComputedStyle(time).fontSize) };
      }),
    );
    const firstOff = board.findIndex((t) => t.off);
    expect(firstOff).toBeGreaterThan(0);
    expect(board.slice(firstOff).every((t) => t.off && t.state === "Logged out")).toBe(true);
    for (const t of board.slice(firstOff)) expect(t.time).toMatch(/^since /);
    // Their line is well under half the size of a working agent's timer.
    const largestOff = Math.max(...board.filter((t) => t.off).map((t) => t.px));
    expect(largestOff).toBeLessThan(Math.min(...board.filter((t) => !t.off).map((t) => t.px)) / 2);
  });

  test("thresholds colour a tile amber, then red, and move it to the front", async ({ page }) => {
    const sim = new SimulatorControl(SMALL.simPort);
    const snapshot = (await (await page.request.get(`${base(SMALL)}/api/agents`)).json()) as AgentsSnapshot;
    // The last agent by name not in an exception of its own: it sits at the end of the board.
    const agent = snapshot.agents.filter((a) => a.activity !== null && a.activity !== "notready").at(-1)!;
    await page.goto(`${base(SMALL)}/wallboard`);
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "notready", "9");
    const tile = page.locator(`[data-wallboard] [data-agent-id="${agent.agentId}"]`);
    await expect(tile.locator('[data-field="activity"]')).toHaveText("Not ready", { timeout: 10_000 });
    await expect(tile.locator('[data-field="reason"]')).toHaveText("Reason 9");

    const order = () => tiles(page).evaluateAll((els) => els.map((e) => [e.getAttribute("data-agent-id"), e.getAttribute("data-level")] as const));
    await expect(tile).toHaveAttribute("data-level", "warn", { timeout: 10_000 });
    await expect(tile.locator('[data-field="level"]')).toContainText(/over/i);
    let board = await order();
    // Exceptions first: everything before the tile is an exception too.
    const at = board.findIndex(([id]) => id === agent.agentId);
    expect(board.slice(0, at).every(([, level]) => level !== "ok")).toBe(true);

    await expect(tile).toHaveAttribute("data-level", "alert", { timeout: 10_000 });
    const bg = await tile.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe("rgb(213, 94, 0)");
    board = await order();
    const alertAt = board.findIndex(([id]) => id === agent.agentId);
    expect(board.slice(0, alertAt).every(([, level]) => level === "alert")).toBe(true);
    await sim.event(agent.agentId, "ready");
    await expect(tile).toHaveAttribute("data-level", "ok", { timeout: 10_000 });
  });

  test("when Kore.ai fails the board says the data is stale and dims the tiles, then recovers by itself", async ({ page }) => {
    const sim = new SimulatorControl(SMALL.simPort);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${base(SMALL)}/wallboard`);
    await expect(tiles(page).first()).toBeVisible({ timeout: 15_000 });
    const count = await tiles(page).count();
    await sim.fault("http_503");
    const banner = page.locator("[data-upstream-banner]");
    await expect(banner).toContainText("STALE DATA", { timeout: 20_000 });
    await expect(page.locator("[data-stale]")).toHaveCount(1);
    await expect(tiles(page)).toHaveCount(count);
    await expect(page.locator('[data-field="as-of"]')).toBeVisible();
    await expectFitsScreen(page, 1920, 1080);
    await page.screenshot({ path: "reports/screenshots/wallboard-stale-1920x1080.png" });
    await sim.clearFaults();
    await expect(banner).toHaveCount(0, { timeout: 20_000 });
    await expect(page.locator("[data-stale]")).toHaveCount(0);
  });

  test("filters from the URL pick the agents, and a bad option is named, not fatal", async ({ page }) => {
    const snapshot = (await (await page.request.get(`${base(SMALL)}/api/agents`)).json()) as AgentsSnapshot;
    const two = snapshot.agents.slice(0, 2).map((a) => a.agentId);
    await page.goto(`${base(SMALL)}/wallboard?agents=${two.join(",")}&interval=nope&theme=light`);
    await expect(tiles(page)).toHaveCount(2, { timeout: 15_000 });
    await expect(page.locator('[data-field="problems"]')).toContainText("interval=nope ignored");
    await expect(page.locator("[data-wallboard]")).toHaveAttribute("data-theme", "light");

    const named = snapshot.agents.find((a) => a.name)!;
    await page.goto(`${base(SMALL)}/wallboard?prefix=${encodeURIComponent(named.name!.slice(0, 3).toLowerCase())}`);
    await expect(tiles(page).first()).toBeVisible({ timeout: 15_000 });
    for (const name of await tiles(page).locator('[data-field="name"]').allInnerTexts()) {
      expect(name.toLowerCase().startsWith(named.name!.slice(0, 3).toLowerCase())).toBe(true);
    }

    await page.goto(`${base(SMALL)}/wallboard?states=notready`);
    await expect(page.locator("[data-wallboard]")).toBeVisible();
    await page.waitForTimeout(1_500);
    for (const state of await tiles(page).locator('[data-field="activity"]').allInnerTexts()) expect(state).toBe("Not ready");

    // One TV per team, from the labels config's teams.
    const team = snapshot.agents[0]!.team!;
    await page.goto(`${base(SMALL)}/wallboard?teams=${encodeURIComponent(team)}`);
    await expect(tiles(page)).toHaveCount(snapshot.agents.filter((a) => a.team === team).length, { timeout: 15_000 });
    const ids = await tiles(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-agent-id")));
    for (const id of ids) expect(snapshot.agents.find((a) => a.agentId === id)!.team).toBe(team);
    // Typed in lower case, the same board; a team that does not exist is named, with the real ones.
    await page.goto(`${base(SMALL)}/wallboard?teams=${encodeURIComponent(team.toLowerCase())}`);
    await expect(tiles(page)).toHaveCount(ids.length, { timeout: 15_000 });
    await page.goto(`${base(SMALL)}/wallboard?teams=nosuchteam`);
    await expect(page.locator('[data-field="problems"]')).toContainText(`teams=nosuchteam: no such team (the teams are ${SIM_TEAMS.join(", ")})`, { timeout: 15_000 });
  });
});
