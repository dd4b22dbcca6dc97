import "server-only";
import { EventLog } from "@/lib/activity/event-log";
import type { ActivityEvent, RosterEntry } from "@/lib/activity/types";
import type { KoreClient } from "@/lib/kore/client";
import { KoreError } from "@/lib/kore/errors";
import { log } from "@/lib/log";
import type { LiveLoad } from "@/lib/store/event-store";
import type { ConnectionMonitor } from "./diagnostics";
import { budgetUnavailable, type Budget } from "./request-budget";
import { sleep } from "./sleep";
import type { StoreWriter } from "./store-writer";
import { UpstreamHealth, type HealthState } from "./upstream-health";

export interface PollerOptions {
  pollIntervalMs: number;
  /** Kore.ai stacks changes every 30 s, so events can arrive after a poll has covered their time. */
  overlapMs: number;
  /** How far back the first read goes, and how long events are kept. */
  backfillMs: number;
  /** The longest window one request asks for (backfill and catch-up after an outage). */
  chunkMs: number;
  rosterRefreshMs: number;
  rosterPageSize: number;
  /** The least wait after Kore.ai refuses the credentials: never hammer a tenant with bad ones. */
  unauthorizedRetryMs?: number;
  /**
   * The sweep: a settled stretch of the feed is read once more this long after its end, before it
   * is final, for what Kore.ai released later than the overlap (default 10 min; 0: no sweep).
   */
  sweepDelayMs?: number;
  /** How often the sweep reads (default 5 min): each read covers what settled since the last. */
  sweepEveryMs?: number;
}

export interface PollerStats {
  activityRequests: number;
  rosterRequests: number;
  eventsAdded: number;
  duplicates: number;
  skippedRows: number;
  /** Sweep reads made, and the events they found that the live reads had missed (released late). */
  sweeps: number;
  sweepFound: number;
}

/** One good read (or a failed one: no events, the same watermark), as the leader shares it. */
export interface SharedRead {
  events: ActivityEvent[];
  /** The feed has been read up to here. */
  coveredUntil: number;
  /** The part of the feed this read made known for good (settled): [from, until); absent when none. */
  settled?: { from: number; until: number };
  /** False when the leader's checks of EventTime keep the read out of the store: nobody writes it. */
  kept?: boolean;
  health: HealthState;
}

/**
 * Where a poller shares what it reads when several instances run on one state (Redis): only the
 * leader polls, and its reads reach the others through here. Each call is fenced: false when this
 * instance no longer holds the lease, and the read is dropped.
 */
export interface PollerShare {
  publishRead(read: SharedRead): Promise<boolean>;
  publishRoster(roster: ReadonlyMap<string, RosterEntry>, loadedAt: number | null): Promise<boolean>;
}

class NotShared extends Error {}

const MAX_BACKOFF_MS = 2 * 60 * 1000;
const MAX_UNAUTHORIZED_BACKOFF_MS = 15 * 60 * 1000;
const MAX_ROSTER_PAGES = 1000;

function asKoreError(err: unknown): KoreError {
  if (err instanceof KoreError) return err;
  log.error("unexpected poller error", { error: err instanceof Error ? err.message : String(err) });
  return new KoreError("malformed", "Kore.ai's answer could not be processed.");
}

function jitter(ms: number): number {
  return Math.round(ms * (0.9 + Math.random() * 0.2));
}

/**
 * The one reader of Kore.ai per server process, shared by every browser: it backfills, then
 * polls from the last good watermark minus an overlap. The watermark moves only after a read
 * succeeds, so an outage loses nothing: the next good read covers the gap, in chunks.
 */
export class Poller {
  readonly events = new EventLog();
  readonly health: UpstreamHealth;
  readonly stats: PollerStats = { activityRequests: 0, rosterRequests: 0, eventsAdded: 0, duplicates: 0, skippedRows: 0, sweeps: 0, sweepFound: 0 };
  roster: ReadonlyMap<string, RosterEntry> = new Map();
  rosterLoadedAt: number | null = null;
  /** Bumped on every change a snapshot would show. */
  version = 0;

  /** Set when several instances share one state: reads are published before they count. */
  share: PollerShare | null = null;
  /** Floorview's store: each read is written (or held for it) before it counts. */
  store: StoreWriter | null = null;
  /** Write the reads another instance shares into this one's store (each instance has its own). */
  storeSharedReads = false;
  /** What Kore.ai answers, judged: a read its time checks fail is shown but not kept. */
  monitor: ConnectionMonitor | null = null;

  private readonly listeners = new Set<() => void>();
  /** Reads waiting for the time checks to have enough to judge (never written if they fail). */
  private heldReads: Parameters<StoreWriter["record"]>[0][] = [];
  /** What the roster's `offset` was found to count (rows until seen otherwise). */
  private rosterOffsetCounts: "rows" | "pages" = "rows";

  private watermark: number;
  private retained: number;
  /** Where the settled coverage this poller is building begins: reads extend it without holes. */
  private coverStart: number;
  private abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly client: KoreClient,
    private readonly budget: Budget,
    private readonly opts: PollerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.watermark = now() - opts.backfillMs;
    this.retained = this.watermark;
    this.coverStart = this.watermark;
    this.health = new UpstreamHealth((from, to, error) => {
      const fields = { from, to, error: error?.message };
      if (to === "ok" || to === "starting") log.info("upstream status changed", fields);
      else log.warn("upstream status changed", fields);
      this.changed();
    });
  }

  /** Starts reading Kore.ai; after `stop` (a leader that lost its lease), it can start again. */
  start(): void {
    if (this.loops.length > 0) return;
    this.abort = new AbortController();
    this.loops = [this.activityLoop(), this.rosterLoop()];
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /**
   * The live window as the store holds it, before the first read: the events since the window's
   * start, each agent's state from before it, the roster, and the watermark, so polling resumes
   * where it stopped and asks Kore.ai only for the gap.
   */
  restore(load: LiveLoad): void {
    this.events.add(load.anchors);
    const { added } = this.events.add(load.events);
    this.stats.eventsAdded += added;
    if (load.watermark !== null && load.watermark > this.watermark) {
      this.watermark = Math.min(load.watermark, this.now());
      this.coverStart = this.watermark;
    }
    if (load.roster.length > 0) {
      this.roster = new Map(load.roster.map((r) => [r.agentId, r]));
      this.rosterLoadedAt = load.rosterLoadedAt;
    }
    this.changed();
  }

  /**
   * Each agent's state from before the live window, as the store knows it once the importer has
   * read the days before (an agent whose last change is older than the backfill shows that state,
   * not "no activity"). Shared with the other instances like a read.
   */
  async adoptAnchors(anchors: readonly ActivityEvent[]): Promise<void> {
    const missing = this.events.missing(anchors);
    if (missing.length === 0) return;
    const shared = await this.publish(() => ({ events: missing, coveredUntil: this.watermark, health: this.health.state(), kept: false }));
    if (!shared) return;
    this.events.add(missing);
    this.changed();
  }

  /** The settled part of a read of [from, to) made at `readAt`: what later reads cannot change. */
  private settledPart(from: number, to: number, readAt: number): { from: number; until: number } | undefined {
    // Kore.ai releases changes in 30-second stacks: a read is final up to 30 s (and the overlap) before it.
    const until = Math.min(to, readAt - Math.max(30_000, this.opts.overlapMs));
    const start = Math.min(this.coverStart, from);
    return until > start ? { from: start, until } : undefined;
  }

  /** A read another instance (the leader) made: the same effect as making it here. */
  applyShared(read: SharedRead): void {
    if (this.store && this.storeSharedReads && read.kept !== false) {
      const missing = this.events.missing(read.events);
      void this.store.record({ events: missing, coveredFrom: read.settled?.from ?? 0, coveredUntil: read.settled?.until ?? 0, watermark: read.coveredUntil });
    }
    const { added, duplicates } = this.events.add(read.events);
    this.stats.eventsAdded += added;
    this.stats.duplicates += duplicates;
    this.watermark = Math.max(this.watermark, read.coveredUntil);
    this.health.restore(read.health);
    this.prune(this.now() - this.opts.backfillMs);
    this.changed();
  }

  /** The roster another instance (the leader) read. */
  applySharedRoster(roster: ReadonlyMap<string, RosterEntry>, loadedAt: number | null): void {
    this.roster = roster;
    this.rosterLoadedAt = loadedAt;
    this.changed();
  }

  /** The time up to which the feed has been read. */
  get coveredUntil(): number {
    return this.watermark;
  }

  /** Memory holds every event from here up to `coveredUntil`; older history is read on demand. */
  get retainedFrom(): number {
    return this.retained;
  }

  private prune(cutoff: number) {
    this.events.prune(cutoff);
    this.retained = Math.max(this.retained, cutoff);
  }

  /** Calls `listener` after every change a snapshot would show; returns the way to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something a snapshot shows changed outside the poller (the store's status). */
  touch(): void {
    this.changed();
  }

  private changed() {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  /**
   * Waits for a slot in the request budget (keeping `reserve` slots free for others); false when
   * the poller stopped meanwhile.
   */
  private async takeBudget(reserve = 0): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      const wait = await this.budget.take(reserve).catch(budgetUnavailable);
      if (this.stopped) return false;
      if (wait === 0) return true;
      await sleep(Math.max(wait, 10), this.abort.signal);
    }
  }

  /** Publishes through the share, if any; false when the read must be dropped. */
  private async publish(read: () => SharedRead): Promise<boolean> {
    if (!this.share) return true;
    try {
      return await this.share.publishRead(read());
    } catch (err) {
      log.warn("could not share a read; it will be read again", { error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  /** Reads the next window; returns how long to wait before the one after. */
  async pollOnce(): Promise<number> {
    const now = this.now();
    // After an outage longer than the retention window, what lies before it is not kept anyway.
    if (this.watermark < now - this.opts.backfillMs) {
      this.watermark = now - this.opts.backfillMs;
      this.coverStart = this.watermark;
      this.prune(this.watermark);
    }
    const from = Math.max(this.watermark - this.opts.overlapMs, now - this.opts.backfillMs);
    const to = Math.min(this.watermark + this.opts.chunkMs, now);
    this.stats.activityRequests++;
    try {
      const read = await this.client.fetchActivity(from, to, { beforeExtraCall: () => this.takeBudget() });
      const { events, skippedTotal } = read;
      const caughtUp = to >= now;
      const missing = this.events.missing(events);
      const settled = this.settledPart(from, to, now);
      // Checked before kept: while EventTime is read wrongly, nothing goes into the store; until
      // there is enough to judge it, reads wait in memory (in order) and go in once it is judged.
      const decision = this.monitor?.observeRead(read, read.window ?? { from, to }, this.now(), missing) ?? "keep";
      const record = { events: missing, coveredFrom: settled?.from ?? 0, coveredUntil: settled?.until ?? 0, watermark: to };
      if (decision === "drop") this.heldReads = [];
      if (decision === "hold") {
        // A quiet floor may be held for hours: a read without events only moves the last one on.
        const last = this.heldReads.at(-1);
        if (last && record.events.length === 0 && record.coveredFrom <= last.coveredUntil) {
          last.coveredUntil = Math.max(last.coveredUntil, record.coveredUntil);
          last.watermark = record.watermark;
        } else this.heldReads.push(record);
      }
      // Stored, then shared, then counted here: the watermark never passes what is kept.
      if (this.store && decision === "keep") {
        for (const held of this.heldReads.splice(0)) await this.store.record(held);
        await this.store.record(record);
      }
      const kept = decision === "keep";
      const shared = await this.publish(() => ({ events: missing, coveredUntil: to, settled, health: this.health.afterSuccess(this.now(), caughtUp), ...(kept ? {} : { kept }) }));
      if (!shared) return this.opts.pollIntervalMs;
      if (settled) this.coverStart = settled.until;
      const { added, duplicates } = this.events.add(events);
      this.stats.eventsAdded += added;
      this.stats.duplicates += duplicates;
      this.stats.skippedRows += skippedTotal;
      this.watermark = to;
      this.prune(this.now() - this.opts.backfillMs);
      this.health.recordSuccess(this.now(), caughtUp);
      this.changed();
      return caughtUp ? this.opts.pollIntervalMs : 0;
    } catch (err) {
      const error = asKoreError(err);
      this.monitor?.onError(error, this.now());
      this.health.recordFailure(error, this.now());
      this.changed();
      await this.publish(() => ({ events: [], coveredUntil: this.watermark, health: this.health.state() }));
      const delay = this.backoff(error, this.health.consecutiveFailures);
      if (error.kind === "rate_limited") this.budget.pauseUntil(this.now() + delay);
      return delay;
    }
  }

  private backoff(error: KoreError, failures: number): number {
    const grow = (base: number, cap: number) => Math.min(cap, base * 2 ** Math.max(0, failures - 1));
    const interval = this.opts.pollIntervalMs;
    switch (error.kind) {
      case "rate_limited":
        return error.retryAfterMs ?? jitter(grow(Math.max(interval, 5_000), MAX_BACKOFF_MS));
      case "unauthorized":
        return jitter(grow(Math.max(this.opts.unauthorizedRetryMs ?? 60_000, interval), MAX_UNAUTHORIZED_BACKOFF_MS));
      default:
        return jitter(grow(interval, Math.max(MAX_BACKOFF_MS, interval)));
    }
  }

  private async activityLoop(): Promise<void> {
    while (await this.takeBudget()) {
      const delay = await this.pollOnce();
      // Between two live reads, when one is due: the sweep, behind a quarter of the budget.
      if (delay > 0 && this.sweepDue() && (await this.takeBudget(Math.floor(this.budget.maxPerMinute / 4)))) await this.sweepOnce();
      await sleep(delay, this.abort.signal);
    }
  }

  /** The sweep has read the feed up to here (null: not started; it starts once the backfill is done). */
  private sweptUntil: number | null = null;
  private lastSweepAt = 0;

  private sweepDue(): boolean {
    const delay = this.opts.sweepDelayMs ?? 10 * 60_000;
    if (delay <= 0 || !this.health.backfilled) return false;
    const now = this.now();
    // It begins where the live reads began to read in real time: the backfill was read whole, late.
    this.sweptUntil ??= now - this.opts.overlapMs;
    return now - this.lastSweepAt >= (this.opts.sweepEveryMs ?? 5 * 60_000) && now - delay > this.sweptUntil;
  }

  /**
   * Reads once more a stretch the live reads settled, before it is final: what Kore.ai released
   * later than the overlap is found, added, stored and counted (it is shown by diagnostics), so a
   * period the store holds as covered holds every event Kore.ai has released for it.
   */
  async sweepOnce(): Promise<number> {
    const now = this.now();
    const from = this.sweptUntil ?? now - this.opts.overlapMs;
    const to = Math.min(from + this.opts.chunkMs, now - (this.opts.sweepDelayMs ?? 10 * 60_000));
    this.lastSweepAt = now;
    if (to <= from) return 0;
    this.stats.activityRequests++;
    try {
      const read = await this.client.fetchActivity(from, to, { beforeExtraCall: () => this.takeBudget(Math.floor(this.budget.maxPerMinute / 4)) });
      const found = this.events.missing(read.events);
      const decision = this.monitor?.observeRead(read, read.window ?? { from, to }, this.now()) ?? "keep";
      if (this.store && decision === "keep") await this.store.record({ events: found, coveredFrom: from, coveredUntil: to, watermark: null });
      if (found.length > 0) {
        const shared = await this.publish(() => ({ events: found, coveredUntil: this.watermark, settled: { from, until: to }, health: this.health.state(), ...(decision === "keep" ? {} : { kept: false }) }));
        if (!shared) return 0;
        this.events.add(found);
        this.stats.sweepFound += found.length;
        this.monitor?.sweepFound(found, now);
        log.warn("the sweep found events the live reads had missed (released later than the overlap)", { found: found.length, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
        this.changed();
      }
      this.stats.sweeps++;
      this.sweptUntil = to;
      return found.length;
    } catch (err) {
      const error = asKoreError(err);
      this.monitor?.onError(error, this.now());
      log.warn("the sweep's read failed; it is tried again", { error: error.message });
      if (error.kind === "rate_limited") this.budget.pauseUntil(this.now() + (error.retryAfterMs ?? 30_000));
      return 0;
    }
  }

  /**
   * Reads every page of the Agents API; names change slowly, so this runs every few minutes.
   * The live feed comes first: after the first page, pages wait for the backfill to reach now,
   * and then leave a quarter of the budget free for the feed. Names appear page by page; an agent
   * gone from the roster is dropped when the last page is read.
   */
  async refreshRoster(): Promise<void> {
    const next = new Map<string, RosterEntry>();
    const size = this.opts.rosterPageSize;
    const reserve = Math.floor(this.budget.maxPerMinute / 4);
    // `offset` counts rows as Kore.ai's Agent Status Details does; if a full first page is
    // followed by an empty one at offset=limit, it may count pages (as call details v1 does).
    let offsetCounts: "rows" | "pages" = this.rosterOffsetCounts;
    let stoppedBecause: "short_page" | "no_new_ids" | "page_limit" = "page_limit";
    let pages = 0;
    let skipped = 0;
    let skipExample: string | null = null;
    const fetchPage = async (page: number, counts: "rows" | "pages") => {
      if (!(await this.takeBudget(page > 0 ? reserve : 0))) return null;
      this.stats.rosterRequests++;
      pages++;
      const result = await this.client.fetchRosterPage(counts === "rows" ? page * size : page, size);
      skipped += result.skippedTotal;
      skipExample ??= result.skipExample ?? null;
      return result;
    };
    for (let page = 0; page < MAX_ROSTER_PAGES; page++) {
      while (page > 0 && !this.health.backfilled) {
        if (this.stopped) return;
        await sleep(Math.min(this.opts.pollIntervalMs, 1_000), this.abort.signal);
      }
      let result = await fetchPage(page, offsetCounts);
      if (!result) return;
      if (page === 1 && offsetCounts === "rows" && result.rowCount === 0) {
        // A full page, then nothing: ask for offset=1 to tell "exactly one page" from "offset counts pages".
        const probe = await fetchPage(1, "pages");
        if (!probe) return;
        if (probe.agents.some((a) => !next.has(a.agentId))) {
          offsetCounts = "pages";
          log.warn("the Agents API counts offset in pages, not rows: paging that way");
          result = probe;
        }
      }
      const before = next.size;
      for (const a of result.agents) next.set(a.agentId, a);
      if (result.rowCount < size) {
        stoppedBecause = "short_page";
        break;
      }
      // A page that adds no new id: Kore.ai ignores offset (or repeats its last page); never loop.
      if (page > 0 && next.size === before) {
        stoppedBecause = "no_new_ids";
        log.warn("the Agents API answered a page with no new agent: roster paging stops there", { page, agents: next.size });
        break;
      }
      if (this.rosterLoadedAt === null) {
        // The first load: show the names read so far.
        const partial = new Map(next);
        await this.publishRoster(partial, null);
        this.roster = partial;
        this.changed();
      }
    }
    this.rosterOffsetCounts = offsetCounts;
    const loadedAt = this.now();
    this.monitor?.roster({ pages, offsetCounts, agents: next.size, skipped, skipExample, stoppedBecause, at: loadedAt });
    if (this.store) await this.store.putRoster([...next.values()], loadedAt);
    await this.publishRoster(next, loadedAt);
    this.roster = next;
    this.rosterLoadedAt = loadedAt;
    this.changed();
  }

  /** Shares a roster before using it; throws `NotShared` when it cannot be. */
  private async publishRoster(roster: ReadonlyMap<string, RosterEntry>, loadedAt: number | null): Promise<void> {
    if (!this.share) return;
    let shared: boolean;
    try {
      shared = await this.share.publishRoster(roster, loadedAt);
    } catch (err) {
      throw new NotShared(err instanceof Error ? err.message : String(err));
    }
    if (!shared) throw new NotShared("this instance no longer leads");
  }

  private async rosterLoop(): Promise<void> {
    let failures = 0;
    // A new leader has the roster its predecessor read: it refreshes it when it is due.
    if (this.rosterLoadedAt !== null) await sleep(this.rosterLoadedAt + this.opts.rosterRefreshMs - this.now(), this.abort.signal);
    while (!this.stopped) {
      let delay = this.opts.rosterRefreshMs;
      try {
        await this.refreshRoster();
        failures = 0;
      } catch (err) {
        if (err instanceof NotShared) {
          log.warn("could not share the roster; it will be read again", { error: err.message });
          await sleep(this.opts.pollIntervalMs, this.abort.signal);
          continue;
        }
        failures++;
        const error = asKoreError(err);
        this.monitor?.onError(error, this.now());
        log.warn("roster refresh failed", { error: error.message });
        delay = Math.min(this.backoff(error, failures), this.opts.rosterRefreshMs);
        if (error.kind === "rate_limited") this.budget.pauseUntil(this.now() + delay);
      }
      await sleep(delay, this.abort.signal);
    }
  }
}
