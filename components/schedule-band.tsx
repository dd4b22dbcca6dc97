"use client";

import { useQuery } from "@tanstack/react-query";
import type { AdherenceExceptionJson } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { dayBars, EXCEPTION_NAMES, scheduledFamily, scheduledLabel } from "@/lib/display/schedules";
import { formatSpan } from "@/lib/display/span";
import { formatClock } from "@/lib/display/time";
import { adherenceQueryOptions } from "@/lib/queries/schedules";
import { FAMILY_BADGE } from "./state-styles";
import { useVocabulary } from "./vocabulary";


/**
 * The agent's schedule under the timeline, on the same time axis (the chart's 16 px margins),
 * with each adherence exception marked below it and listed: what was scheduled, what the agent
 * did, from when to when. Nothing when nothing is scheduled in the window.
 */
export function ScheduleBand({ agentId, schedule, from, to, now, zone }: { agentId: string; schedule: { start: string; end: string; activity: string }[]; from: number; to: number; now: number; zone: string }) {
  const vocab = useVocabulary();
  const scheduled = schedule.length > 0;
  const adherence = useQuery({ ...adherenceQueryOptions(from, to, [agentId]), enabled: scheduled });
  const rows = schedule.map((r) => ({ start: Date.parse(r.start), end: Date.parse(r.end), activity: r.activity }));
  const mine = adherence.data?.agents.find((a) => a.agentId === agentId) ?? null;
  // Drawn with the timeline (the rows come in its answer), every line of a fixed height: nothing below moves when the adherence arrives.
  if (!scheduled) return null;
  const span = to - from;
  const place = (start: number, end: number) => ({ left: `${(100 * (Math.max(start, from) - from)) / span}%`, width: `${(100 * (Math.min(end, to) - Math.max(start, from))) / span}%` });
  const exceptions = mine?.exceptions ?? [];
  const endOf = (e: AdherenceExceptionJson) => (e.end === null ? Math.min(now, to) : Date.parse(e.end));
  return (
    <div className="mt-2 flex flex-col gap-1" data-field="schedule-band">
      <div className="flex h-4 items-baseline justify-between gap-3 px-4 text-xs">
        <span className="font-semibold text-ink-muted uppercase">Schedule</span>
        {mine && (
          <span data-field="adherence-percent">
            Adherence <strong className="tabular-nums">{mine.percent === null ? "—" : `${mine.percent.toFixed(1)} %`}</strong>
            {mine.unknownSeconds > 0 && <span className="text-ink-muted"> · {formatSpan(mine.unknownSeconds * 1000)} unknown, not counted</span>}
          </span>
        )}
      </div>
      <div className="relative mx-4 h-5 rounded bg-surface-muted" aria-hidden>
        {dayBars(rows, from, to).map((b) => (
          <span key={b.start} data-field="scheduled" title={`${scheduledLabel(b.activity)} ${formatClock(b.start, zone)}–${formatClock(b.end, zone)}`} className={cn("absolute top-0 h-full overflow-hidden rounded-sm border px-1 text-[11px] leading-5 whitespace-nowrap", FAMILY_BADGE[scheduledFamily(b.activity)])} style={{ left: `${b.left}%`, width: `${b.width}%` }}>
            {scheduledLabel(b.activity)}
          </span>
        ))}
      </div>
      <div className="relative mx-4 h-2" aria-hidden>
        {exceptions.map((e) => (
          <span key={e.start} data-field="exception-mark" className={cn("absolute top-0 h-full rounded-sm", e.type === "unscheduled" ? "bg-warn" : "bg-alert")} style={place(Date.parse(e.start), endOf(e))} title={`${EXCEPTION_NAMES[e.type]}: ${formatClock(Date.parse(e.start), zone)}–${e.end === null ? "now" : formatClock(Date.parse(e.end), zone)}`} />
        ))}
      </div>
      {/* One line whatever the number: the list opens on request, so nothing below moves when it arrives. */}
      <details className="min-h-5 px-4 text-sm" data-field="exceptions">
        <summary className={cn("cursor-pointer", exceptions.length === 0 && "list-none text-ink-muted")}>
          {mine === null ? "\u00a0" : exceptions.length === 0 ? "No exception in this window" : `${exceptions.length} exception${exceptions.length === 1 ? "" : "s"}: ${[...new Set(exceptions.map((e) => EXCEPTION_NAMES[e.type]))].join(", ")}`}
        </summary>
        <ul className="flex flex-col gap-0.5 pt-1" aria-label="Adherence exceptions">
          {exceptions.map((e) => (
            <li key={e.start} data-field="exception" data-type={e.type}>
              <span className={cn("font-semibold", e.type === "unscheduled" ? "text-warn-ink" : "text-alert-ink")}>{EXCEPTION_NAMES[e.type]}</span> {formatClock(Date.parse(e.start), zone)}–{e.end === null ? "now" : formatClock(Date.parse(e.end), zone)} ({formatSpan(endOf(e) - Date.parse(e.start))}):{" "}
              {e.scheduled === null ? "on the floor outside the schedule (not counted)" : `scheduled ${scheduledLabel(e.scheduled).toLowerCase()}`}, mostly {vocab.state(e.actual).label.toLowerCase()}
              {e.reasonCode ? ` (${vocab.reason(e.reasonCode).label})` : ""}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
