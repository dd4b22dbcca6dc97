import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WORK_STATES } from "@/lib/activity/adherence";
import { parseAlertsConfig } from "@/lib/alerts/config";
import { sampleLabelsFor } from "@/lib/simulator/labels";
import type { RunningSimulator } from "@/lib/simulator/server";
import { parseLabels } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { AlertStore } from "@/lib/store/alert-store";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { signedBy, startReceivers, type Receivers } from "@/test/alert-receivers";
import { simulatorWithClient } from "@/test/simulator";
import { adherenceRules } from "../reports/adherence";
import { AlertEngine } from "./alerts";
import { LiveAdherence } from "../live/live-adherence";
import { LiveBreaks } from "../live/live-breaks";
import { LiveFlags } from "../live/live-flags";
import { Poller } from "../feed/poller";
import { RequestBudget } from "../feed/request-budget";

/**
 * Alerts with real receivers started here: a local HTTP server standing in for a webhook, Slack
 * and Teams (the signature and each payload's shape checked), and a local SMTP server. Two
 * scripted agents go past the alert threshold of a break; every case the issue names: exactly one
 * delivery per channel, nothing more on later rounds or after a takeover, the resolved follow-up,
 * the cooldown, quiet hours, a receiver down and then back, a 429 with Retry-After, a team's scope.
 */

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const SECRET = "whsec-test-0123456789";

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

describe("alerts", () => {
  it("reach every channel exactly once per occurrence, resolve once, keep cooldowns, quiet hours and teams, and get through a receiver down or rate-limited", async () => {
    const s = await simulatorWithClient({ agents: 20, historyHours: 4 });
    sim = s.sim;
    const rx = (receivers = await startReceivers());
    const realNow = Math.floor(Date.now() / 1000) * 1000;
    // Two agents on a break for half an hour and 25 minutes: past its alert (20 min).
    for (const [agentId, breakAt] of [["x-alice", 30], ["x-bob", 25]] as const) {
      s.sim.floor.inject({ agentId, time: realNow - 40 * MIN, activity: "ready", releaseAt: realNow - HOUR });
      s.sim.floor.inject({ agentId, time: realNow - breakAt * MIN, activity: "notready", reasonCode: "1", releaseAt: realNow - HOUR });
    }
    const parsed = parseLabels(sampleLabelsFor(s.sim.floor.agents));
    const vocab = new Vocabulary(parsed.labels, parsed.thresholds);
    const team = (id: string) => parsed.teams.get(id)!;
    const poller = new Poller(s.client, new RequestBudget(600), { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: 2 * HOUR, chunkMs: HOUR, rosterRefreshMs: 60_000, rosterPageSize: 50 });
    while (!poller.health.backfilled) await poller.pollOnce();
    const dir = mkdtempSync(join(tmpdir(), "floorview-alerts-"));
    dirs.push(dir);
    const db = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
    closers.push(() => db.close());
    let clock = realNow;
    const liveAdherence = new LiveAdherence(new ScheduleStore(db.db), poller, vocab, adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN }), () => clock);
    const sources = {
      poller,
      teams: parsed.teams,
      vocabulary: vocab,
      liveAdherence,
      liveBreaks: new LiveBreaks(poller, vocab, parsed.labels, parsed.teams, "UTC", liveAdherence),
      liveFlags: new LiveFlags(poller, vocab, parsed.flags, parsed.teams, "UTC", liveAdherence),
    };
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const config = parseAlertsConfig(
      JSON.stringify({
        channels: {
          hook: { type: "webhook", url: `${rx.url}/hook`, secret: "env:TEST_HOOK_SECRET" },
          slack: { type: "slack", url: `${rx.url}/slack` },
          teams: { type: "teams", url: "env:TEST_TEAMS_URL" },
          mail: { type: "email", to: ["floor@example.test"] },
        },
        smtp: { url: "env:TEST_SMTP_URL", from: "Floorview <floorview@example.test>" },
        rules: [
          { name: "Past alert", when: { threshold: "alert" }, agents: ["x-alice", "x-bob"], channels: ["hook", "slack", "teams", "mail"], cooldown: "30m" },
          // A team lead's rule: only their team's agents, whoever else is past warn.
          { name: "Lead", when: { threshold: "warn" }, teams: [team("x-alice")], channels: ["hook"], resolved: false },
          // Quiet now: held back, never sent.
          { name: "Night", when: { threshold: "alert" }, agents: ["x-bob"], channels: ["hook"], quiet: { from: hhmm(realNow - HOUR), to: hhmm(realNow + HOUR), zone: "UTC" } },
        ],
      }),
      parsed.labels.teamNames,
    );
    const store = new AlertStore(db.db);
    const env = { TEST_HOOK_SECRET: SECRET, TEST_TEAMS_URL: `${rx.url}/teams`, TEST_SMTP_URL: rx.smtpUrl };
    const engine = new AlertEngine(config, store, sources, { publicUrl: "https://floorview.example.test", env, mayRun: () => true, ready: () => true, now: () => clock });
    const round = async (e = engine, advanceMs = 0) => {
      clock += advanceMs;
      await e.tick();
      await e.idle();
    };
    const of = (path: string, rule: string, agent: string, phase = "raised") =>
      rx.requests.filter((r) => {
        if (r.path !== path) return false;
        const id = r.headers["x-floorview-delivery"]!;
        return id.startsWith(`${rule}|`) && id.includes(`:${agent}:`) && id.endsWith(`|${phase}`);
      });
    const mailsOf = (agent: string, phase = "raised") => rx.mails.filter((m) => m.subject.includes(agent) && (phase === "resolved") === m.subject.startsWith("[Floorview] Resolved:"));

    // Slack down for two tries; Teams rate-limited for two minutes.
    rx.failNext("/slack", { status: 503 }, { status: 503 });
    rx.failNext("/teams", { status: 429, retryAfter: 120 });
    await round();
    // The webhook and the mail at once (a dead channel delays no other), each once per agent.
    for (const agent of ["x-alice", "x-bob"]) {
      expect(of("/hook", "Past alert", agent), agent).toHaveLength(1);
      expect(mailsOf(agent), agent).toHaveLength(1);
    }
    const hook = of("/hook", "Past alert", "x-alice")[0]!;
    // The signature a receiver checks: HMAC-SHA256 over the timestamp, a dot and the body.
    expect(signedBy(SECRET, hook), "signed as a receiver checks it").toBe(true);
    expect(signedBy(`${SECRET}x`, hook), "not with another secret").toBe(false);
    expect(hook.json).toMatchObject({ phase: "raised", rule: "Past alert", kind: "threshold", type: "alert", agent: { id: "x-alice", team: team("x-alice") }, team: team("x-alice") });
    expect(hook.json.title).toMatch(/^x-alice: Not ready · Break, past alert \(20 min\)$/);
    expect(String(hook.json.url)).toMatch(/^https:\/\/floorview\.example\.test\/agents\/x-alice\?window=custom&from=/);
    expect(Date.parse(String(hook.json.since))).toBe(realNow - 30 * MIN + 20 * MIN);
    const mail = mailsOf("x-alice")[0]!;
    expect(mail.to).toEqual(["floor@example.test"]);
    expect(mail.subject).toBe("[Floorview] x-alice: Not ready · Break, past alert (20 min)");
    expect(mail.raw).toContain("Content-Type: text/html");

    // Slack: tried again after 2 s and 4 s, then delivered once each; Teams only after its Retry-After.
    await round(engine, 2 * S);
    expect(of("/slack", "Past alert", "x-alice")).toHaveLength(0);
    await round(engine, 4 * S);
    await round(engine, 1 * S);
    for (const agent of ["x-alice", "x-bob"]) expect(of("/slack", "Past alert", agent), agent).toHaveLength(1);
    const slack = of("/slack", "Past alert", "x-alice")[0]!.json as { text: string; blocks: { type: string; elements?: { url: string }[] }[] };
    expect(slack.text).toContain("x-alice: Not ready · Break, past alert (20 min)");
    expect(slack.blocks.find((b) => b.type === "actions")!.elements![0]!.url).toMatch(/^https:\/\/floorview\.example\.test\/agents\/x-alice/);
    await round(engine, 60 * S);
    expect(of("/teams", "Past alert", "x-alice")).toHaveLength(0);
    await round(engine, 60 * S);
    for (const agent of ["x-alice", "x-bob"]) expect(of("/teams", "Past alert", agent), agent).toHaveLength(1);
    const card = of("/teams", "Past alert", "x-bob")[0]!.json as { attachments: { contentType: string; content: { type: string; body: { text?: string }[]; actions: { type: string; url: string }[] } }[] };
    expect(card.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.attachments[0]!.content.type).toBe("AdaptiveCard");
    expect(card.attachments[0]!.content.body[0]!.text).toContain("x-bob: Not ready · Break, past alert");
    expect(card.attachments[0]!.content.actions[0]).toMatchObject({ type: "Action.OpenUrl" });

    // Quiet hours: the Night rule was held back. The Lead rule: its team only.
    expect(rx.requests.filter((r) => r.headers["x-floorview-delivery"]!.startsWith("Night|"))).toEqual([]);
    const lead = rx.requests.filter((r) => r.headers["x-floorview-delivery"]!.startsWith("Lead|"));
    expect(lead.some((r) => (r.json.agent as { id: string }).id === "x-alice")).toBe(true);
    for (const r of lead) expect((r.json.agent as { team: string }).team).toBe(team("x-alice"));

    // More rounds, and another instance taking over with the same store: nothing again.
    const count = rx.requests.length + rx.mails.length;
    await round(engine, S);
    await round(engine, S);
    const successor = new AlertEngine(config, store, sources, { publicUrl: "https://floorview.example.test", env, mayRun: () => true, ready: () => true, now: () => clock });
    await round(successor, S);
    expect(rx.requests.length + rx.mails.length).toBe(count);

    // Alice back at work: one "resolved" per channel.
    s.sim.floor.inject({ agentId: "x-alice", time: realNow - 20 * S, activity: "ready", releaseAt: Date.now() });
    await poller.pollOnce();
    await round(successor, S);
    await round(successor, S);
    for (const path of ["/hook", "/slack", "/teams"]) expect(of(path, "Past alert", "x-alice", "resolved"), path).toHaveLength(1);
    expect(mailsOf("x-alice", "resolved")).toHaveLength(1);
    expect(of("/hook", "Past alert", "x-alice", "resolved")[0]!.json.phase).toBe("resolved");

    // On a break again and past alert within the 30-minute cooldown: held back.
    s.sim.floor.inject({ agentId: "x-alice", time: realNow - 10 * S, activity: "notready", reasonCode: "1", releaseAt: Date.now() });
    await poller.pollOnce();
    const before = rx.requests.length;
    await round(successor, 21 * MIN);
    expect(rx.requests.filter((r) => r.headers["x-floorview-delivery"]!.startsWith("Past alert|")).length).toBe(rx.requests.filter((r, i) => i < before && r.headers["x-floorview-delivery"]!.startsWith("Past alert|")).length);
    const held = await store.openOccurrences();
    expect(held.find((o) => o.rule === "Past alert" && o.subject === "x-alice")).toMatchObject({ status: "cooldown" });
    // The log: every delivery sent, none left behind.
    const log = await store.recent(200);
    expect(log.filter((d) => d.status !== "sent")).toEqual([]);
    // Alice's Teams message was refused once (429), Bob's waited behind it and went first time.
    expect(log.find((d) => d.channel === "teams" && d.phase === "raised" && d.key.includes(":x-alice:"))!.attempts).toBe(2);
    expect(log.find((d) => d.channel === "teams" && d.phase === "raised" && d.key.includes(":x-bob:"))!.attempts).toBe(1);
  });
  it("an acknowledged alert sends nothing until its time, is raised once more if still true, and one acknowledged until it ends resolves in silence", async () => {
    const s = await simulatorWithClient({ agents: 10, historyHours: 2 });
    sim = s.sim;
    const rx = (receivers = await startReceivers());
    const realNow = Math.floor(Date.now() / 1000) * 1000;
    for (const [agentId, breakAt] of [["x-alice", 30], ["x-bob", 25]] as const) {
      s.sim.floor.inject({ agentId, time: realNow - 40 * MIN, activity: "ready", releaseAt: realNow - HOUR });
      s.sim.floor.inject({ agentId, time: realNow - breakAt * MIN, activity: "notready", reasonCode: "1", releaseAt: realNow - HOUR });
    }
    const parsed = parseLabels(sampleLabelsFor(s.sim.floor.agents));
    const vocab = new Vocabulary(parsed.labels, parsed.thresholds);
    const poller = new Poller(s.client, new RequestBudget(600), { pollIntervalMs: 60_000, overlapMs: 90_000, backfillMs: HOUR, chunkMs: HOUR, rosterRefreshMs: 60_000, rosterPageSize: 50 });
    while (!poller.health.backfilled) await poller.pollOnce();
    const dir = mkdtempSync(join(tmpdir(), "floorview-acks-"));
    dirs.push(dir);
    const db = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
    closers.push(() => db.close());
    let clock = realNow;
    const liveAdherence = new LiveAdherence(new ScheduleStore(db.db), poller, vocab, adherenceRules({ work: [...DEFAULT_WORK_STATES], graceMs: 3 * MIN }), () => clock);
    const sources = { poller, teams: parsed.teams, vocabulary: vocab, liveAdherence, liveBreaks: new LiveBreaks(poller, vocab, parsed.labels, parsed.teams, "UTC", liveAdherence), liveFlags: new LiveFlags(poller, vocab, parsed.flags, parsed.teams, "UTC", liveAdherence) };
    const config = parseAlertsConfig(JSON.stringify({ channels: { hook: { type: "webhook", url: `${rx.url}/hook`, secret: "env:H" } }, rules: [{ name: "Past alert", when: { threshold: "alert" }, agents: ["x-alice", "x-bob"], channels: ["hook"] }] }), parsed.labels.teamNames);
    const store = new AlertStore(db.db);
    const engine = new AlertEngine(config, store, sources, { publicUrl: null, env: { H: SECRET }, mayRun: () => true, ready: () => true, now: () => clock });
    const round = async (advanceMs = 0) => {
      clock += advanceMs;
      await engine.tick();
      await engine.idle();
    };
    const sentAbout = (agent: string) => rx.requests.filter((r) => r.headers["x-floorview-delivery"]!.includes(`:${agent}:`)).map((r) => `${r.json.phase}: ${r.json.title}`);
    await round();
    expect(sentAbout("x-alice")).toEqual(["raised: x-alice: Not ready · Break, past alert (20 min)"]);
    expect(sentAbout("x-bob")).toHaveLength(1);
    const open = await store.openOccurrences();
    const alice = open.find((o) => o.subject === "x-alice")!;
    const bob = open.find((o) => o.subject === "x-bob")!;

    // The message links to where it is acknowledged.
    const first = rx.requests.find((r) => r.headers["x-floorview-delivery"]!.includes(":x-alice:"))!;
    expect(first.json.ackUrl).toBe(`/alerts?ack=${encodeURIComponent(alice.key)}`);
    // Alice: "I'm on it" for ten minutes. Bob: until it ends.
    expect(await store.acknowledge(alice.key, { at: clock, by: "Sam Supervisor", note: "I'm on it", until: clock + 10 * MIN })).toBe(true);
    expect(await store.acknowledge(bob.key, { at: clock, by: "Sam Supervisor", note: "Talking to him", until: null })).toBe(true);
    for (let m = 0; m < 9; m++) await round(MIN);
    expect(sentAbout("x-alice")).toHaveLength(1);
    // Bob back at work while acknowledged: resolved, and nothing said.
    s.sim.floor.inject({ agentId: "x-bob", time: realNow - 10 * S, activity: "ready", releaseAt: Date.now() });
    await poller.pollOnce();
    await round(S);
    expect((await store.occurrence(bob.key))!.resolvedAt).not.toBeNull();
    expect(sentAbout("x-bob")).toHaveLength(1);

    // Alice's ten minutes run out and she is still on her break: raised once more, once.
    await round(MIN);
    await round(S);
    await round(MIN);
    const again = sentAbout("x-alice");
    expect(again).toHaveLength(2);
    expect(again[1]).toBe("raised: Still: x-alice: Not ready · Break, past alert (20 min)");
    const detail = rx.requests.filter((r) => r.headers["x-floorview-delivery"]!.includes("raised-again")).map((r) => r.json.detail);
    expect(detail).toEqual([expect.stringContaining('Sam Supervisor acknowledged it ("I\'m on it") until')]);
    // Taken back: nothing is sent for that (the alert was sent); its end is said again as any other's.
    expect(await store.unacknowledge(alice.key)).toMatchObject({ by: "Sam Supervisor", note: "I'm on it" });
    expect(await store.unacknowledge(alice.key)).toBeNull();
    s.sim.floor.inject({ agentId: "x-alice", time: realNow - 5 * S, activity: "ready", releaseAt: Date.now() });
    await poller.pollOnce();
    await round(S);
    expect(sentAbout("x-alice").at(-1)).toMatch(/^resolved: /);
  });
});
