import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

/**
 * The Docker image runs `node server.js` in a copy of `.next/standalone` (static files beside
 * it, as `npm run build` leaves them). This runs it the same way, without `npm start`'s helper:
 * the simulator starts, the API answers, the page and its scripts load.
 */
test("the stand-alone server of the build serves the grid, its scripts and the API", async ({ page }) => {
  const server = spawn("node", ["server.js"], {
    cwd: ".next/standalone",
    env: { ...process.env, PORT: "3197", HOSTNAME: "127.0.0.1", SIM_PORT: "4197", SIM_AGENTS: "8", KORE_BASE_URL: "", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  try {
    const base = "http://127.0.0.1:3197";
    await expect
      .poll(async () => {
        try {
          return ((await (await fetch(`${base}/api/health`)).json()) as { upstream: { status: string } }).upstream.status;
        } catch {
          return "down";
        }
      }, { timeout: 20_000 })
      .toBe("ok");
    await page.goto(base);
    await expect(page.locator("tr[data-agent-id]")).toHaveCount(8, { timeout: 15_000 });
  } finally {
    process.kill(-server.pid!, "SIGTERM");
  }
});
