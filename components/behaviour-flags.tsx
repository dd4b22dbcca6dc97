"use client";

import { useQuery } from "@tanstack/react-query";
import type { BehaviourFlag } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { formatClock } from "@/lib/display/time";
import { agentFlagsQueryOptions } from "@/lib/queries/flags";

/** A flag's stretch is shown with a little of the timeline either side. */
const MARGIN_MS = 5 * 60_000;

/**
 * The agent's behaviour flags raised in the drill-down's window, newest first: the rule, why,
 * when raised and cleared (or "now"), and a button that shows its stretch on the timeline.
 */
export function BehaviourFlags({ agentId, from, to, now, zone, refreshMs, onShow }: { agentId: string; from: number; to: number; now: number; zone: string; refreshMs: number; onShow: (from: number, to: number) => void }) {
  const query = useQuery(agentFlagsQueryOptions(agentId, from, to, refreshMs));
  const flags = query.data?.agents.find((a) => a.agentId === agentId)?.flags ?? null;
  return (
    <section aria-labelledby="flags-heading" className="below-fold flex flex-col gap-2" data-field="behaviour-flags">
      <h2 id="flags-heading" className="text-lg font-bold">
        Behaviour flags <span className="text-sm font-normal text-ink-muted">in this window{flags && flags.length > 0 ? `, ${flags.length}` : ""}</span>
      </h2>
      {flags === null ? (
        <p className="text-sm text-ink-muted">{query.isError ? "Could not load the flags; retrying…" : "Loading…"}</p>
      ) : flags.length === 0 ? (
        <p className="text-sm text-ink-muted" data-field="no-flags">
          None{query.data?.complete === false ? " so far (part of the window is still being read)" : ""}.
        </p>
      ) : (
        <ul className="flex flex-col divide-y divide-line rounded-xl border border-line bg-surface">
          {[...flags].reverse().map((f) => (
            <FlagItem key={`${f.rule}-${f.raisedAt}-${f.reasonCode ?? ""}`} f={f} now={now} zone={zone} onShow={onShow} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FlagItem({ f, now, zone, onShow }: { f: BehaviourFlag; now: number; zone: string; onShow: (from: number, to: number) => void }) {
  const start = Date.parse(f.start);
  const end = f.end === null ? now : Date.parse(f.end);
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2.5" data-rule={f.rule} data-active={f.active || undefined}>
      <span className="w-20 shrink-0 font-mono text-sm whitespace-nowrap tabular-nums text-ink-muted">{formatClock(Date.parse(f.raisedAt), zone)}</span>
      <span className={cn("inline-flex shrink-0 items-center gap-1 rounded-sm px-1.5 text-sm font-semibold", f.active ? "bg-warn-surface text-warn-ink" : "bg-surface-muted text-ink")}>
        <span aria-hidden>⚑</span> {f.name}
      </span>
      <span className="min-w-48 flex-1 text-sm" data-field="why">
        {f.why}
      </span>
      <span className={cn("shrink-0 text-sm", f.active ? "font-semibold text-warn-ink" : "text-ink-muted")} data-field="status">
        {f.active ? "Still holds" : `Cleared ${formatClock(Date.parse(f.clearedAt!), zone)}`}
      </span>
      <button type="button" onClick={() => onShow(start - MARGIN_MS, Math.min(end + MARGIN_MS, Math.max(now, start + 1000)))} className="shrink-0 text-sm font-semibold text-brand-ink underline-offset-2 hover:underline focus-visible:outline-3 focus-visible:outline-ink" data-field="show-on-timeline">
        Show on timeline
      </button>
    </li>
  );
}
