import "server-only";
import { EventLog } from "@/lib/activity/event-log";
import type { ActivityEvent } from "@/lib/activity/types";
import type { Interval } from "@/lib/activity/timeline";
import type { KoreClient } from "@/lib/kore/client";
import { KoreError } from "@/lib/kore/errors";
import { log } from "@/lib/log";
import type { ConnectionMonitor } from "./diagnostics";
import { budgetUnavailable, type Budget } from "./request-budget";
import { sleep } from "./sleep";
import type { StoreWriter } from "./store-writer";

export interface HistoryOptions {
  /** Chunks are aligned to multiples of this (UTC), so every viewer asks for the same ones. */
  chunkMs: number;
  /** The cache holds at most this many events; the chunks used longest ago go first. */
  maxEvents: number;
  /** Slots of the request budget history never takes: they stay free for the live feed. */
  reserve: number;
  /** A chunk that failed is not asked again for this long. */
  retryAfterMs?: number;
  /** The most chunks waiting to be read; beyond, a chunk is refused (asked again later) rather than queued. */
  maxPending?: number;
}

export interface HistoryStats {
  requests: number;
  hits: number;
  failures: number;
  /** Chunks another instance had read, taken from the shared store instead of Kore.ai. */
  sharedHits: number;
  /** Chunks written to Floorview's store after a read. */
  stored: number;
}

/**
 * Closed chunks shared by several instances (Redis): a day one instance has read costs the
 * others no upstream call. Both calls may fail (Redis down): the store then reads Kore.ai.
 */
export interface SharedChunks {
  get(start: number): Promise<ActivityEvent[] | null>;
  put(start: number, events: readonly ActivityEvent[]): Promise<void>;
}

interface Chunk {
  start: number;
  end: number;
  log: EventLog;
  /** A chunk that was still open when read is read again after this. */
  freshUntil: number;
}

/** A chunk ending this close to now could still receive late events (30-second stacks). */
const SETTLE_MS = 10 * 60 * 1000;
const OPEN_CHUNK_TTL_MS = 60 * 1000;

/**
 * History older than the poller's memory, read from Kore.ai on demand in aligned chunks and
 * kept: a closed chunk never changes, so a second look at the same day costs no upstream call.
 * Reads go one at a time, newest first, through the shared request budget and never into the
 * slots reserved for the live feed.
 */
export class HistoryStore {
  readonly stats: HistoryStats = { requests: 0, hits: 0, failures: 0, sharedHits: 0, stored: 0 };
  /** Floorview's store: read first; what is read from Kore.ai is written there, read once for good. */
  store: StoreWriter | null = null;
  /** What Kore.ai answers, judged: a read its time checks fail is not kept. */
  monitor: ConnectionMonitor | null = null;
  /** Insertion order is use order: the first entry is the least recently used. */
  private readonly chunks = new Map<number, Chunk>();
  private readonly failed = new Map<number, { at: number; error: KoreError }>();
  private readonly queue: number[] = [];
  private readonly waiters = new Map<number, (() => void)[]>();
  private working = false;
  private eventCount = 0;

  constructor(
    private readonly client: KoreClient,
    private readonly budget: Budget,
    private readonly opts: HistoryOptions,
    private readonly now: () => number = Date.now,
    private readonly shared: SharedChunks | null = null,
  ) {}

  get size(): number {
    return this.eventCount;
  }

  get chunkMs(): number {
    return this.opts.chunkMs;
  }

  /** Starts of the chunks that overlap [from, to). */
  chunkStarts(from: number, to: number): number[] {
    const size = this.opts.chunkMs;
    const out: number[] = [];
    for (let s = Math.floor(from / size) * size; s < to; s += size) out.push(s);
    return out;
  }

  has(start: number): boolean {
    return this.chunks.has(start);
  }

  /** The last failure for a chunk still inside its retry pause. */
  failureOf(start: number): KoreError | null {
    const f = this.failed.get(start);
    if (!f || this.now() - f.at >= (this.opts.retryAfterMs ?? 30_000)) return null;
    return f.error;
  }

  /** Chunks asked for and not loaded yet (queued or being read). */
  isPending(start: number): boolean {
    return this.waiters.has(start);
  }

  /**
   * Asks for the chunks (newest first) and waits until they are loaded or failed, or until
   * `waitMs` has passed; reading goes on in the background either way.
   */
  async load(starts: readonly number[], waitMs: number): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const start of [...starts].sort((a, b) => b - a)) {
      const hit = this.chunks.get(start);
      if (hit && hit.freshUntil > this.now()) {
        this.chunks.delete(start);
        this.chunks.set(start, hit);
        this.stats.hits++;
        continue;
      }
      if (this.failureOf(start)) continue;
      if (!this.waiters.has(start) && this.queue.length >= (this.opts.maxPending ?? 200)) {
        // A bounded queue: windows asked faster than the budget reads them wait their turn outside it.
        this.failed.set(start, { at: this.now(), error: new KoreError("rate_limited", "Too many history reads are waiting for Kore.ai's rate limit; this part is read when there is room.") });
        continue;
      }
      pending.push(this.enqueue(start));
    }
    if (pending.length === 0) return;
    void this.work();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(pending), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
  }

  private enqueue(start: number): Promise<void> {
    return new Promise((resolve) => {
      const list = this.waiters.get(start);
      if (list) {
        list.push(resolve);
        return;
      }
      this.waiters.set(start, [resolve]);
      this.queue.push(start);
    });
  }

  /** Events of one agent with from <= time < to, from the loaded chunks only, oldest first. */
  eventsOf(agentId: string, from: number, to: number): ActivityEvent[] {
    const out: ActivityEvent[] = [];
    for (const start of this.chunkStarts(from, to)) {
      const chunk = this.chunks.get(start);
      if (chunk) out.push(...chunk.log.eventsOf(agentId, Math.max(from, chunk.start), Math.min(to, chunk.end)));
    }
    return out;
  }

  /** The loaded parts of [from, to). */
  coverage(from: number, to: number): Interval[] {
    const out: Interval[] = [];
    for (const start of this.chunkStarts(from, to)) {
      const chunk = this.chunks.get(start);
      if (chunk) out.push({ start: Math.max(from, chunk.start), end: Math.min(to, chunk.end) });
    }
    return out;
  }

  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      for (;;) {
        // Newest first: the part of the day a supervisor looks at first.
        this.queue.sort((a, b) => b - a);
        const start = this.queue.shift();
        if (start === undefined) break;
        if (!(await this.fromShared(start))) {
          await this.waitForBudget();
          await this.read(start);
        }
        const resolvers = this.waiters.get(start) ?? [];
        this.waiters.delete(start);
        for (const r of resolvers) r();
      }
    } finally {
      this.working = false;
    }
  }

  private async waitForBudget(reserve = this.opts.reserve): Promise<void> {
    for (;;) {
      const wait = await this.budget.take(reserve).catch(budgetUnavailable);
      if (wait === 0) return;
      await sleep(Math.max(wait, 50));
    }
  }

  /** True when another instance had read this (closed) chunk and it is loaded from there. */
  private async fromShared(start: number): Promise<boolean> {
    if (!this.shared || !this.settled(start)) return false;
    const events = await this.shared.get(start).catch(() => null);
    if (!events) return false;
    this.stats.sharedHits++;
    this.keep(start, events, Infinity);
    return true;
  }

  private settled(start: number): boolean {
    return start + this.opts.chunkMs <= this.now() - SETTLE_MS;
  }

  /** True when the chunk at `start` is over and settled: what a read of it stores is final. */
  isSettled(start: number): boolean {
    return this.settled(start);
  }

  private keep(start: number, events: readonly ActivityEvent[], freshUntil: number) {
    const chunkLog = new EventLog();
    chunkLog.add(events);
    const old = this.chunks.get(start);
    if (old) this.eventCount -= old.log.size;
    this.chunks.delete(start);
    this.chunks.set(start, { start, end: start + this.opts.chunkMs, log: chunkLog, freshUntil });
    this.eventCount += chunkLog.size;
    this.evict();
  }

  /** Reads one chunk from Kore.ai; the settled part is written to the store. Throws a KoreError. */
  private async fetchChunk(start: number): Promise<{ events: ActivityEvent[]; settled: boolean }> {
    const end = start + this.opts.chunkMs;
    this.stats.requests++;
    const read = await this.client.fetchActivity(start, end, {
      beforeExtraCall: async () => {
        await this.waitForBudget();
        return true;
      },
    });
    const { events } = read;
    // The client widens the window to whole seconds at both ends: keep only this chunk's part.
    const mine = events.filter((e) => e.time >= start && e.time < end);
    const settled = this.settled(start);
    // Checked before kept: while EventTime is read wrongly, nothing goes into the store.
    const keep = (this.monitor?.observeRead(read, read.window ?? { from: start, to: end }, this.now()) ?? "keep") === "keep";
    if (settled && keep && this.store && (await this.store.tryRecord({ events: mine, coveredFrom: start, coveredUntil: end, watermark: null }))) this.stats.stored++;
    return { events: mine, settled };
  }

  /**
   * Reads a chunk from Kore.ai into the store only (the importer): inside the budget, behind the
   * reserve. False when it failed (it is tried again on a later pass).
   */
  async importChunk(start: number, reserve: number): Promise<boolean> {
    await this.waitForBudget(reserve);
    try {
      await this.fetchChunk(start);
      return true;
    } catch (err) {
      this.readFailed(start, err, "import read failed");
      return false;
    }
  }

  /** A failed read: counted, logged, and a 429 pauses every caller of the budget. */
  private readFailed(start: number, err: unknown, what: string): KoreError {
    const error = err instanceof KoreError ? err : new KoreError("malformed", "Kore.ai's answer could not be processed.");
    this.stats.failures++;
    this.monitor?.onError(error, this.now());
    if (error.kind === "rate_limited") this.budget.pauseUntil(this.now() + (error.retryAfterMs ?? 30_000));
    log.warn(what, { from: new Date(start).toISOString(), error: error.message });
    return error;
  }

  private async read(start: number): Promise<void> {
    try {
      const { events: mine, settled } = await this.fetchChunk(start);
      this.failed.delete(start);
      this.keep(start, mine, settled ? Infinity : this.now() + OPEN_CHUNK_TTL_MS);
      // A closed chunk never changes: the other instances may take it as it is.
      if (settled && this.shared) {
        this.shared.put(start, mine).catch((err: unknown) => {
          log.warn("could not share a history chunk", { error: err instanceof Error ? err.message : String(err) });
        });
      }
    } catch (err) {
      this.failed.set(start, { at: this.now(), error: this.readFailed(start, err, "history read failed") });
    }
  }

  private evict() {
    for (const [start, chunk] of this.chunks) {
      if (this.eventCount <= this.opts.maxEvents || this.chunks.size <= 1) break;
      this.chunks.delete(start);
      this.eventCount -= chunk.log.size;
    }
  }
}
