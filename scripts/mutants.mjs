#!/usr/bin/env node
/**
 * `npm run test:mutants`: the tests that guard Floorview's key promises are shown to fail against
 * a deliberately broken copy of the code they guard. Each mutant changes one line of the working
 * tree, runs the test that must catch it, and puts the line back (also on Ctrl-C). A mutant the
 * test does not catch fails this script.
 *
 *   npm run test:mutants            the unit and integration mutants (a minute or two)
 *   npm run test:mutants -- --e2e   also the browser-test mutants (a production build each)
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const vitest = (file, name) => ["npx", ["vitest", "run", file, ...(name ? ["-t", name] : [])]];
/** A broken copy that does not even build proves nothing: exit 99 says so. */
const playwright = (file, name) => ["sh", ["-c", `npm run build >/dev/null 2>&1 || exit 99; npx playwright test ${file}${name ? ` -g ${JSON.stringify(name)}` : ""}`]];

/** [what it breaks, file, the line as it is, the line broken, the test that must catch it] */
const MUTANTS = [
  [
    "the poller moves one event of each read by a second: one lost, one extra, the count unchanged (the old oracle compared counts)",
    "lib/server/poller.ts",
    "      const { events, skippedTotal } = await this.client.fetchActivity(from, to);",
    "      const { events, skippedTotal } = await this.client.fetchActivity(from, to); if (events[0]) events[0] = { ...events[0], time: events[0].time + 1000 };",
    vitest("lib/server/poller.integration.test.ts", "backfills"),
  ],
  [
    "segments are not merged across a repeated state (the old timeline truth was built with the same function)",
    "lib/activity/timeline.ts",
    "      if (run && run.activity === e.activity && run.reasonCode === e.reasonCode) continue;",
    "      if (run && run.activity === e.activity && run.reasonCode === e.reasonCode && run.start < 0) continue;",
    vitest("lib/server/timeline.integration.test.ts"),
  ],
  [
    "EventTime read with its day's noon offset (off by the shift before a change of the clocks)",
    "lib/kore/event-time.ts",
    "  return wallTimeToUtc(Date.UTC(year, month - 1, day, hour, minute, second, ms), zone);",
    "  const noon = Date.UTC(year, month - 1, day, 12); return Date.UTC(year, month - 1, day, hour, minute, second, ms) - (noon - wallTimeToUtc(noon, zone));",
    vitest("lib/kore/event-time.test.ts"),
  ],
  [
    "the same naive EventTime, against the poller in America/New_York across a change of the clocks",
    "lib/kore/event-time.ts",
    "  return wallTimeToUtc(Date.UTC(year, month - 1, day, hour, minute, second, ms), zone);",
    "  const noon = Date.UTC(year, month - 1, day, 12); return Date.UTC(year, month - 1, day, hour, minute, second, ms) - (noon - wallTimeToUtc(noon, zone));",
    vitest("lib/server/poller.integration.test.ts", "clocks"),
  ],
  [
    "a body over the limit is read whole before it is refused (the old test watched the JS heap, where Buffers are not)",
    "lib/kore/client.ts",
    "    if (total > maxBytes) {",
    "    if (total > maxBytes * 1000) {",
    vitest("lib/kore/client.integration.test.ts", "50 MB"),
  ],
  [
    "the snapshot is built when asked, not when the poller changes (the first answer after a quiet spell was old)",
    "lib/server/snapshot-publisher.ts",
    "    this.unsubscribe ??= this.poller.onChange(() => this.schedule());",
    "    this.unsubscribe ??= () => undefined;",
    vitest("lib/server/snapshot.test.ts", "quiet spell"),
  ],
  [
    "an activity's key drops its digits (away2 becomes away, as one of the four old copies did)",
    "lib/states/family.ts",
    'export const activityKey = (activity: string): string => activity.toLowerCase().replace(/[^a-z0-9]/g, "");',
    'export const activityKey = (activity: string): string => activity.toLowerCase().replace(/[^a-z]/g, "");',
    vitest("lib/states/vocabulary.test.ts"),
  ],
];

const E2E_MUTANTS = [
  [
    "/api/agents never answers 304 (the old test accepted a 200)",
    "lib/server/agents-endpoint.ts",
    '  if (opts.ifNoneMatch?.split(",").some((t) => t.trim() === snapshot.etag)) return { status: 304, headers, body: [] };',
    '  if (opts.ifNoneMatch?.split(",").some((t) => t.trim() === snapshot.etag) && now < 0) return { status: 304, headers, body: [] };',
    playwright("e2e/api.spec.ts", "304"),
  ],
  [
    "every agent's reason is dropped from the snapshot (the old browser test compared the page with the same server's API)",
    "lib/server/snapshot.ts",
    "    reasonCode: s?.reasonCode ?? null,",
    "    reasonCode: null,",
    playwright("e2e/grid.spec.ts", "shows every agent"),
  ],
  [
    "the page takes the answer's stale flag on trust, never looking at coveredUntil against the server's clock",
    "lib/queries/freshness.ts",
    "  return serverUnreachable || (upstream?.stale ?? false) || (deadline !== null && passed === deadline);",
    "  return serverUnreachable || (upstream?.stale ?? false) || (deadline !== null && passed === deadline && deadline < 0);",
    playwright("e2e/grid.spec.ts", "kept by a cache"),
  ],
  [
    "the feed's wall times are read as UTC, whatever KORE_EVENT_TIMEZONE says (the old browser tests ran in UTC)",
    "lib/server/runtime.ts",
    "    eventTimeZone: config.eventTimeZone,",
    '    eventTimeZone: "UTC",',
    playwright("e2e/grid.spec.ts", "shows every agent"),
  ],
];

const mutants = process.argv.includes("--e2e") ? [...MUTANTS, ...E2E_MUTANTS] : MUTANTS;
let restore = null;
process.on("SIGINT", () => {
  restore?.();
  process.exit(130);
});

const results = [];
for (const [what, file, line, broken, [command, args]] of mutants) {
  const original = readFileSync(file, "utf8");
  if (original.split(line).length !== 2) {
    results.push([false, what, `the line to break is not (once) in ${file}: update this script`]);
    continue;
  }
  restore = () => writeFileSync(file, original);
  writeFileSync(file, original.replace(line, broken));
  process.stdout.write(`… ${what}\n`);
  const run = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  restore();
  restore = null;
  if (run.status === 99) results.push([false, what, "the broken copy did not build: fix the mutant"]);
  else results.push([run.status !== 0, what, `${command} ${args.join(" ")}`]);
}
if (process.argv.includes("--e2e")) {
  // The last build was of a broken copy: build the real one again.
  spawnSync("npm", ["run", "build"], { stdio: "ignore" });
}

console.log("");
for (const [caught, what, how] of results) console.log(`${caught ? "caught" : "MISSED"}: ${what}\n        ${how}`);
const missed = results.filter(([caught]) => !caught).length;
console.log(`\nmutants: ${results.length - missed} caught, ${missed} missed`);
process.exit(missed ? 1 : 0);
