"use client";

import { memo } from "react";
import type { AgentSnapshot } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { describeActivity } from "@/lib/display/activity";
import { rememberGridScroll } from "@/lib/navigation";
import { LiveDuration } from "./live-duration";
import { StateBadge, TONE_BAR } from "./state-badge";

const parse = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const clock = (iso: string | null) => (iso === null ? "" : new Date(iso).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" }));

/**
 * One row per agent. Rows are memoised on the agent object, which react-query keeps identical
 * while the agent is unchanged, so a poll re-renders only the agents that changed.
 */
const AgentRow = memo(function AgentRow({ agent }: { agent: AgentSnapshot }) {
  const { tone } = describeActivity(agent.activity);
  return (
    <tr data-agent-id={agent.agentId} className="border-t border-line hover:bg-surface-muted/60">
      <td className="relative truncate py-1.5 pr-3 pl-4">
        <span aria-hidden className={cn("absolute inset-y-1 left-0 w-1 rounded-r", TONE_BAR[tone])} />
        <div className="flex items-baseline gap-2">
          <a
            href={`/agents/${encodeURIComponent(agent.agentId)}`}
            onClick={rememberGridScroll}
            className="shrink-0 truncate font-medium hover:underline"
          >
            {agent.name ?? agent.agentId}
          </a>
          {agent.name && <span className="hidden truncate font-mono text-xs text-ink-muted md:inline">{agent.agentId}</span>}
        </div>
      </td>
      <td className="px-3 py-1.5" data-field="activity">
        <StateBadge activity={agent.activity} />
      </td>
      <td className="px-3 py-1.5 tabular-nums" data-field="reason">
        {agent.reasonCode ?? <span className="text-ink-muted">—</span>}
      </td>
      <td className="px-3 py-1.5 text-right font-mono text-base font-semibold tabular-nums">
        <LiveDuration data-field="time-in-state" from={parse(agent.since)} title={agent.since ?? undefined} />
      </td>
      <td className="hidden px-3 py-1.5 text-right text-sm text-ink-muted tabular-nums md:table-cell" data-field="since">
        {clock(agent.since)}
      </td>
    </tr>
  );
});

export function AgentTable({ agents, stale }: { agents: readonly AgentSnapshot[]; stale: boolean }) {
  return (
    <div className={cn("overflow-x-auto rounded-xl border border-line bg-surface transition-opacity", stale && "opacity-60")}>
      {/* Fixed layout: a ticking timer must not make the browser re-measure every column. */}
      <table className="w-full min-w-[560px] table-fixed text-left" aria-describedby="freshness">
        <thead className="text-xs tracking-wide text-ink-muted uppercase">
          <tr>
            <th scope="col" className="py-2 pr-3 pl-4 font-semibold">Agent</th>
            <th scope="col" className="w-44 px-3 py-2 font-semibold md:w-48">State</th>
            <th scope="col" className="w-24 px-3 py-2 font-semibold md:w-40">Reason</th>
            <th scope="col" className="w-28 px-3 py-2 text-right font-semibold md:w-36">Time in state</th>
            <th scope="col" className="hidden w-28 px-3 py-2 text-right font-semibold md:table-cell">Since</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <AgentRow key={a.agentId} agent={a} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
