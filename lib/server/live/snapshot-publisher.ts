import "server-only";
import { log } from "@/lib/log";
import { deflateTail, type DeflatedTail } from "../http/gzip-json";
import type { Poller } from "../feed/poller";
import type { SnapshotBody, SnapshotCache } from "../feed/snapshot";

/** The agents snapshot ready to send: what every answer of `/api/agents` serves until the next one. */
export interface PublishedSnapshot {
  etag: string;
  /** The snapshot's JSON after its opening brace, as UTF-8: an answer puts `{"asOf":…,` in front. */
  tail: Buffer;
  /** `tail` compressed once, for every gzip answer. */
  gzip: DeflatedTail;
  /** The server's clock when it was published. */
  publishedAt: number;
}

/**
 * Builds the snapshot when it changes, not when it is asked for: on every change of the poller
 * (a read, a roster, a change of health) and when the data turns stale with time, the JSON is
 * rebuilt (per agent, only what changed) and compressed in zlib's threads, then published whole.
 * Requests only ever read the last published snapshot: no request builds, hashes or compresses,
 * and after a quiet spell the first visitor gets the current picture, not one from before it.
 * An answer is at most one build behind the poller (a few tens of milliseconds).
 */
export class SnapshotPublisher {
  private published: { body: SnapshotBody; snapshot: PublishedSnapshot } | null = null;
  private building: Promise<PublishedSnapshot> | null = null;
  private again = false;
  private scheduled = false;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Builds published (or found unchanged) since start, for tests and benchmarks. */
  builds = 0;
  /** Told how long each build took, in milliseconds (the metrics' histogram). */
  onBuild: ((ms: number) => void) | null = null;

  constructor(
    private readonly cache: SnapshotCache,
    private readonly poller: Poller,
    private readonly staleAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Follows the poller from now on, and publishes the picture as it stands. */
  start(): void {
    this.unsubscribe ??= this.poller.onChange(() => this.schedule());
    this.schedule();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
  }

  /** The last published snapshot; until the first is ready, waits for it. */
  async current(): Promise<PublishedSnapshot> {
    return this.published?.snapshot ?? this.build();
  }

  /**
   * Resolves once every change told so far is published (nothing scheduled, nothing building):
   * a test's "after these polls" without guessing how long a gzip takes on a busy machine.
   */
  async settled(): Promise<void> {
    while (this.scheduled || this.building) {
      if (this.building) await this.building.catch(() => undefined);
      else await new Promise((r) => setImmediate(r));
    }
  }

  /** Changes come in bursts (a read, then the health it brings): one build after the burst. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.build().catch((err: unknown) => log.error("could not build the agents snapshot", { error: err instanceof Error ? err.message : String(err) }));
    });
  }

  /** Builds and publishes the snapshot as it is now; one build at a time, the latest change last. */
  private build(): Promise<PublishedSnapshot> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    const started = performance.now();
    const body = this.cache.get(this.now());
    if (this.published?.body === body) return Promise.resolve(this.published.snapshot);
    this.building = (async () => {
      const tail = Buffer.from(body.rest.slice(1), "utf8");
      const gzip = await deflateTail(tail);
      const snapshot: PublishedSnapshot = { etag: body.etag, tail, gzip, publishedAt: this.now() };
      this.published = { body, snapshot };
      this.builds++;
      this.onBuild?.(performance.now() - started);
      return snapshot;
    })().finally(() => {
      this.building = null;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
      this.armStaleTimer();
    });
    return this.building;
  }

  /** With no new read, the data turns stale at a known time: publish that too, on time. */
  private armStaleTimer(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
    if (!this.poller.health.backfilled) return;
    const at = this.poller.coveredUntil + this.staleAfterMs + 1;
    const wait = at - this.now();
    if (wait <= 0) return;
    this.staleTimer = setTimeout(() => this.schedule(), wait);
    this.staleTimer.unref();
  }
}
