"use client";

import type { AcknowledgedAnswer, AgentBreaks, BehaviourFlag, LiveAdherenceAgent } from "@/lib/api-types";
import { budgetText, overBudget, overFrom } from "@/lib/display/breaks";
import { cn } from "@/lib/cn";
import { EXCEPTION_PHRASES, EXCEPTION_SHORT, scheduledLabel } from "@/lib/display/schedules";
import { usePassed } from "./use-threshold-clock";
import { LiveDuration } from "./live-duration";
import { formatLocal } from "@/lib/display/time";

const clock = (iso: string) => formatLocal(iso, { hour: "numeric", minute: "2-digit" });


/** Scheduled activity now, and in or out (how long out, ticking). */
export function AdherenceCell({ a }: { a: LiveAdherenceAgent | null }) {
  if (!a) return <span className="text-ink-muted">—</span>;
  const scheduled = a.scheduled === null ? "Not scheduled" : scheduledLabel(a.scheduled);
  if (a.inAdherence === null) return <span className="text-ink-muted" data-adherence="unknown">{scheduled} · ?</span>;
  if (a.inAdherence) {
    return (
      <span data-adherence="in" className={cn(a.scheduled === null && "text-ink-muted")}>
        {scheduled} <span className="text-state-ready-ink" aria-label="in adherence">✓</span>
      </span>
    );
  }
  // Short in the column; the tooltip says it in full.
  const why = a.exception ? EXCEPTION_SHORT[a.exception] : "Out";
  const phrase = a.exception ? EXCEPTION_PHRASES[a.exception] : "Out of adherence (within the grace)";
  return (
    <span data-adherence="out" data-exception={a.exception ?? undefined} className={cn("inline-flex items-center gap-1.5", a.exception ? "font-semibold text-alert-ink" : "text-warn-ink")} title={`${phrase}, since ${clock(a.since)}`}>
      <span className="truncate">{scheduled} · {why}</span>
      <LiveDuration from={Date.parse(a.since)} className="font-mono tabular-nums" />
    </span>
  );
}


/**
 * An agent's break budget beside the reason: the category it is in now, used of allowed this
 * shift, ticking ("12/30 min"), red once over; or, when not in one, any category already over.
 */
export function BreakNote({ b, category }: { b: AgentBreaks; category: string | null }) {
  const running = b.running && b.allowed[b.running] !== undefined ? b.running : null;
  // The figure ticks from the last poll; it turns red the second it is over (the alerts' rule,
  // lib/activity/budgets.ts: whole seconds passed), not at the next poll.
  const overNow = usePassed(overFrom(b));
  if (running) {
    const allowed = b.allowed[running]!;
    return (
      <span data-field="break-budget" data-over={overNow || undefined} className={cn("ml-2 shrink-0 text-xs tabular-nums", overNow ? "font-semibold text-alert-ink" : "text-ink-muted")} title={`${running}: used of the ${Math.round(allowed / 60)} minutes allowed this shift (since ${clock(b.shiftFrom)})`}>
        <LiveDuration from={Date.parse(b.counted) - (b.used[running] ?? 0) * 1000} format={(ms) => budgetText(ms / 1000, allowed)} />
      </span>
    );
  }
  const over = overBudget(b, Date.parse(b.counted)).filter((o) => o.category !== category);
  if (over.length === 0) return null;
  return (
    <span data-field="break-budget" data-over className="ml-2 shrink-0 text-xs font-semibold text-alert-ink tabular-nums" title={`Over budget this shift (since ${clock(b.shiftFrom)})`}>
      {over.map((o) => `${o.category} ${budgetText(o.used, o.allowed)}`).join(" · ")}
    </span>
  );
}

/**
 * Behaviour flags beside the name: a flag that holds now by its rule's name (several: how many),
 * in amber; flags raised earlier this shift and cleared, as a quiet count. The tooltip says why.
 */
/** An alert someone is on: who, until when (the tooltip: the alert and the note). */
export function AckMark({ ack, large = false }: { ack: AcknowledgedAnswer["agents"][string]; large?: boolean }) {
  const until = ack.until ? ` until ${clock(ack.until)}` : "";
  return (
    <span
      data-field="acknowledged"
      title={`${ack.title}\n${ack.by} is on it${until}: “${ack.note}”`}
      className={cn("inline-flex shrink-0 items-center gap-1 rounded-sm bg-state-ready/15 px-1.5 font-semibold text-state-ready-ink", large ? "text-[1em]" : "text-xs")}
    >
      <span aria-hidden>✓</span>
      {ack.by.split(" ")[0]} on it{until}
      <span className="sr-only">: an alert acknowledged by {ack.by}</span>
    </span>
  );
}

export function FlagMark({ flags }: { flags: readonly BehaviourFlag[] }) {
  const active = flags.filter((f) => f.active);
  const title = flags.map((f) => `${f.active ? "Now" : clock(f.raisedAt)} · ${f.name}: ${f.why}`).join("\n");
  if (active.length > 0) {
    return (
      <span data-field="flags" data-active data-rules={active.map((f) => f.rule).join(" ")} title={title} className="inline-flex shrink-0 items-center gap-1 rounded-sm bg-warn-surface px-1.5 text-xs font-semibold text-warn-ink">
        <span aria-hidden>⚑</span>
        {active.length === 1 ? active[0]!.name : `${active.length} flags`}
      </span>
    );
  }
  return (
    <span data-field="flags" data-rules={flags.map((f) => f.rule).join(" ")} title={title} className="shrink-0 text-xs text-ink-muted">
      <span aria-hidden>⚑</span> {flags.length}
      <span className="sr-only"> behaviour flag{flags.length === 1 ? "" : "s"} this shift</span>
    </span>
  );
}
