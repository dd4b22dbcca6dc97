import type { AgentsSnapshot } from "@/lib/api-types";
import { E2E_AGENTS } from "../playwright.config";
import sample from "@/lib/simulator/sample-labels.json";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { expect, shown, test } from "./fixtures";

/** "1:02:33" or "12:05" → seconds. */
const seconds = (text: string) => text.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);

test.describe("supervisor grid", () => {
  test("shows every agent of the simulated floor with the name, state, reason and time in state the simulator says (those logged out one click away)", async ({ grid, sim }) => {
    await grid.open("?offline=show");
    // Against the simulator's own account: the floor is live, so page and truth must agree within a few polls.
    await expect(async () => {
      const truth = await sim.truth();
      const rows = await grid.rows.evaluateAll((trs) =>
        trs.map((tr) => {
          const field = (name: string) => tr.querySelector<HTMLElement>(`[data-field="${name}"]`);
          return { agentId: tr.getAttribute("data-agent-id")!, name: field("name")?.innerText ?? "", state: field("activity")?.innerText ?? "", reason: field("reason")?.innerText ?? "", time: field("time-in-state")?.innerText ?? "" };
        }),
      );
      // The simulated floor, plus any agent another test brought into the feed.
      expect(truth.roster.length).toBeGreaterThanOrEqual(E2E_AGENTS);
      expect(rows.map((r) => r.agentId).sort()).toEqual(truth.roster.map((r) => r.agentId).sort());
      const states = new Map(truth.agents.map((t) => [t.agentId, t]));
      for (const r of rows) {
        const named = truth.roster.find((x) => x.agentId === r.agentId)!.name;
        expect(r.name, r.agentId).toBe(named ?? r.agentId);
        const t = states.get(r.agentId);
        expect(r.state, r.agentId).toBe(shown.state(t?.activity ?? null));
        expect(r.reason, r.agentId).toBe(shown.reason(t?.reasonCode ?? null));
        if (t) expect(Math.abs(seconds(r.time) - (truth.now - t.since) / 1000), `${r.agentId} ${r.time}`).toBeLessThan(5);
        else expect(r.time).toBe("—");
      }
    }).toPass({ timeout: 20_000 });
    await expect(grid.page.getByText(/updated/)).toBeVisible();
    await expect(grid.banner).toHaveCount(0);
  });

  test("time in state ticks every second, from the server's clock", async ({ grid }) => {
    await grid.open("?sort=name");
    const { agents, asOf } = await grid.snapshot();
    const agent = agents.find((a) => a.since)!;
    const cell = grid.field(agent.agentId, "time-in-state");
    await expect(cell).toHaveText(/\d+:\d{2}/);
    const first = seconds(await cell.innerText());
    const expected = (Date.parse(asOf) - Date.parse(agent.since!)) / 1000;
    expect(Math.abs(first - expected)).toBeLessThan(5);
    await grid.page.waitForTimeout(2_100);
    const later = seconds(await cell.innerText());
    expect(later - first).toBeGreaterThanOrEqual(2);
    expect(later - first).toBeLessThanOrEqual(4);
  });

  test("a state change in Kore.ai reaches the grid within seconds", async ({ grid, sim }) => {
    await grid.open();
    const { agents } = await grid.snapshot();
    const agent = agents.find((a) => a.activity !== "notready")!;
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "notready", "5");
    await expect(grid.field(agent.agentId, "activity")).toHaveText("Not ready", { timeout: 10_000 });
    await expect(grid.field(agent.agentId, "reason")).toHaveText("Coaching");
    expect(seconds(await grid.field(agent.agentId, "time-in-state").innerText())).toBeLessThan(15);
  });

  test("when Kore.ai fails, a banner says so and the last data stays; it clears on recovery", async ({ grid, sim }) => {
    await grid.open("?offline=show");
    const count = await grid.rows.count();
    await sim.fault("http_503");
    await expect(grid.banner).toContainText(/Kore\.ai (is answering with (server )?errors|cannot be reached)/, { timeout: 15_000 });
    await expect(grid.banner).toContainText("Showing the last good data");
    await expect(grid.rows).toHaveCount(count);
    await sim.clearFaults();
    await expect(grid.banner).toHaveCount(0, { timeout: 15_000 });
    await expect(grid.rows).toHaveCount(count);
  });

  test("when Kore.ai refuses the credentials, the banner says that until they work again", async ({ grid, sim }) => {
    await grid.open("?offline=show");
    const count = await grid.rows.count();
    await sim.fault("unauthorized", { target: "all" });
    await expect(grid.banner).toContainText("Kore.ai refused Floorview's credentials", { timeout: 15_000 });
    await expect(grid.rows).toHaveCount(count);
    await sim.clearFaults();
    await expect(grid.banner).toHaveCount(0, { timeout: 20_000 });
  });
});

test.describe("freshness judged by the page", () => {
  test("an answer whose data is old shows as stale even when it says it is not (kept by a cache or a proxy)", async ({ grid }) => {
    // Serve the page the answer of a minute ago, as a cache in between would: stale: false, but
    // read up to a minute before the server's clock (X-Floorview-As-Of stays the server's).
    await grid.page.route("**/api/agents", async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as AgentsSnapshot;
      body.upstream = { ...body.upstream, stale: false, coveredUntil: new Date(Date.parse(body.asOf) - 60_000).toISOString() };
      await route.fulfill({ response: res, json: body, headers: { ...res.headers(), etag: `W/"old-${Date.now()}"` } });
    });
    await grid.open();
    await expect(grid.page.locator('[data-field="freshness"]')).toHaveAttribute("data-stale", "true");
    await expect(grid.page.locator('[data-field="freshness"]')).toContainText("stale");
    await expect(grid.banner).toContainText("The data is not up to date.");
    // The real answer again: current, and shown so.
    // A handler still fetching its answer finishes first (unrouted under it, its fulfil would fail).
    await grid.page.unrouteAll({ behavior: "wait" });
    await expect(grid.page.locator('[data-field="freshness"]')).not.toHaveAttribute("data-stale", "true", { timeout: 10_000 });
    await expect(grid.banner).toHaveCount(0);
  });
});

test.describe("names", () => {
  test("while the first read of the roster is still going, the page says why some agents show by id, and the id is set apart from names", async ({ grid }) => {
    // The answer of a server still reading a large roster: the first agent not named yet.
    let unnamed = "";
    await grid.page.route("**/api/agents", async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as AgentsSnapshot;
      const first = body.agents.find((a) => a.activity && a.activity !== "offline")!;
      unnamed = first.agentId;
      first.name = null;
      body.upstream = { ...body.upstream, namesLoading: true };
      await route.fulfill({ response: res, json: body, headers: { ...res.headers(), etag: `W/"names-${Date.now()}"` } });
    });
    await grid.open();
    await expect(grid.page.locator('[data-field="names-loading"]')).toContainText("names still loading");
    const name = grid.field(unnamed, "name");
    await expect(name).toHaveText(unnamed);
    await expect(name.locator("span")).toHaveClass(/font-mono/);
    // The real answer (names loaded): the note goes.
    // A handler still fetching its answer finishes first (unrouted under it, its fulfil would fail).
    await grid.page.unrouteAll({ behavior: "wait" });
    await expect(grid.page.locator('[data-field="names-loading"]')).toHaveCount(0, { timeout: 10_000 });
    await expect(name).not.toHaveText(unnamed);
  });
});

test.describe("a page that does not exist", () => {
  test("says so, with a way back, and its own scripts run under its CSP (no console error)", async ({ page }) => {
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const res = await page.goto("/no-such-page");
    expect(res!.status()).toBe(404);
    await expect(page.getByText(/could not be found|not found/i).first()).toBeVisible();
    await page.waitForTimeout(1_000);
    expect(errors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
  });
});

test.describe("the headline", () => {
  test("logged in, available, on a call, not ready with its share, past alert: as the feed says, and still in sight after scrolling; on the wallboard too", async ({ grid }) => {
    await grid.page.setViewportSize({ width: 1440, height: 600 });
    await grid.open();
    const page = grid.page;
    const read = async () => {
      const num = async (f: string) => Number((await page.locator(`[data-field="headline-${f}"] > span`).first().innerText()).trim());
      return { loggedIn: await num("logged-in"), available: await num("available"), onCall: await num("on-call"), notReady: await num("not-ready") };
    };
    // Families as the simulator's labels config makes them (its "training" activity is not ready).
    const vocab = new Vocabulary(parseLabels(JSON.stringify(sample)).labels);
    const truth = async () => {
      const { agents } = await grid.snapshot();
      const families = agents.map((a) => vocab.state(a.activity).family);
      const count = (f: string) => families.filter((x) => x === f).length;
      return { loggedIn: families.filter((f) => f !== "offline" && f !== "none").length, available: count("ready"), onCall: count("busy"), notReady: count("notready") };
    };
    await expect.poll(async () => JSON.stringify(await read()) === JSON.stringify(await truth()), { timeout: 15_000 }).toBe(true);
    const h = await read();
    await expect(page.locator('[data-field="headline-not-ready"]')).toHaveAttribute("data-share", String(Math.round((h.notReady / h.loggedIn) * 100)));
    await page.mouse.wheel(0, 2_000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    const box = (await page.locator('[data-field="headline"]').boundingBox())!;
    expect(box.y).toBeLessThanOrEqual(1);
    await page.screenshot({ path: "reports/screenshots/grid-headline-scrolled-1440x600.png" });

    await page.goto("/wallboard");
    await expect(page.locator('[data-wallboard] [data-field="headline"]')).toBeVisible({ timeout: 15_000 });
  });

  test("every page a person reads has one nav: the same pages in the same order wherever one stands, this one marked", async ({ page, grid }) => {
    const agent = (await grid.snapshot()).agents[0]!;
    const pages = [
      ["/", "Live grid"],
      ["/reports", "Reports"],
      ["/intraday", "Intraday"],
      ["/schedules", "Schedules"],
      ["/connection", "Connection"],
      [`/agents/${encodeURIComponent(agent.agentId)}`, null],
    ] as const;
    let all: string[] | null = null;
    for (const [path, marked] of pages) {
      await page.goto(path);
      const nav = page.getByRole("navigation", { name: "Floorview" });
      const items = await nav.locator("a, [aria-current=page]").allInnerTexts();
      all ??= items;
      expect(items, path).toEqual(all);
      // This page is said, not offered; every other one is a link.
      if (marked) {
        await expect(nav.locator("[aria-current=page]"), path).toHaveText(marked);
        await expect(nav.getByRole("link", { name: marked, exact: true }), path).toHaveCount(0);
      } else await expect(nav.locator("[aria-current=page]"), path).toHaveCount(0);
    }
    // Without a login everyone may open every page (this server sends no alerts: no Alerts page offered).
    expect(all).toEqual(["Live grid", "Reports", "Intraday", "Schedules", "Wallboard", "Connection"]);
  });
});
