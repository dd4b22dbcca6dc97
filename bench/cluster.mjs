#!/usr/bin/env node
/**
 * Several instances on one Redis (REDIS_URL), 5,000 agents and 12 h of history: the leader's
 * backfill, a second instance catching up from Redis, Redis's memory per event, Kore.ai calls with
 * one instance and with two, and the takeover when the leader is killed. Needs a build and
 * Debian's redis-server.
 *
 *   npm run bench:cluster -- --agents 5000 --hours 12 --interval 5
 */
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { numberArg, record, startFloorview, startStandaloneSimulator } from "./lib.mjs";

const agents = numberArg("agents", 5000);
const hours = numberArg("hours", 12);
const interval = numberArg("interval", 5);
const window = numberArg("window", 30);
const redisPort = numberArg("redis-port", 6391);

const redisServer = spawn(process.env.REDIS_SERVER ?? "redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
process.on("exit", () => redisServer.kill("SIGKILL"));
const redis = new Redis(`redis://127.0.0.1:${redisPort}`, { retryStrategy: (n) => (n > 50 ? null : 100) });
// Until redis-server listens, the first attempts are refused: the client retries.
redis.on("error", () => undefined);
await redis.ping();
await redis.flushall();

const sim = await startStandaloneSimulator(4311, { SIM_AGENTS: String(agents), SIM_HISTORY_HOURS: String(hours + 1) });
const env = {
  ...sim.koreEnv,
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  AUTH_DISABLED: "true",
  KORE_BACKFILL_HOURS: String(hours),
  KORE_POLL_INTERVAL_SECONDS: String(interval),
  KORE_MAX_REQUESTS_PER_MINUTE: "60",
  KORE_ROSTER_PAGE_SIZE: "1000",
};
const health = async (base) => (await fetch(`${base}/api/health`)).json();
const activityCalls = async () => (await (await fetch(`${sim.url}/__sim/stats`)).json()).requests.activity;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let t = Date.now();
const a = await startFloorview(3311, env);
const leaderBackfillS = (Date.now() - t) / 1000;
const held = (await health(a.base)).upstream.eventsHeld;
console.log(`leader: backfill ${leaderBackfillS.toFixed(1)} s from start to the first complete snapshot (${held.toLocaleString("en")} events)`);

let calls = await activityCalls();
await sleep(window * 1000);
const oneInstance = (await activityCalls()) - calls;

t = Date.now();
const b = await startFloorview(3312, env);
for (;;) {
  const h = await health(b.base);
  if (h.upstream.eventsHeld >= held) break;
  await sleep(100);
}
const followerReadyS = (Date.now() - t) / 1000;
console.log(`second instance: complete snapshot ${followerReadyS.toFixed(1)} s after its start, read from Redis (role ${(await health(b.base)).cluster.role})`);

calls = await activityCalls();
await sleep(window * 1000);
const twoInstances = (await activityCalls()) - calls;
const ratio = oneInstance === 0 ? null : twoInstances / oneInstance;
console.log(`Kore.ai activity calls in ${window} s: 1 instance ${oneInstance}, 2 instances ${twoInstances} (ratio ${ratio?.toFixed(2)}; target 1.0)`);

const info = await redis.info("memory");
const usedBytes = Number(/used_memory:(\d+)/.exec(info)?.[1]);
const events = (await health(a.base)).upstream.eventsHeld;
console.log(`Redis: ${(usedBytes / 1048576).toFixed(1)} MB used for ${events.toLocaleString("en")} events (${(usedBytes / events).toFixed(0)} bytes/event), stream of ${await redis.xlen(`floorview:{sim-account}:events`)} entries`);

const [sa, sb] = await Promise.all([fetch(`${a.base}/api/agents`).then((r) => r.json()), fetch(`${b.base}/api/agents`).then((r) => r.json())]);
const same = JSON.stringify(sa.agents) === JSON.stringify(sb.agents);
console.log(`both instances answer the same agents: ${same}`);

const [leader, follower] = (await health(a.base)).cluster.role === "leader" ? [a, b] : [b, a];
process.kill(-leader.pid, "SIGKILL");
const killedAt = Date.now();
let takeoverMs = null;
let freshMs = null;
while (Date.now() - killedAt < 6 * interval * 1000) {
  const h = await health(follower.base);
  if (takeoverMs === null && h.cluster.role === "leader") takeoverMs = Date.now() - killedAt;
  if (takeoverMs !== null && Date.parse(h.upstream.coveredUntil) > killedAt) {
    freshMs = Date.now() - killedAt;
    break;
  }
  await sleep(50);
}
console.log(`leader killed: the other leads after ${takeoverMs} ms and has read past the kill after ${freshMs} ms (poll interval ${interval * 1000} ms; target ≤ ${2 * interval * 1000} ms)`);
follower.stop();

await record("cluster", {
  agents,
  hours,
  pollIntervalSeconds: interval,
  leaderBackfillSeconds: leaderBackfillS,
  secondInstanceReadySeconds: followerReadyS,
  activityCalls: { oneInstance, twoInstances, windowSeconds: window, ratio },
  redisBytes: usedBytes,
  redisBytesPerEvent: Math.round(usedBytes / events),
  events,
  sameAnswer: same,
  takeoverMs,
  readPastKillMs: freshMs,
  pass: ratio === 1 && takeoverMs !== null && takeoverMs <= 2 * interval * 1000 && same,
});
redis.disconnect();
process.exit(0);
