import { defineConfig } from "@playwright/test";

/** The app under test runs as a production build on the built-in simulator, fixed ports. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4110);
export const E2E_AGENTS = 40;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  // The tests share one server and its simulator, whose faults they switch on and off.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // This machine's network is closed: keep Chromium from dialling out at every start.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: `npx next start -p ${E2E_PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      KORE_BASE_URL: "",
      SIM_PORT: String(E2E_SIM_PORT),
      SIM_AGENTS: String(E2E_AGENTS),
      // Fast, yet leaving room in the budget for the drill-down's history reads (a quarter is
      // kept for the live feed; the feed at 1 poll/2 s takes half).
      KORE_POLL_INTERVAL_SECONDS: "2",
      KORE_MAX_REQUESTS_PER_MINUTE: "60",
      FLOORVIEW_REFRESH_SECONDS: "1",
      KORE_UNAUTHORIZED_RETRY_SECONDS: "1",
    },
  },
});
