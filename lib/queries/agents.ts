import { queryOptions } from "@tanstack/react-query";
import type { AgentNow, AgentsSnapshot } from "@/lib/api-types";
import { ensureOk } from "./fetch-json";
import { keepSameItems } from "./keep-same";
import { syncServerClock } from "./server-clock";
import { queryKeys } from "./keys";


export interface AgentsData {
  snapshot: AgentsSnapshot;
  etag: string | null;
}

/**
 * Conditional GET: an unchanged snapshot costs a 304 and keeps the previous object, so nothing
 * re-renders; in a changed one, each agent that did not change keeps its object (keep-same.ts). The cache mode keeps the browser's HTTP cache out of it, so a 304 reaches us.
 */
export async function fetchAgents(previous: AgentsData | undefined, signal: AbortSignal): Promise<AgentsData> {
  const sentAt = Date.now();
  const res = await ensureOk(
    await fetch("/api/agents", {
      headers: previous?.etag ? { "If-None-Match": previous.etag } : {},
      cache: "no-store",
      signal,
    }),
  );
  const receivedAt = Date.now();
  const asOf = Date.parse(res.headers.get("X-Floorview-As-Of") ?? "");
  if (!Number.isNaN(asOf)) syncServerClock(asOf, sentAt, receivedAt);
  if (res.status === 304 && previous) return previous;
  const snapshot = (await res.json()) as AgentsSnapshot;
  if (Number.isNaN(asOf)) syncServerClock(Date.parse(snapshot.asOf), sentAt, receivedAt);
  return { snapshot: { ...snapshot, agents: keepSameItems(previous?.snapshot.agents, snapshot.agents, (a) => a.agentId) }, etag: res.headers.get("ETag") };
}

/** One agent's current state (the drill-down's header): the floor's poll, for one agent. */
export function agentNowQueryOptions(agentId: string, refreshMs: number) {
  return queryOptions({
    queryKey: queryKeys.agents.one(agentId),
    queryFn: async ({ signal }) => {
      const sentAt = Date.now();
      const res = await ensureOk(await fetch(`/api/agents/${encodeURIComponent(agentId)}`, { cache: "no-store", signal }));
      const body = (await res.json()) as AgentNow;
      syncServerClock(Date.parse(body.asOf), sentAt, Date.now());
      return body;
    },
    refetchInterval: refreshMs,
    refetchIntervalInBackground: true,
    retry: (failures, error) => failures < 2 && !(error instanceof Error && "status" in error && (error as { status: number }).status < 500),
  });
}
