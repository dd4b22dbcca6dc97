"use client";

import { useMemo } from "react";
import type { AgentSnapshot } from "@/lib/api-types";
import { countLevels, countView, filterAgents, gridItems, NONE, scopeAgents, sortAgents, teamKeyOf, type GridView } from "@/lib/display/grid-view";
import { levelsAt } from "@/lib/display/agent-levels";
import { useThresholdClock } from "@/lib/queries/threshold-clock";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { Chip } from "./grid-filters";

/**
 * The grid's rows from the snapshot and the view, each step a memoised pure function (lib/display),
 * so a keystroke recomputes only what it changes: search → team → counts and levels → filters →
 * sort → groups. Levels are re-evaluated when the next agent crosses a threshold, not every second.
 */
export function useGridRows(vocab: Vocabulary, agents: readonly AgentSnapshot[], view: GridView, teamNames: readonly string[]) {
  // Agents arrive in name order: a name's rank is its place.
  const nameRank = useMemo(() => new Map(agents.map((a, i) => [a, i])), [agents]);
  const searchScope = useMemo(() => scopeAgents(vocab, agents, { q: view.q, teams: [] }), [vocab, agents, view.q]);
  const scope = useMemo(() => (view.teams.length ? scopeAgents(vocab, searchScope, { q: "", teams: view.teams }) : searchScope), [vocab, searchScope, view.teams]);
  const counts = useMemo(() => countView(vocab, scope), [vocab, scope]);
  const now = useThresholdClock(vocab, agents);
  const levels = useMemo(() => levelsAt(vocab, agents, now), [vocab, agents, now]);
  const levelCounts = useMemo(() => countLevels(scope, levels), [scope, levels]);
  const shown = useMemo(() => filterAgents(scope, { states: view.states, reasons: view.reasons, levels: view.levels }, levels), [scope, view.states, view.reasons, view.levels, levels]);
  const sorted = useMemo(() => sortAgents(vocab, shown, view.sort, view.dir, nameRank, now), [vocab, shown, view.sort, view.dir, nameRank, now]);
  const items = useMemo(() => gridItems(vocab, sorted, { group: view.group, collapsed: view.collapsed }, teamNames), [vocab, sorted, view.group, view.collapsed, teamNames]);
  const teamChips = useMemo((): Chip[] => {
    const byTeam = new Map<string, number>();
    for (const a of searchScope) byTeam.set(teamKeyOf(a), (byTeam.get(teamKeyOf(a)) ?? 0) + 1);
    if (byTeam.size === 0 || (byTeam.size === 1 && byTeam.has(NONE))) return [];
    const order = (t: string) => (t === NONE ? Infinity : teamNames.indexOf(t) >= 0 ? teamNames.indexOf(t) : teamNames.length);
    return [...byTeam]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([value, count]) => ({ value, label: value === NONE ? "No team" : value, count }));
  }, [searchScope, teamNames]);
  return { counts, levels, levelCounts, sorted, items, teamChips };
}
