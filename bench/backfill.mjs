#!/usr/bin/env node
/**
 * Backfill: from starting the server to the first complete snapshot (status ok: every agent's
 * state read up to now), on the simulator with 5,000 agents and 12 hours of history. Names
 * arrive afterwards, page by page (the Agents API's documented page is 50). Needs a build.
 *
 *   npm run bench:backfill -- --agents 5000 --hours 12
 */
import { numberArg, record, startFloorview } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const hours = numberArg("hours", 12);
const started = Date.now();
const { base, stop } = await startFloorview(numberArg("port", 3301), { SIM_AGENTS: String(agents), SIM_HISTORY_HOURS: String(hours + 1), KORE_BACKFILL_HOURS: String(hours), SIM_PORT: "4301" });
const ms = Date.now() - started;
const health = await (await fetch(`${base}/api/health`)).json();
stop();
console.log(`agents: ${health.upstream.agents}, events read: ${health.upstream.eventsHeld.toLocaleString("en")} (${hours} h), requests: ${health.upstream.counters.activityRequests} activity + ${health.upstream.counters.rosterRequests} roster`);
console.log(`backfill: ${(ms / 1000).toFixed(1)} s from starting the server to the first complete snapshot (target ≤ 10 s)`);
await record("backfill", { agents: health.upstream.agents, hours, events: health.upstream.eventsHeld, seconds: ms / 1000, target: 10, pass: ms <= 10_000 });
process.exit(0);
