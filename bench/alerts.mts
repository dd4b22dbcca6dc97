/**
 * Alerts in a burst (docs/benchmarks.md): 5,000 agents in memory, 1,000 of them past the alert
 * threshold in the same poll; the alert engine (on SQLite, as the embedded default) sends each to
 * a webhook and a Slack channel served by a local HTTP server. Measured: the latency from that
 * poll to each message's arrival (target p95 < 5 s), duplicates (target 0) and lost (target 0).
 * Then the digests of the same floor: each team's (1,250 agents) over the last 8 hours (in
 * memory, as the default 12-hour backfill keeps), made as the leader makes them: the time each
 * takes, and the longest the event loop was held meanwhile (the alerts' rounds wait that long).
 *
 *   npm run bench:alerts -- [--agents 5000] [--crossings 1000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import type { ActivityEvent } from "@/lib/activity/types";
import { parseAlertsConfig } from "@/lib/alerts/config";
import type { KoreClient } from "@/lib/kore/client";
import { performance } from "node:perf_hooks";
import { adherenceRules } from "@/lib/server/reports/adherence";
import { buildDigest, type DigestSources } from "@/lib/server/alerts/digest";
import { HistoryStore } from "@/lib/server/feed/history";
import { AlertEngine } from "@/lib/server/alerts/alerts";
import { LiveAdherence } from "@/lib/server/live/live-adherence";
import { LiveBreaks } from "@/lib/server/live/live-breaks";
import { LiveFlags } from "@/lib/server/live/live-flags";
import { Poller } from "@/lib/server/feed/poller";
import { RequestBudget } from "@/lib/server/feed/request-budget";
import { SimFloor } from "@/lib/simulator/floor";
import { sampleLabelsFor } from "@/lib/simulator/labels";
import { parseLabels } from "@/lib/states/labels-file";
import { parseThresholds } from "@/lib/states/thresholds";
import { Vocabulary } from "@/lib/states/vocabulary";
import { AlertStore } from "@/lib/store/alert-store";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { startReceivers } from "@/test/alert-receivers";
import { numberArg, record } from "./lib.mjs";

const HOUR = 3_600_000;
const agents = numberArg("agents", 5000);
const crossings = numberArg("crossings", 1000);
const now = Date.now();
// Twelve hours in memory, as the default backfill keeps (a digest's flags read the team's day).
const floor = new SimFloor({ agents, seed: `bench-alerts-${agents}`, start: now - 20_000, historyMs: 12 * HOUR, live: false });
const parsed = parseLabels(sampleLabelsFor(floor.agents));
// Reason 9 (a code the floor never uses) past alert after 8 s; nothing else alerts in the window.
const thresholds = parseThresholds("notready:9=4s/8s");
const vocab = new Vocabulary(parsed.labels, thresholds);
const asEvent = (e: { agentId: string; time: number; activity: string; reasonCode: string }): ActivityEvent => ({ agentId: e.agentId, time: e.time, activity: e.activity, reasonCode: e.reasonCode || null });

const refuse = async () => {
  throw new Error("no Kore.ai here");
};
const client: KoreClient = { fetchActivity: refuse, fetchRosterPage: refuse };
const poller = new Poller(client, new RequestBudget(60), { pollIntervalMs: 5_000, overlapMs: 90_000, backfillMs: 12 * HOUR, chunkMs: HOUR, rosterRefreshMs: 300_000, rosterPageSize: 1000 });
const base = now - 20_000;
poller.restore({ watermark: base, events: floor.query(base - 12 * HOUR, base, now).filter((e) => e.time < base).map(asEvent), anchors: [], roster: [], rosterLoadedAt: null });
// As after the first backfill: the states are current (the poller reports it caught up with the feed).
poller.health.recordSuccess(Date.now(), true);

const dir = mkdtempSync(join(tmpdir(), "floorview-bench-alerts-"));
const db = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "bench", onForeignTenant: "reset" });
const rx = await startReceivers();
const liveAdherence = new LiveAdherence(new ScheduleStore(db.db), poller, vocab, adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 180_000 }));
const sources = {
  poller,
  teams: parsed.teams,
  vocabulary: vocab,
  liveAdherence,
  liveBreaks: new LiveBreaks(poller, vocab, parsed.labels, parsed.teams, "UTC", liveAdherence),
  liveFlags: new LiveFlags(poller, vocab, parsed.flags, parsed.teams, "UTC", liveAdherence),
};
const chosen = floor.agents.slice(0, crossings).map((a) => a.agentId);
const config = parseAlertsConfig(
  JSON.stringify({
    channels: { hook: { type: "webhook", url: `${rx.url}/hook`, secret: "bench-secret-0123456789" }, slack: { type: "slack", url: `${rx.url}/slack` } },
    rules: [{ name: "Past alert", when: { threshold: "alert" }, agents: chosen, channels: ["hook", "slack"] }],
  }),
  parsed.labels.teamNames,
);
const engine = new AlertEngine(config, new AlertStore(db.db), sources, { publicUrl: "https://floorview.example.test", env: {}, mayRun: () => true, ready: () => true });
await engine.tick(); // nothing yet: the engine has read the store

// The burst: one poll brings 1,000 agents going not ready with reason 9, 9 s ago (past alert).
const t = Math.floor((Date.now() - 9_000) / 1000) * 1000;
const polledAt = Date.now();
poller.restore({ watermark: Date.now(), events: chosen.map((agentId) => ({ agentId, time: t, activity: "notready", reasonCode: "9" })), anchors: [], roster: [], rosterLoadedAt: null });
engine.start();
const expected = crossings * 2;
const deadline = Date.now() + 60_000;
while (rx.requests.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
await new Promise((r) => setTimeout(r, 2_000)); // any duplicate would have come by now
engine.stop();
await engine.idle();

const ids = rx.requests.map((r) => r.headers["x-floorview-delivery"]!);
const unique = new Set(ids);
const wanted = new Set(chosen.flatMap((id) => ["hook", "slack"].map((c) => `${id}|${c}`)));
const got = new Set(ids.map((id) => `${id.split("|")[1]!.split(":")[2]}|${id.split("|")[2]}`));
const lost = [...wanted].filter((k) => !got.has(k)).length;
const latencies = rx.requests.map((r) => r.at - polledAt).sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
const figures = { agents, crossings, messages: ids.length, duplicates: ids.length - unique.size, lost, p50Ms: q(0.5), p95Ms: q(0.95), maxMs: latencies.at(-1) ?? NaN };
console.log(`alerts: ${agents} agents, ${crossings} past alert in one poll, to a webhook and Slack: ${ids.length} messages; latency from the poll p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, max ${figures.maxMs} ms; duplicates ${figures.duplicates}, lost ${lost}`);
console.log(`  target p95 < 5000 ms, 0 duplicates, 0 lost: ${figures.p95Ms < 5000 && figures.duplicates === 0 && lost === 0 ? "met" : "NOT met"}`);
await record("alerts", figures);

// The digests: every team's over the span in memory, one after another, as the leader makes them.
const history = new HistoryStore(client, new RequestBudget(60), { chunkMs: 6 * HOUR, maxEvents: 100_000, reserve: 5 });
const digestSources: DigestSources = { poller, history, staleAfterMs: 45_000, teams: parsed.teams, schedules: new ScheduleStore(db.db), alertStore: new AlertStore(db.db), vocabulary: vocab, labels: parsed.labels, flagConfig: parsed.flags, adherenceRules: adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 180_000 }), floorZone: "UTC" };
const spanTo = Math.floor(base / 60_000) * 60_000;
const SPAN_HOURS = 8;
// The longest the event loop is held while the digests are made (the alerts' rounds wait that long).
let held = 0;
let last = performance.now();
const watch = setInterval(() => {
  const t = performance.now();
  held = Math.max(held, t - last - 5);
  last = t;
}, 5);
const took: number[] = [];
let digestAgents = 0;
let complete = true;
for (const team of parsed.labels.teamNames) {
  const started = performance.now();
  const body = await buildDigest(digestSources, "Bench digest", "UTC", team, spanTo - SPAN_HOURS * HOUR, spanTo, Date.now());
  took.push(Math.round(performance.now() - started));
  digestAgents += body.agents;
  complete &&= body.complete;
}
held = Math.max(held, performance.now() - last - 5);
clearInterval(watch);
const digestFigures = { teams: took.length, agents: digestAgents, spanHours: SPAN_HOURS, complete, msPerTeam: took, maxMs: Math.max(...took), eventLoopHeldMaxMs: Math.round(held) };
console.log(`digests: ${took.length} teams (${digestAgents} agents logged in) over ${SPAN_HOURS} h${complete ? "" : " (INCOMPLETE: part not in memory)"}: ${took.join(", ")} ms each; the event loop held at most ${digestFigures.eventLoopHeldMaxMs} ms at a time`);
await record("digests", digestFigures);
await rx.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
