"use client";

import { cn } from "@/lib/cn";
import { INTERVALS, type ReportView } from "@/lib/display/report-view";
import { REPORT_WINDOWS, WINDOW_NAMES, type ReportWindow } from "@/lib/display/reports";
import { toLocalInput } from "@/lib/display/time";
import { reportSearch, type ReportParams } from "@/lib/queries/reports";
import { sameTeam, teamIn } from "@/lib/states/collate";
import { AgentPicker } from "./agent-picker";
import { ZoneSelect } from "./zone-select";

export interface ReportControlsProps {
  view: ReportView;
  change: (patch: Partial<ReportView>) => void;
  /** The window on screen (a custom window starts as it), or why there is none. */
  resolved: { from: number; to: number } | string;
  zone: string;
  teamNames: readonly string[];
  /** What the report asks for, when it can ask (the interval CSV's address). */
  params: ReportParams | null;
  /** The table's CSV: given only to a role that may export. */
  onExportTable?: () => void;
  canExportTable: boolean;
}

const field = "rounded-lg border border-line bg-surface";

/** What to report: the window, intervals, zone, teams or agents, the table's filter, and the exports. */
export function ReportControls({ view, change, resolved, zone, teamNames, params, onExportTable, canExportTable }: ReportControlsProps) {
  return (
    <section aria-label="What to report" className="flex flex-wrap items-end gap-x-4 gap-y-3 print:hidden">
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-semibold text-ink-muted">Window</span>
        <select
          value={view.window}
          onChange={(e) => {
            const w = e.target.value as ReportWindow;
            // A custom window starts as the one on screen.
            if (w === "custom" && typeof resolved !== "string" && !view.from) change({ window: w, from: toLocalInput(resolved.from, zone), to: toLocalInput(resolved.to, zone) });
            else change({ window: w });
          }}
          className={cn(field, "px-2 py-1.5")}
          data-field="window"
        >
          {REPORT_WINDOWS.map((w) => (
            <option key={w} value={w}>
              {WINDOW_NAMES[w]}
            </option>
          ))}
        </select>
      </label>
      {view.window === "custom" && (
        <>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-semibold text-ink-muted">From</span>
            <input type="datetime-local" value={view.from} onChange={(e) => change({ from: e.target.value })} className={cn(field, "px-2 py-1")} data-field="from" />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-semibold text-ink-muted">To</span>
            <input type="datetime-local" value={view.to} onChange={(e) => change({ to: e.target.value })} className={cn(field, "px-2 py-1")} data-field="to" />
          </label>
        </>
      )}
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-semibold text-ink-muted">Intervals</span>
        <select value={view.interval} onChange={(e) => change({ interval: e.target.value as ReportView["interval"] })} className={cn(field, "px-2 py-1.5")} data-field="interval">
          {INTERVALS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-semibold text-ink-muted">Time zone</span>
        <ZoneSelect value={zone} onChange={(tz) => change({ tz })} className={cn(field, "max-w-56 px-2 py-1.5")} data-field="tz" />
      </label>
      {teamNames.length > 0 && (
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1 font-semibold text-ink-muted">Teams</legend>
          <div className="flex flex-wrap gap-2">
            {teamNames.map((t) => {
              const on = teamIn(view.teams, t);
              return (
                <button key={t} type="button" aria-pressed={on} onClick={() => change({ teams: on ? view.teams.filter((x) => !sameTeam(x, t)) : [...view.teams, t], agents: [] })} className={cn("rounded-lg border px-2.5 py-1", on ? "border-ink bg-ink text-surface" : "border-line bg-surface")} data-team={t}>
                  {t}
                </button>
              );
            })}
          </div>
        </fieldset>
      )}
      <AgentPicker picked={view.agents} onChange={(agents) => change({ agents, teams: [] })} />
      <label className="flex min-w-48 flex-col gap-1 text-sm">
        <span className="font-semibold text-ink-muted">Filter the table</span>
        <input type="search" defaultValue={view.q} onChange={(e) => change({ q: e.target.value })} placeholder="Filter by name or id" className={cn(field, "px-3 py-1.5")} data-field="search" />
      </label>
      {onExportTable && params && (
        <div className="ml-auto flex flex-wrap gap-2">
          <button type="button" onClick={onExportTable} disabled={!canExportTable} className={cn(field, "px-3 py-1.5 text-sm font-semibold hover:bg-surface-muted")} data-field="export">
            CSV of the table
          </button>
          <a href={`/api/reports/time-in-state?${reportSearch(params, { format: "csv" })}`} className={cn(field, "px-3 py-1.5 text-sm font-semibold hover:bg-surface-muted")} data-field="export-intervals">
            CSV per interval
          </a>
        </div>
      )}
    </section>
  );
}
