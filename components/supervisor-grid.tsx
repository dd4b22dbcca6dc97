"use client";

import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import type { AgentSnapshot, UpstreamSnapshot } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { formatAgo } from "@/lib/display/duration";
import { DEFAULT_DIR, NONE, type SortKey } from "@/lib/display/grid-view";
import { sameTeam, teamIn } from "@/lib/states/collate";
import { takeGridScroll } from "@/lib/navigation";
import { floorParts } from "@/lib/states/labels";
import { useStale } from "@/lib/queries/freshness";
import { freezeServerClock, liveNow, serverNow } from "@/lib/queries/server-clock";
import { useFloorLive } from "@/lib/queries/floor";
import { useAlertCrossings } from "./alert-settings";
import { AgentTable } from "./agent-table";
import { FilterChips } from "./grid-filters";
import { GridToolbar, SORT_NAMES } from "./grid-toolbar";
import { BANNER_BOX, FloorAtTitle, SCRUBBER_BOX } from "./floor-at-title";
import { HeadlineBar } from "./headline-bar";
import { LiveDuration } from "./live-duration";
import { StoreBanner, UpstreamBanner } from "./upstream-banner";
import { useGridRows } from "./use-grid-rows";
import { useGridView, useViewMeasure } from "./use-grid-view";
import { useAuditedExport } from "./use-export";
import { useBrowserZone } from "./use-address";
import { useVocabulary } from "./vocabulary";

const EMPTY: AgentSnapshot[] = [];

/** The past instant's banner and scrubber: loaded only by a grid opened at one (`?at=`), never by the live grid. */
const FloorAtBanner = lazy(() => import("./floor-at-banner").then((m) => ({ default: m.FloorAtBanner })));

const toggle = (list: readonly string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
/** As `toggle`, for team names: `team=billing` in the address is the Billing chip. */
const toggleTeam = (list: readonly string[], value: string) => (value !== NONE && teamIn(list, value) ? list.filter((v) => v === NONE || !sameTeam(v, value)) : toggle(list, value));

/** Back from a drill-down: the scroll position restored, and the row it was opened from to focus. */
function useRestoreGridScroll(hasRows: boolean): string | null {
  const [returnTo, setReturnTo] = useState<string | null>(null);
  useEffect(() => {
    if (!hasRows) return;
    const { y, agentId } = takeGridScroll();
    if (y) window.scrollTo(0, y);
    // Set once, from what the last page left in this tab.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (agentId) setReturnTo(agentId);
  }, [hasRows]);
  return returnTo;
}

/** "42 agents · updated 3 s ago", with a dot that is green while the data is current. */
function Freshness({ count, upstream, stale }: { count: number | null; upstream: UpstreamSnapshot | undefined; stale: boolean }) {
  // "Updated" is how far the feed has been read: the data's age, not the last call's.
  const updatedAt = upstream?.coveredUntil ? Date.parse(upstream.coveredUntil) : null;
  return (
    <p id="freshness" className="text-sm text-ink-muted" data-field="freshness" data-stale={stale || undefined}>
      {count === null ? (
        "Connecting…"
      ) : (
        <>
          <span aria-hidden className={cn("mr-1.5 inline-block size-2 rounded-full", stale ? "bg-alert" : "bg-state-ready")} />
          {count} agents · updated <LiveDuration from={updatedAt} format={formatAgo} fallback="not yet" className="font-medium text-ink" />
          {stale && <span className="ml-2 rounded bg-warn-surface px-1.5 py-0.5 font-semibold text-warn-ink">stale</span>}
          {/* The first read of the roster takes minutes on a large floor: say why some agents show by id. */}
          {upstream?.namesLoading && (
            <span className="ml-2" data-field="names-loading">
              · names still loading from Kore.ai (agents show by id until theirs arrives)
            </span>
          )}
        </>
      )}
    </p>
  );
}

export interface SupervisorGridProps {
  refreshMs: number;
  /** The server's FLOORVIEW_STALE_AFTER_SECONDS: data read less far than this behind now is current. */
  staleAfterMs: number;
  /** Team names from the labels config, in its order. */
  teamNames: string[];
  /** The page's query string: the view it opens with. */
  query: string;
  /** The signed-in role may export (not a viewer). */
  canExport: boolean;
}

/**
 * The supervisor's grid: every agent's state, reason and time in state, live. Sort, filter,
 * search and group; the view lives in the URL. Rows past a threshold turn amber or red, with an
 * optional chime and notification; the view exports as CSV. Built for 5,000 agents: the rows come
 * from memoised pure functions (useGridRows), the table is windowed, and timers tick in the DOM.
 */
export function SupervisorGrid({ refreshMs, staleAfterMs, teamNames, query, canExport }: SupervisorGridProps) {
  const vocab = useVocabulary();
  const { view, problems, change } = useGridView(query);
  // `?at=`: the floor as it was then; the page's clock stands at that instant (times in state,
  // levels), and nothing of now (adherence, budgets, flags, sounds) is mixed in.
  const at = view.at;
  freezeServerClock(at);
  useEffect(() => () => freezeServerClock(null), []);
  // The agents, adherence, break budgets and flags: asked for together, applied together (one render per poll).
  const live = useFloorLive(refreshMs, floorParts(vocab.labels, "grid"), at);
  const { data, error, isPending } = live;
  const snapshot = data?.snapshot;
  const upstream = snapshot?.upstream;
  const agents = snapshot?.agents ?? EMPTY;
  // react-query keeps the last good data when a refetch fails: show it, marked stale.
  const serverUnreachable = error !== null;
  const stale = useStale(upstream, staleAfterMs, serverUnreachable) && at === null;
  const zone = useBrowserZone() ?? "UTC";
  // Schedule adherence now, while anyone in view is scheduled: a column and a filter. Break budgets
  // and team caps, when the labels config sets any.
  const { adherence, breaks, overCap } = live;
  const scheduled = adherence !== undefined;
  const out = useMemo(() => new Set(Object.entries(adherence ?? {}).flatMap(([id, a]) => (a.inAdherence === false ? [id] : []))), [adherence]);
  // Behaviour flags this shift: a mark on the row and a filter.
  const { flags, flagged, acked } = live;
  const { counts, levels, levelCounts, sorted, items, teamChips, headline, offline, outCount, flagCounts } = useGridRows(vocab, agents, view, teamNames, out, flagged, acked);
  useViewMeasure(items);
  // No chime for a moment long gone.
  const alerts = useAlertCrossings(vocab, agents, levels, at === null && upstream !== undefined && upstream.status !== "starting");
  const returnTo = useRestoreGridScroll(agents.length > 0);

  const showTeam = teamChips.length > 0;
  const onSort = useCallback((key: SortKey) => change((v) => ({ sort: key, dir: v.sort === key ? (v.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[key] })), [change]);
  const onAt = useCallback((t: number | null) => change({ at: t }), [change]);
  const onToggleGroup = useCallback((key: string) => change((v) => ({ collapsed: toggle(v.collapsed, key) })), [change]);
  const { problem: exportProblem, run: audited } = useAuditedExport();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const chosen = view.states.length + view.reasons.length + view.levels.length + view.teams.length + (view.outOfAdherence ? 1 : 0) + (view.flags ? 1 : 0);
  const exportCsv = async () => {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    // Loaded on the click: the first load of the grid stays small (issue 16: within 160 KB).
    const { agentsCsv } = await import("@/lib/display/csv");
    await audited("grid", sorted.length, `floorview-agents-${stamp}.csv`, () => agentsCsv(vocab, sorted, serverNow()));
  };
  const caption = `Agents: ${sorted.length} shown of ${agents.length}${offline.hidden ? `, ${offline.offline} logged out hidden` : ""}, sorted by ${SORT_NAMES[view.sort]}${view.group === "none" ? "" : `, grouped by ${view.group}`}.`;

  return (
    <main className="mx-auto flex max-w-[1800px] flex-col gap-4 px-4 py-5 sm:px-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Floorview</h1>
          <p className="text-sm text-ink-muted">{at === null ? "Live agent states" : "Agent states at a past instant"}</p>
        </div>
        {at === null ? <Freshness count={snapshot ? agents.length : null} upstream={upstream} stale={stale} /> : <p className="text-sm text-ink-muted">{snapshot ? `${agents.length} agents` : "Loading…"}</p>}
      </header>
      {at !== null && (
        <Suspense
          fallback={
            <section aria-label="The floor at a past instant" className={BANNER_BOX}>
              <FloorAtTitle at={at} zone={zone} filling={snapshot?.complete === false} onLive={() => onAt(null)} />
              <div className={SCRUBBER_BOX} />
            </section>
          }
        >
        <FloorAtBanner
          at={at}
          zone={zone}
          now={liveNow()}
          previousChangeAt={snapshot?.previousChangeAt ? Date.parse(snapshot.previousChangeAt) : null}
          nextChangeAt={snapshot?.nextChangeAt ? Date.parse(snapshot.nextChangeAt) : null}
          filling={snapshot?.complete === false}
          onChange={onAt}
        />
        </Suspense>
      )}

      <UpstreamBanner upstream={upstream} serverUnreachable={serverUnreachable} stale={stale} />
      <StoreBanner upstream={upstream} />
      {overCap.length > 0 && (
        <div role="alert" data-field="caps-over" className="rounded-lg border border-alert bg-alert-surface px-4 py-2 text-sm font-semibold text-alert-ink">
          Over the team cap:{" "}
          {overCap.map((c) => `${c.team}: ${c.count} on ${c.category} at once (cap ${c.cap})`).join(" · ")}
        </div>
      )}

      {isPending && !snapshot && <p className="py-12 text-center text-ink-muted">Loading agents…</p>}
      {snapshot && (
        <>
          {/* Always in sight from a tablet up: it stays at the top while the rows scroll under it (the table's
              header sticks below it); on a phone, where it takes two lines, it scrolls away with the page. */}
          <HeadlineBar h={headline} className="-mx-4 border-b border-line bg-surface-muted px-4 py-2 sm:sticky sm:top-0 sm:z-20 sm:-mx-6 sm:h-12 sm:px-6 sm:py-0" />
          {/* A phone folds the chips, grouping, compact rows, alerts and export away behind one button (the headline keeps the counts): the agents come first. */}
          <button
            type="button"
            aria-expanded={filtersOpen}
            aria-controls="filters"
            onClick={() => setFiltersOpen((o) => !o)}
            className="inline-flex items-center gap-2 self-start rounded-lg border border-line bg-surface px-3 py-1.5 text-sm font-semibold sm:hidden"
            data-field="filters-toggle"
          >
            Filters and options{chosen > 0 && <span className="rounded-full bg-ink px-1.5 text-xs text-surface tabular-nums">{chosen}</span>}
            <svg viewBox="0 0 16 16" aria-hidden className={cn("size-4 transition-transform motion-reduce:transition-none", filtersOpen && "rotate-180")} fill="none" stroke="currentColor" strokeWidth={2}>
              <path d="M3.5 6l4.5 4.5L12.5 6" />
            </svg>
          </button>
          <section id="filters" aria-label="Counts and filters" className={cn("flex flex-col gap-2", !filtersOpen && "max-sm:hidden")}>
            <FilterChips name="state" label="State" chips={counts.states.map((s) => ({ value: s.key, label: s.label, count: s.count, family: s.family, colour: s.customColour }))} selected={view.states} onToggle={(v) => change((w) => ({ states: toggle(w.states, v) }))} />
            <FilterChips name="reason" label="Reason" chips={counts.reasons.map((r) => ({ value: r.code, label: r.label, count: r.count }))} selected={view.reasons} onToggle={(v) => change((w) => ({ reasons: toggle(w.reasons, v) }))} />
            {/* Always there while thresholds are set (at 0, greyed): the table does not jump when someone crosses one. */}
            {vocab.rules.length > 0 && (
              <FilterChips
                name="level"
                label="Over"
                chips={[
                  { value: "alert", label: "Past alert", count: levelCounts.alert },
                  { value: "warn", label: "Past warn", count: levelCounts.warn },
                ]}
                selected={view.levels}
                onToggle={(v) => change((w) => ({ levels: toggle(w.levels, v) }))}
              />
            )}
            {(scheduled || view.outOfAdherence) && (
              <FilterChips name="adherence" label="Schedule" chips={[{ value: "out", label: "Out of adherence", count: outCount }]} selected={view.outOfAdherence ? ["out"] : []} onToggle={() => change((w) => ({ outOfAdherence: !w.outOfAdherence }))} />
            )}
            {(flagged.shift.size > 0 || view.flags) && (
              <FilterChips
                name="flags"
                label="Flags"
                chips={[
                  { value: "now", label: "Flagged now", count: flagCounts.now },
                  { value: "shift", label: "Flagged this shift", count: flagCounts.shift },
                ]}
                selected={view.flags ? [view.flags] : []}
                onToggle={(v) => change((w) => ({ flags: w.flags === v ? null : (v as "now" | "shift") }))}
              />
            )}
            {showTeam && <FilterChips name="team" label="Team" chips={teamChips} selected={teamChips.flatMap((c) => (c.value === NONE ? (view.teams.includes(NONE) ? [NONE] : []) : teamIn(view.teams, c.value) ? [c.value] : []))} onToggle={(v) => change((w) => ({ teams: toggleTeam(w.teams, v) }))} />}
          </section>

          <GridToolbar view={view} change={change} showTeam={showTeam} shown={sorted.length} total={agents.length} offline={offline} folded={!filtersOpen} alerts={alerts} onExport={canExport ? () => void exportCsv() : undefined} />
          {exportProblem && (
            <p role="alert" className="text-sm text-alert-ink">
              {exportProblem}
            </p>
          )}

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
              {offline.hidden ? `Nobody here is logged in: ${offline.offline} logged out or without activity are hidden.` : "No agents match these filters."}
            </p>
          ) : (
            <AgentTable items={items} levels={levels} stale={stale} sort={view.sort} dir={view.dir} onSort={onSort} onToggleGroup={onToggleGroup} showTeam={showTeam} caption={caption} returnTo={returnTo} adherence={scheduled ? adherence : undefined} breaks={breaks?.agents} flags={flags} acked={acked} />
          )}
        </>
      )}
      <p role="status" className="sr-only" data-field="alert-announcement">
        {alerts.announcement}
      </p>
    </main>
  );
}
