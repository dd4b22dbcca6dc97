import "server-only";
import type { HealthResponse } from "@/lib/api-types";
import type { Runtime } from "../runtime";
import { knownAgentIds, upstreamSnapshot } from "../feed/snapshot";

/**
 * `GET /api/health` in full (for a session or the metrics token): the cluster, the store and how
 * Kore.ai is doing. Each part that lives elsewhere (a shared budget in Redis, the store) is read
 * so that its failure leaves the answer standing, with null where it could not be read.
 */
export async function healthAnswer(runtime: Runtime): Promise<HealthResponse> {
  const { poller, history, budget, source, staleAfterMs, cluster, store, importer } = runtime;
  const now = Date.now();
  // A shared budget lives in Redis: while it cannot be read, the health answer still comes.
  const requestsLastMinute = await budget.usedLastMinute().catch(() => null);
  // The store's figures come from the store: while it is down, the answer says so instead.
  const info = await store.read((s) => s.info()).catch(() => null);
  const status = store.status;
  const body: HealthResponse = {
    status: "ok",
    ...(cluster && { cluster: cluster.status() }),
    store: {
      engine: store.store.engine,
      status: status.status,
      error: status.error,
      since: status.since === null ? null : new Date(status.since).toISOString(),
      eventsHeld: info?.events ?? null,
      oldestEvent: info?.oldestEvent == null ? null : new Date(info.oldestEvent).toISOString(),
      sizeBytes: info?.sizeBytes ?? null,
      queuedReads: status.queuedReads,
      droppedReads: status.droppedReads,
      historyChunksStored: history.stats.stored,
      import: importer.progress,
    },
    upstream: {
      ...upstreamSnapshot(poller, now, staleAfterMs),
      source,
      requestsLastMinute,
      requestBudgetPerMinute: budget.maxPerMinute,
      eventsHeld: poller.events.size,
      historyEventsCached: history.size,
      agents: knownAgentIds(poller).size,
      skippedRows: poller.stats.skippedRows,
      counters: {
        activityRequests: poller.stats.activityRequests,
        rosterRequests: poller.stats.rosterRequests,
        eventsAdded: poller.stats.eventsAdded,
        duplicates: poller.stats.duplicates,
      },
    },
  };
  return body;
}
