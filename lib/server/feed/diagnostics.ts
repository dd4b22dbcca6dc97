import "server-only";
import type { RosterEntry } from "@/lib/activity/types";
import { CHECK_IDS, fitsReading, offsetText, spanWords, TIME_CHECKS, timeChecks, type Check, type CheckId, type TimeVerdict } from "@/lib/kore/checks";
import type { ActivityRead, KoreExchange } from "@/lib/kore/client";
import type { KoreError } from "@/lib/kore/errors";
import { EVENT_TIME_PARSER_VERSION, type AskedWindow, type EventTimeForm, type EventTimeReading } from "@/lib/kore/event-time";
import type { SkipReason, WrittenSample } from "@/lib/kore/normalize";
import type { DiagnosticsReport, DiagnosticsSummary } from "@/lib/api-types";
import { log } from "@/lib/log";
import { activityKey } from "@/lib/states/family";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { zoneOffset } from "@/lib/time/zone";

/**
 * What Kore.ai answers, watched as it comes and judged by the checks (`lib/kore/checks.ts` for
 * EventTime, the rest here): the live `/api/diagnostics`, the Connection page and `npm run probe`
 * read the same report. It also holds the gate of "check before keeping": while a time check
 * fails, what is read is shown but never written to the store as covered.
 */

/** EventTimes kept as evidence for each hour of the day (24 of them). */
const PER_HOUR = 100;
const MAX_LATENESS = 2_000;
const MAX_KINDS = 200;
/** Fewer events than this and the time checks do not judge yet: reads are held back meanwhile. */
const MIN_EVIDENCE = 3;

export type ReadDecision = "keep" | "hold" | "drop";

export interface RosterObservation {
  pages: number;
  /** How `offset` was found to count: rows (as documented for Agent Status Details) or pages (as call details v1). */
  offsetCounts: "rows" | "pages";
  agents: number;
  /** Rows without an agent id, and one of them as sent. */
  skipped: number;
  skipExample: string | null;
  /** Why paging stopped. */
  stoppedBecause: "short_page" | "no_new_ids" | "page_limit";
  at: number;
}

/** What the checks need of the floor: the ids the feed reports and the roster. */
export interface FloorView {
  feedIds(): Iterable<string>;
  roster(): ReadonlyMap<string, RosterEntry>;
  rosterLoadedAt(): number | null;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export class ConnectionMonitor {
  private samples: WrittenSample[] = [];
  private readonly byHour = new Map<number, WrittenSample[]>();
  private forms: Partial<Record<EventTimeForm, number>> = {};
  private unreadable = 0;
  private unreadableExample: string | null = null;
  private readonly skipped = new Map<SkipReason, { count: number; example: string }>();
  private readonly activities = new Map<string, number>();
  private readonly reasons = new Map<string, number>();
  private readonly unknownKeys = new Set<string>();
  private lastEnvelope: { updatesKey: string | null; keys: string[] } | null = null;
  private cappedReads = 0;
  private lastCap: { rows: number; totalCount: number | null } | null = null;
  private pagingFailure: string | null = null;
  private rowSamples: { raw: string; time: number }[] = [];
  private lateness: number[] = [];
  private readonly hours = Array.from({ length: 24 }, () => 0);
  private lastActivity: KoreExchange | null = null;
  private lastAgents: KoreExchange | null = null;
  private lastFailure: KoreExchange | null = null;
  private lastUnauthorized: { at: number; message: string } | null = null;
  private rateLimits: { at: number; message: string }[] = [];
  private rosterSeen: RosterObservation | null = null;
  private verdict: TimeVerdict | null = null;
  private verdictDirty = true;
  /** Once a time check has failed in this process, it holds until a restart with other settings. */
  private timeFailed = false;
  readsHeld = 0;
  /** Events found by the sweep that the live reads had missed. */
  sweepMissed = 0;
  floor: FloorView | null = null;
  /** Told of each live event's lateness (the metrics' histogram). */
  onLateness: ((ms: number) => void) | null = null;
  vocabulary: Vocabulary | null = null;

  constructor(
    readonly reading: EventTimeReading,
    private readonly opts: { overlapMs: number; pollIntervalMs: number; source: "kore" | "simulator" },
    private readonly now: () => number = Date.now,
  ) {}

  /** Every request and its answer (from the client). */
  onExchange = (x: KoreExchange): void => {
    if (x.endpoint === "activity") this.lastActivity = x;
    else this.lastAgents = x;
    if (x.error) this.lastFailure = x;
  };

  /** A failed call: what auth and rate_limit judge. */
  onError(error: KoreError, at = this.now()): void {
    if (error.kind === "unauthorized") this.lastUnauthorized = { at, message: error.message };
    if (error.kind === "rate_limited") {
      this.rateLimits.push({ at, message: error.upstream ?? error.message });
      this.rateLimits = this.rateLimits.filter((r) => r.at > at - 3_600_000).slice(-50);
    }
    if (error.kind === "malformed" && /capped/i.test(error.message)) this.pagingFailure = error.message;
  }

  /**
   * A good read of `window` made at `readAt`; `fresh` the events it made known for the first time.
   * What may become of it: `keep` (write it to the store as covered), `hold` (too few events yet
   * to judge EventTime: keep it back until they are), `drop` (a time check fails: never keep it).
   */
  observeRead(read: ActivityRead, window: AskedWindow, readAt: number, fresh: readonly { time: number }[] = []): ReadDecision {
    for (const [form, n] of Object.entries(read.forms ?? {})) this.forms[form as EventTimeForm] = (this.forms[form as EventTimeForm] ?? 0) + (n ?? 0);
    for (const [reason, n] of Object.entries(read.skipped) as [SkipReason, number][]) {
      const had = this.skipped.get(reason);
      this.skipped.set(reason, { count: (had?.count ?? 0) + n, example: had?.example ?? read.skipExamples?.[reason] ?? "" });
    }
    const bad = read.skipped.bad_event_time ?? 0;
    if (bad > 0) {
      this.unreadable += bad;
      this.unreadableExample ??= read.skipExamples?.bad_event_time ?? null;
    }
    if (read.written && read.written.length > 0) {
      // Kept by the hour of the day they were asked for, the newest of each: a 12-hour clock shows
      // only when both halves of the day are in the evidence, so the night must not push out the day.
      for (const w of read.written) {
        const hour = Math.floor(w.window.from / 3_600_000) % 24;
        let list = this.byHour.get(hour);
        if (!list) this.byHour.set(hour, (list = []));
        list.push(w);
        if (list.length > PER_HOUR) list.splice(0, list.length - PER_HOUR);
      }
      // At most 200, spread over the hours of the day, the newest read's always among them.
      const newest = new Set(read.written.slice(0, 100));
      const rest = [...this.byHour.values()].flat().filter((w) => !newest.has(w));
      const room = 200 - newest.size;
      const stride = Math.max(1, rest.length / room);
      this.samples = [...(rest.length <= room ? rest : Array.from({ length: room }, (_, i) => rest[Math.floor(i * stride)]!)), ...newest];
      this.verdictDirty = true;
    } else if (bad > 0) {
      this.verdictDirty = true;
    }
    if (read.samples?.length) this.rowSamples = [...read.samples, ...this.rowSamples].slice(0, 5);
    if (read.envelope) {
      this.lastEnvelope = { updatesKey: read.envelope.updatesKey, keys: read.envelope.keys };
      for (const k of read.envelope.unknownKeys) if (this.unknownKeys.size < 50) this.unknownKeys.add(k);
    }
    if (read.capped) {
      this.cappedReads++;
      this.lastCap = read.capped;
    }
    for (const e of read.events) {
      if (this.activities.size < MAX_KINDS || this.activities.has(e.activity)) this.activities.set(e.activity, (this.activities.get(e.activity) ?? 0) + 1);
      if (e.reasonCode !== null && (this.reasons.size < MAX_KINDS || this.reasons.has(e.reasonCode))) this.reasons.set(e.reasonCode, (this.reasons.get(e.reasonCode) ?? 0) + 1);
    }
    if (read.events.length) this.hours[new Date(readAt).getUTCHours()]! += read.events.length;
    // Lateness: only what a live read brings (a backfill's events are hours "late" by design).
    if (window.to >= readAt - 60_000 && window.to - window.from <= this.opts.overlapMs + 10 * this.opts.pollIntervalMs) {
      for (const e of fresh) {
        const late = Math.max(0, readAt - e.time);
        this.lateness.push(late);
        this.onLateness?.(late);
      }
      if (this.lateness.length > MAX_LATENESS) this.lateness = this.lateness.slice(-MAX_LATENESS);
    }
    let decision = this.decision();
    // A read whose own events lie outside the window it asked for is read wrongly, whatever the
    // rest of the evidence says (a day's first afternoon on a 12-hour clock among its mornings).
    const own = (read.written ?? []).filter((w) => !("instant" in w.written));
    if (decision === "keep" && own.length >= MIN_EVIDENCE && fitsReading(own, this.reading, this.now()) < 0.95) decision = "drop";
    if (decision !== "keep") this.readsHeld++;
    return decision;
  }

  private decision(): ReadDecision {
    this.timeVerdict();
    if (this.timeFailed) return "drop";
    return this.samples.length + this.unreadable < MIN_EVIDENCE ? "hold" : "keep";
  }

  /** Events the sweep found that the live reads had missed: late beyond the overlap. */
  sweepFound(found: readonly { time: number }[], at: number): void {
    this.sweepMissed += found.length;
    for (const e of found) {
      const late = Math.max(0, at - e.time);
      this.lateness.push(late);
      this.onLateness?.(late);
    }
    if (this.lateness.length > MAX_LATENESS) this.lateness = this.lateness.slice(-MAX_LATENESS);
  }

  roster(observation: RosterObservation): void {
    this.rosterSeen = observation;
  }

  /** The time checks on what was seen so far. */
  private timeVerdict(): TimeVerdict {
    const now = this.now();
    // Judged again whenever there is something new (the search for a fix reads at most 200 samples).
    if (this.verdict && !this.verdictDirty) return this.verdict;
    const evidence = this.samples.length + this.unreadable;
    const verdict = timeChecks({ samples: this.samples, unreadable: this.unreadable, unreadableExample: this.unreadableExample, forms: this.forms, now }, this.reading);
    if (verdict.failing && evidence >= MIN_EVIDENCE) {
      if (!this.timeFailed) log.error("EventTime is read wrongly: nothing is written to the store until the settings are fixed", { checks: verdict.checks.filter((c) => c.status === "fail").map((c) => ({ id: c.id, message: c.message, hint: c.hint })) });
      this.timeFailed = true;
    }
    // Too few events to be sure: said as a warning, and nothing is held back yet.
    const unsure = (c: Check): Check => (c.status === "fail" && TIME_CHECKS.includes(c.id) ? { ...c, status: "warn", message: `${c.message} (Only ${evidence} events so far: judged again as more arrive.)` } : c);
    this.verdict = this.timeFailed || !verdict.failing ? verdict : { ...verdict, failing: false, checks: verdict.checks.map(unsure) };
    this.verdictDirty = false;
    return this.verdict;
  }

  /** True once a check of EventTime has failed: the times on screen are not to be trusted. */
  get timesFailing(): boolean {
    return this.timeFailed;
  }

  /** Whether reads are kept (no time check fails, and there is enough to judge). */
  get keeping(): boolean {
    return this.decision() === "keep";
  }

  checks(): Check[] {
    const now = this.now();
    const byId = new Map<CheckId, Check>();
    const add = (c: Check) => byId.set(c.id, c);

    // auth
    const last = [this.lastActivity, this.lastAgents].filter((x): x is KoreExchange => x !== null).sort((a, b) => b.at - a.at)[0] ?? null;
    if (last && last.error?.kind === "unauthorized") {
      add({ id: "auth", status: "fail", message: `Kore.ai refused the credentials (${last.status}): ${last.bodyExcerpt ?? "no body"}.`, hint: "check KORE_CLIENT_ID and KORE_CLIENT_SECRET (or KORE_JWT), the app's WFM Integration scope, and KORE_STREAM_ID" });
    } else if (last && last.status !== null && last.status < 300) {
      add({ id: "auth", status: "ok", message: `Kore.ai accepted the credentials (${last.status}).`, hint: null });
    } else if (last?.error && (last.error.kind === "network" || last.error.kind === "timeout")) {
      add({ id: "auth", status: "fail", message: last.error.message, hint: "check KORE_BASE_URL" });
    } else if (last?.error && last.error.kind === "client") {
      add({ id: "auth", status: "fail", message: `${last.error.message} Kore.ai said: ${last.bodyExcerpt ?? "nothing"}.`, hint: last.status === 404 ? "check KORE_BASE_URL and KORE_ACCOUNT_ID" : "check KORE_ACCOUNT_ID and KORE_STREAM_ID" });
    } else if (this.lastUnauthorized && now - this.lastUnauthorized.at < 3_600_000) {
      add({ id: "auth", status: "warn", message: `Kore.ai refused the credentials at ${new Date(this.lastUnauthorized.at).toISOString()}; later calls were not refused.`, hint: null });
    } else {
      add({ id: "auth", status: "warn", message: last ? `The last call got ${last.status ?? "no answer"}.` : "No call to Kore.ai yet.", hint: null });
    }

    // envelope
    const la = this.lastActivity;
    if (la?.error?.kind === "malformed") {
      add({ id: "envelope", status: "fail", message: `${la.error.message} It began: ${la.bodyExcerpt ?? "(empty)"}`, hint: null });
    } else if (!this.lastEnvelope) {
      add({ id: "envelope", status: "warn", message: "No answer of the activity feed read yet.", hint: null });
    } else {
      const unknown = [...this.unknownKeys];
      const key = this.lastEnvelope.updatesKey;
      const odd = key !== null && key !== "AgentUpdates" && key !== "agentUpdates";
      add({
        id: "envelope",
        status: unknown.length ? "warn" : "ok",
        message: `${key === null ? "An answer without rows (an account with no changes)" : `Rows under "${key}"${odd ? " (read in any case)" : ""}`}; keys: ${this.lastEnvelope.keys.join(", ")}.${unknown.length ? ` Keys Floorview does not read: ${unknown.join(", ")}.` : ""}`,
        hint: null,
      });
    }

    // rows
    const skippedTotal = [...this.skipped.values()].reduce((a, b) => a + b.count, 0);
    const readRows = Object.values(this.forms).reduce((a, b) => a + (b ?? 0), 0);
    if (readRows + skippedTotal === 0) add({ id: "rows", status: "warn", message: "No rows yet.", hint: null });
    else if (skippedTotal === 0) add({ id: "rows", status: "ok", message: `${readRows} rows read, none skipped.`, hint: null });
    else {
      const parts = [...this.skipped.entries()].map(([reason, s]) => `${s.count} ${reason.replaceAll("_", " ")} (e.g. ${s.example})`);
      add({ id: "rows", status: readRows === 0 || skippedTotal / (readRows + skippedTotal) > 0.05 ? "fail" : "warn", message: `${skippedTotal} of ${readRows + skippedTotal} rows skipped: ${parts.join("; ")}.`, hint: null });
    }

    // event_time_*, clock_12h, date_order
    for (const c of this.timeVerdict().checks) add(c);

    // lateness
    const sorted = [...this.lateness].sort((a, b) => a - b);
    const p95 = percentile(sorted, 0.95);
    const limit = this.opts.overlapMs;
    const missed = this.sweepMissed ? ` The sweep (a second read of each settled stretch) found ${this.sweepMissed} events the live reads had missed; they are in.` : "";
    if (p95 === null) add({ id: "lateness", status: "ok", message: "No live events yet to measure how late Kore.ai releases them.", hint: null });
    else if (this.sweepMissed > 0) {
      add({ id: "lateness", status: "warn", message: `Kore.ai released events later than each poll re-reads (${spanWords(limit)}): p95 ${spanWords(p95)}, at most ${spanWords(sorted.at(-1)!)}.${missed}`, hint: `set KORE_POLL_OVERLAP_SECONDS=${Math.ceil((sorted.at(-1)! * 1.5) / 1000 / 30) * 30}` });
    } else {
      const text = `Events reach Floorview ${spanWords(percentile(sorted, 0.5)!)} after their EventTime (p50), ${spanWords(p95)} (p95), ${spanWords(sorted.at(-1)!)} at most, over ${sorted.length} events; each poll re-reads ${spanWords(limit)}.`;
      if (p95 > 0.8 * limit) add({ id: "lateness", status: "warn", message: `${text} Events released later than that are missed.`, hint: `set KORE_POLL_OVERLAP_SECONDS=${Math.ceil((p95 * 2) / 1000 / 30) * 30}` });
      else add({ id: "lateness", status: "ok", message: text, hint: null });
    }

    // paging
    if (this.pagingFailure) add({ id: "paging", status: "fail", message: this.pagingFailure, hint: "set KORE_BACKFILL_CHUNK_MINUTES=5 and KORE_HISTORY_CHUNK_HOURS=1" });
    else if (this.cappedReads > 0) add({ id: "paging", status: "warn", message: `Capped answers: ${this.cappedReads} (the last: ${this.lastCap?.rows} rows of ${this.lastCap?.totalCount ?? "more"}); each was read in full by paging or smaller windows.`, hint: null });
    else add({ id: "paging", status: "ok", message: "No answer was capped (no hasMore, no totalCount above its rows).", hint: null });

    // rate_limit
    const recent = this.rateLimits.filter((r) => r.at > now - 3_600_000);
    if (recent.length > 0) add({ id: "rate_limit", status: "warn", message: `Kore.ai rate-limited Floorview ${recent.length} times in the last hour (last: "${recent.at(-1)!.message}"). Other integrations share the account's 60 calls a minute.`, hint: "lower KORE_MAX_REQUESTS_PER_MINUTE (e.g. KORE_MAX_REQUESTS_PER_MINUTE=10) or raise KORE_POLL_INTERVAL_SECONDS" });
    else add({ id: "rate_limit", status: "ok", message: "Not rate-limited in the last hour.", hint: null });

    // roster
    const r = this.rosterSeen;
    const lr = this.lastAgents;
    if (lr?.error) add({ id: "roster", status: "fail", message: `The Agents API failed: ${lr.error.message}${lr.bodyExcerpt ? ` Kore.ai said: ${lr.bodyExcerpt}` : ""}`, hint: null });
    else if (!r) add({ id: "roster", status: "warn", message: "The Agents API has not been read yet.", hint: null });
    else {
      const how = r.offsetCounts === "pages" ? "offset counts pages here, not rows: paged that way" : "offset counts rows";
      add({ id: "roster", status: r.skipped > 0 ? "warn" : "ok", message: `${r.agents} agents in ${r.pages} pages (${how}); stopped at ${r.stoppedBecause.replaceAll("_", " ")}.${r.skipped ? ` ${r.skipped} rows without an id, e.g. ${r.skipExample}.` : ""}`, hint: null });
    }

    // roster_ids
    const ids = this.idOverlap();
    if (ids.feed === 0 || ids.roster === 0) add({ id: "roster_ids", status: "warn", message: `Cannot compare yet: ${ids.feed} agents in the feed, ${ids.roster} on the roster.`, hint: null });
    else if (ids.overlap === 0) add({ id: "roster_ids", status: "fail", message: `None of the feed's ${ids.feed} agent ids is on the roster's ${ids.roster}: the two APIs name agents differently. The floor shows the feed's agents, once, by id.`, hint: null });
    else if (this.floor?.rosterLoadedAt() === null) add({ id: "roster_ids", status: "ok", message: `${ids.overlap} of the feed's ${ids.feed} agents are on the ${ids.roster} roster entries read so far (the roster is not read to its end yet).`, hint: null });
    else if (ids.feedWithoutRoster > 0.1 * ids.feed) add({ id: "roster_ids", status: "warn", message: `${ids.feedWithoutRoster} of ${ids.feed} agents in the feed have no roster entry (shown by id); ${ids.rosterNeverInFeed} roster agents never appear in the feed.`, hint: null });
    else add({ id: "roster_ids", status: "ok", message: `${ids.overlap} agents in both; ${ids.feedWithoutRoster} in the feed only, ${ids.rosterNeverInFeed} on the roster only (not working in the window).`, hint: null });

    // activities
    const vocab = this.vocabulary;
    const acts = this.activityList();
    if (acts.length === 0) add({ id: "activities", status: "warn", message: "No activities seen yet.", hint: null });
    else {
      const unnamed = acts.filter((a) => !a.named);
      const reasons = this.reasonList();
      const unnamedReasons = reasons.filter((x) => !x.named);
      const list = acts.map((a) => `${a.activity} ×${a.count}`).join(", ");
      const reasonText = reasons.length ? ` Reason codes: ${reasons.map((x) => `${x.code} ×${x.count}${x.named ? "" : " (unnamed)"}`).join(", ")}.` : "";
      add({
        id: "activities",
        status: unnamed.length || (vocab && unnamedReasons.length) ? "warn" : "ok",
        message: `Activities seen: ${list}.${unnamed.length ? ` Not named by the labels config (shown as "other"): ${unnamed.map((a) => a.activity).join(", ")}.` : ""}${reasonText}`,
        hint: unnamed.length || unnamedReasons.length ? "name them in the labels config (FLOORVIEW_LABELS_FILE: activities, reasons)" : null,
      });
    }
    return CHECK_IDS.map((id) => byId.get(id)!);
  }

  private idOverlap() {
    const feed = new Set(this.floor?.feedIds() ?? []);
    const roster = this.floor?.roster() ?? new Map<string, RosterEntry>();
    let overlap = 0;
    for (const id of feed) if (roster.has(id)) overlap++;
    return { feed: feed.size, roster: roster.size, overlap, feedWithoutRoster: feed.size - overlap, rosterNeverInFeed: roster.size - overlap };
  }

  /** True when the feed's ids and the roster's share none: the roster's entries must not add a second floor. */
  rosterDisjoint(): boolean {
    const ids = this.idOverlap();
    return ids.feed > 0 && ids.roster > 0 && ids.overlap === 0;
  }

  private activityList() {
    const v = this.vocabulary;
    return [...this.activities.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([activity, count]) => ({ activity, count, named: !v || v.state(activity).family !== "other" || v.labels.activities[activityKey(activity)] !== undefined }));
  }

  private reasonList() {
    const v = this.vocabulary;
    return [...this.reasons.entries()].sort((a, b) => b[1] - a[1]).map(([code, count]) => ({ code, count, named: !v || v.labels.reasons[code] !== undefined }));
  }

  /** What the grid's banner for admins needs. */
  summary(): DiagnosticsSummary {
    return { checkedAt: new Date(this.now()).toISOString(), keeping: this.keeping, failing: this.checks().filter((c) => c.status === "fail") };
  }

  report(): DiagnosticsReport {
    const now = this.now();
    const checks = this.checks();
    const sorted = [...this.lateness].sort((a, b) => a - b);
    const secs = (v: number | null) => (v === null ? null : Math.round(v / 100) / 10);
    const local = new Intl.DateTimeFormat("sv-SE", { timeZone: this.reading.zone, dateStyle: "short", timeStyle: "medium" });
    const r = this.rosterSeen;
    return {
      checkedAt: new Date(now).toISOString(),
      source: this.opts.source,
      reading: { ...this.reading, parserVersion: EVENT_TIME_PARSER_VERSION },
      checks,
      keeping: this.keeping,
      readsHeld: this.readsHeld,
      samples: this.rowSamples.map((s) => ({ raw: s.raw, utc: new Date(s.time).toISOString(), local: `${local.format(s.time)} ${this.reading.zone} (${offsetText(zoneOffset(this.reading.zone, s.time))})`, agoSeconds: Math.round((now - s.time) / 1000) })),
      skipped: [...this.skipped.entries()].map(([reason, s]) => ({ reason, count: s.count, example: s.example })),
      forms: { ...this.forms },
      envelope: { updatesKey: this.lastEnvelope?.updatesKey ?? null, keys: this.lastEnvelope?.keys ?? [], unknownKeys: [...this.unknownKeys], cappedReads: this.cappedReads, lastCap: this.lastCap },
      exchanges: { activity: this.lastActivity, agents: this.lastAgents, lastFailure: this.lastFailure },
      activities: this.activityList(),
      reasons: this.reasonList(),
      lateness: { count: sorted.length, p50Seconds: secs(percentile(sorted, 0.5)), p95Seconds: secs(percentile(sorted, 0.95)), maxSeconds: secs(sorted.at(-1) ?? null) },
      roster: r && { ...r, at: new Date(r.at).toISOString() },
      ids: this.idOverlap(),
      hours: [...this.hours],
    };
  }
}
