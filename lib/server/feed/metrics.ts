import "server-only";
import { createHash } from "node:crypto";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { KoreClient } from "@/lib/kore/client";
import { KoreError } from "@/lib/kore/errors";
import type { ConnectionMonitor } from "./diagnostics";
import type { HistoryStore } from "./history";
import type { Poller } from "./poller";
import type { Budget } from "./request-budget";
import type { StoreWriter } from "./store-writer";

/**
 * What `/api/metrics` shows a Prometheus: one registry per runtime (not prom-client's global
 * one: Next.js loads route handlers as separate bundles). Counters and histograms are fed where
 * things happen; gauges are read from the runtime when scraped.
 */

const BROWSER_WINDOW_MS = 60_000;

export interface MetricsSources {
  heavyReads?: { load: { running: number; waiting: number } };
  poller: Poller;
  diagnostics?: ConnectionMonitor;
  history: HistoryStore;
  budget: Budget;
  writer: StoreWriter;
}

export class Metrics {
  readonly registry = new Registry();
  readonly upstreamCalls = new Counter({
    name: "floorview_upstream_requests_total",
    help: "Calls to Kore.ai, by endpoint (activity, agents) and outcome (ok, or the error: rate_limited, unauthorized, down, server, malformed…).",
    labelNames: ["endpoint", "outcome"] as const,
    registers: [this.registry],
  });
  readonly storeWrite = new Histogram({
    name: "floorview_store_write_seconds",
    help: "How long one write to Floorview's store took (a poll's events, a history chunk, the roster).",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly snapshotBuild = new Histogram({
    name: "floorview_snapshot_build_seconds",
    help: "How long building and compressing the agents snapshot took, once per change.",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly rowsSkipped = new Counter({
    name: "floorview_upstream_rows_skipped_total",
    help: "Rows of Kore.ai's activity feed skipped because they could not be read, by reason (not_an_object, missing_agent_id, missing_activity, bad_event_time).",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly lateness = new Histogram({
    name: "floorview_upstream_event_lateness_seconds",
    help: "From an event's EventTime to the live read that first brought it (Kore.ai's 30-second stacks plus the poll interval).",
    buckets: [5, 15, 30, 45, 60, 90, 120, 180, 300, 600, 1800],
    registers: [this.registry],
  });
  /** Hashed client keys → when each last asked for /api/agents. */
  private readonly browsers = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers the gauges read from the runtime's parts at each scrape. */
  watch(sources: MetricsSources): void {
    const { poller, budget, writer, history, diagnostics, heavyReads } = sources;
    const registers = [this.registry];
    if (heavyReads) {
      new Gauge({ name: "floorview_heavy_reads_running", help: "Reports and other reads over a window being made now (at most 3).", registers, collect() { this.set(heavyReads.load.running); } });
      new Gauge({ name: "floorview_heavy_reads_waiting", help: "Reads over a window waiting their turn.", registers, collect() { this.set(heavyReads.load.waiting); } });
    }
    if (diagnostics) {
      diagnostics.onLateness = (ms) => this.lateness.observe(ms / 1000);
      new Gauge({
        name: "floorview_upstream_checks_failing",
        help: "Checks of what Kore.ai answers (GET /api/diagnostics) that fail, by check id: 1 failing, 0 not.",
        labelNames: ["check"] as const,
        registers,
        collect() {
          for (const c of diagnostics.checks()) this.set({ check: c.id }, c.status === "fail" ? 1 : 0);
        },
      });
      new Gauge({ name: "floorview_store_keeping", help: "1 while reads are written to the store, 0 while a check of EventTime fails and they are held back.", registers, collect() { this.set(diagnostics.keeping ? 1 : 0); } });
    }
    const now = this.now;
    new Gauge({
      name: "floorview_request_budget_used",
      help: "Kore.ai requests made in the last minute (all instances with REDIS_URL), against the per-account limit.",
      registers,
      async collect() {
        const used = await budget.usedLastMinute().catch(() => null);
        if (used !== null) this.set(used);
      },
    });
    new Gauge({ name: "floorview_request_budget_limit", help: "The request budget per minute (KORE_MAX_REQUESTS_PER_MINUTE).", registers, collect() { this.set(budget.maxPerMinute); } });
    new Gauge({
      name: "floorview_poll_lag_seconds",
      help: "Now minus the time up to which the feed has been read (covered until).",
      registers,
      collect() {
        this.set(Math.max(0, (now() - poller.coveredUntil) / 1000));
      },
    });
    new Gauge({ name: "floorview_events_in_memory", help: "Events held in memory (the live window).", registers, collect() { this.set(poller.events.size); } });
    new Gauge({
      name: "floorview_events_stored",
      help: "Events held in Floorview's store.",
      registers,
      async collect() {
        const info = await writer.read((s) => s.info()).catch(() => null);
        if (info) this.set(info.events);
      },
    });
    new Gauge({ name: "floorview_store_up", help: "1 while Floorview's store takes writes, 0 while it is unavailable.", registers, collect() { this.set(writer.available ? 1 : 0); } });
    new Gauge({ name: "floorview_store_queued_reads", help: "Reads held in memory for a store that is down.", registers, collect() { this.set(writer.status.queuedReads); } });
    new Counter({
      name: "floorview_history_chunks_stored_total",
      help: "History chunks read from Kore.ai and written to the store.",
      registers,
      collect() {
        this.reset();
        this.inc(history.stats.stored);
      },
    });
    const browsers = this.browsers;
    new Gauge({
      name: "floorview_browsers_polling",
      help: "Distinct clients (address and browser) that asked for /api/agents in the last minute.",
      registers,
      collect() {
        const since = now() - BROWSER_WINDOW_MS;
        for (const [key, at] of browsers) if (at < since) browsers.delete(key);
        this.set(browsers.size);
      },
    });
  }

  /** One request for /api/agents, from a client told apart by its address and browser. */
  sawBrowser(address: string, userAgent: string): void {
    const key = createHash("sha1").update(`${address}\u0000${userAgent}`).digest("base64url").slice(0, 16);
    this.browsers.set(key, this.now());
    if (this.browsers.size > 100_000) this.browsers.clear();
  }

  /** The client, counting each call by endpoint and outcome. */
  countCalls(client: KoreClient): KoreClient {
    const count = async <T,>(endpoint: string, call: () => Promise<T>): Promise<T> => {
      try {
        const result = await call();
        this.upstreamCalls.inc({ endpoint, outcome: "ok" });
        return result;
      } catch (err) {
        this.upstreamCalls.inc({ endpoint, outcome: err instanceof KoreError ? err.kind : "error" });
        throw err;
      }
    };
    return {
      ...(client.reading && { reading: client.reading }),
      fetchActivity: (from, to, options) =>
        count("activity", async () => {
          const read = await client.fetchActivity(from, to, options);
          for (const [reason, n] of Object.entries(read.skipped)) if (n) this.rowsSkipped.inc({ reason }, n);
          return read;
        }),
      fetchRosterPage: (offset, limit) => count("agents", () => client.fetchRosterPage(offset, limit)),
    };
  }

  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
