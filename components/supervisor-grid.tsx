"use client";

import { useEffect } from "react";
import { cn } from "@/lib/cn";
import { formatAgo } from "@/lib/display/duration";
import { takeGridScroll } from "@/lib/navigation";
import { useAgentsSnapshot } from "@/lib/queries/agents";
import { AgentTable } from "./agent-table";
import { LiveDuration } from "./live-duration";
import { StateSummary } from "./state-summary";
import { UpstreamBanner } from "./upstream-banner";

export function SupervisorGrid({ refreshMs }: { refreshMs: number }) {
  const { data, error, isPending } = useAgentsSnapshot(refreshMs);
  const snapshot = data?.snapshot;
  const upstream = snapshot?.upstream;
  // react-query keeps the last good data when a refetch fails: show it, marked stale.
  const serverUnreachable = error !== null;
  const stale = serverUnreachable || (upstream?.stale ?? false);
  // "Updated" is how far the feed has been read: the data's age, not the last call's.
  const updatedAt = upstream?.coveredUntil ? Date.parse(upstream.coveredUntil) : null;

  // Back from an agent's drill-down: the grid is where the supervisor left it.
  const hasRows = (snapshot?.agents.length ?? 0) > 0;
  useEffect(() => {
    if (!hasRows) return;
    const y = takeGridScroll();
    if (y) window.scrollTo(0, y);
  }, [hasRows]);

  return (
    <main className="mx-auto flex max-w-[1800px] flex-col gap-4 px-4 py-5 sm:px-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Floorview</h1>
          <p className="text-sm text-ink-muted">Live agent states</p>
        </div>
        <p id="freshness" className="text-sm text-ink-muted" data-field="freshness">
          {snapshot ? (
            <>
              <span aria-hidden className={cn("mr-1.5 inline-block size-2 rounded-full", stale ? "bg-alert" : "bg-state-ready")} />
              {snapshot.agents.length} agents · updated <LiveDuration from={updatedAt} format={formatAgo} fallback="not yet" className="font-medium text-ink" />
              {stale && <span className="ml-2 rounded bg-warn-surface px-1.5 py-0.5 font-semibold text-state-notready-ink">stale</span>}
            </>
          ) : (
            "Connecting…"
          )}
        </p>
      </header>

      <UpstreamBanner upstream={upstream} serverUnreachable={serverUnreachable} />

      {isPending && !snapshot && <p className="py-12 text-center text-ink-muted">Loading agents…</p>}
      {snapshot && (
        <>
          <StateSummary agents={snapshot.agents} />
          {snapshot.agents.length === 0 ? (
            <p className="rounded-xl border border-line bg-surface py-12 text-center text-ink-muted">
              {upstream?.status === "starting" ? "Waiting for the first data from Kore.ai…" : "No agents on the roster and no activity in the window."}
            </p>
          ) : (
            <AgentTable agents={snapshot.agents} stale={stale} />
          )}
        </>
      )}
    </main>
  );
}
