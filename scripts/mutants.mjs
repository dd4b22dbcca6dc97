#!/usr/bin/env node
/**
 * `npm run test:mutants`: the tests that guard Floorview's key promises are shown to fail against
 * a deliberately broken copy of the code they guard. Each mutant changes one line in a copy of the
 * tree (never the working tree: the other steps of `npm test` may run meanwhile), is type-checked
 * against the project (a mutant that does not compile proves nothing: reported as broken), and runs
 * the test that must catch it with vitest's JSON report. It counts as caught only when an
 * assertion of that test fails; a test that crashes, or a file that does not load, is not a catch.
 *
 *   npm run test:mutants              every vitest mutant
 *   npm run test:mutants -- --fast    the fast set `npm test` runs (under a minute)
 *   npm run test:mutants -- --e2e     also the browser-test mutants (a production build each, in the working tree)
 *
 * Ends with "mutants: caught N of M" (and the broken and the missed, named); exits non-zero when
 * one is missed or broken.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "..");
const vitest = (file, name) => ({ kind: "vitest", file, name });
const playwright = (file, name) => ({ kind: "playwright", file, name });

/** { area, what it breaks, file, the line as it is, the line broken, the test that must catch it, fast: in `npm test` } */
const MUTANTS = [
  {
    area: "scope",
    what: "a team's scope lets another team's agent through (teams no longer compared)",
    file: "lib/auth/scope.ts",
    line: "  if (s.teams && !teamIn(s.teams, agent.team)) return false;",
    broken: "  if (s.teams && agent.team === null) return false;",
    test: vitest("lib/auth/scope.test.ts"),
    fast: true,
  },
  {
    area: "sign-in",
    what: "safeNext lets a path resolve to //another.host (an open redirect after sign-in, through dot segments)",
    file: "lib/auth/tokens.ts",
    line: "    return /^\\/[\\/\\\\]/.test(path) ? \"/\" : path;",
    broken: "    return /^\\/\\\\/.test(path) ? \"/\" : path;",
    test: vitest("lib/auth/tokens.test.ts"),
    fast: true,
  },
  {
    area: "reports",
    what: "a report cell counts a segment to its end, not clipped to the cell",
    file: "lib/activity/report.ts",
    line: "      const ms = Math.min(s.end ?? until, end) - Math.max(s.start, start);",
    broken: "      const ms = (s.end ?? until) - Math.max(s.start, start);",
    test: vitest("lib/activity/report.test.ts"),
    fast: true,
  },
  {
    area: "adherence",
    what: "adherence ignores its grace: every stretch out is an exception, however short",
    file: "lib/activity/adherence.ts",
    line: "    if (o.end - start < graceOf(rules, o.scheduled) || o.end <= from) return;",
    broken: "    if (o.end <= from) return;",
    test: vitest("lib/activity/adherence.test.ts"),
    fast: true,
  },
  {
    area: "alerts",
    what: "an alert's key without its episode: a second outage raises nothing",
    file: "lib/server/alerts/alert-sources.ts",
    line: "const episodeKey = (base: string, since: number) => `${base}@${since}`;",
    broken: "const episodeKey = (base: string, since: number) => `${base}@${since > 0 ? 0 : since}`;",
    test: vitest("lib/server/alerts/alert-kinds.integration.test.ts", "Kore.ai down"),
    fast: true,
  },
  {
    area: "alerts",
    what: "the webhook is signed over the body alone, without its timestamp (a replay could not be told)",
    file: "lib/alerts/messages.ts",
    line: "  return `sha256=${createHmac(\"sha256\", secret).update(`${timestamp}.${body}`).digest(\"hex\")}`;",
    broken: "  return `sha256=${createHmac(\"sha256\", secret).update(timestamp < 0 ? `${timestamp}.${body}` : body).digest(\"hex\")}`;",
    test: vitest("lib/server/alerts/alerts.integration.test.ts"),
    fast: true,
  },
  {
    area: "store",
    what: "after a dropped read, a later read covers the dropped range (its events marked known for good, never read again)",
    file: "lib/server/feed/store-writer.ts",
    line: "    const coveredFrom = Math.max(read.coveredFrom, this.holeUntil);",
    broken: "    const coveredFrom = read.coveredFrom;",
    test: vitest("lib/server/feed/store.integration.test.ts", "more held"),
    fast: true,
  },
  {
    area: "live",
    what: "live flags keep an agent's answer until its next event (an event stamped ahead of the clock never counts)",
    file: "lib/server/live/live-flags.ts",
    line: "    if (held && held.revision === revision && held.readFrom === readFrom && held.starts === starts && (held.ahead === null || at < held.ahead)) return held;",
    broken: "    if (held && held.revision === revision && held.readFrom === readFrom && held.starts === starts) return held;",
    test: vitest("lib/server/live/live-ahead.integration.test.ts"),
  },
  {
    area: "feed",
    what: "the poller moves one event of each read by a second: one lost, one extra, the count unchanged",
    file: "lib/server/feed/poller.ts",
    line: "      const { events, skippedTotal } = read;",
    broken: "      const { events, skippedTotal } = read; if (events[0]) events[0] = { ...events[0], time: events[0].time + 1000 };",
    test: vitest("lib/server/feed/poller.integration.test.ts", "backfills"),
  },
  {
    area: "timeline",
    what: "segments are not merged across a repeated state",
    file: "lib/activity/timeline.ts",
    line: "      if (run && run.activity === e.activity && run.reasonCode === e.reasonCode) continue;",
    broken: "      if (run && run.activity === e.activity && run.reasonCode === e.reasonCode && run.start < 0) continue;",
    test: vitest("lib/server/reports/timeline.integration.test.ts"),
  },
  {
    area: "feed",
    what: "EventTime read with its day's noon offset (off by the shift before a change of the clocks)",
    file: "lib/kore/event-time.ts",
    line: "  const at = (hour: number) => wallTimeToUtc(Date.UTC(w.year, month - 1, day, hour, w.minute, w.second, w.ms), reading.zone);",
    broken: "  const noon = Date.UTC(w.year, month - 1, day, 12); const at = (hour: number) => Date.UTC(w.year, month - 1, day, hour, w.minute, w.second, w.ms) - (noon - wallTimeToUtc(noon, reading.zone));",
    test: vitest("lib/kore/event-time.test.ts"),
  },
  {
    area: "feed",
    what: "a body over the limit is read whole before it is refused",
    file: "lib/kore/client.ts",
    line: "    if (total > maxBytes) {",
    broken: "    if (total > maxBytes * 1000) {",
    test: vitest("lib/kore/client.integration.test.ts", "50 MB"),
  },
  {
    area: "snapshot",
    what: "the snapshot is built when asked, not when the poller changes",
    file: "lib/server/live/snapshot-publisher.ts",
    line: "    this.unsubscribe ??= this.poller.onChange(() => this.schedule());",
    broken: "    this.unsubscribe ??= () => undefined;",
    test: vitest("lib/server/feed/snapshot.test.ts", "quiet spell"),
  },
  {
    area: "states",
    what: "an activity's key drops its digits (away2 becomes away)",
    file: "lib/states/family.ts",
    line: 'export const activityKey = (activity: string): string => activity.toLowerCase().replace(/[^a-z0-9]/g, "");',
    broken: 'export const activityKey = (activity: string): string => activity.toLowerCase().replace(/[^a-z]/g, "");',
    test: vitest("lib/states/vocabulary.test.ts"),
  },
];

const E2E_MUTANTS = [
  {
    area: "api",
    what: "/api/agents never answers 304",
    file: "lib/server/serve/agents-endpoint.ts",
    line: '  if (opts.ifNoneMatch?.split(",").some((t) => t.trim() === snapshot.etag)) return { status: 304, headers, body: [] };',
    broken: '  if (opts.ifNoneMatch?.split(",").some((t) => t.trim() === snapshot.etag) && now < 0) return { status: 304, headers, body: [] };',
    test: playwright("e2e/api.spec.ts", "304"),
  },
  {
    area: "snapshot",
    what: "every agent's reason is dropped from the snapshot",
    file: "lib/server/feed/snapshot.ts",
    line: "    reasonCode: s?.reasonCode ?? null,",
    broken: "    reasonCode: null,",
    test: playwright("e2e/grid.spec.ts", "shows every agent"),
  },
  {
    area: "freshness",
    what: "the page takes the answer's stale flag on trust, never looking at coveredUntil against the server's clock",
    file: "lib/queries/freshness.ts",
    line: "  return serverUnreachable || (upstream?.stale ?? false) || (deadline !== null && passed === deadline);",
    broken: "  return serverUnreachable || (upstream?.stale ?? false) || (deadline !== null && passed === deadline && deadline < 0);",
    test: playwright("e2e/grid.spec.ts", "kept by a cache"),
  },
  {
    area: "feed",
    what: "the feed's wall times are read as UTC, whatever KORE_EVENT_TIMEZONE says",
    file: "lib/server/feed/tenant.ts",
    line: "    reading: config.eventReading,",
    broken: '    reading: { ...config.eventReading, zone: "UTC" },',
    test: playwright("e2e/grid.spec.ts", "shows every agent"),
  },
];

const argv = process.argv.slice(2);
const fast = argv.includes("--fast");
const e2e = argv.includes("--e2e");
const chosen = fast ? MUTANTS.filter((m) => m.fast) : MUTANTS;

/** The project as the type checker sees it, with one file's text replaced: diagnostics of that file. */
function typeChecker() {
  const configPath = join(ROOT, "tsconfig.json");
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
  const overrides = new Map();
  const versions = new Map();
  const host = {
    getScriptFileNames: () => parsed.fileNames,
    getScriptVersion: (f) => String(versions.get(f) ?? 0),
    getScriptSnapshot: (f) => {
      const text = overrides.get(f) ?? (existsSync(f) ? readFileSync(f, "utf8") : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return (file, text) => {
    const path = join(ROOT, file);
    overrides.set(path, text);
    versions.set(path, (versions.get(path) ?? 0) + 1);
    const problems = [...service.getSyntacticDiagnostics(path), ...service.getSemanticDiagnostics(path)];
    overrides.delete(path);
    versions.set(path, (versions.get(path) ?? 0) + 1);
    return problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).slice(0, 2);
  };
}

/** A copy of what vitest needs (node_modules linked), with the mutant applied. */
function treeWith(m) {
  const dir = mkdtempSync(join(tmpdir(), "floorview-mutant-"));
  for (const entry of ["lib", "test", "components", "app", "vitest.config.mts", "tsconfig.json", "package.json"]) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const path = join(dir, m.file);
  writeFileSync(path, readFileSync(path, "utf8").replace(m.line, m.broken));
  return dir;
}

/** Runs the mutant's vitest test in its copy; what the JSON report says. */
function runVitest(m, dir) {
  const out = join(dir, "mutant-report.json");
  const args = ["vitest", "run", m.test.file, ...(m.test.name ? ["-t", m.test.name] : []), "--reporter=json", `--outputFile=${out}`];
  return new Promise((done) => {
    const child = spawn("npx", args, { cwd: dir, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FLOORVIEW_TEST_POSTGRES: m.test.file.includes("store") || m.test.file.includes("links") ? "on" : "off" } });
    child.on("exit", () => {
      let report = null;
      try {
        report = JSON.parse(readFileSync(out, "utf8"));
      } catch {
        // No report: vitest itself failed.
      }
      done(report);
    });
  });
}

/** caught: an assertion failed; crashed: tests failed, none on an assertion; unloaded: the file did not run. */
function judge(report) {
  if (!report) return { result: "broken", why: "vitest wrote no report" };
  const files = report.testResults ?? [];
  const tests = files.flatMap((f) => f.assertionResults ?? []);
  const failed = tests.filter((t) => t.status === "failed");
  if (failed.length === 0) {
    const unloaded = files.find((f) => f.status === "failed");
    if (unloaded) return { result: "broken", why: `the test file did not load: ${(unloaded.message ?? "").split("\n")[0].slice(0, 160)}` };
    if (tests.filter((t) => t.status === "passed").length === 0) return { result: "broken", why: "no test ran (check its name)" };
    return { result: "missed", why: `${tests.length} tests passed` };
  }
  const asserted = failed.find((t) => (t.failureMessages ?? []).some((msg) => /AssertionError|expected .* to /i.test(msg)));
  if (asserted) return { result: "caught", why: asserted.title };
  return { result: "crashed", why: `a test failed without an assertion: ${(failed[0].failureMessages?.[0] ?? "").split("\n")[0].slice(0, 160)}` };
}

const started = Date.now();
const check = typeChecker();
const results = [];
const queue = [];
for (const m of chosen) {
  const original = readFileSync(join(ROOT, m.file), "utf8");
  if (original.split(m.line).length !== 2) {
    results.push({ m, result: "broken", why: `the line to break is not (once) in ${m.file}: update this script` });
    continue;
  }
  const problems = check(m.file, original.replace(m.line, m.broken));
  if (problems.length > 0) {
    results.push({ m, result: "broken", why: `does not compile: ${problems.join("; ")}` });
    continue;
  }
  queue.push(m);
}

// Two at a time: each in its own copy, so they cannot see each other's change.
const CONCURRENCY = 2;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const dir = treeWith(m);
      try {
        const t0 = Date.now();
        const verdict = judge(await runVitest(m, dir));
        results.push({ m, ...verdict, seconds: (Date.now() - t0) / 1000 });
        process.stdout.write(`${verdict.result.padEnd(7)} ${m.area}: ${m.what} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }),
);

if (e2e) {
  // The browser mutants need a production build of the mutated tree: in the working tree, one at a time.
  for (const m of E2E_MUTANTS) {
    const original = readFileSync(join(ROOT, m.file), "utf8");
    if (original.split(m.line).length !== 2) {
      results.push({ m, result: "broken", why: `the line to break is not (once) in ${m.file}` });
      continue;
    }
    const restore = () => writeFileSync(join(ROOT, m.file), original);
    process.on("SIGINT", () => {
      restore();
      process.exit(130);
    });
    writeFileSync(join(ROOT, m.file), original.replace(m.line, m.broken));
    const run = spawnSync("sh", ["-c", `npm run build >/dev/null 2>&1 || exit 99; npx playwright test ${m.test.file} -g ${JSON.stringify(m.test.name)}`], { cwd: ROOT, stdio: "ignore" });
    restore();
    results.push({ m, result: run.status === 99 ? "broken" : run.status !== 0 ? "caught" : "missed", why: run.status === 99 ? "did not build" : "" });
  }
  spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
}

console.log("");
for (const r of results.filter((x) => x.result !== "caught")) console.log(`${r.result.toUpperCase()}: ${r.m.area}: ${r.m.what}\n        ${r.why}`);
const caught = results.filter((r) => r.result === "caught").length;
const broken = results.filter((r) => r.result === "broken").length;
const line = `mutants: caught ${caught} of ${results.length}${broken ? `, ${broken} broken` : ""} (${((Date.now() - started) / 1000).toFixed(0)} s)`;
console.log(line);
if (process.env.MUTANTS_SUMMARY) writeFileSync(process.env.MUTANTS_SUMMARY, JSON.stringify({ caught, total: results.length, broken, missed: results.length - caught - broken, seconds: (Date.now() - started) / 1000, results: results.map((r) => ({ area: r.m.area, what: r.m.what, result: r.result, why: r.why })) }));
process.exit(caught === results.length ? 0 : 1);
