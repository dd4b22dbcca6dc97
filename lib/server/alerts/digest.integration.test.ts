import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import { spansOf, type ScheduleRow } from "@/lib/activity/schedule";
import { parseAlertsConfig } from "@/lib/alerts/config";
import type { DigestBody } from "@/lib/alerts/digest";
import { sampleLabelsFor } from "@/lib/simulator/labels";
import sample from "@/lib/simulator/sample-labels.json";
import type { RunningSimulator } from "@/lib/simulator/server";
import { truthSegments } from "@/lib/simulator/truth";
import { budgetFor, type ReasonCategory } from "@/lib/states/labels";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { AlertStore } from "@/lib/store/alert-store";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { adherenceTruth, type TruthRules } from "@/test/adherence-truth";
import { signedBy, startReceivers, type Receivers } from "@/test/alert-receivers";
import { simulatorWithClient } from "@/test/simulator";
import { adherenceGroups, adherencePercent } from "@/lib/display/adherence";
import { adherenceReport, adherenceRules } from "../reports/adherence";
import { AlertEngine } from "./alerts";
import { buildDigest, type DigestSources } from "./digest";
import { HistoryStore } from "../feed/history";
import { LiveAdherence } from "../live/live-adherence";
import { LiveBreaks } from "../live/live-breaks";
import { LiveFlags } from "../live/live-flags";
import { Poller } from "../feed/poller";
import { RequestBudget } from "../feed/request-budget";
import { agentSnapshots } from "../feed/snapshot";
import { LOOKBACK_MS } from "../reports/timeline";
import { adherenceCsv } from "../reports/adherence-csv";
import type { Adjustment } from "@/lib/activity/adjustments";

/**
 * Digests with real receivers: a team's digest at its time, exactly once per channel (not on
 * later rounds, not by a second leader, not again by a leader that takes over after the first
 * stopped between recording its messages and the digest), not before the feed has settled, not
 * hours late; and its numbers equal to the simulator's truth counted plainly here (time logged in
 * and per state, the break budgets passed, adherence), not by the reports' arithmetic.
 */

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const SECRET = "whsec-digest-0123456789";
const TRUTH: TruthRules = {
  working: (a) => a === "ready" || a === "busy" || a === "acw",
  isOn: (a) => a !== "offline",
  category: (s) => (s.activity === "notready" && s.reasonCode ? ((sample.reasons as Record<string, { category: string }>)[s.reasonCode]?.category ?? null) : null),
  graceMs: 3 * MIN,
};

let sim: RunningSimulator | null = null;
let receivers: Receivers | null = null;
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await sim?.close();
  sim = null;
  await receivers?.close();
  receivers = null;
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * A simulated floor read to its end, with one more Billing agent (`extra`, whose events `inject`
 * puts in the feed), its labels, a poller that has read the backfill, history and an empty store.
 */
async function billingFloor(agents: number, historyHours: number, extra: string, inject: (sim: RunningSimulator, to: number) => void) {
  const s = await simulatorWithClient({ agents, historyHours });
  sim = s.sim;
  // The digest's span: the three hours to a whole minute two minutes ago.
  const to = Math.floor(Date.now() / MIN) * MIN - 2 * MIN;
  const from = to - 3 * HOUR;
  const generated = s.sim.floor.agents.map((a) => a.agentId);
  inject(s.sim, to);
  const labelsJson = JSON.parse(sampleLabelsFor(s.sim.floor.agents.filter((a) => generated.includes(a.agentId)))) as { teams: Record<string, string[]> };
  labelsJson.teams.Billing!.push(extra);
  const parsed = parseLabels(JSON.stringify(labelsJson));
  const vocab = new Vocabulary(parsed.labels, parsed.thresholds);
  const budget = new RequestBudget(600);
  const poller = new Poller(s.client, budget, { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 5 * HOUR, chunkMs: HOUR, rosterRefreshMs: 60_000, rosterPageSize: 50 });
  while (!poller.health.backfilled) await poller.pollOnce();
  const history = new HistoryStore(s.client, budget, { chunkMs: 6 * HOUR, maxEvents: 2_000_000, reserve: 5 });
  const dir = mkdtempSync(join(tmpdir(), "floorview-digest-"));
  dirs.push(dir);
  const db = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
  closers.push(() => db.close());
  return { s, to, from, parsed, vocab, poller, history, db };
}

describe("digests", () => {
  it("go to each channel once per team and time, with the truth's numbers, and never twice across leaders", async () => {
    // One more Billing agent, on a break for 45 minutes of the span (its budget: 30).
    const { s, to, from, parsed, vocab, poller, history, db } = await billingFloor(24, 8, "x-long-break", (sim, to) => {
      for (const [at, activity, reasonCode] of [[170, "ready", undefined], [100, "notready", "1"], [55, "ready", undefined]] as const) {
        sim.floor.inject({ agentId: "x-long-break", time: to - at * MIN, activity, ...(reasonCode && { reasonCode }), releaseAt: to - 4 * HOUR });
      }
    });
    const rx = (receivers = await startReceivers());
    const store = new AlertStore(db.db);
    const schedules = new ScheduleStore(db.db);

    const billing = s.sim.floor.agents.map((a) => a.agentId).filter((id) => parsed.teams.get(id) === "Billing");
    expect(billing.length).toBe(7);
    // Billing is scheduled: work, a quarter-hour break, work, within the span.
    const rows: ScheduleRow[] = billing.flatMap((agentId) => [
      { agentId, start: to - 150 * MIN, end: to - 90 * MIN, activity: "work" as const },
      { agentId, start: to - 90 * MIN, end: to - 75 * MIN, activity: "break" as const },
      { agentId, start: to - 75 * MIN, end: to - 30 * MIN, activity: "work" as const },
    ]);
    await schedules.replace(rows, spansOf(rows));
    // An alert raised in the span about a Billing agent, one before it, one about another team's.
    const other = s.sim.floor.agents.map((a) => a.agentId).find((id) => parsed.teams.get(id) === "Sales")!;
    await store.openMany([
      { key: "k1", rule: "Past alert", subject: billing[0]!, raisedAt: to - HOUR, status: "raised", payload: "{}" },
      { key: "k2", rule: "Past alert", subject: billing[1]!, raisedAt: from - MIN, status: "raised", payload: "{}" },
      { key: "k3", rule: "Past alert", subject: other, raisedAt: to - HOUR, status: "raised", payload: "{}" },
    ]);

    const rules = adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN });
    let clock = to + 30 * S;
    const liveAdherence = new LiveAdherence(schedules, poller, vocab, rules, () => clock);
    const sources = {
      poller,
      teams: parsed.teams,
      vocabulary: vocab,
      liveAdherence,
      liveBreaks: new LiveBreaks(poller, vocab, parsed.labels, parsed.teams, "UTC", liveAdherence),
      liveFlags: new LiveFlags(poller, vocab, parsed.flags, parsed.teams, "UTC", liveAdherence),
    };
    const digestSources: DigestSources = { poller, history, staleAfterMs: 45_000, teams: parsed.teams, schedules, alertStore: store, vocabulary: vocab, labels: parsed.labels, flagConfig: parsed.flags, adherenceRules: rules, floorZone: "UTC" };
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const config = parseAlertsConfig(
      JSON.stringify({
        channels: {
          hook: { type: "webhook", url: `${rx.url}/hook`, secret: "env:TEST_HOOK_SECRET" },
          slack: { type: "slack", url: `${rx.url}/slack` },
          teams: { type: "teams", url: `${rx.url}/teams` },
          mail: { type: "email", to: ["billing-lead@example.test"] },
        },
        smtp: { url: "env:TEST_SMTP_URL", from: "Floorview <floorview@example.test>" },
        rules: [],
        digests: [
          { name: "Shift digest", at: [hhmm(from), hhmm(to)], zone: "UTC", teams: ["Billing"], channels: ["hook", "slack", "teams", "mail"] },
          // Without teams: one for each team.
          { name: "Every team", at: hhmm(to), zone: "UTC", channels: ["hook"] },
        ],
      }),
      parsed.labels.teamNames,
    );
    const env = { TEST_HOOK_SECRET: SECRET, TEST_SMTP_URL: rx.smtpUrl };
    const built: DigestBody[] = [];
    const engineOf = () =>
      new AlertEngine(config, store, sources, {
        publicUrl: "https://floorview.example.test",
        env,
        mayRun: () => true,
        ready: () => true,
        now: () => clock,
        teamNames: parsed.labels.teamNames,
        digest: async (d, team, f, t, now) => {
          const b = await buildDigest(digestSources, d.name, d.zone, team, f, t, now);
          built.push(b);
          return b;
        },
      });
    const engine = engineOf();
    const round = async (e: AlertEngine, advanceMs = 0) => {
      clock += advanceMs;
      // One round makes the digest; the next sends what it recorded.
      await e.tick();
      await e.idle();
      clock += S;
      await e.tick();
      await e.idle();
    };
    const digestsOf = (path: string, name: string) => rx.requests.filter((r) => r.path === path && r.headers["x-floorview-delivery"]!.startsWith(`digest|${name}|`));

    // Half a minute after its time the feed may still be stacking changes: not yet.
    await round(engine);
    expect(rx.requests).toEqual([]);
    // A minute after: once per channel for Billing, once per team for the other.
    await round(engine, 30 * S);
    for (const path of ["/hook", "/slack", "/teams"]) expect(digestsOf(path, "Shift digest"), path).toHaveLength(1);
    const mails = rx.mails.filter((m) => m.subject.includes("Billing · Shift digest"));
    expect(mails).toHaveLength(1);
    expect(digestsOf("/hook", "Every team").map((r) => (r.json as { team: string }).team).sort()).toEqual([...parsed.labels.teamNames].sort());

    // The numbers: the simulator's truth, counted here.
    const hook = digestsOf("/hook", "Shift digest")[0]!;
    expect(signedBy(SECRET, hook), "signed as a receiver checks it").toBe(true);
    expect(signedBy(`${SECRET}x`, hook), "not with another secret").toBe(false);
    const d = (hook.json as { digest: Record<string, unknown> & { states: { label: string; seconds: number }[]; adherence: { percent: number; agents: number; scheduledSeconds: number }; overBudget: { agentId: string; category: string; usedSeconds: number }[]; alerts: { rule: string; count: number }[] } }).digest;
    expect(d).toMatchObject({ name: "Shift digest", team: "Billing", from: new Date(from).toISOString(), to: new Date(to).toISOString(), zone: "UTC", complete: true });
    const now = Date.now();
    let loggedIn = 0;
    let agents = 0;
    const perState = new Map<string, number>();
    const over: { agentId: string; category: string; usedSeconds: number }[] = [];
    let scheduled = 0;
    let adherent = 0;
    let unknown = 0;
    for (const id of billing) {
      const events = s.sim.floor.query(from - LOOKBACK_MS, to, now).filter((e) => e.agentId === id);
      const segments = truthSegments(events, { from, to, knownFrom: from - LOOKBACK_MS, liveEdge: null });
      let mine = 0;
      const used = new Map<string, number>();
      for (const seg of segments) {
        const ms = Math.min(seg.end ?? to, to) - Math.max(seg.start, from);
        if (ms <= 0) continue;
        if (seg.activity !== "offline") {
          mine += ms;
          const label = vocab.state(seg.activity).label;
          perState.set(label, (perState.get(label) ?? 0) + ms / S);
        }
        const category = TRUTH.category(seg);
        if (category) used.set(category, (used.get(category) ?? 0) + ms);
      }
      loggedIn += mine / S;
      if (mine > 0) agents++;
      for (const [category, ms] of used) {
        const allowed = budgetFor(parsed.labels, "Billing", category as ReasonCategory);
        if (allowed !== null && ms > allowed) over.push({ agentId: id, category, usedSeconds: ms / S });
      }
      const origin = from - HOUR;
      const wide = truthSegments(s.sim.floor.query(origin - LOOKBACK_MS, to, now).filter((e) => e.agentId === id), { from: origin, to, knownFrom: origin - LOOKBACK_MS, liveEdge: null });
      const truth = adherenceTruth(rows.filter((r) => r.agentId === id), wide, from, to, now, origin, TRUTH);
      scheduled += truth.scheduledMs / S;
      adherent += truth.adherentMs / S;
      unknown += truth.unknownMs / S;
    }
    expect(d.agents).toBe(agents);
    expect(d.loggedInSeconds).toBe(loggedIn);
    expect(Object.fromEntries(d.states.map((x) => [x.label, x.seconds]))).toEqual(Object.fromEntries(perState));
    expect(d.overBudget.map(({ agentId, category, usedSeconds }) => ({ agentId, category, usedSeconds })).sort((a, b) => a.agentId.localeCompare(b.agentId) || a.category.localeCompare(b.category))).toEqual(
      over.sort((a, b) => a.agentId.localeCompare(b.agentId) || a.category.localeCompare(b.category)),
    );
    expect(over.some((o) => o.agentId === "x-long-break" && o.category === "break" && o.usedSeconds === 45 * 60)).toBe(true);
    // Adherent over judged: time whose state the feed does not tell is not judged.
    expect(d.adherence).toMatchObject({ agents: 7, scheduledSeconds: scheduled, unknownSeconds: unknown, percent: Math.round((10_000 * adherent) / (scheduled - unknown)) / 100 });
    expect(scheduled).toBe(7 * 120 * 60);
    // Worth a look: at most ten, the flags among them (at least three when there are), in order.
    const flagged = (d as unknown as { flags: { count: number }[] }).flags.reduce((n, f) => n + f.count, 0);
    const worth = (d as unknown as { exceptions: { at: string; seconds: number | null }[] }).exceptions;
    expect(worth.length).toBeLessThanOrEqual(10);
    expect(worth.filter((e) => e.seconds === null).length).toBe(Math.min(flagged, Math.max(3, 10 - worth.filter((e) => e.seconds !== null).length)));
    expect(worth.map((e) => e.at)).toEqual(worth.map((e) => e.at).sort());
    // Only the alert raised in the span about one of Billing's agents.
    expect(d.alerts).toEqual([{ rule: "Past alert", count: 1 }]);
    expect(String((hook.json as { url: string }).url)).toBe(`https://floorview.example.test/reports?window=custom&from=${encodeURIComponent(new Date(from).toISOString().slice(0, 16))}&to=${encodeURIComponent(new Date(to).toISOString().slice(0, 16))}&tz=UTC&interval=1h&team=Billing`);

    // Each channel's own shape, with the same figures.
    const slack = digestsOf("/slack", "Shift digest")[0]!.json as { blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[] };
    expect(slack.blocks[0]).toMatchObject({ type: "header", text: { text: "Billing · Shift digest" } });
    expect(slack.blocks.map((b) => b.text?.text ?? "").join("\n")).toContain(`*Adherence*\n• ${d.adherence.percent} %`);
    expect(slack.blocks.find((b) => b.type === "actions")!.elements![0]!.url).toBe((hook.json as { url: string }).url);
    const card = digestsOf("/teams", "Shift digest")[0]!.json as { attachments: { content: { type: string; body: { text: string }[]; actions: { title: string }[] } }[] };
    expect(card.attachments[0]!.content.type).toBe("AdaptiveCard");
    expect(card.attachments[0]!.content.body.map((b) => b.text)).toContain("Alerts sent");
    expect(card.attachments[0]!.content.actions[0]!.title).toBe("Open the report");
    expect(mails[0]!.to).toEqual(["billing-lead@example.test"]);
    expect(mails[0]!.raw).toContain("Behaviour flags");

    // Later rounds, and another leader on the same store: nothing more, nothing made again.
    const count = rx.requests.length + rx.mails.length;
    const made = built.length;
    await round(engine, 5 * S);
    await round(engineOf(), 5 * S);
    expect(rx.requests.length + rx.mails.length).toBe(count);
    expect(built.length).toBe(made);
    // A leader that stopped after recording the messages but before the digest: its successor
    // makes the digest again, records it, and sends nothing twice.
    await db.db.deleteFrom("alert_occurrences").where("status", "=", "digest").execute();
    await round(engineOf(), 5 * S);
    expect(built.length).toBeGreaterThan(made);
    expect(rx.requests.length + rx.mails.length).toBe(count);
    expect((await store.has([`digest|Shift digest|Billing|${new Date(to).toISOString()}`])).size).toBe(1);
    expect((await store.recent(100)).filter((x) => x.phase === "digest").every((x) => x.status === "sent")).toBe(true);

    // "Send now" from the alerts page: the same digest on every channel, marked, beside the scheduled one.
    await engine.sendDigestTest("Shift digest", "Billing", "Sam Supervisor");
    await round(engine, S);
    const now1 = rx.requests.filter((r) => r.headers["x-floorview-delivery"]!.startsWith("test|digest|Shift digest|Billing|"));
    expect(now1.map((r) => r.path).sort()).toEqual(["/hook", "/slack", "/teams"]);
    expect((now1.find((r) => r.path === "/hook")!.json as { title: string; detail: string }).title).toBe("Billing · Shift digest (sent now)");
    expect((now1.find((r) => r.path === "/hook")!.json as { digest: { loggedInSeconds: number } }).digest.loggedInSeconds).toBe(loggedIn);
    expect(rx.mails.filter((m) => m.subject.includes("Billing · Shift digest (sent now)"))).toHaveLength(1);
    for (const path of ["/hook", "/slack", "/teams"]) expect(digestsOf(path, "Shift digest"), path).toHaveLength(1);
    const sentNow = rx.requests.length + rx.mails.length;

    // Two hours late (Floorview was down across its time): skipped, not sent stale.
    await db.db.deleteFrom("alert_occurrences").execute();
    await db.db.deleteFrom("alert_deliveries").execute();
    await round(engineOf(), 2 * HOUR);
    expect(rx.requests.length + rx.mails.length).toBe(sentNow);
  });

  it("say a team's adherence as the reports page sums it, time whose state is not known left out of both", async () => {
    // An agent the feed has never mentioned before an hour ago: the first hour of its shift is unknown, not out.
    const { to, from, parsed, vocab, poller, history, db } = await billingFloor(12, 6, "x-first-seen", (sim, to) => sim.floor.inject({ agentId: "x-first-seen", time: to - 60 * MIN, activity: "ready", releaseAt: to - 4 * HOUR }));
    const schedules = new ScheduleStore(db.db);
    const billing = [...parsed.teams].filter(([, team]) => team === "Billing").map(([id]) => id);
    expect(billing).toContain("x-first-seen");
    const rows: ScheduleRow[] = billing.map((agentId) => ({ agentId, start: to - 120 * MIN, end: to - 30 * MIN, activity: "work" as const }));
    await schedules.replace(rows, spansOf(rows));
    const rules = adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN });
    const sources: DigestSources = { poller, history, staleAfterMs: 45_000, teams: parsed.teams, schedules, alertStore: new AlertStore(db.db), vocabulary: vocab, labels: parsed.labels, flagConfig: parsed.flags, adherenceRules: rules, floorZone: "UTC" };
    const now = to + MIN;

    const digest = await buildDigest(sources, "Shift digest", "UTC", "Billing", from, to, now);
    // The reports page: GET /api/adherence's agents, summed per team in the browser.
    const report = await adherenceReport(sources, vocab, rules, { from, to }, agentSnapshots(poller, parsed.teams), new Set(), { now, deadline: Date.now() + 30_000 });
    const team = adherenceGroups(report.agents, parsed.labels.teamNames).teams.find((g) => g.team === "Billing")!;

    // The hour before the agent was first seen is unknown, on both.
    expect(report.agents.find((a) => a.agentId === "x-first-seen")!.unknownSeconds).toBe(60 * 60);
    expect(team.total.unknown).toBeGreaterThanOrEqual(60 * 60);
    expect(digest.adherence).toMatchObject({ agents: billing.length, scheduledSeconds: team.total.scheduled, unknownSeconds: team.total.unknown });
    expect(digest.adherence!.percent).toBe(adherencePercent(team.total));
    // Not the scheduled time as the divisor (what the digest said before: lower than the page's).
    expect(digest.adherence!.percent).not.toBe(Math.round((10_000 * team.total.adherent) / team.total.scheduled) / 100);
  });
  it("an excused 12-minute late start counts as adherent, exactly, in /api/adherence, its CSV and the next digest; revoked, every number is as before; a floor-wide neutral 20 minutes takes exactly 1,200 s from what is judged", async () => {
    // x-late: logged out all along, then ready twelve minutes after the shift began.
    const { to, from, parsed, vocab, poller, history, db } = await billingFloor(12, 6, "x-late", (sim, to) => {
      sim.floor.inject({ agentId: "x-late", time: to - 4 * HOUR, activity: "offline", releaseAt: to - 4 * HOUR });
      sim.floor.inject({ agentId: "x-late", time: to - 108 * MIN, activity: "ready", releaseAt: to - 4 * HOUR });
    });
    const schedules = new ScheduleStore(db.db);
    const billing = [...parsed.teams].filter(([, team]) => team === "Billing").map(([id]) => id);
    const rows: ScheduleRow[] = billing.map((agentId) => ({ agentId, start: to - 120 * MIN, end: to - 30 * MIN, activity: "work" as const }));
    await schedules.replace(rows, spansOf(rows));
    const rules = adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN });
    const sources: DigestSources = { poller, history, staleAfterMs: 45_000, teams: parsed.teams, schedules, alertStore: new AlertStore(db.db), vocabulary: vocab, labels: parsed.labels, flagConfig: parsed.flags, adherenceRules: rules, floorZone: "UTC" };
    const now = to + MIN;
    const read = async () => {
      const report = await adherenceReport(sources, vocab, rules, { from, to }, agentSnapshots(poller, parsed.teams), new Set(), { now, deadline: Date.now() + 30_000 });
      const digest = await buildDigest(sources, "Shift digest", "UTC", "Billing", from, to, now);
      return { report, csv: adherenceCsv(report), digest, agent: (id: string) => report.agents.find((a) => a.agentId === id)! };
    };
    const csvRow = (csv: string, agentId: string) => csv.split("\r\n").find((l) => l.startsWith(`${agentId},`))!.split(",");
    const adjustment = (id: string, kind: "excused" | "neutral", scope: Adjustment["scope"], start: number, end: number): Adjustment => ({ id, kind, scope, start, end, category: null, note: "test", createdAt: now, createdBy: "Sam", createdBySub: "sam", revokedAt: null, revokedBy: null });

    const before = await read();
    const late = before.agent("x-late");
    expect(late.exceptions.find((e) => e.type === "late")).toMatchObject({ start: new Date(to - 120 * MIN).toISOString(), end: new Date(to - 108 * MIN).toISOString(), review: "open" });
    expect(late.unknownSeconds).toBe(0);
    expect(late.scheduledSeconds - late.adherentSeconds).toBe(720);

    // Excused: exactly (adherent + 720) ÷ (scheduled − unknown), everywhere it is said.
    await schedules.adjustments.add(adjustment("adj-late", "excused", { agents: ["x-late"] }, to - 120 * MIN, to - 108 * MIN));
    const excused = await read();
    const after = excused.agent("x-late");
    const expected = Math.round((10_000 * (late.adherentSeconds + 720)) / (late.scheduledSeconds - late.unknownSeconds)) / 100;
    expect(after).toMatchObject({ excusedSeconds: 720, adherentSeconds: late.adherentSeconds, scheduledSeconds: late.scheduledSeconds, percent: expected });
    expect(after.exceptions.find((e) => e.type === "late")).toMatchObject({ review: "excused", adjustment: "adj-late" });
    expect(csvRow(excused.csv, "x-late").slice(5, 11)).toEqual([late.scheduledSeconds, late.adherentSeconds, 720, 0, 0].map(String).concat(expected.toFixed(2)));
    const team = adherenceGroups(excused.report.agents, parsed.labels.teamNames).teams.find((g) => g.team === "Billing")!;
    expect(excused.digest.adherence!.percent).toBe(adherencePercent(team.total));
    expect(excused.digest.adherence!.percent!).toBeGreaterThan(before.digest.adherence!.percent!);
    // Others untouched.
    for (const a of before.report.agents.filter((x) => x.agentId !== "x-late")) expect(excused.agent(a.agentId).percent).toBe(a.percent);

    // Revoked: every number as before, to the byte.
    await schedules.adjustments.revoke("adj-late", "Sam", now);
    const revoked = await read();
    expect(revoked.csv).toBe(before.csv);
    expect(revoked.report.agents).toEqual(before.report.agents);
    expect(revoked.digest.adherence).toEqual(before.digest.adherence);

    // The whole floor neutral for 20 minutes inside the shift: 1,200 s out of what is judged for every scheduled agent.
    await schedules.adjustments.add(adjustment("adj-outage", "neutral", { all: true }, to - 90 * MIN, to - 70 * MIN));
    const neutral = await read();
    for (const a of before.report.agents) {
      const n = neutral.agent(a.agentId);
      expect(n.neutralSeconds, a.agentId).toBe(1_200);
      expect(n.scheduledSeconds - n.unknownSeconds - n.neutralSeconds, a.agentId).toBe(a.scheduledSeconds - a.unknownSeconds - 1_200);
      expect(csvRow(neutral.csv, a.agentId)[8], a.agentId).toBe("1200");
    }
  });
});
