"use client";

import { useEffect, useRef } from "react";
import { cn } from "@/lib/cn";
import { DEFAULT_DIR, SORT_KEYS, type GridView, type SortKey } from "@/lib/display/grid-view";
import { AlertSettingsControls, type AlertSettingsControlsProps } from "./alert-settings";
import { setCompact, useCompact } from "./use-density";
import type { ViewChange } from "./use-grid-view";

export const SORT_NAMES: Record<SortKey, string> = { attention: "needs attention", name: "name", time: "time in state", state: "state", reason: "reason" };

/** "/" jumps to the search box, as on most sites (not while typing elsewhere). */
function useSearchShortcut(search: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || target.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      search.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [search]);
}

export interface GridToolbarProps {
  view: GridView;
  change: ViewChange;
  /** Teams are in the labels config: grouping by team is offered. */
  showTeam: boolean;
  shown: number;
  total: number;
  alerts: AlertSettingsControlsProps;
  /** Agents off the floor (logged out, no activity) in the filtered set, and whether they are hidden. */
  offline: { offline: number; hidden: boolean };
  /** On a phone, grouping, compact rows, alerts and export fold away with the filter chips. */
  folded?: boolean;
  /** Absent for a role that may not export (a viewer): the button is not shown. */
  onExport?: () => void;
}

/** Search, group, sort, how many are shown, clear, compact rows, alert sound and notification, CSV. */
export function GridToolbar({ view, change, showTeam, shown, total, offline, folded = false, alerts, onExport }: GridToolbarProps) {
  const compact = useCompact();
  const search = useRef<HTMLInputElement>(null);
  useSearchShortcut(search);
  // "Clear filters" empties the box too.
  useEffect(() => {
    if (search.current && search.current.value !== view.q) search.current.value = view.q;
  }, [view.q]);
  const filtered = view.states.length + view.reasons.length + view.teams.length + view.levels.length > 0 || view.q.trim() !== "" || view.outOfAdherence || view.flags !== null;

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <label className="flex min-w-64 flex-1 items-center gap-2 sm:max-w-sm">
        <span className="sr-only">Search agents by name or id</span>
        <input
          ref={search}
          type="search"
          defaultValue={view.q}
          onChange={(e) => change({ q: e.target.value })}
          placeholder="Search name or id  ( / )"
          className="w-full rounded-lg border border-line bg-surface px-3 py-1.5 text-sm placeholder:text-ink-muted"
          data-field="search"
        />
      </label>
      <label className={cn("flex items-center gap-2 text-sm", folded && "max-sm:hidden")}>
        <span className="font-semibold text-ink-muted">Group</span>
        <select value={view.group} onChange={(e) => change({ group: e.target.value as GridView["group"], collapsed: [] })} className="rounded-lg border border-line bg-surface px-2 py-1.5" data-field="group">
          <option value="none">None</option>
          <option value="state">By state</option>
          {showTeam && <option value="team">By team</option>}
        </select>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <span className="font-semibold text-ink-muted">Sort</span>
        <select value={view.sort} onChange={(e) => change({ sort: e.target.value as SortKey, dir: DEFAULT_DIR[e.target.value as SortKey] })} className="rounded-lg border border-line bg-surface px-2 py-1.5" data-field="sort">
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {k === "time" ? "Time in state (longest first)" : SORT_NAMES[k][0]!.toUpperCase() + SORT_NAMES[k].slice(1)}
            </option>
          ))}
        </select>
      </label>
      <p className="text-sm text-ink-muted" aria-live="polite" data-field="shown">
        {filtered || offline.hidden ? `${shown} of ${total} agents` : `${total} agents`}
      </p>
      {/* Off the floor is hidden by default: how many, and one click to see them (kept in the URL). */}
      {offline.offline > 0 && (offline.hidden || view.offline) && (
        <p className="flex items-center gap-2 text-sm text-ink-muted">
          {offline.hidden && (
            <span>
              <span className="font-semibold text-ink tabular-nums" data-field="offline-hidden">
                {offline.offline}
              </span>{" "}
              logged out hidden
            </span>
          )}
          <button type="button" onClick={() => change({ offline: !view.offline })} aria-label={offline.hidden ? `Show ${offline.offline} logged out` : undefined} className="rounded-md border border-line bg-surface px-2 py-0.5 font-semibold text-ink hover:bg-surface-muted" data-field="offline-toggle">
            {offline.hidden ? "Show" : `Hide ${offline.offline} logged out`}
          </button>
        </p>
      )}
      {filtered && (
        <button type="button" onClick={() => change({ states: [], reasons: [], teams: [], levels: [], q: "", outOfAdherence: false, flags: null })} className="text-sm font-semibold text-brand-ink hover:underline" data-field="clear">
          Clear filters
        </button>
      )}
      <div className={cn("ml-auto flex flex-wrap items-center gap-4", folded && "max-sm:hidden")}>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" className="size-4 accent-current" checked={compact} onChange={(e) => setCompact(e.target.checked)} data-field="compact" />
          Compact rows
        </label>
        <AlertSettingsControls {...alerts} />
        {onExport && (
          <button type="button" onClick={onExport} className="rounded-lg border border-line bg-surface px-3 py-1.5 text-sm font-semibold hover:bg-surface-muted" data-field="export">
            Export CSV
          </button>
        )}
      </div>
    </div>
  );
}
