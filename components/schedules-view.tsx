"use client";

import Link from "next/link";
import { lazy, useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { cn } from "@/lib/cn";
import { dayBars, scheduledFamily, scheduledLabel } from "@/lib/display/schedules";
import { formatClock } from "@/lib/display/time";
import { reportRosterOptions } from "@/lib/queries/reports";
import { queryKeys } from "@/lib/queries/keys";
import { schedulesQueryOptions } from "@/lib/queries/schedules";
import { ScheduleUploader } from "./schedule-uploader";
import { startOfDay } from "@/lib/time/zone";
import { FAMILY_BADGE } from "./state-styles";
import { useBrowserZone } from "./use-address";
import { ZoneSelect } from "./zone-select";
import { compareText } from "@/lib/states/collate";
import { PageTitle } from "./ui";
import { WhenInView } from "./when-in-view";

// Loaded when it comes into view: the page's first load carries only the uploader and the day.
const ExceptionReview = lazy(() => import("./exception-review").then((m) => ({ default: m.ExceptionReview })));
const CalendarSubscriptions = lazy(() => import("./calendar-subscriptions").then((m) => ({ default: m.CalendarSubscriptions })));

const HOUR = 3_600_000;

/** One day's schedule, an agent a line: bars on the day's hours in the zone chosen. */
function ScheduleDay({ zone, offset, setOffset }: { zone: string; offset: number; setOffset: (days: number) => void }) {
  // Today's start is read when the page draws: a day turning over while it is open moves on at the next draw.
  // eslint-disable-next-line react-hooks/purity
  const from = startOfDay(Date.now(), zone, offset);
  const day = from;
  const to = startOfDay(from, zone, 1);
  const { data, error, isPending } = useQuery(schedulesQueryOptions(from, to));
  const roster = useQuery(reportRosterOptions());
  const names = useMemo(() => new Map((roster.data ?? []).map((a) => [a.agentId, a.name ?? a.agentId])), [roster.data]);
  const byAgent = useMemo(() => {
    const m = new Map<string, { start: number; end: number; activity: string }[]>();
    for (const r of data?.rows ?? []) {
      const list = m.get(r.agentId) ?? [];
      list.push({ start: Date.parse(r.start), end: Date.parse(r.end), activity: r.activity });
      m.set(r.agentId, list);
    }
    return [...m.entries()].sort((a, b) => compareText(names.get(a[0]) ?? a[0], names.get(b[0]) ?? b[0]));
  }, [data, names]);
  const ticks: number[] = [];
  for (let t = from; t < to; t += 3 * HOUR) ticks.push(t);
  const label = new Intl.DateTimeFormat("en", { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(day);
  const csvHref = `/api/schedules?${new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), format: "csv" })}`;

  return (
    <section aria-labelledby="day-title" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="day-title" className="mr-auto text-lg font-bold" data-field="schedule-day">
          {label}
        </h2>
        <button type="button" onClick={() => setOffset(offset - 1)} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold" aria-label="Previous day">
          ←
        </button>
        <button type="button" onClick={() => setOffset(0)} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold">
          Today
        </button>
        <button type="button" onClick={() => setOffset(offset + 1)} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold" aria-label="Next day">
          →
        </button>
        <a href={csvHref} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold" download>
          Download CSV
        </a>
      </div>
      {error && <p role="alert" className="text-sm text-alert-ink">{(error as Error).message}</p>}
      {!isPending && byAgent.length === 0 && <p className="text-sm text-ink-muted">Nothing is scheduled on this day.</p>}
      {byAgent.length > 0 && (
        <div className="overflow-x-auto">
          <div className="min-w-[640px]">
            <div className="relative ml-48 h-5 text-xs text-ink-muted">
              {ticks.map((t) => (
                <span key={t} className="absolute -translate-x-1/2 tabular-nums" style={{ left: `${(100 * (t - from)) / (to - from)}%` }}>
                  {formatClock(t, zone)}
                </span>
              ))}
            </div>
            <ul className="flex flex-col">
              {byAgent.map(([agentId, rows]) => (
                <li key={agentId} data-agent-id={agentId} className="flex items-center gap-2 border-t border-line py-1">
                  <Link prefetch={false} href={`/agents/${encodeURIComponent(agentId)}`} className="w-46 shrink-0 truncate text-sm font-semibold hover:underline">
                    {names.get(agentId) ?? agentId}
                  </Link>
                  <div className="relative h-6 flex-1 rounded bg-surface-muted">
                    {dayBars(rows, from, to).map((b) => (
                      <span
                        key={b.start}
                        data-field="scheduled"
                        title={`${scheduledLabel(b.activity)} ${formatClock(b.start, zone)}–${formatClock(b.end, zone)}`}
                        className={cn("absolute top-0 h-full overflow-hidden rounded-sm border px-1 text-[11px] leading-6 whitespace-nowrap", FAMILY_BADGE[scheduledFamily(b.activity)])}
                        style={{ left: `${b.left}%`, width: `${b.width}%` }}
                      >
                        {scheduledLabel(b.activity)}
                      </span>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}

/** The review of the day shown (its own window, as the day's). */
function DayReview({ zone, offset }: { zone: string; offset: number }) {
  // As ScheduleDay: the day's start read when the page draws.
  // eslint-disable-next-line react-hooks/purity
  const from = startOfDay(Date.now(), zone, offset);
  return (
    <WhenInView height={240}>
      <ExceptionReview zone={zone} from={from} to={startOfDay(from, zone, 1)} />
    </WhenInView>
  );
}

/** `/schedules`: upload a schedule, see any day's, and (a supervisor or a team lead) review its adherence exceptions. */
export function SchedulesView({ canUpload, canAdjust }: { canUpload: boolean; canAdjust: boolean }) {
  const client = useQueryClient();
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  // null until read after hydration: the server cannot know the browser's zone.
  const browserZone = useBrowserZone();
  const zone = chosenZone ?? browserZone ?? "UTC";
  // Days from today, in the zone shown.
  const [offset, setOffset] = useState(0);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-5 px-4 py-6">
      <div className="flex flex-wrap items-end gap-3">
        <PageTitle className="mr-auto" title="Schedules" lead="What each agent should be doing when: the grid, the wallboard and the reports judge adherence against it." />
        <label className="flex items-center gap-2 text-sm">
          Time zone
          <ZoneSelect value={zone} onChange={setChosenZone} className="rounded-md border border-line bg-surface px-2 py-1" />
        </label>
      </div>
      {canUpload ? (
        <ScheduleUploader zone={zone} onSaved={() => void client.invalidateQueries({ queryKey: queryKeys.schedules.all })} />
      ) : (
        <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">Your role can read schedules but not upload them.</p>
      )}
      {(browserZone !== null || chosenZone !== null) && (
        <>
          <ScheduleDay zone={zone} offset={offset} setOffset={setOffset} />
          {canAdjust && <DayReview zone={zone} offset={offset} />}
        </>
      )}
      {canUpload && (
        <WhenInView height={160}>
          <CalendarSubscriptions />
        </WhenInView>
      )}
    </main>
  );
}
