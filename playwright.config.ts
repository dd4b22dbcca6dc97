import { resolve } from "node:path";
import { defineConfig } from "@playwright/test";

/** The app under test runs as a production build on the built-in simulator, fixed ports. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4110);
export const E2E_AGENTS = 40;
/**
 * The second lane's own floor, as the first (40 agents): the two lanes run at once, and a test
 * that switches a fault on or moves agents must not do it under another's feet.
 */
export const LANE_B = { port: 3101, simPort: 4111 } as const;
/** Wallboard floors: a small team and a large floor, each on its own server and simulator. */
export const WALLBOARD_FLOORS = [
  { agents: 12, port: 3112, simPort: 4112 },
  { agents: 300, port: 3130, simPort: 4130 },
] as const;
/**
 * The wallboard servers flag not ready with reason 9 (a code the simulator never uses) after
 * 4 s and 8 s, so a test can watch a tile cross both thresholds; their data goes stale after 6 s.
 */
export const WALLBOARD_THRESHOLDS = "notready=10m/20m,acw=5m/10m,busy=30m/60m,notready:9=4s/8s";

/**
 * A deployment as on a real tenant: Floorview behind a login, reading a stand-alone simulator
 * over KORE_BASE_URL with known credentials, so tests can look for those secrets where they
 * must never appear.
 */
export const SECURED = {
  port: 3150,
  simPort: 4150,
  password: "e2e correct horse battery",
  authSecret: "e2e-auth-secret-0123456789-abcdefghijklmnop",
  clientSecret: "e2e-kore-client-secret-0123456789abcdef",
  metricsToken: "e2e-metrics-token-0123456789abcdef",
} as const;

export const SECURED_LOG = "reports/secured-server.log";

/**
 * Alerts: the small wallboard floor's server sends them (e2e/alerts.json) to a stand-in for the
 * channels (e2e/alert-receiver.mjs: webhook, Slack and Teams by path, and an SMTP server). Not
 * 4190: fetch refuses the ports of other protocols (that one is ManageSieve's).
 */
/** Where the apart lane's server may read subscribed calendars from (e2e/schedules.spec.ts serves one there). */
export const CALENDAR_PORT = 4197;
export const ALERTS = { receiverPort: 4195, smtpPort: 4196, hookSecret: "e2e-hook-secret-0123456789" } as const;
const alertsEnv = {
  FLOORVIEW_ALERTS_FILE: resolve("e2e/alerts.json"),
  E2E_HOOK_URL: `http://127.0.0.1:${ALERTS.receiverPort}/hook`,
  E2E_HOOK_SECRET: ALERTS.hookSecret,
  E2E_SLACK_URL: `http://127.0.0.1:${ALERTS.receiverPort}/slack`,
  E2E_TEAMS_URL: `http://127.0.0.1:${ALERTS.receiverPort}/teams`,
  E2E_SMTP_URL: `smtp://127.0.0.1:${ALERTS.smtpPort}`,
};

export const SECURED_LABELS = resolve(".e2e-data/secured-labels.json");

/**
 * Nothing here runs in UTC, where zone code can take a short cut: Kore.ai's wall times are
 * Lord Howe's (a 30-minute daylight shift, +10:30/+11), the servers' own clock is Chatham's
 * (+12:45/+13:45), and the browser is in New York. A time read or shown in the wrong zone is off
 * by hours, not by nothing.
 */
export const FEED_ZONE = "Australia/Lord_Howe";
export const SERVER_TZ = "Pacific/Chatham";
export const BROWSER_ZONE = "America/New_York";

const serverEnv = (port: number, agents: number, extra: Record<string, string> = {}) => ({
  NEXT_TELEMETRY_DISABLED: "1",
  TZ: SERVER_TZ,
  KORE_EVENT_TIMEZONE: FEED_ZONE,
  LOG_LEVEL: "warn",
  KORE_BASE_URL: "",
  SIM_PORT: String(port),
  SIM_AGENTS: String(agents),
  // Fast, yet leaving room in the budget for the drill-down's history reads (a quarter is
  // kept for the live feed; the feed at 1 poll/2 s takes half).
  KORE_POLL_INTERVAL_SECONDS: "2",
  KORE_MAX_REQUESTS_PER_MINUTE: "60",
  FLOORVIEW_REFRESH_SECONDS: "1",
  KORE_UNAUTHORIZED_RETRY_SECONDS: "1",
  // The drill-down tests count history reads: no background import competes with them.
  FLOORVIEW_IMPORT_DAYS: "0",
  ...extra,
});

/** Each server keeps its store in its own directory, emptied at each run (the simulator's floor is new each time). */
const dataDir = (port: number) => `.e2e-data/${port}`;

const server = (port: number, env: Record<string, string>) => ({
  name: `Floorview :${port}`,
  command: `rm -rf ${dataDir(port)} && node scripts/start.mjs -p ${port} -H 127.0.0.1`,
  url: `http://127.0.0.1:${port}/api/health`,
  reuseExistingServer: false,
  // Seven servers start at once on a small machine: generous, and costs nothing when they are quick.
  timeout: 180_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
  env: { FLOORVIEW_DATA_DIR: dataDir(port), ...env },
});

/**
 * Two lanes, each one test at a time, the two at once (the machine has two cores). Each file is
 * in one lane; a lane's files share its servers, whose faults they switch on and off and whose
 * agents they move: the floors lane has the main floor, the small and the large; the apart lane
 * its own main floor, the login-protected server, and the specs that start servers of their own.
 * The large floor is only read, by both. The lanes take about as long as each other (the reports,
 * which only read, run in the first): a lane left alone at the end leaves a core idle.
 */
const FLOORS_LANE = ["grid-view", "wallboard", "grid", "alerts", "breaks", "flags", "reports", "connection"];
const APART_LANE = ["sso", "store", "security", "hostile-auth", "hostile-links", "hostile-reports", "hostile-schedules", "cluster", "standalone", "screenshots", "drilldown", "schedules", "api", "intraday"];
const specs = (names: string[]) => names.map((n) => `${n}.spec.ts`);

/** Each lane's main simulator, for the `sim` fixture (e2e/fixtures.ts). */
export interface LaneOptions {
  simPort: number;
}

export default defineConfig<LaneOptions>({
  testDir: "e2e",
  outputDir: "test-results",
  // After the web servers answer: each has read its feed (e2e/global-setup.ts).
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  projects: [
    { name: "floors", testMatch: specs(FLOORS_LANE), workers: 1, use: { baseURL: `http://127.0.0.1:${E2E_PORT}`, simPort: E2E_SIM_PORT } },
    { name: "apart", testMatch: specs(APART_LANE), workers: 1, use: { baseURL: `http://127.0.0.1:${LANE_B.port}`, simPort: LANE_B.simPort } },
  ],
  // No retries anywhere: a test that passes only on a second try is a failure to mend at its cause.
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  // A test focused with .only and left in fails the run instead of skipping the rest.
  forbidOnly: true,
  use: {
    timezoneId: BROWSER_ZONE,
    // A trace records every action of every test (a tenth of the suite's CPU); a failure keeps its
    // screenshot and error context, and PW_TRACE=1 records traces to look into one.
    trace: process.env.PW_TRACE ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // This machine's network is closed: keep Chromium from dialling out at every start.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: [
    server(E2E_PORT, serverEnv(E2E_SIM_PORT, E2E_AGENTS)),
    // The apart lane's floor; reason 9 crosses warn and alert in seconds here (the drill-down's level), as on the wallboard floors.
    server(LANE_B.port, serverEnv(LANE_B.simPort, E2E_AGENTS, { FLOORVIEW_THRESHOLDS: WALLBOARD_THRESHOLDS, FLOORVIEW_CALENDAR_HOSTS: `127.0.0.1:${CALENDAR_PORT}` })),
    {
      name: `Simulator :${SECURED.simPort}`,
      command: "node --conditions=react-server --import tsx lib/simulator/cli.ts",
      url: `http://127.0.0.1:${SECURED.simPort}/__sim/truth`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { SIM_PORT: String(SECURED.simPort), SIM_AGENTS: "12", SIM_CLIENT_SECRET: SECURED.clientSecret, SIM_HISTORY_HOURS: "14", SIM_TIMEZONE: FEED_ZONE, TZ: SERVER_TZ },
    },
    {
      ...server(SECURED.port, {}),
      name: `Floorview behind a login :${SECURED.port}`,
      // Its log is kept, for the test that looks for secrets in it.
      command: `mkdir -p reports && rm -rf ${dataDir(SECURED.port)} && node e2e/sim-labels.mjs http://127.0.0.1:${SECURED.simPort} ${SECURED_LABELS} && node scripts/start.mjs -p ${SECURED.port} -H 127.0.0.1 > ${SECURED_LOG} 2>&1`,
      env: {
      FLOORVIEW_DATA_DIR: dataDir(SECURED.port),
      ...serverEnv(SECURED.simPort, 12),
      KORE_BASE_URL: `http://127.0.0.1:${SECURED.simPort}`,
      KORE_ACCOUNT_ID: "sim-account",
      KORE_STREAM_ID: "st-simulator",
      KORE_CLIENT_ID: "cs-simulator",
      KORE_CLIENT_SECRET: SECURED.clientSecret,
      AUTH_PASSWORD: SECURED.password,
      AUTH_SECRET: SECURED.authSecret,
      // The tests stand in for one reverse proxy: the right-most X-Forwarded-For entry is the client.
      FLOORVIEW_TRUSTED_PROXIES: "1",
      FLOORVIEW_METRICS_TOKEN: SECURED.metricsToken,
      // The simulator's agents dealt into teams, as a tenant's labels config would: links and roles are scoped by team.
      FLOORVIEW_LABELS_FILE: SECURED_LABELS,
      LOG_LEVEL: "info",
      },
    },
    {
      name: "Alert channels",
      command: "node e2e/alert-receiver.mjs",
      url: `http://127.0.0.1:${ALERTS.receiverPort}/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      env: { ALERT_RECEIVER_PORT: String(ALERTS.receiverPort), ALERT_SMTP_PORT: String(ALERTS.smtpPort) },
    },
    ...WALLBOARD_FLOORS.map((f) =>
      server(
        f.port,
        serverEnv(f.simPort, f.agents, {
          FLOORVIEW_THRESHOLDS: WALLBOARD_THRESHOLDS,
          FLOORVIEW_STALE_AFTER_SECONDS: "6",
          SIM_HISTORY_HOURS: "14",
          ...(f.agents === 12 && { ...alertsEnv, FLOORVIEW_PUBLIC_URL: `http://127.0.0.1:${f.port}` }),
        }),
      ),
    ),
  ],
});
