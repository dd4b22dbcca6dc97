"use client";

import type { AgentBreaks } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { overAllowed, usedAt } from "@/lib/display/breaks";
import { useLiveBreaks } from "@/lib/queries/adherence";
import { budgetFor, REASON_CATEGORIES } from "@/lib/states/labels";
import { useVocabulary } from "./vocabulary";
import { formatLocal } from "@/lib/display/time";

const minutes = (s: number) => `${Math.floor(s / 60)}`;
const clock = (iso: string) => formatLocal(iso, { hour: "numeric", minute: "2-digit" });

function Budgets({ b, now }: { b: AgentBreaks & { unused?: boolean }; now: number }) {
  const used = usedAt(b, now);
  return (
    <p className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm" data-field="break-budgets">
      <span className="font-semibold text-ink-muted">{b.unused ? "This shift, nothing used yet:" : `This shift${b.partial ? " (so far as memory holds)" : ""}, since ${clock(b.shiftFrom)}:`}</span>
      {Object.entries(b.allowed).map(([category, allowed]) => {
        const u = used[category] ?? 0;
        const over = overAllowed(u, allowed);
        return (
          <span key={category} data-category={category} data-over={over || undefined} className={cn("tabular-nums", over && "font-semibold text-alert-ink")}>
            {category[0]!.toUpperCase() + category.slice(1)} {minutes(u)} of {minutes(allowed)} min{over ? " · over budget" : ""}
            {b.running === category && <span className="text-ink-muted"> (now)</span>}
          </span>
        );
      })}
    </p>
  );
}

/** The agent's break budgets this shift, under the header: used of allowed per category, over budget in red. */
export function BreakBudgets({ agentId, team, refreshMs, now }: { agentId: string; team: string | null; refreshMs: number; now: number }) {
  const vocab = useVocabulary();
  const breaks = useLiveBreaks(refreshMs, vocab.labels.breaks !== undefined).data;
  if (vocab.labels.breaks === undefined) return null;
  // Nothing used yet this shift: the budgets with nothing used, once the server has answered.
  const allowed = Object.fromEntries(REASON_CATEGORIES.flatMap((c) => {
    const ms = budgetFor(vocab.labels, team, c);
    return ms === null ? [] : [[c, ms / 1000]];
  }));
  const b = breaks?.agents[agentId] ?? (breaks ? { shiftFrom: breaks.asOf, allowed, used: {}, running: null, runningSince: null, counted: breaks.asOf, partial: false, unused: true } : undefined);
  // The line keeps its room while the budgets load (and when none is used yet): nothing below moves.
  return <div className="min-h-5">{b && Object.keys(b.allowed).length > 0 && <Budgets b={b} now={now} />}</div>;
}
