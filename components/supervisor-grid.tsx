"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { AgentSnapshot } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { agentsCsv } from "@/lib/display/csv";
import { formatAgo } from "@/lib/display/duration";
import {
  countLevels,
  countView,
  DEFAULT_DIR,
  filterAgents,
  gridItems,
  gridViewParams,
  levelsAt,
  NONE,
  parseGridView,
  scopeAgents,
  sortAgents,
  SORT_KEYS,
  teamKeyOf,
  type GridView,
  type SortKey,
} from "@/lib/display/grid-view";
import { takeGridScroll } from "@/lib/navigation";
import { useAgentsSnapshot } from "@/lib/queries/agents";
import { serverNow } from "@/lib/queries/server-clock";
import { useThresholdClock } from "@/lib/queries/threshold-clock";
import type { ThresholdRule } from "@/lib/thresholds";
import { AlertSettingsControls, useAlertCrossings } from "./alert-settings";
import { AgentTable } from "./agent-table";
import { FilterChips, type Chip } from "./grid-filters";
import { LiveDuration } from "./live-duration";
import { UpstreamBanner } from "./upstream-banner";

const EMPTY: AgentSnapshot[] = [];
const SORT_NAMES: Record<SortKey, string> = { name: "name", time: "time in state", state: "state", reason: "reason" };

/** Performance marks around a view change: `npm run bench:grid` reads `floorview:view`. */
const VIEW_MARK = "floorview:view-start";

const toggle = (list: readonly string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface SupervisorGridProps {
  refreshMs: number;
  thresholds: ThresholdRule[];
  /** Team names from the labels config, in its order. */
  teamNames: string[];
  /** The page's query string: the view it opens with. */
  query: string;
}

/**
 * The supervisor's grid: every agent's state, reason and time in state, live. Sort, filter,
 * search and group; the view lives in the URL. Rows past a threshold turn amber or red, with an
 * optional chime and notification; the view exports as CSV. Built for 5,000 agents: the view is
 * computed from memoised pure functions, the table is virtualised, and timers tick in the DOM.
 */
export function SupervisorGrid({ refreshMs, thresholds, teamNames, query }: SupervisorGridProps) {
  const { data, error, isPending } = useAgentsSnapshot(refreshMs);
  const snapshot = data?.snapshot;
  const upstream = snapshot?.upstream;
  const agents = snapshot?.agents ?? EMPTY;
  // react-query keeps the last good data when a refetch fails: show it, marked stale.
  const serverUnreachable = error !== null;
  const stale = serverUnreachable || (upstream?.stale ?? false);
  // "Updated" is how far the feed has been read: the data's age, not the last call's.
  const updatedAt = upstream?.coveredUntil ? Date.parse(upstream.coveredUntil) : null;

  // The view: read from the URL once, then held here and written back to the URL on each change
  // (replacing it: no history entry per click), so a change renders at once, without a
  // round through the router.
  const [{ view, problems }, setState] = useState(() => parseGridView(new URLSearchParams(query)));
  const change = useCallback((patch: Partial<GridView> | ((view: GridView) => Partial<GridView>)) => {
    performance.mark(VIEW_MARK);
    setState((s) => ({ view: { ...s.view, ...(typeof patch === "function" ? patch(s.view) : patch) }, problems: s.problems }));
  }, []);
  useEffect(() => {
    const qs = gridViewParams(view).toString();
    if (qs !== window.location.search.slice(1)) window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  }, [view]);

  // Agents arrive in name order: a name's rank is its place.
  const nameRank = useMemo(() => new Map(agents.map((a, i) => [a, i])), [agents]);
  const searchScope = useMemo(() => scopeAgents(agents, { q: view.q, teams: [] }), [agents, view.q]);
  const scope = useMemo(() => (view.teams.length ? scopeAgents(searchScope, { q: "", teams: view.teams }) : searchScope), [searchScope, view.teams]);
  const counts = useMemo(() => countView(scope), [scope]);
  const now = useThresholdClock(agents, thresholds);
  const levels = useMemo(() => levelsAt(agents, thresholds, now), [agents, thresholds, now]);
  const levelCounts = useMemo(() => countLevels(scope, levels), [scope, levels]);
  const shown = useMemo(() => filterAgents(scope, { states: view.states, reasons: view.reasons, levels: view.levels }, levels), [scope, view.states, view.reasons, view.levels, levels]);
  const sorted = useMemo(() => sortAgents(shown, view.sort, view.dir, nameRank), [shown, view.sort, view.dir, nameRank]);
  const items = useMemo(() => gridItems(sorted, { group: view.group, collapsed: view.collapsed }, teamNames), [sorted, view.group, view.collapsed, teamNames]);

  const ready = upstream !== undefined && upstream.status !== "starting";
  const alerts = useAlertCrossings(agents, levels, ready);

  // The view change is done when the table has committed: measured for the benchmark.
  useLayoutEffect(() => {
    if (performance.getEntriesByName(VIEW_MARK, "mark").length === 0) return;
    performance.measure("floorview:view", VIEW_MARK);
    performance.clearMarks(VIEW_MARK);
  }, [items]);

  const teamChips = useMemo((): Chip[] => {
    const byTeam = new Map<string, number>();
    for (const a of searchScope) byTeam.set(teamKeyOf(a), (byTeam.get(teamKeyOf(a)) ?? 0) + 1);
    if (byTeam.size === 0 || (byTeam.size === 1 && byTeam.has(NONE))) return [];
    const order = (t: string) => (t === NONE ? Infinity : teamNames.indexOf(t) >= 0 ? teamNames.indexOf(t) : teamNames.length);
    return [...byTeam]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([value, count]) => ({ value, label: value === NONE ? "No team" : value, count }));
  }, [searchScope, teamNames]);
  const showTeam = teamChips.length > 0;

  // Back from an agent's drill-down: the grid is where the supervisor left it.
  const hasRows = agents.length > 0;
  useEffect(() => {
    if (!hasRows) return;
    const y = takeGridScroll();
    if (y) window.scrollTo(0, y);
  }, [hasRows]);

  // "/" jumps to the search box, as on most sites.
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || target.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      search.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  // "Clear filters" empties the box too.
  useEffect(() => {
    if (search.current && search.current.value !== view.q) search.current.value = view.q;
  }, [view.q]);

  const filtered = view.states.length + view.reasons.length + view.teams.length + view.levels.length > 0 || view.q.trim() !== "";
  const onSort = useCallback((key: SortKey) => change((v) => ({ sort: key, dir: v.sort === key ? (v.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[key] })), [change]);
  const onToggleGroup = useCallback((key: string) => change((v) => ({ collapsed: toggle(v.collapsed, key) })), [change]);
  const exportCsv = () => {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    download(`floorview-agents-${stamp}.csv`, agentsCsv(sorted, serverNow()));
  };

  const caption = `Agents: ${sorted.length} shown of ${agents.length}, sorted by ${SORT_NAMES[view.sort]}${view.group === "none" ? "" : `, grouped by ${view.group}`}.`;

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
              {stale && <span className="ml-2 rounded bg-warn-surface px-1.5 py-0.5 font-semibold text-warn-ink">stale</span>}
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
          <section aria-label="Counts and filters" className="flex flex-col gap-2">
            <FilterChips name="state" label="State" chips={counts.states.map((s) => ({ value: s.key, label: s.label, count: s.count, tone: s.tone, ...(s.color && { color: s.color }) }))} selected={view.states} onToggle={(v) => change((w) => ({ states: toggle(w.states, v) }))} />
            <FilterChips name="reason" label="Reason" chips={counts.reasons.map((r) => ({ value: r.code, label: r.label, count: r.count }))} selected={view.reasons} onToggle={(v) => change((w) => ({ reasons: toggle(w.reasons, v) }))} />
            <FilterChips
              name="level"
              label="Over"
              chips={[
                { value: "alert", label: "Past alert", count: levelCounts.alert },
                { value: "warn", label: "Past warn", count: levelCounts.warn },
              ].filter((c) => c.count > 0)}
              selected={view.levels}
              onToggle={(v) => change((w) => ({ levels: toggle(w.levels, v) }))}
            />
            {showTeam && <FilterChips name="team" label="Team" chips={teamChips} selected={view.teams} onToggle={(v) => change((w) => ({ teams: toggle(w.teams, v) }))} />}
          </section>

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
            <label className="flex items-center gap-2 text-sm">
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
              {filtered ? `${sorted.length} of ${agents.length} agents` : `${agents.length} agents`}
            </p>
            {filtered && (
              <button type="button" onClick={() => change({ states: [], reasons: [], teams: [], levels: [], q: "" })} className="text-sm font-semibold text-state-busy-ink hover:underline" data-field="clear">
                Clear filters
              </button>
            )}
            <div className="ml-auto flex flex-wrap items-center gap-4">
              <AlertSettingsControls {...alerts} />
              <button type="button" onClick={exportCsv} className="rounded-lg border border-line bg-surface px-3 py-1.5 text-sm font-semibold hover:bg-surface-muted" data-field="export">
                Export CSV
              </button>
            </div>
          </div>

          {problems.length > 0 && (
            <p className="text-sm text-warn-ink" data-field="problems">
              Ignored in the address: {problems.join(" · ")}
            </p>
          )}

          {agents.length === 0 ? (
            <p className="rounded-xl border border-line bg-surface py-12 text-center text-ink-muted">
              {upstream?.status === "starting" ? "Waiting for the first data from Kore.ai…" : "No agents on the roster and no activity in the window."}
            </p>
          ) : sorted.length === 0 ? (
            <p className="rounded-xl border border-line bg-surface py-12 text-center text-ink-muted" data-field="no-match">
              No agents match these filters.
            </p>
          ) : (
            <AgentTable items={items} levels={levels} stale={stale} sort={view.sort} dir={view.dir} onSort={onSort} onToggleGroup={onToggleGroup} showTeam={showTeam} caption={caption} />
          )}
        </>
      )}
      <p role="status" className="sr-only" data-field="alert-announcement">
        {alerts.announcement}
      </p>
    </main>
  );
}
