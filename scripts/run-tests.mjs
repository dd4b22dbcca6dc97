#!/usr/bin/env node
/**
 * `npm test`: every check, in the order that finishes soonest on a small machine.
 *
 * First the production build and the unit and integration tests (vitest), beside them lint and
 * typecheck at the lowest priority (nothing in them waits on a clock). Then the browser tests
 * (Playwright in Debian's Chromium, two lanes), and beside them, on the core they leave idle, the
 * fast mutants and the clock runs. The vitest run itself is made at a set instant (00:10 UTC on the night
 * Berlin's clocks go back, by Debian's `faketime`), and the clock runs repeat the date-sensitive
 * suites at two more (23:55 on a 31st in New York, a summer afternoon): no test may depend on the
 * day or the hour it happens to run. Each step writes its output to reports/logs/<step>.log; a
 * step that fails prints it.
 *
 * Ends with one closing line per step, `step: N passed, N failed, N skipped (…)`, read from the
 * tools' own reports, the 15 slowest tests, and exits non-zero if any step failed. A test that
 * passed only on a retry counts as failed (there are none: retries are off), an error outside any
 * test (a server that would not start, a file that would not load) as a failure, and a skip is
 * counted and named.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const started = Date.now();
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const faketime = process.env.FAKETIME_BIN ?? "/usr/bin/faketime";
const chrt = "/usr/bin/chrt";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CI: process.env.CI ?? "1" };
const lines = [];
const skippedTitles = [];
let failed = false;

mkdirSync("reports/logs", { recursive: true });
for (const f of ["eslint.json", "vitest.json", "playwright.json", "mutants.json"]) rmSync(`reports/${f}`, { force: true });
for (const f of ["clock-1.json", "clock-2.json", "clock-3.json"]) rmSync(`reports/vitest-${f}`, { force: true });

const seconds = (ms) => (ms / 1000).toFixed(1);

/**
 * Runs a step with its output to reports/logs/<name>.log; resolves with its status and time.
 * `low`: at the lowest priority (nice 19); `idle`: only on a core nothing else wants (Linux's
 * SCHED_IDLE, by util-linux's chrt; nice 19 where there is none).
 */
function step(name, command, args, opts = {}) {
  const log = `reports/logs/${name}.log`;
  const out = createWriteStream(log);
  const t0 = Date.now();
  const [cmd, argv] = opts.idle && existsSync(chrt) ? [chrt, ["--idle", "0", command, ...args]] : opts.low || opts.idle ? ["nice", ["-n", "19", command, ...args]] : [command, args];
  console.log(`▶ ${name}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { env: { ...env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on("close", (code) => {
      out.end();
      const ok = code === 0;
      const took = Date.now() - t0;
      console.log(`${ok ? "✓" : "✗"} ${name} (${seconds(took)} s)`);
      if (!ok) {
        failed = true;
        out.on("close", () => {
          console.log(`\n── ${log} ──\n${readFileSync(log, "utf8").trimEnd().split("\n").slice(-200).join("\n")}\n──`);
        });
      }
      resolve({ ok, took, log });
    });
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

function line(name, passed, failedCount, skipped, detail) {
  lines.push(`${name}: ${passed} passed, ${failedCount} failed, ${skipped} skipped${detail ? ` (${detail})` : ""}`);
}

/** Vitest's JSON report: counts, files that did not load, skipped tests by name, durations. */
function vitestReport(path, label, s) {
  const v = readJson(path);
  if (!v) return line(label, 0, 1, 0, `no report, ${seconds(s.took)} s`);
  const unloaded = (v.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).every((a) => a.status !== "failed")).length;
  const skipped = (v.testResults ?? []).flatMap((f) => (f.assertionResults ?? []).filter((a) => a.status === "skipped" || a.status === "pending" || a.status === "todo").map((a) => `${label}: ${f.name.replace(`${process.cwd()}/`, "")}: ${a.fullName ?? a.title}`));
  skippedTitles.push(...skipped);
  for (const f of v.testResults ?? []) {
    const file = f.name.replace(`${process.cwd()}/`, "");
    const bad = (f.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of bad) failures.push(`${label}: ${file} › ${a.fullName ?? a.title}\n${firstLines((a.failureMessages ?? []).join("\n"))}`);
    if (f.status === "failed" && bad.length === 0) failures.push(`${label}: ${file} did not run\n${firstLines(f.message)}`);
  }
  const failedCount = v.numFailedTests + unloaded;
  line(label, v.numPassedTests, failedCount || (s.ok ? 0 : 1), skipped.length, `${unloaded} files that did not run, ${seconds(s.took)} s`);
  return v;
}

const durations = [];
/** Each failed test by name with the first lines of its error, printed just above the closing lines (a CI log is often read only at its end). */
const failures = [];
const firstLines = (text, n = 6) => String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").filter((l) => l.trim() !== "").slice(0, n).map((l) => `      ${l.trimEnd().slice(0, 240)}`).join("\n");
const webServersDidNotStart = (report) => {
  const errors = report?.errors ?? [];
  const ran = report?.stats ? report.stats.expected + report.stats.unexpected + report.stats.flaky : 0;
  return ran === 0 && errors.some((e) => /config\.webServer/.test(e.message ?? ""));
};

/** The machine's clock at three instants that have broken date-bound tests before; the first is the whole vitest run's. */
const CLOCKS = [
  ["00:10 UTC on the night Berlin's clocks go back", "2026-10-25 00:10:00"],
  ["23:55 on the 31st in New York, a year's end", "2027-01-01 04:55:00"],
  ["a summer afternoon", "2027-07-15 14:30:00"],
];
/** The suites whose answers depend on the day and the hour: days, shifts, zones, digests, windows up to now. */
const CLOCK_SUITES = [
  "lib/activity",
  "lib/time",
  "lib/kore/event-time.test.ts",
  "lib/server/reports/reports.integration.test.ts",
  "lib/server/reports/adherence.integration.test.ts",
  "lib/server/live/live-adherence.integration.test.ts",
  "lib/server/live/live-breaks.integration.test.ts",
  "lib/server/reports/flags.integration.test.ts",
  "lib/server/alerts/digest.integration.test.ts",
  "lib/server/alerts/alerts.integration.test.ts",
  "lib/server/reports/timeline.integration.test.ts",
];
const clockEnv = { TZ: "UTC", FAKETIME_DONT_FAKE_MONOTONIC: "1" };
const underClock = (instant, command, args) => (existsSync(faketime) ? [faketime, ["-f", `@${instant}`, command, ...args]] : [command, args]);

// The build (its types are checked by the typecheck step) and vitest at its instant, at full
// priority; lint and typecheck at the lowest (nothing in them waits on a clock).
const hasChromium = existsSync(chromium);
if (!hasChromium) console.error(`\n✗ No Chromium at ${chromium}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
const buildDone = hasChromium ? step("build", "npm", ["run", "build"], { env: { FLOORVIEW_BUILD_TYPES: "skip" } }) : Promise.resolve(null);
const unitDone = step("vitest", ...underClock(CLOCKS[0][1], "npx", ["vitest", "run", "--maxWorkers", "3", "--reporter=default", "--reporter=json", "--outputFile.json=reports/vitest.json"]), { env: clockEnv });
const lintDone = step("lint", "npx", ["eslint", ".", "--format", "json", "--output-file", "reports/eslint.json"], { low: true });
const tscDone = step("typecheck", "npx", ["tsc", "--noEmit", "--pretty", "false"], { low: true });

// Then the browser tests, the longest step, at full priority once the build and vitest are done
// (vitest's fault and timing cases and the browser tests would take each other's cores).
const browserPath = Promise.all([buildDone, unitDone]).then(async ([build]) => {
  if (!build) {
    failed = true;
    return { build, e2e: null };
  }
  if (!build.ok) return { build, e2e: null };
  return { build, e2e: await step("playwright", "npx", ["playwright", "test"]) };
});

// Beside them, on the core they leave idle: the mutants and the clock runs.
const besidePath = Promise.all([lintDone, tscDone, unitDone]).then(async ([lint, tsc, unit]) => {
  const mutants = await step("mutants", "node", ["scripts/mutants.mjs", "--fast"], { idle: true, env: { MUTANTS_SUMMARY: "reports/mutants.json" } });
  const clocks = [];
  if (existsSync(faketime)) {
    for (const i of [1, 2]) {
      const [, instant] = CLOCKS[i];
      clocks.push([i, await step(`clock-${i + 1}`, ...underClock(instant, "npx", ["vitest", "run", ...CLOCK_SUITES, "--maxWorkers", "2", "--reporter=default", "--reporter=json", `--outputFile.json=reports/vitest-clock-${i + 1}.json`]), { idle: true, env: { ...clockEnv, FLOORVIEW_TEST_POSTGRES: "off" } })]);
    }
  }
  return { lint, tsc, unit, mutants, clocks };
});

const [{ build, e2e }, { lint, tsc, unit, mutants, clocks }] = await Promise.all([browserPath, besidePath]);

// Lint: files with an error fail. Its JSON report read for the counts and printed readably.
const lintFiles = readJson("reports/eslint.json");
if (lintFiles) {
  for (const f of lintFiles) for (const m of f.messages) console.log(`${f.filePath}:${m.line}:${m.column}  ${m.severity === 2 ? "error" : "warning"}  ${m.message}  ${m.ruleId ?? ""}`);
  const bad = lintFiles.filter((f) => f.errorCount > 0).length;
  const warnings = lintFiles.reduce((n, f) => n + f.warningCount, 0);
  line("lint", lintFiles.length - bad, bad || (lint.ok ? 0 : 1), 0, `files, ${warnings} warnings, ${seconds(lint.took)} s`);
} else line("lint", 0, 1, 0, "no report");

const typeErrors = (readFileSync(tsc.log, "utf8").match(/error TS\d+/g) ?? []).length;
line("typecheck", tsc.ok ? 1 : 0, tsc.ok ? 0 : 1, 0, `${typeErrors} errors, ${seconds(tsc.took)} s`);

const v = vitestReport("reports/vitest.json", `vitest at ${CLOCKS[0][1]} (${CLOCKS[0][0]})`, unit);
for (const f of v?.testResults ?? []) for (const a of f.assertionResults ?? []) durations.push([a.duration ?? 0, `vitest  ${f.name.replace(`${process.cwd()}/`, "")} › ${a.title}`]);

if (build) line("build", build.ok ? 1 : 0, build.ok ? 0 : 1, 0, `${seconds(build.took)} s`);
else line("build", 0, 0, 0, "not run: no Chromium");

const p = readJson("reports/playwright.json");
if (!e2e) line("playwright", 0, 1, 0, build ? "no build" : "no Chromium");
else if (p?.stats) {
  const outside = (p.errors ?? []).length;
  if (!e2e.ok && webServersDidNotStart(p)) console.log(`\n✗ A web server did not start in time; no test ran (reports/logs/playwright.log, reports/secured-server.log).`);
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const r = t.results?.at(-1);
        durations.push([(t.results ?? []).reduce((n, x) => n + (x.duration ?? 0), 0), `browser ${file ?? suite.file} › ${spec.title}`]);
        if (t.status === "unexpected" || t.status === "flaky") {
          const bad = (t.results ?? []).find((x) => x.status !== "passed" && x.status !== "skipped");
          failures.push(`playwright: ${file ?? suite.file}:${spec.line} › ${spec.title}${t.status === "flaky" ? " (passed only on a retry)" : ""}${bad ? ` [${bad.status}, ${seconds(bad.duration ?? 0)} s]` : ""}\n${firstLines(bad?.error?.message ?? bad?.errors?.[0]?.message)}`);
        }
        if (t.status === "skipped") skippedTitles.push(`playwright: ${file ?? suite.file}: ${spec.title}${r?.annotations?.length ? ` (${r.annotations.map((a) => a.description).join("; ")})` : ""}`);
      }
    }
    for (const s of suite.suites ?? []) walk(s, file ?? suite.file);
  };
  for (const s of p.suites ?? []) walk(s);
  // A test that passed only on a retry (none are allowed: retries are off) counts as failed.
  const failedCount = p.stats.unexpected + p.stats.flaky + outside;
  line("playwright", p.stats.expected, failedCount || (e2e.ok ? 0 : 1), p.stats.skipped, `${p.stats.flaky} passed only on a retry, ${outside} errors outside tests, ${seconds(e2e.took)} s`);
  for (const e of p.errors ?? []) failures.push(`playwright: an error outside any test\n${firstLines(e.message)}`);
  if (outside > 0 || p.stats.flaky > 0) failed = true;
} else line("playwright", 0, 1, 0, "no report");

const m = readJson("reports/mutants.json");
if (m) lines.push(`mutants: caught ${m.caught} of ${m.total}${m.broken ? `, ${m.broken} broken` : ""}${m.missed ? `, ${m.missed} missed` : ""} (${seconds(mutants.took)} s)`);
else lines.push(`mutants: no report (${mutants.ok ? "?" : "failed"}, ${seconds(mutants.took)} s)`);

if (clocks.length === 0) {
  lines.push(`clocks: not run (no ${faketime}: apt-get install -y faketime)`);
  failed = true;
}
for (const [i, s] of clocks) vitestReport(`reports/vitest-clock-${i + 1}.json`, `clock ${CLOCKS[i][1]} (${CLOCKS[i][0]})`, s);

console.log("\nThe 15 slowest tests:");
for (const [ms, name] of durations.sort((a, b) => b[0] - a[0]).slice(0, 15)) console.log(`  ${seconds(ms).padStart(6)} s  ${name}`);
if (skippedTitles.length > 0) {
  console.log("\nSkipped:");
  for (const t of skippedTitles) console.log(`  ${t}`);
}
if (failures.length > 0) {
  console.log("\nFailed:");
  for (const f of failures.slice(0, 12)) console.log(`  ${f}`);
  if (failures.length > 12) console.log(`  … and ${failures.length - 12} more (reports/logs/)`);
}
console.log("");
for (const l of lines) console.log(l);
console.log(`all: ${failed ? "FAILED" : "passed"} in ${seconds(Date.now() - started)} s`);
process.exit(failed ? 1 : 0);
