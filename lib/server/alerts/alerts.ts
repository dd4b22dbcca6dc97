import "server-only";
import { matches } from "@/lib/alerts/conditions";
import { isQuiet, type AlertRule, type AlertsConfig, type Condition, type ConditionKind, type DigestConfig } from "@/lib/alerts/config";
import type { DigestBody } from "@/lib/alerts/digest";
import type { Message, Occurrence, Phase } from "@/lib/alerts/messages";
import { log } from "@/lib/log";
import { clockNamed } from "@/lib/time/clock";
import type { AlertStore, NewDelivery } from "@/lib/store/alert-store";
import { currentOccurrences, Episodes, type AlertSources } from "./alert-sources";
import { DeliveryQueue, toChannels, type Outbox } from "./delivery-queue";
import { DigestSchedule } from "./digest-schedule";
import { MAX_ATTEMPTS, missingSecrets, retryAt, SendError, sendErrorOf, Transports } from "./transports";

/**
 * Alerts that reach people. On the leader only, on each poll and at least every second: the conditions true now
 * (`alert-sources.ts`) against each rule's scope; a new occurrence is recorded in the store once
 * (its key: the rule and the condition's own key), held back within the rule's cooldown or quiet
 * hours, else a delivery recorded per channel with its idempotency key before anything is sent;
 * an occurrence that ended is resolved once, with a follow-up where the rule asks for it. A
 * sender sends what is due, each channel on its own (a dead one delays no other), and tries a
 * failure again with back-off (a 429's Retry-After honoured) until it gives up and keeps it as
 * `dead`. Secrets (channel URLs, the webhook secret, the SMTP password) are never logged.
 *
 * One alert does not wait for the store: while the store refuses writes, an occurrence of the
 * store itself being down is sent from memory (each channel once, with the same back-off) and
 * recorded, as sent, when the store takes writes again; it is then resolved as any other.
 *
 * The engine judges; its other jobs are apart: the conditions' kinds (`CONDITION_KINDS`,
 * lib/alerts/conditions.ts, and their occurrences, `alert-sources.ts`), the digests' schedule
 * (`digest-schedule.ts`), the delivery queue (`delivery-queue.ts`) and the channels' transports
 * (`transports.ts`).
 */

/** A round four times a second: new data is judged at once; time alone (a threshold passed) at least each second. */
const TICK_MS = 250;
const JUDGE_EVERY_MS = 1_000;
/** The longest a round waits for the teams' intervals (the `understaffed` rules) before judging without them. */
const UNDERSTAFFING_WAIT_MS = 2_000;

export interface AlertEngineOptions {
  publicUrl: string | null;
  /** The floor's zone (FLOORVIEW_TIMEZONE): the times of day messages say. */
  zone?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** True on the instance that leads (the only one that alerts). */
  mayRun: () => boolean;
  /** True once the live picture is complete (the first backfill read): no alert from a half-read floor. */
  ready: () => boolean;
  /** A team's digest over [from, to) (`digest.ts`); without it no digest is sent. */
  digest?: (d: DigestConfig, team: string | null, from: number, to: number, now: number) => Promise<DigestBody>;
  /** The labels config's teams: a digest without `teams` goes to each (to the whole floor when there are none). */
  teamNames?: readonly string[];
  now?: () => number;
}

export class AlertEngine {
  private open = new Map<string, { rule: string; status: string; occurrence: Occurrence }>();
  private loaded = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  /** The starts of the conditions that have none of their own (Kore.ai or the store down, a cap). */
  private readonly episodes = new Episodes();
  /** Raised while the store refused writes (the store down): sent from here, recorded once it takes writes. */
  private offline = new Map<string, { rule: string; occurrence: Occurrence; raisedAt: number; deliveries: (NewDelivery & { nextAt: number; attempts: number; sentAt: number | null; lastError: string | null })[] }>();
  /** When each rule last raised about each subject from memory (its cooldown, while the store cannot say). */
  private raisedOffline = new Map<string, number>();
  private judged = { version: -1, at: -Infinity };
  private digesting: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly kinds: Set<ConditionKind>;
  private readonly understaffed: Condition<"understaffed">[];
  /** When the teams' intervals last failed to be read (a warning a minute, not a second). */
  private understaffingFailedAt = -Infinity;
  private readonly outbox: Outbox;
  private readonly transports: Transports;
  private readonly queue: DeliveryQueue;
  /** The digests: made when due, or now for a team. */
  readonly digestSchedule: DigestSchedule;

  constructor(
    readonly config: AlertsConfig,
    private readonly store: AlertStore,
    private readonly sources: AlertSources,
    private readonly opts: AlertEngineOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.kinds = new Set(config.rules.map((r) => r.when.kind));
    this.understaffed = config.rules.flatMap((r) => (r.when.kind === "understaffed" ? [r.when] : []));
    this.outbox = { publicUrl: opts.publicUrl, zone: opts.zone ?? "UTC" };
    this.transports = new Transports(config, opts.env, this.now);
    this.queue = new DeliveryQueue(store, config.channels, this.transports, this.now);
    this.digestSchedule = new DigestSchedule(config, store, { ...this.outbox, digest: opts.digest, teamNames: opts.teamNames, mayRun: opts.mayRun }, this.now);
  }

  /** Environment variables the config names (`env:NAME`) that are not set: names only, never values. */
  missingSecrets(): string[] {
    return missingSecrets(this.config, this.opts.env);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: judge, then send what is due (what waits in memory even when the store refuses). */
  async tick(): Promise<void> {
    if (this.ticking || !this.opts.mayRun()) return;
    this.ticking = true;
    const failed = (err: unknown) => log.warn("alerts: a round failed (tried again in a second)", { error: err instanceof Error ? err.message : String(err) });
    try {
      const version = this.sources.poller.version;
      if (this.opts.ready() && (version !== this.judged.version || this.now() - this.judged.at >= JUDGE_EVERY_MS)) {
        this.judged = { version, at: this.now() };
        await this.judge().catch(failed);
        // In the background: a digest reads a day of a team, and the alerts go on meanwhile.
        this.digesting ??= this.digests().finally(() => (this.digesting = null));
      }
      await this.sendOffline();
      await this.sendDue().catch(failed);
    } finally {
      this.ticking = false;
    }
  }

  /** Records new occurrences and their deliveries, and resolves the ones that ended. */
  async judge(): Promise<void> {
    const now = this.now();
    let refused: unknown = null;
    if (!this.loaded) {
      try {
        // What an earlier leader raised and has not seen end, and the episodes it marked.
        for (const o of await this.store.openOccurrences()) {
          const occurrence = JSON.parse(o.payload) as Occurrence;
          this.open.set(o.key, { rule: o.rule, status: o.status, occurrence });
          if (occurrence.episode) this.episodes.resume(occurrence.episode, occurrence.since);
        }
        this.loaded = true;
      } catch (err) {
        refused = err;
      }
    }
    // The schedules around now (an upload on any instance, the day turning): as the screens see them.
    if (this.kinds.has("adherence") || this.kinds.has("breaks") || this.kinds.has("flags")) await this.sources.liveAdherence.refresh();
    // Teams' completed intervals (read again once a minute, and as each ends). A read that fails
    // or hangs (the store down) leaves the last answer standing, waited for at most 2 s: the
    // other rules, the store's own among them, are judged all the same.
    if (this.sources.understaffing) {
      const read = this.sources.understaffing.refresh(now, this.understaffed).catch((err: unknown) => {
        if (now - this.understaffingFailedAt >= 60_000) log.warn("alerts: the teams' intervals could not be read (tried again each minute)", { error: err instanceof Error ? err.message : String(err) });
        this.understaffingFailedAt = now;
      });
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([read, new Promise<void>((resolve) => (waited = setTimeout(resolve, UNDERSTAFFING_WAIT_MS)))]);
      clearTimeout(waited);
    }
    const occurrences = currentOccurrences(this.sources, this.kinds, now, this.episodes);
    this.episodes.settle();
    try {
      if (refused !== null) throw refused;
      await this.recordOffline();
      await this.record(occurrences, now);
    } catch (err) {
      // The store refuses: the store's own occurrence goes out from memory.
      this.raiseOffline(occurrences, now);
      throw err;
    }
  }

  private async record(occurrences: readonly Occurrence[], now: number): Promise<void> {
    const current = new Set<string>();
    // Acknowledged ("I'm on it", until a time or until it ends), on any instance: while one holds,
    // nothing about its rule and subject is sent, not even its end.
    const acks = await this.store.openAcks();
    const holding = (a: { until: number | null }) => a.until === null || a.until > now;
    const onIt = new Set([...acks.values()].filter(holding).map((a) => `${a.rule}|${a.subject}`));
    for (const rule of this.config.rules) {
      const fresh: { key: string; o: Occurrence; subject: string }[] = [];
      for (const o of occurrences) {
        if (!matches(rule, o, now)) continue;
        const key = `${rule.name}|${o.key}`;
        current.add(key);
        if (!this.open.has(key)) fresh.push({ key, o, subject: o.agentId ?? o.team ?? o.kind });
      }
      if (fresh.length === 0) continue;
      // The cooldown: one alert per subject per rule within it (one raised in this round counts too).
      const quiet = isQuiet(rule.quiet, now);
      const recent = quiet ? new Set<string>() : await this.store.raisedSince(rule.name, [...new Set(fresh.map((f) => f.subject))], now - rule.cooldownMs);
      const rows = fresh.map((f) => {
        const status = onIt.has(`${rule.name}|${f.subject}`) ? "acknowledged" : quiet ? "quiet" : recent.has(f.subject) ? "cooldown" : "raised";
        if (status === "raised" && rule.cooldownMs > 0) recent.add(f.subject);
        return { ...f, status } as const;
      });
      const inserted = await this.store.openMany(rows.map((r) => ({ key: r.key, rule: rule.name, subject: r.subject, raisedAt: now, status: r.status, payload: JSON.stringify(r.o) })));
      for (const r of rows) this.open.set(r.key, { rule: rule.name, status: r.status, occurrence: r.o });
      await this.store.enqueue(rows.filter((r) => r.status === "raised" && inserted.has(r.key)).flatMap((r) => this.deliveries(rule, r.key, r.o, "raised", now)));
    }
    await this.raiseAgain(acks, current, now);
    const ended = [...this.open].filter(([key]) => !current.has(key));
    if (ended.length === 0) return;
    for (const [key] of ended) this.open.delete(key);
    const resolved = await this.store.resolveMany(ended.map(([key]) => key), now);
    const follow: NewDelivery[] = [];
    for (const [key, held] of ended) {
      const rule = this.config.rules.find((r) => r.name === held.rule);
      const ack = acks.get(key);
      if (resolved.has(key) && rule?.resolved && held.status === "raised" && !(ack && holding(ack))) follow.push(...this.deliveries(rule, key, held.occurrence, "resolved", now));
    }
    await this.store.enqueue(follow);
  }

  /**
   * An acknowledgement that ran out while its condition still holds: raised once more (once, on
   * whichever instance leads), saying who was on it and until when.
   */
  private async raiseAgain(acks: Awaited<ReturnType<AlertStore["openAcks"]>>, current: ReadonlySet<string>, now: number): Promise<void> {
    for (const [key, ack] of acks) {
      if (ack.until === null || ack.until > now || ack.reraisedAt !== null || !current.has(key)) continue;
      const held = this.open.get(key);
      const rule = this.config.rules.find((r) => r.name === ack.rule);
      if (!held || !rule || !(await this.store.markReraised(key, now))) continue;
      const o: Occurrence = { ...held.occurrence, title: `Still: ${held.occurrence.title}`, detail: `${held.occurrence.detail} ${ack.by} acknowledged it ("${ack.note}") until ${clockNamed(ack.until, this.outbox.zone)}, and it still holds.` };
      await this.store.enqueue(this.toChannels({ channels: rule.channels, id: (channel) => `${key}|${channel}|raised-again|${ack.at}`, key, rule: rule.name, phase: "raised", occurrence: o, at: now }));
    }
  }

  /** The store's own occurrences, while it refuses writes: each rule's deliveries kept here and sent from here. */
  private raiseOffline(occurrences: readonly Occurrence[], now: number): void {
    for (const rule of this.config.rules) {
      if (rule.when.kind !== "store") continue;
      for (const o of occurrences) {
        if (!matches(rule, o, now)) continue;
        const key = `${rule.name}|${o.key}`;
        if (this.open.has(key) || this.offline.has(key) || isQuiet(rule.quiet, now)) continue;
        const subject = `${rule.name}|${o.agentId ?? o.team ?? o.kind}`;
        const last = this.raisedOffline.get(subject);
        if (last !== undefined && rule.cooldownMs > 0 && now - last < rule.cooldownMs) continue;
        this.raisedOffline.set(subject, now);
        const deliveries = this.deliveries(rule, key, o, "raised", now).map((d) => ({ ...d, nextAt: now, attempts: 0, sentAt: null, lastError: null }));
        this.offline.set(key, { rule: rule.name, occurrence: o, raisedAt: now, deliveries });
        log.warn("alerts: the store refuses writes; its alert is sent from memory and recorded when it is back", { rule: rule.name });
      }
    }
  }

  /** Sends what waits in memory, each delivery with the queue's back-off. */
  private async sendOffline(): Promise<void> {
    for (const entry of this.offline.values()) {
      for (const d of entry.deliveries) {
        if (d.sentAt !== null || d.nextAt > this.now() || d.attempts >= MAX_ATTEMPTS) continue;
        const channel = this.config.channels[d.channel];
        d.attempts++;
        try {
          if (!channel) throw new SendError(`no channel ${d.channel} in FLOORVIEW_ALERTS_FILE`);
          await this.transports.send(channel, JSON.parse(d.message) as Message);
          d.sentAt = this.now();
          d.lastError = null;
        } catch (err) {
          const e = sendErrorOf(err);
          d.lastError = e.message;
          d.nextAt = retryAt(e, d.attempts, this.now());
          log.warn("alerts: a delivery failed", { channel: d.channel, type: channel?.type, attempts: d.attempts, error: e.message });
        }
      }
    }
  }

  /** What was raised from memory, into the store once it takes writes: the occurrence, and each delivery as it went (sent, or still to send). */
  private async recordOffline(): Promise<void> {
    for (const [key, entry] of this.offline) {
      const o = entry.occurrence;
      await this.store.openMany([{ key, rule: entry.rule, subject: o.agentId ?? o.team ?? o.kind, raisedAt: entry.raisedAt, status: "raised", payload: JSON.stringify(o) }]);
      await this.store.enqueue(entry.deliveries.map(({ nextAt, ...d }) => ({ ...d, at: d.sentAt === null ? Math.max(nextAt, d.at) : d.at })));
      this.open.set(key, { rule: entry.rule, status: "raised", occurrence: o });
      this.offline.delete(key);
    }
  }

  /** The digests due, each (digest, team, time) once (`DigestSchedule`). */
  digests(): Promise<void> {
    return this.digestSchedule.due();
  }

  /** One delivery per channel of the rule, each with its idempotency key. */
  private deliveries(rule: AlertRule, key: string, o: Occurrence, phase: Phase, at: number): NewDelivery[] {
    return this.toChannels({ channels: rule.channels, id: (channel) => `${key}|${channel}|${phase}`, key, rule: rule.name, phase, occurrence: o, at });
  }

  private toChannels(m: Parameters<typeof toChannels>[1]): NewDelivery[] {
    return toChannels(this.outbox, m);
  }

  /** A test message to one channel, sent through the same queue (and shown in the log). */
  async sendTest(channel: string, by: string): Promise<string> {
    if (!(channel in this.config.channels)) throw new Error(`no channel ${channel}`);
    const at = this.now();
    const id = `test|${channel}|${at}|${Math.random().toString(36).slice(2, 8)}`;
    const o: Occurrence = { key: id, kind: "upstream", type: "test", agentId: null, name: null, team: null, title: `a test of the channel "${channel}"`, detail: `Sent from the alerts page by ${by}. If you read this, the channel works.`, since: at, path: "/alerts" };
    await this.store.enqueue(this.toChannels({ channels: [channel], id: () => id, key: id, rule: "test", phase: "test", occurrence: o, at }));
    return id;
  }

  /** A digest now for a team (the alerts page's "Send now"), through the same queue (`DigestSchedule.sendNow`). */
  sendDigestTest(name: string, team: string | null, by: string): Promise<string> {
    return this.digestSchedule.sendNow(name, team, by);
  }

  /** The teams a digest goes to. */
  digestTeams(d: DigestConfig): (string | null)[] {
    return this.digestSchedule.teams(d);
  }

  /** The team a digest is sent now for, or why not (`DigestSchedule.teamFor`). */
  digestTeamFor(d: DigestConfig, asked: string | null, mine: readonly string[] | null) {
    return this.digestSchedule.teamFor(d, asked, mine);
  }

  /** Sends what is due, each channel on its own (`DeliveryQueue`). */
  sendDue(): Promise<void> {
    return this.queue.sendDue();
  }


  /** Deliveries waiting in memory while the store refuses writes (for the log and the tests). */
  get waitingInMemory(): number {
    return [...this.offline.values()].reduce((n, e) => n + e.deliveries.filter((d) => d.sentAt === null).length, 0);
  }

  /** Resolves when every send in flight has ended (sent or failed), and the digest being made. */
  async idle(): Promise<void> {
    while (this.queue.sending || this.digesting) {
      await this.digesting;
      await this.queue.settled();
    }
  }
}
