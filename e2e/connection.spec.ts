import { freePort } from "@/test/redis";
import type { DiagnosticsReport, DiagnosticsSummary } from "@/lib/api-types";
import { SECURED, SERVER_TZ } from "../playwright.config";
import { expect, sweep, test } from "./fixtures";
import { kill, run, waitUntilUp, type Proc } from "./processes";

/**
 * The Connection page and its banner: what Kore.ai answers, whether Floorview reads it right, and
 * the setting that fixes what it does not. On the lane's floor (read right) every check passes;
 * on a Floorview whose simulator writes EventTime in India's zone while it reads UTC (the first
 * day on a tenant whose zone nobody said), the grid says so with the fix, and nothing is kept.
 */

const CHECK_IDS = ["auth", "envelope", "rows", "event_time_format", "event_time_zone", "clock_12h", "date_order", "lateness", "paging", "rate_limit", "roster", "roster_ids", "activities"];

test.describe("the connection to Kore.ai", () => {
  const procs: Proc[] = [];
  test.afterAll(async () => {
    await Promise.all(procs.map(kill));
  });

  test("read right: every check passes, rows as sent beside their instants, no banner on the grid", async ({ page, grid, request }) => {
    const api = await request.get("/api/diagnostics");
    expect(api.status()).toBe(200);
    const report = (await api.json()) as DiagnosticsReport;
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_IDS);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report.keeping).toBe(true);
    expect(report.source).toBe("simulator");
    expect((await request.get("/api/diagnostics?summary=2")).status()).toBe(400);

    await page.goto("/connection");
    await expect(page.locator('[data-field="connection-verdict"]')).toHaveAttribute("data-failing", "0");
    await expect(page.locator("[data-check-id]")).toHaveCount(CHECK_IDS.length);
    await expect(page.locator('[data-check-id="event_time_zone"]')).toHaveAttribute("data-status", "ok");
    await expect(page.locator('[data-field="sample"]').first()).toBeVisible();
    await expect(page.locator('[data-field="exchange-activity-feed"]')).toContainText("GET /agentassist/api/public/analytics/account/sim-account/agentactivity?fromTimeStamp=");

    await grid.open();
    await expect(grid.rows.first()).toBeVisible();
    await expect(page.locator("[data-connection-banner]")).toHaveCount(0);
  });

  test("behind a login: only an admin sees it (the shared password is a supervisor's), or a script with the metrics token", async ({ page, request }) => {
    const base = `http://127.0.0.1:${SECURED.port}`;
    expect((await request.get(`${base}/api/diagnostics`)).status()).toBe(401);
    expect((await request.get(`${base}/api/diagnostics`, { headers: { Authorization: `Bearer ${SECURED.metricsToken}` } })).status()).toBe(200);
    expect((await request.get(`${base}/api/diagnostics`, { headers: { Authorization: "Bearer wrong-token" } })).status()).toBe(401);
    const login = await page.request.post(`${base}/api/auth/login`, { data: { password: SECURED.password }, headers: { "X-Forwarded-For": "e2e-connection" } });
    expect(login.ok()).toBe(true);
    const asSupervisor = await page.request.get(`${base}/api/diagnostics`);
    expect(asSupervisor.status()).toBe(403);
    expect(JSON.stringify(await asSupervisor.json())).not.toContain("agentactivity");
    await page.goto(`${base}/connection`);
    await expect(page.locator("main").getByRole("alert")).toHaveText("Only an admin may see the connection to Kore.ai.");
    await page.goto(`${base}/`);
    await expect(page.getByRole("link", { name: "Connection" })).toHaveCount(0);
    await expect(page.locator("[data-connection-banner]")).toHaveCount(0);
  });

  test("EventTime in India's zone read as UTC: the grid says so with the fix, the page shows the evidence, nothing is kept", async ({ page }) => {
    test.setTimeout(120_000);
    const [port, simPort] = [await freePort(), await freePort()];
    const server = run("node", ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      NEXT_TELEMETRY_DISABLED: "1",
      TZ: SERVER_TZ,
      KORE_BASE_URL: "",
      // Kore.ai (the simulator) writes wall time in India; nobody told Floorview.
      SIM_TIMEZONE: "Asia/Kolkata",
      KORE_EVENT_TIMEZONE: "UTC",
      SIM_PORT: String(simPort),
      SIM_AGENTS: "12",
      SIM_HISTORY_HOURS: "14",
      KORE_POLL_INTERVAL_SECONDS: "2",
      FLOORVIEW_REFRESH_SECONDS: "1",
      FLOORVIEW_IMPORT_DAYS: "0",
      LOG_LEVEL: "warn",
    });
    procs.push(server);
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/api/health`, server);
    await expect.poll(async () => ((await (await fetch(`${base}/api/diagnostics?summary=1`)).json()) as DiagnosticsSummary).failing.map((c) => c.id), { timeout: 30_000 }).toContain("event_time_zone");

    // The grid: the banner names the fix, and the way to the page.
    await page.goto(`${base}/`);
    const banner = page.locator("[data-connection-banner]");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("KORE_EVENT_TIMEZONE=Asia/Kolkata");
    await expect(banner).toContainText("nothing read is being kept in its store");
    // Everyone is told the times on screen are not to be trusted; states are.
    await expect(page.locator("[data-upstream-banner]")).toContainText("Kore.ai's times are being read wrongly.");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "reports/screenshots/grid-connection-banner-laptop-1440x900-light.png" });
    await banner.getByRole("link", { name: "See the connection" }).click();

    // The page: the failing check with its hint and the evidence.
    await expect(page).toHaveURL(`${base}/connection`);
    const zone = page.locator('[data-check-id="event_time_zone"]');
    await expect(zone).toHaveAttribute("data-status", "fail");
    await expect(zone).toContainText("EventTime looks 5 h 30 min ahead of the window asked for");
    await expect(zone.locator('[data-field="hint"]')).toContainText("KORE_EVENT_TIMEZONE=Asia/Kolkata (or another zone at +05:30)");
    await expect(page.locator('[data-field="connection-verdict"]')).toContainText("not written to its store");
    await expect(page.locator('[data-field="sample"]').first()).toContainText("s ahead");
    await sweep(page, "connection", async () => {
      await expect(zone).toBeVisible();
    });

    const report = (await (await fetch(`${base}/api/diagnostics`)).json()) as DiagnosticsReport;
    expect(report.keeping).toBe(false);
    expect(report.readsHeld).toBeGreaterThan(0);
    const metrics = await (await fetch(`${base}/api/metrics`)).text();
    expect(metrics).toContain('floorview_upstream_checks_failing{check="event_time_zone"} 1');
    expect(metrics).toContain("floorview_store_keeping 0");
  });
});
