#!/usr/bin/env node
/**
 * `npm test`: lint, typecheck, unit + integration tests (vitest), production build, browser
 * tests (Playwright in Debian's Chromium). Ends with one closing line per step,
 * `step: N passed, N failed`, read from the tools' own reports, and exits non-zero if any step
 * failed. A test that passed only on a retry is counted as flaky, an error outside any test
 * (a server that would not start, a file that would not load) as a failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const lines = [];
let failed = false;

function run(label, command, args, opts = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: opts.capture ? ["inherit", "pipe", "inherit"] : "inherit", env, maxBuffer: 64 * 1024 * 1024 });
  if (opts.capture) process.stdout.write(r.stdout ?? "");
  const ok = r.status === 0;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${ok ? "✓" : "✗"} ${label} (${seconds} s)`);
  if (!ok) failed = true;
  return { ok, seconds, stdout: r.stdout?.toString() ?? "" };
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

/** Playwright's report of a run that ended before any test, on a web server that did not come up. */
function serversDidNotStart(report) {
  const errors = report?.errors ?? [];
  const ran = report?.stats ? report.stats.expected + report.stats.unexpected + report.stats.flaky : 0;
  return ran === 0 && errors.some((e) => /config\.webServer/.test(e.message ?? ""));
}

/** The last lines of a server's log, if it wrote one. */
function tail(path) {
  if (!existsSync(path)) return ` (${path}: none written)`;
  const text = readFileSync(path, "utf8").trimEnd().split("\n").slice(-15).join("\n");
  return `\nThe last lines of ${path}:\n${text}`;
}

const SECURED_LOG = "reports/secured-server.log";

function line(name, passed, failedCount, detail) {
  lines.push(`${name}: ${passed} passed, ${failedCount} failed${detail ? ` (${detail})` : ""}`);
}

mkdirSync("reports", { recursive: true });
for (const f of ["reports/eslint.json", "reports/vitest.json", "reports/playwright.json"]) rmSync(f, { force: true });

// Lint: files with an error fail. One run, its JSON report read for the counts and printed readably.
const lint = run("lint", "npx", ["eslint", ".", "--format", "json", "--output-file", "reports/eslint.json"]);
const lintFiles = readJson("reports/eslint.json");
if (lintFiles) {
  for (const f of lintFiles) {
    for (const m of f.messages) console.log(`${f.filePath}:${m.line}:${m.column}  ${m.severity === 2 ? "error" : "warning"}  ${m.message}  ${m.ruleId ?? ""}`);
  }
  const bad = lintFiles.filter((f) => f.errorCount > 0).length;
  const warnings = lintFiles.reduce((n, f) => n + f.warningCount, 0);
  line("lint", lintFiles.length - bad, bad || (lint.ok ? 0 : 1), `files, ${warnings} warnings, ${lint.seconds} s`);
} else line("lint", 0, 1, "no report");

const tsc = run("typecheck", "npx", ["tsc", "--noEmit", "--pretty", "false"], { capture: true });
const typeErrors = (tsc.stdout.match(/error TS\d+/g) ?? []).length;
line("typecheck", tsc.ok ? 1 : 0, tsc.ok ? 0 : 1, `${typeErrors} errors, ${tsc.seconds} s`);

const unit = run("unit and integration tests (vitest)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=reports/vitest.json"]);
const v = readJson("reports/vitest.json");
if (v) {
  // A file that fails to load fails no test: count it, so a red run never reads "0 failed".
  const unloaded = (v.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).every((a) => a.status !== "failed")).length;
  const failedCount = v.numFailedTests + unloaded;
  line("vitest", v.numPassedTests, failedCount || (unit.ok ? 0 : 1), `${unloaded} files that did not run, ${unit.seconds} s`);
} else line("vitest", 0, 1, "no report");

if (!existsSync(chromium)) {
  console.error(`\n✗ No Chromium at ${chromium}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  line("build", 0, 0, "not run");
  line("playwright", 0, 1, "no Chromium");
  failed = true;
} else {
  const build = run("production build", "npm", ["run", "build"]);
  line("build", build.ok ? 1 : 0, build.ok ? 0 : 1, `${build.seconds} s`);
  if (build.ok) {
    const e2e = run("browser tests (Playwright)", "npx", ["playwright", "test"]);
    const p = readJson("reports/playwright.json");
    // No test ran: a web server did not answer in time. Playwright does not say which; the
    // login-protected server's log is the one kept (the others print their errors above, named).
    if (!e2e.ok && serversDidNotStart(p)) console.log(`\n✗ A web server did not start in time; no test ran.${tail(SECURED_LOG)}`);
    if (p?.stats) {
      const outside = (p.errors ?? []).length;
      const failedCount = p.stats.unexpected + outside;
      line("playwright", p.stats.expected + p.stats.flaky, failedCount || (e2e.ok ? 0 : 1), `${p.stats.flaky} flaky (passed on a retry), ${outside} errors outside tests, ${e2e.seconds} s`);
      if (outside > 0) failed = true;
    } else line("playwright", 0, 1, "no report");
  } else line("playwright", 0, 1, "no build");
}

console.log("");
for (const l of lines) console.log(l);
process.exit(failed ? 1 : 0);
