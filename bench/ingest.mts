/**
 * Ingest: Kore.ai's rows through normalise (field casing, EventTime in a zone), de-duplicate and
 * current state, in events per second. The rows are the simulator's: 5,000 agents, 12 hours
 * (about 200,000 events), written as the wire carries them. Pure CPU, no I/O.
 *
 *   npm run bench:ingest -- --agents 5000 --hours 12 --rounds 5
 */
import { EventLog } from "@/lib/activity/event-log";
import { wireEventTime } from "@/lib/simulator/wire";
import { normalizeActivity } from "@/lib/kore/normalize";
import { SimFloor } from "@/lib/simulator/floor";
import { numberArg, record } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const hours = numberArg("hours", 12);
const rounds = numberArg("rounds", 5);
const zone = "America/New_York";
const now = Date.parse("2026-11-27T15:00:00Z");

const floor = new SimFloor({ agents, seed: "bench", start: now, historyMs: (hours + 1) * 3_600_000 });
const events = floor.query(now - hours * 3_600_000, now, now);
const body = { accountId: "bench", AgentUpdates: events.map((e) => ({ AgentId: e.agentId, EventTime: wireEventTime(e.time, zone), Activity: e.activity, ReasonCode: e.reasonCode })) };
// What the client hands on: the body parsed from JSON (parsing is measured too).
const json = JSON.stringify(body);

const rates: number[] = [];
let states = 0;
for (let r = 0; r < rounds; r++) {
  const started = performance.now();
  const parsed = JSON.parse(json) as unknown;
  const { events: normalized } = normalizeActivity(parsed, zone);
  const log = new EventLog();
  log.add(normalized);
  // The same rows again, as an overlapping poll brings them: all duplicates.
  log.add(normalizeActivity(JSON.parse(json) as unknown, zone).events);
  states = 0;
  for (const id of log.agentIds()) if (log.stateOf(id)) states++;
  const seconds = (performance.now() - started) / 1000;
  rates.push((2 * events.length) / seconds);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
console.log(`rows: ${events.length} (${agents} agents, ${hours} h), each ingested twice (the second time all duplicates); ${states} agents with a state`);
console.log(`ingest (JSON.parse + normalise + de-duplicate + state): median ${Math.round(median).toLocaleString("en")} events/s, slowest ${Math.round(rates[0]!).toLocaleString("en")} events/s over ${rounds} rounds (target ≥ 500,000)`);
await record("ingest", { rows: events.length, agents, hours, medianEventsPerSecond: Math.round(median), slowestEventsPerSecond: Math.round(rates[0]!), target: 500_000, pass: median >= 500_000 });
