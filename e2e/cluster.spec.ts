import { freePort, startRedis, type TestRedis } from "@/test/redis";
import { FEED_ZONE, SERVER_TZ } from "../playwright.config";
import { expect, GridPage, SimulatorControl, startExpectingExit, test } from "./fixtures";
import { agents, health, kill as stop, run, waitUntilUp, type Proc } from "./processes";

/**
 * Several Floorview instances behind one load balancer, sharing one poller and one state through
 * a real redis-server: the production build, a stand-alone simulator as the tenant, over HTTP.
 */

const POLL_SECONDS = 2;
const BUDGET = 20;
/** The budget's window and its margin (SLOT_HELD_MS): the longest a read may wait for a call to be allowed. */
const BUDGET_WINDOW_MS = 65_000;
const AGENTS = 16;
const SECRET = "cluster-test-client-secret-0123456789";

test.describe("several instances on one Redis", () => {
  test.describe.configure({ timeout: 240_000 });
  let redis: TestRedis | undefined;
  const procs: Proc[] = [];

  // A failure says what each process printed (the last of it), beside the test's own error.
  test.afterEach(async ({}, info) => {
    if (info.status === info.expectedStatus) return;
    for (const [k, p] of procs.entries()) await info.attach(`process ${k} output`, { body: p.output().slice(-20_000), contentType: "text/plain" });
  });

  test.afterAll(async () => {
    await Promise.all(procs.map(stop));
    await redis?.stop();
  });

  test("share one poller: the leader is killed, another takes over within two poll intervals, nothing is lost, calls stay within budget", async ({ page }) => {
    redis = await startRedis();
    const simPort = await freePort();
    const sim = run("node", ["--conditions=react-server", "--import", "tsx", "lib/simulator/cli.ts"], {
      SIM_PORT: String(simPort),
      SIM_AGENTS: String(AGENTS),
      SIM_CLIENT_SECRET: SECRET,
      SIM_HISTORY_HOURS: "14",
      SIM_TIMEZONE: FEED_ZONE,
      TZ: SERVER_TZ,
      // Only the injected changes happen, so every state can be checked exactly against the truth
      // (a live floor's newest changes wait for their 30-second stack to be released).
      SIM_LIVE: "false",
    });
    procs.push(sim);
    await waitUntilUp(`http://127.0.0.1:${simPort}/__sim/health`, sim);
    const control = new SimulatorControl(simPort);

    const env = {
      NEXT_TELEMETRY_DISABLED: "1",
      TZ: SERVER_TZ,
      KORE_EVENT_TIMEZONE: FEED_ZONE,
      LOG_LEVEL: "info",
      REDIS_URL: redis.url,
      KORE_BASE_URL: `http://127.0.0.1:${simPort}`,
      KORE_ACCOUNT_ID: "sim-account",
      KORE_STREAM_ID: "st-simulator",
      KORE_CLIENT_ID: "cs-simulator",
      KORE_CLIENT_SECRET: SECRET,
      KORE_POLL_INTERVAL_SECONDS: String(POLL_SECONDS),
      KORE_MAX_REQUESTS_PER_MINUTE: String(BUDGET),
      FLOORVIEW_REFRESH_SECONDS: "1",
      AUTH_DISABLED: "true",
    };
    const ports = [await freePort(), await freePort()];
    const servers = ports.map((port) => run("node", ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], env));
    procs.push(...servers);
    for (const [k, port] of ports.entries()) await waitUntilUp(`http://127.0.0.1:${port}/api/health`, servers[k]!);

    // One leads, one follows and names it, both backfilled and showing the same floor. (Both start
    // at once: the first lease may go to one that is still catching up, and then to the other.)
    await expect
      .poll(async () => {
        const hs = await Promise.all(ports.map(health));
        const lead = hs.find((h) => h.cluster?.role === "leader");
        return [...hs.map((h) => [h.upstream.status, h.cluster?.role, h.cluster?.leader === lead?.cluster?.instance ? "names the leader" : "names another"].join(" ")).sort()];
      }, { timeout: 30_000 })
      .toEqual(["ok follower names the leader", "ok leader names the leader"]);
    const roles = await Promise.all(ports.map(health));
    const leaderAt = roles.findIndex((h) => h.cluster?.role === "leader");
    const [leaderPort, followerPort] = [ports[leaderAt]!, ports[1 - leaderAt]!];
    expect(roles[1 - leaderAt]!.cluster?.leader).toBe(roles[leaderAt]!.cluster?.instance);
    await expect.poll(async () => JSON.stringify(await agents(followerPort)), { timeout: 10_000 }).toBe(JSON.stringify(await agents(leaderPort)));
    const floor = await agents(followerPort);
    expect(floor.filter((a) => a.name)).toHaveLength(AGENTS);
    expect(floor.filter((a) => a.activity).length).toBeGreaterThan(AGENTS / 2);

    // N instances cost Kore.ai what one does: one poll per interval, from the leader only.
    const statsAt = async () => ((await (await fetch(`http://127.0.0.1:${simPort}/__sim/stats`)).json()) as { requests: { activity: number; agents: number; total: number }; log: { at: number; endpoint: string; status: number }[] });
    // (The follower's own count is taken over the same stretch: with a lease of 2.5 s, a start-up on
    // a busy machine may hand the lease over once before the roles settle, and what it read as
    // leader then is no call made beside the leader.)
    const before = (await statsAt()).requests.activity;
    const followerBefore = (await health(followerPort)).upstream.counters.activityRequests;
    const steadyFrom = Date.now();
    await new Promise((r) => setTimeout(r, 4 * POLL_SECONDS * 1000));
    const steady = (await statsAt()).requests.activity - before;
    expect(steady).toBeLessThanOrEqual(Math.ceil((Date.now() - steadyFrom) / (POLL_SECONDS * 1000)) + 1);
    expect((await health(followerPort)).upstream.counters.activityRequests - followerBefore).toBe(0);
    expect((await health(followerPort)).cluster?.role).toBe("follower");

    // A supervisor on the follower's grid.
    const grid = new GridPage(page, `http://127.0.0.1:${followerPort}`);
    await grid.open("?offline=show");
    await expect(grid.rows).toHaveCount(AGENTS);

    // The leader dies (no clean shutdown: its lease stays until it runs out).
    const dead = servers[leaderAt]!;
    await stop(dead);
    const diedAt = Date.now();
    const [first, second, third] = floor.map((a) => a.agentId);
    await control.event(first!, "notready", "2");
    await control.event(second!, "busy");
    await expect.poll(async () => (await health(followerPort)).cluster?.role, { timeout: 3 * POLL_SECONDS * 1000, intervals: [100] }).toBe("leader");
    const takeoverMs = Date.now() - diedAt;
    expect(takeoverMs).toBeLessThanOrEqual(2 * POLL_SECONDS * 1000);

    // What happened while nobody read Kore.ai reaches the screen, then what happens after. The new
    // leader's reads share the budget (20 calls a minute, most of the first minute spent on the
    // backfill, and its catch-up read of the gap first): a read may wait up to the minute's end.
    await expect(grid.field(first!, "reason")).toHaveAttribute("data-code", "2", { timeout: BUDGET_WINDOW_MS });
    await expect(grid.field(second!, "activity")).toHaveAttribute("data-activity", "busy");
    await control.event(third!, "notready", "7");
    await expect(grid.field(third!, "reason")).toHaveAttribute("data-code", "7", { timeout: BUDGET_WINDOW_MS });

    // No event lost: every agent's state and since are the simulator's truth (within the 12 hours
    // kept: a state begun before them shows its true since once the import of the day before has
    // handed it over, from the first event in the window until then, or not at all).
    // (Read again until they agree: a change made in the last poll interval is not on screen yet,
    // and one the feed releases at its 30-second stack may wait for the budget: 20 calls a minute,
    // most of the first minute spent on the backfill, so up to a minute. Seen once in CI at 15 s.)
    await expect(async () => {
      const { now: simNow, agents: truth } = (await (await fetch(`http://127.0.0.1:${simPort}/__sim/truth`)).json()) as {
        now: number;
        agents: { agentId: string; activity: string; reasonCode: string; since: number }[];
      };
      const windowStart = simNow - 12 * 3_600_000;
      const shown = new Map((await agents(followerPort)).map((a) => [a.agentId, a]));
      for (const t of truth) {
        const a = shown.get(t.agentId)!;
        if (t.since > windowStart + 60_000) {
          expect(a, t.agentId).toMatchObject({ activity: t.activity, reasonCode: t.reasonCode || null, since: new Date(t.since).toISOString() });
        } else if (a.since !== null) {
          // Begun before the window: its true since once the import has handed the state over,
          // until then from the first event in the window; the state itself is the truth's.
          expect(a, t.agentId).toMatchObject({ activity: t.activity, reasonCode: t.reasonCode || null });
          if (a.since !== new Date(t.since).toISOString()) expect(Date.parse(a.since)).toBeGreaterThanOrEqual(windowStart - 60_000);
        }
      }
    }).toPass({ timeout: BUDGET_WINDOW_MS });
    // A third instance started now holds exactly the survivor's events, from Redis, without a backfill.
    const thirdPort = await freePort();
    const late = run("node", ["scripts/start.mjs", "-p", String(thirdPort), "-H", "127.0.0.1"], env);
    procs.push(late);
    await waitUntilUp(`http://127.0.0.1:${thirdPort}/api/health`, late);
    await expect.poll(async () => JSON.stringify(await agents(thirdPort)), { timeout: 10_000 }).toBe(JSON.stringify(await agents(followerPort)));
    const [survivor, newcomer] = await Promise.all([health(followerPort), health(thirdPort)]);
    expect(newcomer.upstream.eventsHeld).toBe(survivor.upstream.eventsHeld);
    expect(newcomer.cluster?.role).toBe("follower");
    // Without a backfill: the newcomer itself has called Kore.ai not once (the leader goes on polling
    // meanwhile, and imports the day before the window behind its reserve: counting the simulator's
    // calls measured how long a start takes on a busy machine).
    expect(newcomer.upstream.counters.activityRequests).toBe(0);

    // A clean shutdown (SIGTERM) gives the lease up: the newcomer leads at once, not when the lease runs out.
    const survivorProc = servers[1 - leaderAt]!;
    const exited = new Promise((r) => survivorProc.child.once("exit", r));
    survivorProc.child.kill("SIGTERM");
    const stoppedAt = Date.now();
    // (Bounded: a shutdown that never ended once held this test until its own timeout.)
    await expect.poll(() => survivorProc.child.exitCode ?? survivorProc.child.signalCode, { timeout: 12_000, message: "SIGTERM ended the survivor (its output is attached to a failure)" }).not.toBeNull();
    await exited;
    await expect.poll(async () => (await health(thirdPort)).cluster?.role, { timeout: 3 * POLL_SECONDS * 1000, intervals: [100] }).toBe("leader");
    const handoverMs = Date.now() - stoppedAt;
    expect(handoverMs).toBeLessThan(POLL_SECONDS * 1000);

    // Within budget all along: no 60-second window holds more calls than the account's share.
    const log = (await statsAt()).log.map((r) => r.at).sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; i < log.length; i++) {
      while (log[i]! - log[j]! >= 60_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(BUDGET);
    expect((await statsAt()).log.filter((r) => r.status === 429)).toHaveLength(0);
    test.info().annotations.push({ type: "takeover", description: `after a kill ${takeoverMs} ms, after SIGTERM ${handoverMs} ms (poll interval ${POLL_SECONDS * 1000} ms)` });
  });

  test("an unreachable REDIS_URL stops start-up with a message naming it, never its password", async () => {
    const port = await freePort();
    const closed = await freePort();
    const { code, output } = await startExpectingExit(port, { REDIS_URL: `redis://:hunter2-redis-password@127.0.0.1:${closed}/0`, KORE_BASE_URL: "", LOG_LEVEL: "info" });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain(`REDIS_URL (redis://127.0.0.1:${closed}/0): could not connect to Redis`);
    expect(output).not.toContain("hunter2");
  });
});
