import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WORK_STATES, EXCEPTIONS } from "@/lib/activity/adherence";
import { spansOf, type ScheduleRow } from "@/lib/activity/schedule";
import { parseAlertsConfig } from "@/lib/alerts/config";
import sample from "@/lib/simulator/sample-labels.json";
import type { RunningSimulator } from "@/lib/simulator/server";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { AlertStore } from "@/lib/store/alert-store";
import { openStore, type StoreTarget } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { signedBy, startReceivers, type Receivers } from "@/test/alert-receivers";
import { resetClock, setClock } from "@/test/clock";
import { sharedPostgres } from "@/test/shared-postgres";
import { simulatorWithClient } from "@/test/simulator";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import { adherenceRules } from "../reports/adherence";
import { AlertEngine } from "./alerts";
import { LiveAdherence } from "../live/live-adherence";
import { LiveBreaks } from "../live/live-breaks";
import { LiveFlags } from "../live/live-flags";
import { Poller } from "../feed/poller";
import { RequestBudget } from "../feed/request-budget";
import { StoreWriter } from "../feed/store-writer";
import { HistoryStore } from "../feed/history";
import { Understaffing } from "./understaffing";

/**
 * Every kind of alert, end to end, against real receivers (a local HTTP server for the webhook and
 * a local SMTP server for e-mail): an adherence exception, a break budget, a team cap, each
 * behaviour flag, Kore.ai down and the store down. Each is raised once, resolved once, and raised
 * again for a second episode after the first resolved, with cooldowns honoured. Time moves by the
 * test's own clock (`setClock`): shifts end, days turn, outages last, without waiting for them.
 * The webhook's signature is checked with node:crypto here, not with Floorview's own function.
 */

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const SECRET = "whsec-kinds-0123456789";

let sim: RunningSimulator | null = null;
let rx: Receivers | null = null;
const closers: (() => Promise<void>)[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = null;
  await rx?.close();
  rx = null;
  for (const c of closers.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  resetClock();
});

type Script = Record<string, [atMs: number, activity: string, reason?: string][]>;

interface Floor {
  sim: RunningSimulator;
  rx: Receivers;
  poller: Poller;
  engine: AlertEngine;
  alerts: AlertStore;
  proxy: TcpProxy | null;
  writer: StoreWriter | null;
  /** A change of `agentId` a second ago, read by the poller, then a round. */
  event(agentId: string, activity: string, reason?: string): Promise<void>;
  /** The clock moved on by `ms` (the whole process's, the simulator's and the engine's with it), then a read and a round. */
  later(ms: number): Promise<void>;
  /** A read and a round of the engine, its sends finished. */
  round(): Promise<void>;
}

/**
 * A floor of scripted agents (their events at times relative to the clock's instant), the sample
 * labels with `teams` and `extra` over them, schedules, the alert rules to the two receivers, and
 * an engine that judges with the process's clock. The store: embedded SQLite, or the run's
 * Postgres behind a proxy the test can cut.
 */
async function floor(opts: { at: string; zone?: string; teams: Record<string, string[]>; extra?: Record<string, unknown>; rules: unknown[]; script: Script; schedules?: (now: number) => ScheduleRow[]; staffing?: (now: number) => { start: number; team: string | null; required: number }[]; postgres?: boolean }): Promise<Floor> {
  const now = Math.floor(setClock(opts.at) / 1000) * 1000;
  const s = await simulatorWithClient({ agents: 0, historyHours: 30 });
  sim = s.sim;
  const receivers = (rx = await startReceivers());
  for (const [agentId, events] of Object.entries(opts.script)) {
    for (const [at, activity, reasonCode] of events) s.sim.floor.inject({ agentId, time: now + at, activity, reasonCode: reasonCode ?? "", releaseAt: now + at });
  }
  const parsed = parseLabels(JSON.stringify({ ...sample, teams: opts.teams, ...opts.extra }));
  const vocab = new Vocabulary(parsed.labels, parsed.thresholds);
  const poller = new Poller(s.client, new RequestBudget(6_000), { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 26 * HOUR, chunkMs: 6 * HOUR, rosterRefreshMs: 3_600_000, rosterPageSize: 50 });

  let target: StoreTarget;
  let proxy: TcpProxy | null = null;
  if (opts.postgres) {
    const pg = sharedPostgres();
    proxy = await startTcpProxy(pg.port);
    const p = proxy;
    closers.push(() => p.close());
    target = { engine: "postgres", url: pg.urlVia(pg.newDatabase(), proxy.port) };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "floorview-alert-kinds-"));
    dirs.push(dir);
    target = { engine: "sqlite", dataDir: dir };
  }
  const db = await openStore(target, { tenant: "t", onForeignTenant: "reset" });
  let writer: StoreWriter | null = null;
  if (opts.postgres) {
    const w = (writer = new StoreWriter(db, { timeoutMs: 2_000, retryMs: 100, maxRetryMs: 200 }));
    poller.store = w;
    w.onChange(() => poller.touch());
    closers.push(() => w.close());
  } else closers.push(() => db.close());
  while (!poller.health.backfilled) await poller.pollOnce();

  const schedules = new ScheduleStore(db.db);
  const rows = opts.schedules?.(now) ?? [];
  if (rows.length > 0) await schedules.replace(rows, spansOf(rows));
  const staffing = opts.staffing?.(now) ?? [];
  if (staffing.length > 0) await schedules.staffing.put(staffing);
  const zone = opts.zone ?? "UTC";
  const liveAdherence = new LiveAdherence(schedules, poller, vocab, adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN }));
  await liveAdherence.refresh(true);
  const sources = {
    poller,
    teams: parsed.teams,
    vocabulary: vocab,
    liveAdherence,
    liveBreaks: new LiveBreaks(poller, vocab, parsed.labels, parsed.teams, zone, liveAdherence),
    liveFlags: new LiveFlags(poller, vocab, parsed.flags, parsed.teams, zone, liveAdherence),
    zone,
    understaffing: new Understaffing({ poller, history: new HistoryStore(s.client, new RequestBudget(600), { chunkMs: 6 * HOUR, maxEvents: 100_000, reserve: 0 }), staleAfterMs: 90_000, teams: parsed.teams, schedules, vocabulary: vocab, teamNames: parsed.labels.teamNames, zone }),
  };
  const config = parseAlertsConfig(
    JSON.stringify({
      channels: { hook: { type: "webhook", url: `${receivers.url}/hook`, secret: "env:KINDS_SECRET" }, mail: { type: "email", to: ["floor@example.test"] } },
      smtp: { url: receivers.smtpUrl, from: "Floorview <floorview@example.test>" },
      rules: opts.rules,
    }),
    parsed.labels.teamNames,
  );
  const alerts = new AlertStore(db.db);
  const engine = new AlertEngine(config, alerts, sources, { publicUrl: null, env: { KINDS_SECRET: SECRET }, mayRun: () => true, ready: () => true });
  const round = async () => {
    await poller.pollOnce();
    await engine.tick();
    await engine.idle();
  };
  return {
    sim: s.sim,
    rx: receivers,
    poller,
    engine,
    alerts,
    proxy,
    writer,
    round,
    async event(agentId, activity, reason = "") {
      // Stamped a second ago, released now: a change the feed has just shown.
      const t = Math.floor(Date.now() / 1000) * 1000 - S;
      s.sim.floor.inject({ agentId, time: t, activity, reasonCode: reason, releaseAt: t + S });
      await round();
    },
    async later(ms) {
      setClock(Date.now() + ms);
      await round();
    },
  };
}

/** Every message the receivers took for `rule` in `phase`, webhook and e-mail apart; each webhook's signature checked. */
function received(r: Receivers, rule: string, phase: "raised" | "resolved") {
  const hooks = r.requests.filter((q) => q.path === "/hook" && q.headers["x-floorview-delivery"]!.startsWith(`${rule}|`) && q.headers["x-floorview-delivery"]!.endsWith(`|${phase}`));
  for (const h of hooks) expect(signedBy(SECRET, h), "the webhook's signature, as a receiver checks it").toBe(true);
  const mails = r.mails.filter((m) => {
    const id = /^X-Floorview-Delivery:\s*(.+)$/im.exec(m.raw.replace(/\r?\n[ \t]+/g, " "))?.[1]?.trim() ?? "";
    return id.startsWith(`${rule}|`) && id.endsWith(`|${phase}`);
  });
  return { hooks, mails, keys: [...new Set(hooks.map((h) => h.headers["x-floorview-delivery"]!.split("|")[1]!))] };
}

/** Exactly `n` occurrences of `rule` in `phase`, each once on the webhook and once by e-mail. */
function expectSent(r: Receivers, rule: string, phase: "raised" | "resolved", n: number): string[] {
  const got = received(r, rule, phase);
  expect(got.hooks.map((h) => h.headers["x-floorview-delivery"]), `${rule} ${phase} on the webhook`).toHaveLength(n);
  expect(got.keys, `${rule} ${phase}: one webhook message per occurrence`).toHaveLength(n);
  expect(got.mails, `${rule} ${phase} by e-mail`).toHaveLength(n);
  return got.keys;
}

describe("every kind of alert, end to end", () => {
  it("an adherence exception: late, resolved at the login; left early later, a second occurrence; a rule in its cooldown holds the second back", async () => {
    const f = await floor({
      at: "2026-07-15T13:00:00Z",
      teams: { Day: ["x-ada"] },
      script: { "x-ada": [[-2 * HOUR, "offline"]] },
      schedules: (now) => [{ agentId: "x-ada", start: now - 30 * MIN, end: now + 7 * HOUR, activity: "work" }],
      rules: [
        { name: "Adherence", when: { adherence: ["late", "early_leave", "wrong_activity", "unscheduled"] }, channels: ["hook", "mail"], cooldown: "5m" },
        { name: "Held", when: { adherence: ["late", "early_leave"] }, channels: ["hook", "mail"], cooldown: "2h" },
      ],
    });
    await f.round();
    const [first] = expectSent(f.rx, "Adherence", "raised", 1);
    expect(first).toMatch(/^adherence:late:x-ada:/);
    // Said in the grid's words (one table, lib/activity/adherence.ts's EXCEPTIONS), at the floor's clock.
    const hook = received(f.rx, "Adherence", "raised").hooks[0]!.json as { title: string; detail: string };
    expect(hook.title).toBe(`x-ada: ${EXCEPTIONS.late.phrase}`);
    expect(hook.detail).toMatch(/since \d\d:\d\d UTC/);
    expectSent(f.rx, "Held", "raised", 1);
    await f.later(S);
    await f.later(S);
    expectSent(f.rx, "Adherence", "raised", 1);

    await f.event("x-ada", "ready");
    expectSent(f.rx, "Adherence", "resolved", 1);
    expectSent(f.rx, "Held", "resolved", 1);

    // Ten minutes later she logs out with six hours of the shift to go: past the grace, an early leave.
    await f.later(10 * MIN);
    await f.event("x-ada", "offline");
    await f.later(4 * MIN);
    const keys = expectSent(f.rx, "Adherence", "raised", 2);
    expect(keys[1]).toMatch(/^adherence:early_leave:x-ada:/);
    // Within its two hours: recorded, never sent.
    expectSent(f.rx, "Held", "raised", 1);
    expect((await f.alerts.openOccurrences()).find((o) => o.rule === "Held")).toMatchObject({ status: "cooldown" });
    await f.event("x-ada", "ready");
    expectSent(f.rx, "Adherence", "resolved", 2);
    expectSent(f.rx, "Held", "resolved", 1);
  });

  it("understaffed: a team two below what it needs for two quarter hours in a row is raised once, said in numbers, and resolved once when a quarter hour is not; one short quarter hour alone is nothing", async () => {
    const team = ["x-1", "x-2", "x-3", "x-4"];
    const f = await floor({
      at: "2026-07-15T13:00:00Z",
      teams: { Day: team },
      // Two of the four go on a break at 13:00.
      script: Object.fromEntries(team.map((id, i) => [id, i < 2 ? [[-HOUR, "ready"]] : [[-HOUR, "ready"], [0, "notready", "1"]]])),
      schedules: (now) => team.map((agentId) => ({ agentId, start: now - HOUR, end: now + 4 * HOUR, activity: "work" })),
      // Day needs four from 13:00, a line per quarter hour (a WFM sheet's); nothing said before.
      staffing: (now) => Array.from({ length: 12 }, (_, i) => ({ start: now + i * 15 * MIN, team: "Day", required: 4 })),
      rules: [
        { name: "Short", when: { understaffed: { by: 2, intervals: 2 } }, channels: ["hook", "mail"], cooldown: "5m" },
        // Another team's rule never hears of Day.
        { name: "Night short", when: { understaffed: { by: 1, intervals: 1 } }, teams: ["Night"], channels: ["hook"] },
      ],
      extra: { teams: { Day: team, Night: ["x-9"] } },
    });
    await f.round();
    // 13:15: one quarter hour two short (2 open of 4 needed) — not yet.
    await f.later(15 * MIN + S);
    expectSent(f.rx, "Short", "raised", 0);
    // 13:30: the second.
    await f.later(15 * MIN);
    const [key] = expectSent(f.rx, "Short", "raised", 1);
    expect(key).toBe(`understaffed:15m:2:2:Day@${Date.parse("2026-07-15T13:00:00Z")}`);
    const hook = received(f.rx, "Short", "raised").hooks[0]!.json as { title: string; detail: string; url: string | null };
    expect(hook.title).toBe("Day: 2 below what it needs (2 open, 4 needed)");
    expect(hook.detail).toContain("13:00 UTC–13:15 UTC 2 open, 4 needed; 13:15 UTC–13:30 UTC 2 open, 4 needed");
    await f.later(MIN);
    await f.later(MIN);
    expectSent(f.rx, "Short", "raised", 1);
    // 13:35 they are back: 13:30–13:45 has 2 + 2 × 10/15 open, 0.67 short — it ends at 13:45.
    await f.later(3 * MIN);
    await f.event("x-3", "ready");
    await f.event("x-4", "ready");
    await f.later(5 * MIN);
    expectSent(f.rx, "Short", "resolved", 0);
    await f.later(5 * MIN);
    expectSent(f.rx, "Short", "resolved", 1);
    await f.later(15 * MIN);
    expectSent(f.rx, "Short", "raised", 1);
    expectSent(f.rx, "Night short", "raised", 0);
  });

  it("a break budget: over it before midnight, resolved when the floor's day turns, over it again in the new day", async () => {
    const f = await floor({
      // 23:40 in New York, the floor's zone: the day (an unscheduled agent's shift) ends in 20 minutes.
      at: "2026-07-16T03:40:00Z",
      zone: "America/New_York",
      teams: { Night: ["x-ben"] },
      script: { "x-ben": [[-3 * HOUR, "ready"], [-35 * MIN, "notready", "1"]] },
      rules: [{ name: "Budget", when: { breaks: ["budget"] }, channels: ["hook", "mail"], cooldown: "10m" }],
    });
    await f.round();
    const [first] = expectSent(f.rx, "Budget", "raised", 1);
    expect(first).toMatch(/^breaks:budget:x-ben:break:/);
    await f.later(S);
    expectSent(f.rx, "Budget", "raised", 1);
    // 00:01: a new day, a minute of break in it.
    await f.later(21 * MIN);
    expectSent(f.rx, "Budget", "resolved", 1);
    expectSent(f.rx, "Budget", "raised", 1);
    // 00:32: past the 30 minutes of the new day.
    await f.later(31 * MIN);
    const keys = expectSent(f.rx, "Budget", "raised", 2);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[1]).toMatch(/^breaks:budget:x-ben:break:/);
  });

  it("a team over its cap: raised, resolved when one comes back, raised again the next time (another episode), cooldown honoured", async () => {
    const f = await floor({
      at: "2026-11-02T15:00:00Z",
      teams: { Night: ["x-1", "x-2", "x-3", "x-4"] },
      extra: { caps: { break: 2 } },
      script: Object.fromEntries(["x-1", "x-2", "x-3", "x-4"].map((id) => [id, [[-HOUR, "ready"]]])),
      rules: [
        { name: "Cap", when: { breaks: ["cap"] }, channels: ["hook", "mail"], cooldown: "1s" },
        { name: "Cap, held", when: { breaks: ["cap"] }, channels: ["hook"], cooldown: "1h", resolved: false },
      ],
    });
    await f.round();
    for (const id of ["x-1", "x-2", "x-3"]) await f.event(id, "notready", "1");
    expectSent(f.rx, "Cap", "raised", 1);
    await f.later(S);
    expectSent(f.rx, "Cap", "raised", 1);
    await f.event("x-3", "ready");
    expectSent(f.rx, "Cap", "resolved", 1);
    // Forty seconds on, two more go on a break: the team is over its cap again, a new episode.
    await f.later(40 * S);
    await f.event("x-3", "notready", "1");
    await f.event("x-4", "notready", "1");
    const keys = expectSent(f.rx, "Cap", "raised", 2);
    expect(keys[0]).toMatch(/^breaks:cap:Night:break@/);
    expect(keys[1]).toMatch(/^breaks:cap:Night:break@/);
    expect(keys[1]).not.toBe(keys[0]);
    expect(received(f.rx, "Cap, held", "raised").hooks).toHaveLength(1);
    for (const id of ["x-1", "x-2", "x-3", "x-4"]) await f.event(id, "ready");
    expectSent(f.rx, "Cap", "resolved", 2);
  });

  it("each behaviour flag: raised, resolved when it stops holding, raised again for the next occurrence", async () => {
    const f = await floor({
      at: "2026-03-10T14:00:00Z",
      teams: { Desk: ["x-toggle", "x-slow", "x-system", "x-acw", "x-base"] },
      // Long after-call work: the team's baseline from 5 stretches.
      extra: { flags: { longAcw: { percentile: 90, minSamples: 5 } } },
      script: {
        "x-toggle": [[-2 * HOUR, "ready"]],
        "x-slow": [[-3 * HOUR, "offline"]],
        "x-system": [[-3 * HOUR, "ready"]],
        "x-acw": [[-2 * HOUR, "ready"]],
        // Five after-call stretches of 30 s earlier today.
        "x-base": [[-2 * HOUR, "ready"], ...Array.from({ length: 5 }, (_, i): Script[string] => [[-HOUR + i * 5 * MIN, "acw"], [-HOUR + i * 5 * MIN + 30 * S, "ready"]]).flat()],
      },
      // Two scheduled shifts: the first from an hour ago, the next from five hours on.
      schedules: (now) =>
        ["x-toggle", "x-slow", "x-system", "x-acw", "x-base"].flatMap((agentId) => [
          { agentId, start: now - HOUR, end: now + 2 * HOUR, activity: "work" as const },
          { agentId, start: now + 5 * HOUR, end: now + 8 * HOUR, activity: "work" as const },
        ]),
      rules: [
        // Each rule about its agent (the one who uses a system issue four times toggles too).
        { name: "Toggling", when: { flags: ["rapid_toggle"] }, agents: ["x-toggle"], channels: ["hook", "mail"], cooldown: "1m" },
        { name: "Slow start", when: { flags: ["slow_start"] }, agents: ["x-slow"], channels: ["hook", "mail"] },
        { name: "Overuse", when: { flags: ["reason_overuse"] }, agents: ["x-system"], channels: ["hook", "mail"] },
        { name: "Long ACW", when: { flags: ["long_acw"] }, agents: ["x-acw"], channels: ["hook", "mail"] },
      ],
    });
    await f.round();
    for (const rule of ["Toggling", "Slow start", "Overuse", "Long ACW"]) expectSent(f.rx, rule, "raised", 0);
    /** Six changes between not ready and ready, five seconds apart. */
    const toggleSix = async () => {
      for (let i = 0; i < 6; i++) {
        await f.event("x-toggle", i % 2 === 0 ? "notready" : "ready", i % 2 === 0 ? "1" : "");
        await f.later(5 * S);
      }
    };
    /** A system issue begun four times (three allowed a shift), each for 30 s. */
    const systemIssueFourTimes = async () => {
      for (let i = 0; i < 4; i++) {
        await f.event("x-system", "notready", "6");
        await f.later(30 * S);
        await f.event("x-system", "ready");
        await f.later(30 * S);
      }
    };

    // Rapid toggling: six changes within a minute; it clears once fewer than six fall in ten minutes.
    await toggleSix();
    expectSent(f.rx, "Toggling", "raised", 1);
    // Slow start: logged in (login prep) with no ready for ten minutes.
    await f.event("x-slow", "notready", "7");
    // Reason overuse: a system issue begun four times this shift (three allowed).
    await systemIssueFourTimes();
    expectSent(f.rx, "Overuse", "raised", 1);
    // Long after-call work: past the team's 90th percentile (30 s); resolved when it ends.
    await f.event("x-acw", "acw");
    await f.later(40 * S);
    expectSent(f.rx, "Long ACW", "raised", 1);
    await f.event("x-acw", "ready");
    expectSent(f.rx, "Long ACW", "resolved", 1);
    await f.later(10 * MIN);
    expectSent(f.rx, "Slow start", "raised", 1);
    expectSent(f.rx, "Toggling", "resolved", 1);
    // The slow starter goes ready.
    await f.event("x-slow", "ready");
    expectSent(f.rx, "Slow start", "resolved", 1);

    // A second long stretch (past the new 90th percentile, the first one's 41 s): a second occurrence.
    await f.event("x-acw", "acw");
    await f.later(60 * S);
    expectSent(f.rx, "Long ACW", "raised", 2);
    await f.event("x-acw", "ready");
    expectSent(f.rx, "Long ACW", "resolved", 2);
    // Toggling again: a second occurrence (its cooldown long past).
    await toggleSix();
    expectSent(f.rx, "Toggling", "raised", 2);
    await f.later(11 * MIN);
    expectSent(f.rx, "Toggling", "resolved", 2);

    // The first shift ends: the overuse clears. The next shift: a slow start and an overuse again.
    await f.later(2 * HOUR);
    expectSent(f.rx, "Overuse", "resolved", 1);
    await f.later(3 * HOUR - 20 * MIN + 30 * S);
    await f.event("x-slow", "offline");
    await f.later(20 * MIN);
    await f.event("x-slow", "notready", "7");
    await systemIssueFourTimes();
    await f.later(11 * MIN);
    expectSent(f.rx, "Overuse", "raised", 2);
    expectSent(f.rx, "Slow start", "raised", 2);
    await f.event("x-slow", "ready");
    expectSent(f.rx, "Slow start", "resolved", 2);
  });

  it("Kore.ai down: two one-minute outages forty seconds apart are two occurrences, each raised and resolved once", async () => {
    const f = await floor({
      at: "2026-10-25T00:10:00Z",
      teams: { Day: ["x-ada"] },
      script: { "x-ada": [[-HOUR, "ready"]] },
      rules: [{ name: "Kore.ai down", when: { upstream: "10s" }, channels: ["hook", "mail"], cooldown: "1s" }],
    });
    for (let outage = 1; outage <= 2; outage++) {
      f.sim.setFault({ mode: "http_503", target: "activity" });
      await f.round();
      expect(f.poller.health.status).not.toBe("ok");
      // Not yet for 10 s: nothing.
      await f.later(5 * S);
      expectSent(f.rx, "Kore.ai down", "raised", outage - 1);
      for (let t = 0; t < 55; t += 5) await f.later(5 * S);
      expectSent(f.rx, "Kore.ai down", "raised", outage);
      f.sim.clearFaults();
      await f.later(S);
      expect(f.poller.health.status).toBe("ok");
      expectSent(f.rx, "Kore.ai down", "resolved", outage);
      await f.later(40 * S);
    }
    const keys = received(f.rx, "Kore.ai down", "raised").keys;
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k).toMatch(/^upstream@\d+$/);
  });

  it("the store down (Postgres gone): sent from memory while nothing can be recorded, recorded and resolved once it is back; a second outage is a second occurrence", async () => {
    const f = await floor({
      // Two seconds before a quarter hour ends: the teams' intervals are read again while the store is cut.
      at: "2027-01-01T04:59:58Z",
      teams: { Day: ["x-ada"] },
      script: { "x-ada": [[-HOUR, "ready"]] },
      // A rule that reads the store each minute (the teams' intervals) beside it: its failing read holds nothing back.
      rules: [
        { name: "Store down", when: { store: "5s" }, channels: ["hook", "mail"], cooldown: "1s" },
        { name: "Short", when: { understaffed: { by: 1, intervals: 1 } }, channels: ["hook"] },
      ],
      postgres: true,
    });
    await f.round();
    for (let outage = 1; outage <= 2; outage++) {
      await f.proxy!.cut();
      await f.event("x-ada", outage === 1 ? "busy" : "ready");
      expect(f.writer!.status.status).toBe("unavailable");
      await f.later(6 * S);
      expectSent(f.rx, "Store down", "raised", outage);
      await f.later(S);
      await f.later(S);
      expectSent(f.rx, "Store down", "raised", outage);
      await f.proxy!.restore();
      // The writer tries again (every 100–200 ms here) and takes the held reads.
      for (let i = 0; i < 50 && !f.writer!.available; i++) await new Promise((r) => setTimeout(r, 50));
      expect(f.writer!.available).toBe(true);
      await f.later(S);
      await f.later(S);
      expectSent(f.rx, "Store down", "resolved", outage);
      expectSent(f.rx, "Store down", "raised", outage);
      await f.later(30 * S);
    }
    // In the log now: each message sent from memory recorded as sent, once.
    const log = await f.alerts.recent(50);
    const raised = log.filter((d) => d.rule === "Store down" && d.phase === "raised");
    expect(raised).toHaveLength(4);
    for (const d of raised) expect(d).toMatchObject({ status: "sent", attempts: 1 });
    expect(new Set(raised.map((d) => d.occurrence)).size).toBe(2);
  });
});
