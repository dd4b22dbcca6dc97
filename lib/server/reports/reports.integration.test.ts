import { afterEach, describe, expect, it } from "vitest";
import type { TimeInStateRow } from "@/lib/api-types";
import type { RunningSimulator } from "@/lib/simulator/server";
import { truthSegments } from "@/lib/simulator/truth";
import { Vocabulary } from "@/lib/states/vocabulary";
import { resetClock, setClock } from "@/test/clock";
import { simulatorWithClient } from "@/test/simulator";
import { HistoryStore } from "../feed/history";
import { Poller } from "../feed/poller";
import { parseQuery } from "../http/query";
import { reportAgents, reportCsv, reportQuery, type ReportQuery } from "./reports";

const parseReportQuery = (params: URLSearchParams, accept: string | null, retentionMs: number | null, now: number) => parseQuery(reportQuery({ now, retentionMs, accept }), params);
import { timeInState, timeInStateJson } from "./time-in-state";
import { RequestBudget } from "../feed/request-budget";
import { StoreWriter } from "../feed/store-writer";
import { openStore } from "@/lib/store/open";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOOKBACK_MS } from "./timeline";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EVERYONE = { teams: null, agents: null, prefix: null, privacy: false };
const VOCAB = new Vocabulary();

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
  resetClock();
});

/**
 * Days whose length the zone's rules decide, each read from a floor whose clock the test sets a
 * few hours after the day (never the calendar's: the simulator keeps history only so far back).
 */
const DAYS = {
  /** 2026-10-25 in Berlin: 25 hours, 02:00–03:00 twice. */
  berlinBack: { tz: "Europe/Berlin", from: Date.parse("2026-10-24T22:00:00Z"), to: Date.parse("2026-10-25T23:00:00Z"), hours: 25 },
  /** 2027-03-28 in Berlin: 23 hours, 02:00–03:00 never. */
  berlinForward: { tz: "Europe/Berlin", from: Date.parse("2027-03-27T23:00:00Z"), to: Date.parse("2027-03-28T22:00:00Z"), hours: 23 },
} as const;

/**
 * A floor with history back to a day before `from` when the clock is set (`from`, `clockAt`);
 * else one of the last 4 days at the machine's time. 2 hours in memory.
 */
async function setup(opts: { retryAfterMs?: number; from?: number; clockAt?: number } = {}) {
  const { retryAfterMs = 30_000 } = opts;
  if (opts.clockAt !== undefined) setClock(opts.clockAt);
  const historyHours = opts.from === undefined ? 4 * 24 : Math.ceil((Date.now() - opts.from + LOOKBACK_MS) / HOUR) + 6;
  const s = await simulatorWithClient({ agents: 12, historyHours });
  sim = s.sim;
  const budget = new RequestBudget(600);
  const poller = new Poller(s.client, budget, { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 2 * HOUR, chunkMs: HOUR, rosterRefreshMs: 60_000, rosterPageSize: 50 });
  while (!poller.health.backfilled) await poller.pollOnce();
  await poller.refreshRoster();
  const history = new HistoryStore(s.client, budget, { chunkMs: 6 * HOUR, maxEvents: 2_000_000, reserve: 5, retryAfterMs });
  return { sim: s.sim, client: s.client, sources: { poller, history, staleAfterMs: 45_000 } };
}

/**
 * The truth of a row, by the simulator's own segmenter and plain clipping written here, not by
 * the report's arithmetic: seconds per activity and reason, unknown seconds, changes begun in it.
 */
function truthRow(s: RunningSimulator, agentId: string, from: number, to: number, row: { start: number; end: number }) {
  const now = Date.now();
  const events = s.floor.query(from - LOOKBACK_MS, to, now).filter((e) => e.agentId === agentId);
  const segments = truthSegments(events, { from, to, knownFrom: from - LOOKBACK_MS, liveEdge: null });
  const seconds: Record<string, number> = {};
  const reasonSeconds: Record<string, number> = {};
  let known = 0;
  let changes = 0;
  for (const seg of segments) {
    const end = seg.end ?? to;
    const a = Math.max(seg.start, row.start);
    const b = Math.min(end, row.end);
    if (seg.start >= row.start && seg.start < row.end && seg.start > from) changes++;
    if (b <= a) continue;
    seconds[seg.activity] = (seconds[seg.activity] ?? 0) + (b - a) / 1000;
    if (seg.reasonCode !== null) reasonSeconds[seg.reasonCode] = (reasonSeconds[seg.reasonCode] ?? 0) + (b - a) / 1000;
    known += b - a;
  }
  return { seconds, reasonSeconds, unknownSeconds: (row.end - row.start - known) / 1000, changes };
}

function query(from: number, to: number, interval: ReportQuery["interval"], tz: string): ReportQuery {
  const parsed = parseReportQuery(new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval, tz }), null, null, Date.now());
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function expectTruth(s: RunningSimulator, rows: readonly TimeInStateRow[], from: number, to: number) {
  for (const r of rows) {
    const row = { start: Date.parse(r.start), end: Date.parse(r.end) };
    const t = truthRow(s, r.agentId, from, to, row);
    expect({ seconds: r.seconds, reasonSeconds: r.reasonSeconds, unknownSeconds: r.unknownSeconds, changes: r.changes }, `${r.agentId} ${r.start}`).toEqual(t);
    const sum = Object.values(r.seconds).reduce((a, b) => a + b, 0) + r.unknownSeconds;
    expect(sum).toBe((row.end - row.start) / 1000);
  }
}

describe("time-in-state reports against the simulator over HTTP", () => {
  it.each([
    ["back (100 rows per agent)", DAYS.berlinBack],
    ["forward (92 rows per agent)", DAYS.berlinForward],
  ])("every cell of a Berlin day at 15 minutes equals the truth to the second, on the night the clocks go %s", async (_name, day) => {
    const { from, to } = day;
    const { sim, sources } = await setup({ from, clockAt: to + 5 * HOUR });
    const q = query(from, to, "15m", day.tz);
    const { agents } = reportAgents(sources, q, EVERYONE);
    const report = await timeInState(sources, VOCAB, q, agents, { now: Date.now(), deadline: Date.now() + 60_000 });
    expect(report.complete).toBe(true);
    // Sent as it is written (agent by agent, as the route sends it), the answer is the same report.
    let text = "";
    for await (const part of timeInStateJson(sources, VOCAB, q, agents, { now: Date.parse(report.asOf), deadline: Date.now() + 60_000 })) text += part;
    expect(JSON.parse(text)).toEqual(report);
    expect(report.rows).toHaveLength(agents.length * day.hours * 4);
    expect(new Set(report.rows.map((r) => r.agentId)).size).toBe(agents.length);
    // Each row is 15 minutes of real time: the hour that repeats is eight rows, the one skipped none.
    for (const r of report.rows) expect(Date.parse(r.end) - Date.parse(r.start)).toBe(15 * 60_000);
    // The rows start on the quarter-hours of Berlin's wall clock, as a planner reads them.
    const wall = (iso: string) => new Intl.DateTimeFormat("en-GB", { timeZone: day.tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(Date.parse(iso));
    const starts = report.rows.filter((r) => r.agentId === agents[0]!.agentId).map((r) => wall(r.start));
    expect(starts.slice(0, 3)).toEqual(["00:00", "00:15", "00:30"]);
    expect(starts.filter((t) => t.startsWith("02:")).length).toBe(day.hours === 25 ? 8 : 0);
    expectTruth(sim, report.rows, from, to);
    // Something happened on this floor that night: not a report of nothing.
    expect(report.rows.some((r) => (r.seconds.busy ?? 0) > 0 && r.changes > 0)).toBe(true);

    // First login, last logout and the longest not-ready stretch, by the truth's segments.
    expect(report.agents.map((a) => a.agentId)).toEqual(agents.map((a) => a.agentId));
    expect(report.agents.filter((a) => a.firstLogin && a.lastLogout && (a.longestNotReady?.seconds ?? 0) > 60).length).toBeGreaterThan(0);
    for (const a of report.agents) {
      const truth = truthSegments(sim.floor.query(from - LOOKBACK_MS, to, Date.now()).filter((e) => e.agentId === a.agentId), { from, to, knownFrom: from - LOOKBACK_MS, liveEdge: null });
      const at = (iso: string) => truth.findIndex((seg) => seg.start === Date.parse(iso));
      if (a.firstLogin) {
        const i = at(a.firstLogin);
        expect(truth[i]!.activity, a.agentId).not.toBe("offline");
        expect(i === 0 || truth[i - 1]!.end !== truth[i]!.start || truth[i - 1]!.activity === "offline").toBe(true);
        // None earlier.
        expect(truth.slice(0, i).some((seg, j) => seg.activity !== "offline" && seg.start > from && (j === 0 || truth[j - 1]!.activity === "offline"))).toBe(false);
      }
      if (a.lastLogout) {
        const i = at(a.lastLogout);
        expect(truth[i]!.activity).toBe("offline");
        expect(truth.slice(i + 1).some((seg, j) => seg.activity === "offline" && truth[i + j]!.activity !== "offline")).toBe(false);
      }
      // No stretch of not ready in the truth is longer.
      let run = 0;
      let longest = 0;
      for (let i = 0; i < truth.length; i++) {
        const seg = truth[i]!;
        const ms = Math.min(seg.end ?? to, to) - Math.max(seg.start, from);
        run = seg.activity === "notready" ? (i > 0 && truth[i - 1]!.activity === "notready" && truth[i - 1]!.end === seg.start ? run : 0) + ms : 0;
        longest = Math.max(longest, run);
      }
      expect(a.longestNotReady?.seconds ?? 0, a.agentId).toBe(longest / 1000);
    }
  });

  it("from the store, many agents read together give the same report as the truth, with no call to Kore.ai", async () => {
    const { from, to, tz } = DAYS.berlinBack;
    const { sim, client, sources } = await setup({ from, clockAt: to + 5 * HOUR });
    const dir = mkdtempSync(join(tmpdir(), "floorview-report-store-"));
    const writer = new StoreWriter(await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "kore:acc-1", onForeignTenant: "reset" }));
    try {
      sources.history.store = writer;
      const q = query(from, to, "1h", tz);
      const { agents } = reportAgents(sources, q, EVERYONE);
      // The first report reads the day (and the one before, for the opening states) from Kore.ai into the store.
      const first = await timeInState(sources, VOCAB, q, agents, { now: Date.now(), deadline: Date.now() + 60_000 });
      expect(first.complete).toBe(true);
      await writer.flushed();
      // A fresh history reader (nothing cached): everything from the store, read for all agents at once.
      const calls = sim.requests.filter((r) => r.endpoint === "activity").length;
      const history = new HistoryStore(client, new RequestBudget(600), { chunkMs: 6 * HOUR, maxEvents: 2_000_000, reserve: 5, retryAfterMs: 30_000 });
      history.store = writer;
      const again = await timeInState({ ...sources, history }, VOCAB, q, agents, { now: Date.now(), deadline: Date.now() + 60_000 });
      expect(sim.requests.filter((r) => r.endpoint === "activity").length).toBe(calls);
      expect(again).toEqual({ ...first, asOf: again.asOf });
      expectTruth(sim, again.rows, from, to);
    } finally {
      await writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a late event (stamped a minute ago, released now) is in the next report, exactly where the truth puts it", async () => {
    const { sim, sources } = await setup();
    const now = Date.now();
    const from = Math.floor((now - 2 * HOUR) / HOUR) * HOUR;
    const to = Math.floor((now - 10_000) / 1000) * 1000;
    const q = query(from, to, "15m", "UTC");
    const { agents } = reportAgents(sources, q, EVERYONE);
    const agent = agents.find((a) => a.activity !== null && a.activity !== "notready")!;
    const before = await timeInState(sources, VOCAB, q, [agent], { now, deadline: now + 60_000 });
    const lateAt = Math.floor((now - 60_000) / 1000) * 1000;
    sim.floor.inject({ agentId: agent.agentId, time: lateAt, activity: "notready", reasonCode: "9", releaseAt: Date.now() });
    await sources.poller.pollOnce();
    const after = await timeInState(sources, VOCAB, q, [agent], { now: Date.now(), deadline: Date.now() + 60_000 });
    // The late event (reason 9: one the simulator never uses) is counted from its own time, not its arrival; every row is the truth as it now stands.
    const total = (r: typeof after, pick: (row: TimeInStateRow) => number) => r.rows.reduce((sum, row) => sum + pick(row), 0);
    expect(total(before, (row) => row.reasonSeconds["9"] ?? 0)).toBe(0);
    expect(total(after, (row) => row.reasonSeconds["9"] ?? 0)).toBe((to - lateAt) / 1000);
    expectTruth(sim, after.rows, from, to);
  });

  it.each([
    ["Berlin's clocks go back", "Europe/Berlin", "2026-10-23T22:00:00Z", "2026-10-26T23:00:00Z", [24, 25, 24], "2026-10-25"],
    ["Berlin's clocks go forward", "Europe/Berlin", "2027-03-26T23:00:00Z", "2027-03-29T22:00:00Z", [24, 23, 24], "2027-03-28"],
    ["a year ends in New York", "America/New_York", "2026-12-30T05:00:00Z", "2027-01-02T05:00:00Z", [24, 24, 24], "2026-12-31"],
  ])("days follow the zone's midnights when %s, and equal the truth", async (_name, tz, fromIso, toIso, hours, middle) => {
    const from = Date.parse(fromIso);
    const to = Date.parse(toIso);
    // The clock a little after the last day, late in the evening of the zone's next day.
    const { sim, sources } = await setup({ from, clockAt: to + 20 * HOUR });
    const q = query(from, to, "1d", tz);
    const { agents } = reportAgents(sources, q, EVERYONE);
    const report = await timeInState(sources, VOCAB, q, agents.slice(0, 4), { now: Date.now(), deadline: Date.now() + 60_000 });
    expect(report.complete).toBe(true);
    const first = report.rows.filter((r) => r.agentId === agents[0]!.agentId);
    expect(first.map((r) => (Date.parse(r.end) - Date.parse(r.start)) / HOUR)).toEqual(hours);
    // The middle row is that day on the zone's own calendar, from its midnight.
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).format(Date.parse(first[1]!.start))).toBe(`${middle}, 00`);
    expectTruth(sim, report.rows, from, to);
  });

  it("up to now: the state still going counts to the report's moment, rows after it are left out", async () => {
    const { sources } = await setup();
    const now = Date.now();
    const from = now - (now % HOUR) - HOUR;
    const q = query(from, from + 4 * HOUR, "1h", "UTC");
    const { agents } = reportAgents(sources, q, EVERYONE);
    const report = await timeInState(sources, VOCAB, q, agents, { now, deadline: now + 60_000 });
    // The hour before and the one holding now; the two after it are not there yet.
    const rowsOf = report.rows.filter((r) => r.agentId === agents[0]!.agentId);
    expect(rowsOf).toHaveLength(2);
    expect(Date.parse(rowsOf[1]!.end)).toBe(Math.floor(now / 1000) * 1000);
  });

  it("an outage of the history reader leaves the window unknown and incomplete, never guessed; once read, exact", async () => {
    // Failed chunks are asked again after 200 ms.
    const { sim, sources } = await setup({ retryAfterMs: 200 });
    const from = Math.floor((Date.now() - 3 * DAY) / HOUR) * HOUR;
    const to = from + 6 * HOUR;
    const q = query(from, to, "1h", "UTC");
    const { agents } = reportAgents(sources, q, EVERYONE);
    sim.setFault({ mode: "http_503", target: "activity" });
    const during = await timeInState(sources, VOCAB, q, agents.slice(0, 3), { now: Date.now(), deadline: Date.now() + 1_500 });
    expect(during.complete).toBe(false);
    for (const r of during.rows) {
      expect(r.seconds).toEqual({});
      expect(r.unknownSeconds).toBe(3600);
    }
    sim.clearFaults();
    await new Promise((r) => setTimeout(r, 300));
    const after = await timeInState(sources, VOCAB, q, agents.slice(0, 3), { now: Date.now(), deadline: Date.now() + 60_000 });
    expect(after.complete).toBe(true);
    expectTruth(sim, after.rows, from, to);
  });

  it("refuses a window over 31 days, a bad interval or zone, and a window without a zone, each saying what to send", () => {
    const p = (qs: string) => parseReportQuery(new URLSearchParams(qs), null, null, Date.now());
    expect(p("from=2026-10-01T00:00:00Z&to=2026-11-05T00:00:00Z")).toMatchObject({ ok: false, message: expect.stringContaining("at most 31 days") });
    expect(p("from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z&interval=5m")).toMatchObject({ ok: false, message: expect.stringContaining("15m, 30m, 1h, 1d, total") });
    expect(p("from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z&tz=Mars/Olympus")).toMatchObject({ ok: false, message: expect.stringContaining("IANA") });
    expect(p("from=2026-10-01T00:00:00&to=2026-10-02T00:00:00Z")).toMatchObject({ ok: false, message: expect.stringContaining("with a zone") });
    expect(p("from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z&format=csv")).toMatchObject({ ok: true, value: { csv: true, interval: "total", tz: "UTC" } });
    expect(parseReportQuery(new URLSearchParams("from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z"), "text/csv", null, Date.now())).toMatchObject({ ok: true, value: { csv: true } });
  });

  it("writes the same rows as CSV, formula-safe, one column per activity and reason seen", () => {
    const csv = reportCsv({
      from: "2026-10-01T00:00:00.000Z",
      to: "2026-10-01T01:00:00.000Z",
      interval: "total",
      tz: "UTC",
      complete: true,
      asOf: "2026-10-02T00:00:00.000Z",
      agents: [],
      rows: [{ agentId: "=cmd()", name: "Ana", team: null, start: "2026-10-01T00:00:00.000Z", end: "2026-10-01T01:00:00.000Z", seconds: { ready: 3000, notready: 500 }, reasonSeconds: { "2": 500 }, unknownSeconds: 100, changes: 3 }],
    });
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("agent_id,name,team,start,end,seconds_ready,seconds_notready,reason_seconds_2,unknown_seconds,changes");
    expect(lines[1]).toBe("'=cmd(),Ana,,2026-10-01T00:00:00.000Z,2026-10-01T01:00:00.000Z,3000,500,500,100,3");
  });
});
