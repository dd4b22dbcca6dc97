#!/usr/bin/env node
/**
 * The floor at a past instant (`GET /api/agents?at=`, issue 35): a simulator day (200 agents, 24
 * hours of history, Floorview keeping the last 8 in memory and reading the rest from Kore.ai into
 * its store), 50 random instants of that day asked over HTTP. Every answer is held against the
 * simulator's truth at the instant (every agent's activity, reason and since); the figures are the
 * answer times. Target: p95 < 300 ms. Needs `npm run build` first.
 *
 *   npm run bench:floor-at -- [--agents 200] [--instants 50]
 */
import { numberArg, record, startFloorview, startStandaloneSimulator } from "./lib.mjs";

const HOUR = 3_600_000;
const agents = numberArg("agents", 200);
const instants = numberArg("instants", 50);
const sim = await startStandaloneSimulator(numberArg("sim-port", 4330), { SIM_AGENTS: String(agents), SIM_HISTORY_HOURS: "24", SIM_SEED: "bench-floor-at" });
const { base, stop } = await startFloorview(numberArg("port", 3330), {
  ...sim.koreEnv,
  AUTH_DISABLED: "true",
  KORE_BACKFILL_HOURS: "8",
  KORE_MAX_REQUESTS_PER_MINUTE: "60",
});

const started = Date.now();
// The day before memory is read from Kore.ai once (into the store): asked until complete, not counted.
for (let h = 23; h >= 8; h--) {
  const at = new Date(started - h * HOUR).toISOString();
  for (let i = 0; ; i++) {
    const res = await fetch(`${base}/api/agents?at=${at}`);
    if (res.ok && (await res.json()).complete) break;
    if (i > 120) throw new Error(`the floor at ${at} stayed incomplete for 2 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// A seeded generator: the same instants every run.
let seed = 0x2545f491;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
const times = [];
let checked = 0;
for (let n = 0; n < instants; n++) {
  // Any whole second of the day, up to two minutes ago (what the feed has surely released).
  const at = Math.floor((started - 22 * HOUR + random() * (22 * HOUR - 2 * 60_000)) / 1000) * 1000;
  const t0 = performance.now();
  const res = await fetch(`${base}/api/agents?at=${iso(at)}`);
  const body = await res.json();
  times.push(performance.now() - t0);
  if (!res.ok) throw new Error(`?at=${iso(at)}: ${res.status} ${JSON.stringify(body)}`);
  if (!body.historical || body.asOf !== iso(at) || !body.complete) throw new Error(`?at=${iso(at)}: not a complete historical answer (${JSON.stringify({ historical: body.historical, asOf: body.asOf, complete: body.complete })})`);
  const truth = await (await fetch(`${sim.url}/__sim/truth?at=${iso(at)}`)).json();
  const expected = new Map(truth.agents.map((t) => [t.agentId, t]));
  for (const a of body.agents) {
    const t = expected.get(a.agentId);
    const want = t ? { activity: t.activity, reasonCode: t.reasonCode, since: iso(t.since) } : { activity: null, reasonCode: null, since: null };
    const got = { activity: a.activity, reasonCode: a.reasonCode, since: a.since };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      const q = new URLSearchParams({ agent: a.agentId, from: iso(at - 6 * HOUR), to: iso(at + HOUR), knownFrom: iso(at - 48 * HOUR) });
      const segments = await (await fetch(`${sim.url}/__sim/segments?${q}`)).json();
      const timeline = await (await fetch(`${base}/api/agents/${a.agentId}/timeline?from=${iso(at - 6 * HOUR)}&to=${iso(at + HOUR)}`)).json();
      console.error(JSON.stringify({ truth: segments.segments, floorview: timeline.segments, gaps: timeline.gaps }, null, 1));
      throw new Error(`${a.agentId} at ${iso(at)}: ${JSON.stringify(got)}, the simulator says ${JSON.stringify(want)}`);
    }
    checked++;
  }
  if (body.agents.length !== truth.roster.length) throw new Error(`${body.agents.length} agents at ${iso(at)}, the roster has ${truth.roster.length}`);
}
stop();

times.sort((a, b) => a - b);
const p = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
console.log(`${instants} instants of a day × ${agents} agents: every agent's activity, reason and since equal to the simulator's truth (${checked} states)`);
console.log(`answer time: median ${p(0.5).toFixed(0)} ms, p95 ${p(0.95).toFixed(0)} ms, worst ${times.at(-1).toFixed(0)} ms (target p95 < 300 ms)`);
await record("floor-at", { agents, instants, medianMs: Math.round(p(0.5)), p95Ms: Math.round(p(0.95)), worstMs: Math.round(times.at(-1)) });
process.exit(p(0.95) < 300 ? 0 : 1);
