import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { AgentTimeline, AlertsAnswer } from "@/lib/api-types";
import { startReceivers, type Received, type Receivers } from "@/test/alert-receivers";
import { startPostgres, type TestPostgres } from "@/test/postgres";
import { freePort, startRedis, type TestRedis } from "@/test/redis";
import { FEED_ZONE, SERVER_TZ } from "../playwright.config";
import { expect, GridPage, SimulatorControl, startExpectingExit, test } from "./fixtures";
import { agents, health, kill, run, waitUntilUp, type Proc } from "./processes";

/**
 * Floorview's store, as a supervisor and an operator meet it: a server killed with SIGKILL comes
 * back from its store with the same floor, reading only the gap from Kore.ai; while Postgres is
 * down the grid stays live and says history is not being kept, and the banner goes when it is back.
 */

const SECRET = "store-secret-0123456789abcdef0123456789";
const AGENTS = 20;

test.describe("the store", () => {
  test.describe.configure({ timeout: 120_000 });
  const procs: Proc[] = [];
  let pg: TestPostgres | undefined;
  let redis: TestRedis | undefined;
  let receivers: Receivers | undefined;

  test.afterAll(async () => {
    await Promise.all(procs.map(kill));
    await receivers?.close();
    await pg?.destroy();
    await redis?.stop();
  });

  async function simulator(): Promise<{ port: number; control: SimulatorControl; calls: () => Promise<{ activity: number; agents: number }> }> {
    const port = await freePort();
    const sim = run("node", ["--conditions=react-server", "--import", "tsx", "lib/simulator/cli.ts"], { SIM_PORT: String(port), SIM_AGENTS: String(AGENTS), SIM_CLIENT_SECRET: SECRET, SIM_HISTORY_HOURS: "14", SIM_TIMEZONE: FEED_ZONE });
    procs.push(sim);
    await waitUntilUp(`http://127.0.0.1:${port}/__sim/health`, sim);
    const calls = async () => ((await (await fetch(`http://127.0.0.1:${port}/__sim/stats`)).json()) as { requests: { activity: number; agents: number } }).requests;
    return { port, control: new SimulatorControl(port), calls };
  }

  const serverEnv = (simPort: number, store: Record<string, string>) => ({
    NEXT_TELEMETRY_DISABLED: "1",
    TZ: SERVER_TZ,
    KORE_EVENT_TIMEZONE: FEED_ZONE,
    LOG_LEVEL: "info",
    KORE_BASE_URL: `http://127.0.0.1:${simPort}`,
    KORE_ACCOUNT_ID: "sim-account",
    KORE_STREAM_ID: "st-simulator",
    KORE_CLIENT_ID: "cs-simulator",
    KORE_CLIENT_SECRET: SECRET,
    KORE_POLL_INTERVAL_SECONDS: "1",
    FLOORVIEW_REFRESH_SECONDS: "1",
    FLOORVIEW_IMPORT_DAYS: "0",
    AUTH_DISABLED: "true",
    ...store,
  });

  async function startServer(port: number, env: Record<string, string>): Promise<Proc> {
    const server = run("node", ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], env);
    procs.push(server);
    await waitUntilUp(`http://127.0.0.1:${port}/api/health`, server);
    return server;
  }

  test("a server killed with SIGKILL comes back from its store with the same floor, reading only the gap", async ({ page }) => {
    const sim = await simulator();
    const port = await freePort();
    const env = serverEnv(sim.port, { FLOORVIEW_DATA_DIR: mkdtempSync(join(tmpdir(), "floorview-e2e-store-")) });
    const first = await startServer(port, env);
    await expect.poll(async () => (await health(port)).upstream.status, { timeout: 30_000 }).toBe("ok");
    await expect.poll(async () => (await agents(port)).filter((a) => a.name).length, { timeout: 30_000 }).toBe(AGENTS);
    const firstCalls = await sim.calls();
    expect(firstCalls.activity).toBeGreaterThanOrEqual(12);
    const floor = await agents(port);
    await kill(first);

    // The floor stands still from here (only the test's event happens), and something happens while it is down.
    await sim.control.hold(...floor.map((x) => x.agentId));
    const [a] = floor.map((x) => x.agentId);
    await sim.control.event(a!, "notready", "6");
    const before = await sim.calls();
    const restartedAt = Date.now();
    await startServer(port, env);
    await expect.poll(async () => (await health(port)).upstream.status, { timeout: 10_000, intervals: [50] }).toBe("ok");
    const backMs = Date.now() - restartedAt;
    const after = await sim.calls();
    // The gap, not a backfill: one read (two if a poll ran across the start); the roster is not due.
    expect(after.activity - before.activity).toBeLessThanOrEqual(2);
    expect(after.agents - before.agents).toBe(0);
    expect(backMs).toBeLessThan(15_000);

    // The same floor, with what happened meanwhile: every agent's state and since are the
    // simulator's truth (since the first start's window began: the store holds no older history),
    // both read afresh each time (a change stacked before the hold may still be released).
    await expect
      .poll(async () => {
        const { now: simNow, agents: truth } = (await (await fetch(`http://127.0.0.1:${sim.port}/__sim/truth`)).json()) as {
          now: number;
          agents: { agentId: string; activity: string; reasonCode: string; since: number }[];
        };
        const windowStart = simNow - 12 * 3_600_000 - (Date.now() - restartedAt) - 60_000;
        const shown = new Map((await agents(port)).map((x) => [x.agentId, x]));
        return truth
          .filter((t) => t.since > windowStart + 120_000)
          .filter((t) => {
            const x = shown.get(t.agentId);
            return !x || x.activity !== t.activity || x.reasonCode !== (t.reasonCode || null) || x.since !== new Date(t.since).toISOString();
          })
          .map((t) => t.agentId);
      }, { timeout: 35_000 })
      .toEqual([]);
    expect((await agents(port)).map((x) => x.agentId).sort()).toEqual(floor.map((x) => x.agentId).sort());
    const grid = new GridPage(page, `http://127.0.0.1:${port}`);
    await grid.open("?offline=show");
    await expect(grid.rows).toHaveCount(AGENTS);
    await expect(grid.field(a!, "reason")).toHaveAttribute("data-code", "6", { timeout: 10_000 });
    const h = await health(port);
    expect(h.store).toMatchObject({ engine: "sqlite", status: "ok", queuedReads: 0 });
    expect(h.store.eventsHeld).toBeGreaterThan(100);
  });

  test("while Postgres is down the grid stays live and says history is not being kept; when it is back, the banner goes", async ({ page }) => {
    pg = await startPostgres();
    const sim = await simulator();
    const port = await freePort();
    await startServer(port, serverEnv(sim.port, { DATABASE_URL: pg.newDatabase() }));
    await expect.poll(async () => (await health(port)).upstream.status, { timeout: 30_000 }).toBe("ok");
    const grid = new GridPage(page, `http://127.0.0.1:${port}`);
    await grid.open("?offline=show");
    await expect(grid.rows).toHaveCount(AGENTS);
    const banner = page.locator("[data-store-banner]");
    await expect(banner).toHaveCount(0);

    await pg.stop();
    const [a] = (await agents(port)).map((x) => x.agentId);
    await sim.control.event(a!, "notready", "4");
    // Live from memory...
    await expect(grid.field(a!, "reason")).toHaveAttribute("data-code", "4", { timeout: 10_000 });
    // ...and said plainly.
    await expect(banner).toContainText("History is not being kept", { timeout: 20_000 });
    // What a supervisor sees, at laptop and TV sizes (reports/screenshots).
    for (const [width, height] of [[1440, 900], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `reports/screenshots/grid-store-unavailable-${width}x${height}.png` });
    }
    const down = await health(port);
    expect(down.store.status).toBe("unavailable");
    expect(down.store.engine).toBe("postgres");
    expect(down.upstream.status).toBe("ok");

    await pg.start();
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    await expect.poll(async () => (await health(port)).store.queuedReads, { timeout: 10_000 }).toBe(0);
    expect((await health(port)).store.status).toBe("ok");
  });

  test("several instances on Redis and one Postgres: only the leader writes, and a new instance knows the past from Postgres alone", async () => {
    pg ??= await startPostgres();
    redis = await startRedis();
    const sim = await simulator();
    const env = serverEnv(sim.port, { DATABASE_URL: pg.newDatabase(), REDIS_URL: redis.url });
    const ports = [await freePort(), await freePort()];
    const servers = await Promise.all(ports.map((port) => startServer(port, env)));
    await expect
      .poll(async () => (await Promise.all(ports.map(health))).map((h) => [h.upstream.status, h.cluster?.role, h.store.engine].join(" ")).sort(), { timeout: 30_000 })
      .toEqual(["ok follower postgres", "ok leader postgres"]);
    await expect.poll(async () => (await agents(ports[0]!)).filter((a) => a.name).length, { timeout: 30_000 }).toBe(AGENTS);
    // The leader writes the store; the follower, on the same database, writes nothing.
    const writes = async (port: number) => Number(/^floorview_store_write_seconds_count (\d+)$/m.exec(await (await fetch(`http://127.0.0.1:${port}/api/metrics`)).text())?.[1]);
    const roles = await Promise.all(ports.map(health));
    const leader = ports[roles.findIndex((h) => h.cluster?.role === "leader")]!;
    const follower = ports.find((p) => p !== leader)!;
    // Over a few polls with the roles unchanged, the leader writes and the follower does not (at
    // start, on a busy machine, the lease may have changed hands once before the roles settled).
    const [leaderBefore, followerBefore] = [await writes(leader), await writes(follower)];
    await expect.poll(async () => (await writes(leader)) - leaderBefore, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect((await health(leader)).cluster?.role).toBe("leader");
    expect((await health(follower)).cluster?.role).toBe("follower");
    expect(await writes(follower)).toBe(followerBefore);
    const floor = await agents(follower);

    // The floor stands still from here (a change stacked before may still be released), every
    // instance is gone, and Redis with them (restarted without its data).
    await sim.control.hold(...floor.map((a) => a.agentId));
    await Promise.all(servers.map(kill));
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
    const before = await sim.calls();
    const late = await freePort();
    await startServer(late, env);
    await expect.poll(async () => (await health(late)).upstream.status, { timeout: 10_000, intervals: [50] }).toBe("ok");
    const after = await sim.calls();
    // No backfill (13 reads) and no roster: Postgres had the past; Kore.ai gave only the gap.
    expect(after.activity - before.activity).toBeLessThanOrEqual(2);
    expect(after.agents - before.agents).toBe(0);
    const back = await agents(late);
    expect(back.map((a) => [a.agentId, a.name])).toEqual(floor.map((a) => [a.agentId, a.name]));

    // Event by event: each agent's timeline of the last two hours, as the new instance reads it
    // (from Postgres: no history read from Kore.ai), equals the simulator's own segments; and
    // each agent's state now is the simulator's truth.
    const readsBefore = (await sim.calls()).activity;
    await expect(async () => {
      const to = Date.now() - 3 * 60_000;
      const from = to - 2 * 3_600_000;
      for (const a of back) {
        const timeline = (await (await fetch(`http://127.0.0.1:${late}/api/agents/${encodeURIComponent(a.agentId)}/timeline?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`)).json()) as AgentTimeline;
        expect(timeline.complete, a.agentId).toBe(true);
        const truth = await sim.control.segments(a.agentId, from, to);
        expect(timeline.segments.map((x) => [x.activity, x.reasonCode, x.start, x.end]), a.agentId).toEqual(truth.map((x) => [x.activity, x.reasonCode, x.start, x.end]));
      }
    }).toPass({ timeout: 30_000 });
    // The timelines came from the store: Kore.ai was asked only for the live feed meanwhile (a poll a second).
    expect((await sim.calls()).activity - readsBefore).toBeLessThanOrEqual(40);
    await expect(async () => {
      // From the events of the 12 hours the servers keep; a state begun before them is not compared.
      const kept = Date.now() - 12 * 3_600_000;
      const { agents: all } = (await (await fetch(`http://127.0.0.1:${sim.port}/__sim/truth?from=${new Date(kept).toISOString()}`)).json()) as { agents: { agentId: string; activity: string; reasonCode: string; since: number }[] };
      const truth = all.filter((t) => t.since > kept + 10 * 60_000);
      expect(truth.length).toBeGreaterThan(AGENTS / 2);
      const shown = new Map((await agents(late)).map((x) => [x.agentId, x]));
      expect(truth.map((t) => [t.agentId, t.activity, t.reasonCode || null, new Date(t.since).toISOString()])).toEqual(truth.map((t) => [t.agentId, shown.get(t.agentId)?.activity, shown.get(t.agentId)?.reasonCode, shown.get(t.agentId)?.since]));
    }).toPass({ timeout: 35_000 });
  });

  test("alerts on several instances: the leader killed while a webhook waits for its answer; the next leader sends it, and nothing twice", async () => {
    pg ??= await startPostgres();
    // A Redis of its own: the instances the test before left running lead the account on the other.
    await redis?.stop();
    redis = await startRedis();
    const sim = await simulator();
    const rx = (receivers = await startReceivers());
    const file = join(mkdtempSync(join(tmpdir(), "floorview-e2e-alerts-")), "alerts.json");
    writeFileSync(
      file,
      JSON.stringify({
        channels: { hook: { type: "webhook", url: `${rx.url}/hook`, secret: "cluster-hook-secret-0123456789" }, slack: { type: "slack", url: `${rx.url}/slack` } },
        rules: [{ name: "Past alert", when: { threshold: "alert" }, channels: ["hook", "slack"] }],
      }),
    );
    const alerting = { FLOORVIEW_ALERTS_FILE: file, FLOORVIEW_THRESHOLDS: "notready:9=2s/4s" };

    // Each instance on its own embedded store would not know what another sent: refused, said why.
    const refused = await startExpectingExit(await freePort(), serverEnv(sim.port, { ...alerting, REDIS_URL: redis.url }));
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("FLOORVIEW_ALERTS_FILE with REDIS_URL (several instances) needs one store for all of them: set DATABASE_URL");
    // So would a sign-in: links, their revocations and the audit trail each on one instance.
    const signIn = await startExpectingExit(await freePort(), serverEnv(sim.port, { REDIS_URL: redis.url, AUTH_PASSWORD: "store-spec password", AUTH_SECRET: "store-spec-auth-secret-0123456789abcdef", AUTH_DISABLED: "" }));
    expect(signIn.code).not.toBe(0);
    expect(signIn.output).toContain("AUTH_PASSWORD with REDIS_URL (several instances) needs one store for all of them: set DATABASE_URL");

    const env = serverEnv(sim.port, { ...alerting, DATABASE_URL: pg.newDatabase(), REDIS_URL: redis.url });
    const ports = [await freePort(), await freePort()];
    const servers = await Promise.all(ports.map((port) => startServer(port, env)));
    await expect.poll(async () => (await Promise.all(ports.map(health))).map((h) => [h.upstream.status, h.cluster?.role].join(" ")).sort(), { timeout: 30_000 }).toEqual(["ok follower", "ok leader"]);
    const roles = await Promise.all(ports.map(health));
    const leaderAt = roles.findIndex((h) => h.cluster?.role === "leader");
    const survivor = ports[1 - leaderAt]!;

    // The webhook holds its next request for 8 s: the leader sends it and waits for the answer.
    rx.holdNext("/hook", 8_000);
    // Held still, so that only this test's events move the agent (on its own it could take a call within the 4 s the alert needs).
    const agent = (await agents(survivor)).find((a) => a.activity === "ready" || a.activity === "busy")!;
    const raised = (path: string) => (r: Received) => r.path === path && r.headers["x-floorview-delivery"]!.startsWith("Past alert|") && r.headers["x-floorview-delivery"]!.includes(`:${agent.agentId}:`) && r.headers["x-floorview-delivery"]!.endsWith("|raised");
    await sim.control.hold(agent.agentId);
    await sim.control.event(agent.agentId, "notready", "9");
    await expect.poll(() => rx.arrivals.filter(raised("/hook")).length, { timeout: 12_000, intervals: [100] }).toBe(1);
    expect(rx.arrivals.filter(raised("/hook"))).toHaveLength(1);
    // Slack had its message at once (each channel on its own).
    await expect.poll(() => rx.requests.filter(raised("/slack")).length, { timeout: 5_000 }).toBe(1);
    // ... and recorded it as sent (killed between Slack's answer and that record, the next leader would
    // send it again: at least once is what a queue can promise; the delivery id lets a receiver tell).
    const leaderPort = ports[leaderAt]!;
    await expect
      .poll(async () => ((await (await fetch(`http://127.0.0.1:${leaderPort}/api/alerts`)).json()) as AlertsAnswer).deliveries.filter((d) => d.agentId === agent.agentId && d.phase === "raised" && d.channel === "slack").map((d) => d.status), { timeout: 5_000, intervals: [100] })
      .toEqual(["sent"]);

    // The leader is killed with the webhook's answer still to come.
    await kill(servers[leaderAt]);
    await expect.poll(() => rx.dropped.filter(raised("/hook")).length, { timeout: 5_000 }).toBe(1);
    // The next leader sends what was not marked sent, once; Slack's is not sent again.
    await expect.poll(async () => (await health(survivor)).cluster?.role, { timeout: 10_000 }).toBe("leader");
    await expect.poll(() => rx.requests.filter(raised("/hook")).length, { timeout: 20_000, intervals: [200] }).toBe(1);
    const taken = rx.requests.filter(raised("/hook"))[0]!;
    expect(taken.headers["x-floorview-delivery"]).toBe(rx.dropped.filter(raised("/hook"))[0]!.headers["x-floorview-delivery"]);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(rx.requests.filter(raised("/slack"))).toHaveLength(1);
    expect(rx.requests.filter(raised("/hook"))).toHaveLength(1);
    // Nothing at all taken twice.
    const ids = rx.requests.map((r) => r.headers["x-floorview-delivery"]!);
    expect(ids.length - new Set(ids).size).toBe(0);
    // The survivor's log: both sent.
    const log = ((await (await fetch(`http://127.0.0.1:${survivor}/api/alerts`)).json()) as AlertsAnswer).deliveries.filter((d) => d.agentId === agent.agentId && d.phase === "raised");
    expect(log.map((d) => [d.channel, d.status]).sort()).toEqual([["hook", "sent"], ["slack", "sent"]]);
  });
});
