import "server-only";
import type { RosterEntry } from "@/lib/activity/types";
import { log } from "@/lib/log";
import type { EventStore, StoreRead } from "@/lib/store/event-store";

/**
 * The one way into the store from a running Floorview. Writes go one at a time, in order. When
 * the store fails (Postgres down, disk full, a directory turned read-only) the live view does not
 * wait for it: the poller's reads queue here, in memory, and are written in order when the store
 * is back; the store's watermark moves only with them, so a crash meanwhile loses nothing (a
 * restart reads the gap from Kore.ai again). A queue that outgrows its bound drops its oldest
 * reads: their range stays uncovered in the store (the history reader fills it from Kore.ai
 * later) and the stored watermark stays where the hole begins.
 */

export interface StoreStatus {
  status: "ok" | "unavailable";
  /** Why the last write failed (no secret: the engine's message). */
  error: string | null;
  /** Since when it is unavailable (epoch ms). */
  since: number | null;
  /** Reads held in memory until the store takes them. */
  queuedReads: number;
  /** Reads dropped from a full queue: their ranges are read again from Kore.ai. */
  droppedReads: number;
}

export interface StoreWriterOptions {
  /** A write taking longer than this counts as failed (it is retried; writes are idempotent). */
  timeoutMs?: number;
  /** The most events held in memory for a store that is down. */
  maxQueuedEvents?: number;
  /** Retries start after this and double up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** History older than this is not written (it would be pruned at once); null: kept for ever. */
  retentionMs?: number | null;
  /** Told how long each successful write took (the metrics' histogram). */
  onWrite?: (ms: number, events: number) => void;
}

class Timeout extends Error {}

export class StoreWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly queue: StoreRead[] = [];
  private queuedEvents = 0;
  private pendingRoster: { roster: RosterEntry[]; at: number } | null = null;
  private state: StoreStatus = { status: "ok", error: null, since: null, queuedReads: 0, droppedReads: 0 };
  /** Set once a queued read was dropped: the stored watermark must not pass it. */
  private holeFrom: number | null = null;
  /** The end of the dropped reads' ranges: nothing before it is covered by a later read. */
  private holeUntil = -Infinity;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay: number;
  private closed = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly store: EventStore,
    private readonly opts: StoreWriterOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.retryDelay = opts.retryMs ?? 1_000;
  }

  get status(): StoreStatus {
    return { ...this.state, queuedReads: this.queue.length };
  }

  get available(): boolean {
    return this.state.status === "ok";
  }

  /** Calls `listener` when the status changes; returns the way to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A live read of the poller, in the order read. Resolves once the read is in the store, or held
   * for it (the store is down): either way the poller may count it.
   */
  async record(read: StoreRead): Promise<void> {
    if (this.closed) return;
    if (this.queue.length > 0 || !this.available) {
      this.hold(read);
      return;
    }
    try {
      await this.serial(() => this.store.record(this.withHole(read)), read.events.length);
      this.succeeded();
    } catch (err) {
      this.failed(err);
      this.hold(read);
    }
  }

  /**
   * A read of older history (the drill-down's, the importer's): written when the store is up,
   * skipped when it is not (its range stays uncovered, to be read again). True when written.
   */
  async tryRecord(read: StoreRead): Promise<boolean> {
    if (this.closed || !this.available) return false;
    if (this.opts.retentionMs && read.coveredUntil <= this.now() - this.opts.retentionMs) return false;
    try {
      await this.serial(() => this.store.record({ ...read, watermark: null }), read.events.length);
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  /** The roster as read at `at`; the latest one waits for a store that is down. */
  async putRoster(roster: readonly RosterEntry[], at: number): Promise<void> {
    if (this.closed) return;
    this.pendingRoster = { roster: [...roster], at };
    if (!this.available) return;
    await this.flushRoster().catch((err: unknown) => this.failed(err));
  }

  /**
   * Drops what is older than the retention, between two writes (never while one is under way);
   * each agent keeps its last event from before the cutoff, so its state stays true.
   */
  async prune(): Promise<number> {
    if (!this.opts.retentionMs || this.closed || !this.available) return 0;
    const cutoff = this.now() - this.opts.retentionMs;
    try {
      const dropped = await this.serial(() => this.store.prune(cutoff), 0);
      log.info("store pruned", { before: new Date(cutoff).toISOString(), events: dropped });
      return dropped;
    } catch (err) {
      this.failed(err);
      return 0;
    }
  }

  /** A note in the store's meta table (the importer's progress), between two writes; false when it could not be written. */
  async putMeta(key: string, value: string): Promise<boolean> {
    if (this.closed || !this.available) return false;
    try {
      await this.serial(() => this.store.putMeta(key, value), 0);
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  /** Runs a read of the store with the writer's timeout; throws when the store fails. */
  async read<T>(work: (store: EventStore) => Promise<T>): Promise<T> {
    return this.withTimeout(work(this.store));
  }

  /** Waits for the queue to drain (tests, shutdown). */
  async flushed(): Promise<void> {
    await this.chain.catch(() => undefined);
    while (this.queue.length > 0 && this.available && !this.closed) await this.drain();
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.store.close();
  }

  private async flushRoster(): Promise<void> {
    const pending = this.pendingRoster;
    if (!pending) return;
    await this.serial(() => this.store.putRoster(pending.roster, pending.at), 0);
    if (this.pendingRoster === pending) this.pendingRoster = null;
  }

  /** Once a read was dropped, no later one may move the stored watermark past the hole. */
  /**
   * A read written after reads were dropped: the stored watermark stays before the hole, and the
   * read covers nothing inside it. A read overlaps the one before it (the poller reads back over
   * a margin, and keeps only the events it did not hold yet), so the events of that margin may
   * have been in a dropped read alone: covering it would mark them known for good, never read
   * again.
   */
  private withHole(read: StoreRead): StoreRead {
    if (this.holeFrom === null) return read;
    const coveredFrom = Math.max(read.coveredFrom, this.holeUntil);
    return { ...read, coveredFrom, watermark: read.watermark === null ? null : Math.min(read.watermark, this.holeFrom) };
  }

  private hold(read: StoreRead) {
    this.queue.push(read);
    this.queuedEvents += read.events.length;
    const max = this.opts.maxQueuedEvents ?? 500_000;
    while (this.queue.length > 1 && this.queuedEvents > max) {
      const dropped = this.queue.shift()!;
      this.queuedEvents -= dropped.events.length;
      this.state.droppedReads++;
      // The stored watermark stays at or before what was never written.
      const from = Math.min(dropped.coveredFrom, dropped.watermark ?? dropped.coveredFrom);
      this.holeFrom = this.holeFrom === null ? from : Math.min(this.holeFrom, from);
      this.holeUntil = Math.max(this.holeUntil, dropped.coveredUntil);
      log.warn("store queue full: a read is dropped and will be read again from Kore.ai", { from: new Date(dropped.coveredFrom).toISOString() });
    }
    this.scheduleRetry();
  }

  private serial<T>(work: () => Promise<T>, events: number): Promise<T> {
    const run = async () => {
      const started = performance.now();
      const result = await this.withTimeout(work());
      this.opts.onWrite?.(performance.now() - started, events);
      return result;
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    const ms = this.opts.timeoutMs ?? 5_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(`the store did not answer within ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private succeeded() {
    this.retryDelay = this.opts.retryMs ?? 1_000;
    if (this.state.status === "ok") return;
    log.info("the store is back: history is kept again", { queued: this.queue.length });
    this.state = { ...this.state, status: "ok", error: null, since: null };
    this.emit();
  }

  private failed(err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    if (this.state.status === "ok") {
      log.error("the store is unavailable: the live view goes on from memory, reads are held", { error: message });
      this.state = { ...this.state, status: "unavailable", error: message, since: this.now() };
      this.emit();
    } else {
      this.state.error = message;
    }
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.retryTimer || this.closed || (this.available && this.queue.length === 0 && !this.pendingRoster)) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.drain();
    }, this.retryDelay);
    this.retryTimer.unref?.();
    this.retryDelay = Math.min(this.retryDelay * 2, this.opts.maxRetryMs ?? 30_000);
  }

  /** Writes the held reads in order, then the roster; stops at the first failure. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.closed) {
        const read = this.queue[0]!;
        await this.serial(() => this.store.record(this.withHole(read)), read.events.length);
        this.queue.shift();
        this.queuedEvents -= read.events.length;
      }
      await this.flushRoster();
      // Nothing was held (a history write failed): a small write shows whether it takes writes again.
      if (!this.available) await this.serial(() => this.store.putMeta("alive_at", String(this.now())), 0);
      this.succeeded();
    } catch (err) {
      this.failed(err);
    }
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}
