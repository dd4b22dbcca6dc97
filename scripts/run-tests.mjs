#!/usr/bin/env node
/**
 * `npm test`: lint, typecheck, unit + integration tests (vitest), production build, browser
 * tests (Playwright in Debian's Chromium). Prints one `runner: N passed, N failed` line per test
 * runner, read from their JSON reports, and exits non-zero if any step failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const summaries = [];
let failed = false;

function run(label, command, args) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: "inherit", env });
  const ok = r.status === 0;
  console.log(`${ok ? "✓" : "✗"} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failed = true;
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

function summary(name, passed, failedCount) {
  summaries.push(`${name}: ${passed} passed, ${failedCount} failed`);
}

mkdirSync("reports", { recursive: true });
for (const f of ["reports/vitest.json", "reports/playwright.json"]) rmSync(f, { force: true });

run("lint", "npx", ["eslint", "."]);
run("typecheck", "npx", ["tsc", "--noEmit"]);

const unitOk = run("unit and integration tests (vitest)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=reports/vitest.json"]);
const v = readJson("reports/vitest.json");
// A file that fails to load fails no test: count it, so a red run never reads "0 failed".
if (v) summary("vitest", v.numPassedTests, v.numFailedTests || (unitOk ? 0 : Math.max(1, v.numFailedTestSuites)));
else summary("vitest", 0, 1);

if (!existsSync(chromium)) {
  console.error(`\n✗ No Chromium at ${chromium}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  summary("playwright", 0, 1);
  failed = true;
} else if (run("production build", "npm", ["run", "build"])) {
  run("browser tests (Playwright)", "npx", ["playwright", "test"]);
  const p = readJson("reports/playwright.json");
  if (p?.stats) summary("playwright", p.stats.expected + p.stats.flaky, p.stats.unexpected);
  else summary("playwright", 0, 1);
} else {
  summary("playwright", 0, 1);
}

console.log("");
for (const line of summaries) console.log(line);
process.exit(failed ? 1 : 0);
