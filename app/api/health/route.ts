import { NextResponse } from "next/server";
import { mayReadDetails } from "@/lib/auth/access";
import type { HealthResponse } from "@/lib/api-types";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";
import { knownAgentIds, upstreamSnapshot } from "@/lib/server/snapshot";

export const dynamic = "force-dynamic";

/**
 * 200 while Floorview itself serves; how Kore.ai is doing is under `upstream`. With a login, the
 * details need a session or the metrics token: anyone else (a load balancer) gets `{ status }`.
 */
export const GET = withErrors(async (req) => {
  const { poller, history, budget, source, staleAfterMs, cluster, store, importer, config } = await getRuntime();
  if (!(await mayReadDetails(req, config.auth))) return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": NO_STORE } });
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
  return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
});
