import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { isQuiet, secretValue, type AlertRule, type AlertsConfig, type ChannelConfig, type Condition, type DigestConfig } from "@/lib/alerts/config";
import { digestDetail, digestSlot, type DigestBody } from "@/lib/alerts/digest";
import { digestTitle, emailMessage, signature, slackBody, teamsBody, webhookBody, type Message, type Occurrence, type Phase } from "@/lib/alerts/messages";
import { spanText } from "@/lib/time/span";
import { log } from "@/lib/log";
import type { AlertStore, NewDelivery, StoredDelivery } from "@/lib/store/alert-store";
import { currentOccurrences, Episodes, type AlertSources } from "./alert-sources";
import { sameTeam, teamIn } from "@/lib/states/collate";

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
 */

/** A round four times a second: new data is judged at once; time alone (a threshold passed) at least each second. */
const TICK_MS = 250;
const JUDGE_EVERY_MS = 1_000;
const SEND_TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 10;
/** Back-off after the nth failure: 2, 4, 8 … s, at most 5 min. */
const backoffMs = (attempts: number) => Math.min(300_000, 1_000 * 2 ** attempts);
/** A digest waits a minute past its time (the feed stacks changes for up to 30 s), and is sent up to an hour late (a restart, a takeover), not later. */
const DIGEST_SETTLE_MS = 60_000;
const DIGEST_LATE_MS = 3_600_000;
const DIGEST_RETRY_MS = 30_000;

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

class SendError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export class AlertEngine {
  private open = new Map<string, { rule: string; status: string; occurrence: Occurrence }>();
  private loaded = false;
  private busy = new Set<string>();
  private inflight = new Set<Promise<void>>();
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
  /** Per digest, its latest time and the teams known to be recorded for it (here or by an earlier leader): not asked of the store again. */
  private digestsDone = new Map<string, { to: number; teams: Set<string | null> }>();
  /** After a digest could not be made (the store, Kore.ai): not tried again before this. */
  private digestRetryAt = -Infinity;
  private mailer: Transporter | null = null;
  private readonly now: () => number;
  private readonly kinds: Set<Condition["kind"]>;

  constructor(
    readonly config: AlertsConfig,
    private readonly store: AlertStore,
    private readonly sources: AlertSources,
    private readonly opts: AlertEngineOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.kinds = new Set(config.rules.map((r) => r.when.kind));
  }

  /** Environment variables the config names (`env:NAME`) that are not set: names only, never values. */
  missingSecrets(): string[] {
    const names = new Set<string>();
    const check = (s: { env: string } | { value: string }) => {
      if ("env" in s && !this.opts.env[s.env]) names.add(s.env);
    };
    for (const c of Object.values(this.config.channels)) {
      if (c.type !== "email") check(c.url);
      if (c.type === "webhook") check(c.secret);
    }
    if (this.config.smtp) check(this.config.smtp.url);
    return [...names];
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
        const status = quiet ? "quiet" : recent.has(f.subject) ? "cooldown" : "raised";
        if (status === "raised" && rule.cooldownMs > 0) recent.add(f.subject);
        return { ...f, status } as const;
      });
      const inserted = await this.store.openMany(rows.map((r) => ({ key: r.key, rule: rule.name, subject: r.subject, raisedAt: now, status: r.status, payload: JSON.stringify(r.o) })));
      for (const r of rows) this.open.set(r.key, { rule: rule.name, status: r.status, occurrence: r.o });
      await this.store.enqueue(rows.filter((r) => r.status === "raised" && inserted.has(r.key)).flatMap((r) => this.deliveries(rule, r.key, r.o, "raised", now)));
    }
    const ended = [...this.open].filter(([key]) => !current.has(key));
    if (ended.length === 0) return;
    for (const [key] of ended) this.open.delete(key);
    const resolved = await this.store.resolveMany(ended.map(([key]) => key), now);
    const follow: NewDelivery[] = [];
    for (const [key, held] of ended) {
      const rule = this.config.rules.find((r) => r.name === held.rule);
      if (resolved.has(key) && rule?.resolved && held.status === "raised") follow.push(...this.deliveries(rule, key, held.occurrence, "resolved", now));
    }
    await this.store.enqueue(follow);
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
          await this.send(channel, JSON.parse(d.message) as Message);
          d.sentAt = this.now();
          d.lastError = null;
        } catch (err) {
          const e = err instanceof SendError ? err : new SendError(err instanceof Error ? err.message : String(err));
          d.lastError = e.message;
          d.nextAt = this.now() + Math.max(backoffMs(d.attempts), e.retryAfterMs ?? 0);
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

  /**
   * The digests due: each (digest, team, time) once. Its deliveries are recorded first (their keys
   * are the digest's, so a second leader's are the same and add nothing), then the digest itself:
   * a leader stopped between the two leaves the next one to record it, without a second message.
   */
  async digests(): Promise<void> {
    const build = this.opts.digest;
    if (!build || this.now() < this.digestRetryAt) return;
    try {
      for (const d of this.config.digests) {
        const now = this.now();
        const slot = digestSlot(d, now);
        if (now < slot.to + DIGEST_SETTLE_MS || now - slot.to > DIGEST_LATE_MS) continue;
        let done = this.digestsDone.get(d.name);
        if (done?.to !== slot.to) this.digestsDone.set(d.name, (done = { to: slot.to, teams: new Set() }));
        const keyOf = (team: string | null) => `digest|${d.name}|${team ?? "*"}|${new Date(slot.to).toISOString()}`;
        const todo = this.digestTeams(d).filter((t) => !done.teams.has(t));
        if (todo.length === 0) continue;
        const recorded = await this.store.has(todo.map(keyOf));
        for (const team of todo) {
          const key = keyOf(team);
          if (!recorded.has(key)) {
            if (!this.opts.mayRun()) return;
            const body = await build(d, team, slot.from, slot.to, this.now());
            const at = this.now();
            const o: Occurrence = { key, kind: "digest", type: d.name, agentId: null, name: null, team, title: digestTitle(body), detail: digestDetail(body), since: slot.from, path: body.path };
            await this.store.enqueue(this.toChannels({ channels: d.channels, id: (channel) => `${key}|${channel}`, key, rule: d.name, phase: "digest", occurrence: o, at, digest: body }));
            await this.store.openMany([{ key, rule: d.name, subject: team ?? "*", raisedAt: at, resolvedAt: at, status: "digest", payload: JSON.stringify(o) }]);
          }
          done.teams.add(team);
        }
      }
    } catch (err) {
      this.digestRetryAt = this.now() + DIGEST_RETRY_MS;
      log.warn("alerts: a digest could not be made (tried again in 30 s)", { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** One delivery per channel of the rule, each with its idempotency key. */
  private deliveries(rule: AlertRule, key: string, o: Occurrence, phase: Phase, at: number): NewDelivery[] {
    return this.toChannels({ channels: rule.channels, id: (channel) => `${key}|${channel}|${phase}`, key, rule: rule.name, phase, occurrence: o, at });
  }

  /** A message to each channel, recorded under `key` (the occurrence), each with its own idempotency key. */
  private toChannels(m: { channels: readonly string[]; id: (channel: string) => string; key: string; rule: string; phase: Phase; occurrence: Occurrence; at: number; digest?: DigestBody }): NewDelivery[] {
    return m.channels.map((channel) => {
      const id = m.id(channel);
      const message: Message = { id, rule: m.rule, phase: m.phase, occurrence: m.occurrence, at: m.at, publicUrl: this.opts.publicUrl, zone: this.opts.zone ?? "UTC", ...(m.digest && { digest: m.digest }) };
      return { key: id, occurrence: m.key, rule: m.rule, channel, phase: m.phase, message: JSON.stringify(message), at: m.at };
    });
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

  /**
   * A digest now, to its channels, for a team (the span it would cover if sent now: the one up to
   * its latest time), through the same queue; marked a test, so the scheduled one still goes.
   */
  async sendDigestTest(name: string, team: string | null, by: string): Promise<string> {
    const d = this.config.digests.find((x) => x.name === name);
    if (!d || !this.opts.digest) throw new Error(`no digest ${name}`);
    const now = this.now();
    const slot = digestSlot(d, now);
    const body = await this.opts.digest(d, team, slot.from, slot.to, now);
    const at = this.now();
    const key = `test|digest|${d.name}|${team ?? "*"}|${at}|${Math.random().toString(36).slice(2, 8)}`;
    const o: Occurrence = { key, kind: "digest", type: d.name, agentId: null, name: null, team, title: `${digestTitle(body)} (sent now)`, detail: `Sent now from the alerts page by ${by}. ${digestDetail(body)}`, since: slot.from, path: body.path };
    await this.store.enqueue(this.toChannels({ channels: d.channels, id: (channel) => `${key}|${channel}`, key, rule: d.name, phase: "test", occurrence: o, at, digest: body }));
    return key;
  }

  /** The teams a digest goes to: its own, or every team in the labels config (none: the whole floor). */
  digestTeams(d: DigestConfig): (string | null)[] {
    return d.teams ?? (this.opts.teamNames?.length ? [...this.opts.teamNames] : [null]);
  }

  /**
   * The team a digest is sent now for ("Send now" on the alerts page): the one asked for among the
   * digest's teams (none asked: its only one), and one of the sender's own when they have teams.
   */
  digestTeamFor(d: DigestConfig, asked: string | null, mine: readonly string[] | null): { ok: true; team: string | null } | { ok: false; code: "bad_request" | "forbidden"; message: string } {
    const teams = this.digestTeams(d);
    const chosen = asked === null ? (teams.length === 1 ? teams[0]! : undefined) : teams.find((t) => t !== null && sameTeam(t, asked));
    if (chosen === undefined) return { ok: false, code: "bad_request", message: `Name one of the digest's teams: ${teams.join(", ")}.` };
    if (chosen !== null && mine && !teamIn(mine, chosen)) return { ok: false, code: "forbidden", message: `Team ${chosen} is not one of yours.` };
    return { ok: true, team: chosen };
  }

  /**
   * Sends what is due, each channel on its own: a worker per channel drains its due deliveries,
   * oldest first, so a slow or dead channel holds up only itself (and a burst goes out at the
   * channel's pace, not a batch a round).
   */
  async sendDue(): Promise<void> {
    const now = this.now();
    for (const channel of await this.store.dueChannels(now)) {
      if (this.busy.has(channel)) continue;
      this.busy.add(channel);
      const run = (async () => {
        try {
          for (;;) {
            const list = await this.store.due(this.now(), 100, channel);
            if (list.length === 0) return;
            for (const d of list) {
              // A failure waits for its back-off; the channel's others go on at the next round.
              if (!(await this.deliver(d))) return;
            }
          }
        } finally {
          this.busy.delete(channel);
        }
      })();
      // Not awaited by the round: a channel in flight is skipped until it is done.
      this.inflight.add(run);
      void run.finally(() => this.inflight.delete(run));
    }
  }

  /** Deliveries waiting in memory while the store refuses writes (for the log and the tests). */
  get waitingInMemory(): number {
    return [...this.offline.values()].reduce((n, e) => n + e.deliveries.filter((d) => d.sentAt === null).length, 0);
  }

  /** Resolves when every send in flight has ended (sent or failed), and the digest being made. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0 || this.digesting) {
      await this.digesting;
      await Promise.allSettled([...this.inflight]);
    }
  }

  private async deliver(d: StoredDelivery): Promise<boolean> {
    const channel = this.config.channels[d.channel];
    const attempts = d.attempts + 1;
    if (!channel) {
      await this.store.failed(d.id, attempts, `no channel ${d.channel} in FLOORVIEW_ALERTS_FILE`, null);
      return true;
    }
    try {
      await this.send(channel, JSON.parse(d.message) as Message);
      await this.store.sent(d.id, this.now(), attempts);
      return true;
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError(err instanceof Error ? err.message : String(err));
      const next = attempts >= MAX_ATTEMPTS ? null : this.now() + Math.max(backoffMs(attempts), e.retryAfterMs ?? 0);
      await this.store.failed(d.id, attempts, e.message, next);
      log.warn("alerts: a delivery failed", { channel: d.channel, type: channel.type, attempts, error: e.message, ...(next === null ? { gaveUp: true } : { retryAt: new Date(next).toISOString() }) });
      return false;
    }
  }

  private async send(channel: ChannelConfig, m: Message): Promise<void> {
    if (channel.type === "email") {
      const smtp = this.config.smtp!;
      if (!this.mailer) {
        const url = secretValue(smtp.url, this.opts.env);
        if (!url) throw new SendError("the SMTP address is not set (its environment variable is empty)");
        this.mailer = nodemailer.createTransport({ url, connectionTimeout: SEND_TIMEOUT_MS, greetingTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS });
      }
      const mail = emailMessage(m);
      try {
        await this.mailer.sendMail({ from: smtp.from, to: channel.to, subject: mail.subject, text: mail.text, html: mail.html, headers: { "X-Floorview-Delivery": m.id } });
      } catch (err) {
        // The SMTP server's answer, never its address (it may hold the password).
        throw new SendError(`SMTP: ${(err as { response?: string; code?: string }).response ?? (err as { code?: string }).code ?? "failed"}`);
      }
      return;
    }
    const url = secretValue(channel.url, this.opts.env);
    if (!url) throw new SendError("the channel's URL is not set (its environment variable is empty)");
    const body = JSON.stringify(channel.type === "webhook" ? webhookBody(m) : channel.type === "slack" ? slackBody(m) : teamsBody(m));
    const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "Floorview-Alerts", "X-Floorview-Delivery": m.id };
    if (channel.type === "webhook") {
      const secret = secretValue(channel.secret, this.opts.env);
      if (!secret) throw new SendError("the webhook's secret is not set (its environment variable is empty)");
      const timestamp = Math.floor(this.now() / 1000);
      headers["X-Floorview-Timestamp"] = String(timestamp);
      headers["X-Floorview-Signature"] = signature(secret, timestamp, body);
    }
    let res: Response;
    try {
      res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS), redirect: "error" });
    } catch (err) {
      // The URL is a secret: the error says what happened, not where.
      // Its code or message ("ECONNREFUSED", "bad port": a host and port at most, never the path).
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message?.replace(/https?:\/\/\S+/g, "the address").slice(0, 120) ?? (err instanceof Error ? err.message : "error");
      throw new SendError(err instanceof Error && err.name === "TimeoutError" ? "no answer within 10 s" : `could not connect (${why})`);

    }
    await res.body?.cancel().catch(() => undefined);
    if (res.ok) return;
    const retryAfter = res.headers.get("retry-after");
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    const retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : retryAfter && !Number.isNaN(Date.parse(retryAfter)) ? Date.parse(retryAfter) - this.now() : null;
    throw new SendError(`answered ${res.status}${res.status === 429 ? " (rate limited)" : ""}`, retryAfterMs);
  }
}

/** Whether a rule is about this occurrence: its condition, then its teams and agents. */
export function matches(rule: AlertRule, o: Occurrence, now: number): boolean {
  const w = rule.when;
  if (w.kind !== o.kind) return false;
  switch (w.kind) {
    case "threshold":
      if (o.type !== w.level) return false;
      break;
    case "adherence":
      if (!w.types.includes(o.type as never)) return false;
      break;
    case "breaks":
      if (!w.types.includes(o.type as never)) return false;
      break;
    case "flags":
      if (!w.rules.includes(o.type as never)) return false;
      break;
    case "upstream":
    case "store":
      return now - o.since >= w.afterMs;
  }
  if (rule.teams && !teamIn(rule.teams, o.team)) return false;
  if (rule.agents && !(o.agentId !== null && rule.agents.includes(o.agentId))) return false;
  return true;
}

/** A rule's condition as a person reads it. */
export function describeCondition(w: Condition): string {
  switch (w.kind) {
    case "threshold":
      return `An agent past ${w.level}`;
    case "adherence":
      return `Adherence exception: ${w.types.join(", ")}`;
    case "breaks":
      return w.types.map((t) => (t === "budget" ? "over a break budget" : "a team over its cap")).join(" or ").replace(/^./, (c) => c.toUpperCase());
    case "flags":
      return `Behaviour flag: ${w.rules.join(", ")}`;
    case "upstream":
      return `Kore.ai not answering for ${spanText(w.afterMs)}`;
    case "store":
      return `The store unavailable for ${spanText(w.afterMs)}`;
  }
}
