import "server-only";
import { missingIntervals } from "@/lib/activity/timeline";
import type { ActivityEvent } from "@/lib/activity/types";
import type { HealthResponse } from "@/lib/api-types";
import { log } from "@/lib/log";
import type { HistoryStore } from "./history";
import { sleep } from "./sleep";
import type { StoreWriter } from "./store-writer";

/**
 * Fills the store with the days before the live window (FLOORVIEW_IMPORT_DAYS), in the background
 * after start-up: the newest chunks first (the oldest last), each read once from Kore.ai through
 * the history reader, behind a reserve of the budget that keeps the live feed and the drill-down
 * served. Resumable: what the store covers is never read again, so a restart carries on where
 * the last one stopped. `npm run import -- --days N` asks a running server for a larger import
 * through the store (the `import_request` key), or runs this itself.
 */

/** As `/api/health` shows it under `store.import`. */
export type ImportProgress = HealthResponse["store"]["import"];

export interface ImporterOptions {
  importMs: number;
  backfillMs: number;
  /** Budget slots the importer never takes. */
  reserve: number;
  /** How often a finished import looks again (the window moves with the clock). */
  repeatMs?: number;
  /** False while another instance leads (only the leader imports). */
  mayRun?: () => boolean;
}

export const IMPORT_REQUEST_KEY = "import_request";
export const IMPORT_PROGRESS_KEY = "import_progress";
const DAY = 86_400_000;

export class Importer {
  progress: ImportProgress;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly history: HistoryStore,
    private readonly writer: StoreWriter,
    /**
     * The poller (the import waits for its backfill, and is handed each agent's state from before
     * the live window as the days before are read); `npm run import` passes a ready one.
     */
    private readonly poller: { health: { backfilled: boolean }; adoptAnchors?: (anchors: readonly ActivityEvent[]) => Promise<void> },
    private readonly opts: ImporterOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.progress = { status: opts.importMs > 0 ? "waiting" : "off", from: null, to: null, days: opts.importMs / DAY, chunksTotal: 0, chunksDone: 0, chunksFailed: 0, chunksAlreadyStored: 0, message: null };
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  /** A larger import asked for by `npm run import` (through the store), or null. */
  private async requestedMs(): Promise<{ ms: number; at: string } | null> {
    const raw = await this.writer.read((s) => s.meta(IMPORT_REQUEST_KEY)).catch(() => null);
    if (!raw) return null;
    try {
      const r = JSON.parse(raw) as { days?: unknown; at?: unknown };
      if (typeof r.days === "number" && r.days > 0 && typeof r.at === "string") return { ms: r.days * DAY, at: r.at };
    } catch {
      // Not ours: ignored.
    }
    return null;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const request = await this.requestedMs();
      const importMs = Math.max(this.opts.importMs, request?.ms ?? 0);
      const stale = (await this.writer.read((s) => s.staleCoverage()).catch(() => [])).length > 0;
      if ((importMs > 0 || stale) && this.poller.health.backfilled && this.writer.available && (this.opts.mayRun?.() ?? true)) {
        await this.pass(importMs, request?.at ?? null);
        if (this.stopped) return;
        // Until the next pass, or a new request from `npm run import`.
        const until = this.now() + (this.opts.repeatMs ?? 3_600_000);
        while (!this.stopped && this.now() < until && !(await this.hasNewRequest(request?.at ?? null))) await sleep(Math.min(5_000, until - this.now()), this.abort.signal);
      } else {
        if (importMs > 0 && this.progress.status === "running") this.progress.status = "paused";
        await sleep(5_000, this.abort.signal);
      }
    }
  }

  private async hasNewRequest(seen: string | null): Promise<boolean> {
    const r = await this.requestedMs();
    return r !== null && r.at !== seen;
  }

  /**
   * One pass over [now − backfill − importMs, now − backfill), to the end of the chunk the live
   * window begins in (no hole between the two): every chunk the store lacks.
   */
  async pass(importMs: number, requestAt: string | null = null): Promise<ImportProgress> {
    const chunk = this.history.chunkMs;
    const to = Math.ceil((this.now() - this.opts.backfillMs) / chunk) * chunk;
    const from = Math.floor((to - importMs) / chunk) * chunk;
    const known = await this.writer.read((s) => s.coverage(from, to)).catch(() => null);
    if (!known) return this.progress;
    const missing = missingIntervals(known, from, to);
    const starts = new Set<number>();
    for (const gap of missing) for (const s of this.history.chunkStarts(gap.start, gap.end)) starts.add(s);
    // What was read with other EventTime settings is read again first (in the live window too: the
    // chunks the live reads have not covered again since).
    const stale = (await this.writer.read((s) => s.staleCoverage()).catch(() => null)) ?? [];
    const rereads = new Set<number>();
    for (const range of stale) for (const s of this.history.chunkStarts(range.start, Math.min(range.end, this.now()))) if (this.history.isSettled(s)) rereads.add(s);
    const todo = [...[...rereads].sort((a, b) => b - a), ...[...starts].filter((s) => !rereads.has(s)).sort((a, b) => b - a)];
    const total = this.history.chunkStarts(from, to).length;
    this.progress = { status: todo.length ? "running" : "done", from: new Date(from).toISOString(), to: new Date(to).toISOString(), days: importMs / DAY, chunksTotal: total, chunksDone: total - starts.size, chunksFailed: 0, chunksAlreadyStored: total - starts.size, rereadChunksTotal: rereads.size, rereadChunksDone: 0, message: rereads.size ? "reading again what was read with other EventTime settings" : null };
    if (todo.length) log.info("importing history into the store", { from: this.progress.from, to: this.progress.to, chunks: todo.length });
    for (const start of todo) {
      if (this.stopped || !this.writer.available || !(this.opts.mayRun?.() ?? true)) {
        this.progress.status = "paused";
        this.progress.message = this.writer.available ? "another instance leads" : "the store is unavailable";
        break;
      }
      if (await this.history.importChunk(start, this.opts.reserve)) {
        if (rereads.has(start)) this.progress.rereadChunksDone!++;
        else this.progress.chunksDone++;
        await this.handAnchors();
      } else this.progress.chunksFailed++;
      await this.report(requestAt);
    }
    if (this.progress.status === "running") {
      this.progress.status = this.progress.chunksFailed > 0 ? "paused" : "done";
      if (this.progress.chunksFailed > 0) this.progress.message = `${this.progress.chunksFailed} chunks failed; tried again on the next pass`;
      else if (this.progress.message?.startsWith("reading again")) this.progress.message = null;
      log.info("history import pass finished", { ...this.progress });
    }
    await this.report(requestAt);
    return this.progress;
  }

  /**
   * Each agent's state from before the live window, as the store now knows it, to the poller: only
   * a state whose run began inside the stretch the store covers without a hole up to the window
   * (a change in a hole would make it wrong; a run begun before the stretch would show a wrong since).
   */
  private async handAnchors(): Promise<void> {
    if (!this.poller.adoptAnchors) return;
    const windowStart = this.now() - this.opts.backfillMs;
    const found = await this.writer
      .read(async (s) => {
        // Not while anything is left to read again: a stretch of two readings is no ground for a state.
        if ((await s.staleCoverage()).length > 0) return [];
        const covered = await s.coverage(0, windowStart + 1);
        const reaching = covered.find((c) => c.start < windowStart && c.end >= windowStart);
        if (!reaching) return [];
        const anchors = await s.anchorsBefore(windowStart, { unambiguous: true });
        // Two events per agent at most: the run's first (since) and last; both inside the stretch.
        const since = new Map<string, number>();
        for (const a of anchors) since.set(a.agentId, Math.min(since.get(a.agentId) ?? Infinity, a.time));
        return anchors.filter((a) => since.get(a.agentId)! > reaching.start);
      })
      .catch(() => null);
    if (found?.length) await this.poller.adoptAnchors(found).catch((err: unknown) => log.warn("could not hand the poller the states from before its window", { error: err instanceof Error ? err.message : String(err) }));
  }

  /** Progress for `npm run import`, which follows it through the store. */
  private async report(requestAt: string | null): Promise<void> {
    await this.writer.putMeta(IMPORT_PROGRESS_KEY, JSON.stringify({ ...this.progress, requestAt, at: new Date(this.now()).toISOString() }));
  }
}
