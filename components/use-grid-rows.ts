"use client";

import { useMemo, useState } from "react";
import type { AgentSnapshot } from "@/lib/api-types";
import { countLevels, filterAgents, hideOffline, type FlagFilter, stableCounts, gridItems, NONE, scopeAgents, sortAgents, teamKeyOf, type GridView } from "@/lib/display/grid-view";
import { levelsAt } from "@/lib/display/agent-levels";
import { headline } from "@/lib/display/headline";
import { useThresholdClock } from "./use-threshold-clock";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { Chip } from "./grid-filters";
import { compareText } from "@/lib/states/collate";

/**
 * The grid's rows from the snapshot and the view, each step a memoised pure function (lib/display),
 * so a keystroke recomputes only what it changes: search → team → counts and levels → filters →
 * off the floor hidden → sort → groups. Levels are re-evaluated when the next agent crosses a threshold, not every second.
 */
export function useGridRows(
  vocab: Vocabulary,
  agents: readonly AgentSnapshot[],
  view: GridView,
  teamNames: readonly string[],
  outOfAdherence: ReadonlySet<string> = NOBODY,
  flagged: Readonly<Record<FlagFilter, ReadonlySet<string>>> | null = null,
  acked: Readonly<Record<string, unknown>> = NO_ONE,
) {
  // Agents arrive in name order: a name's rank is its place.
  const nameRank = useMemo(() => new Map(agents.map((a, i) => [a, i])), [agents]);
  const searchScope = useMemo(() => scopeAgents(vocab, agents, { q: view.q, teams: [] }), [vocab, agents, view.q]);
  const scope = useMemo(() => (view.teams.length ? scopeAgents(vocab, searchScope, { q: "", teams: view.teams }) : searchScope), [vocab, searchScope, view.teams]);
  // Every state and reason seen since the page opened keeps its chip (at 0): the top holds still.
  const seen = useSeen(agents);
  const counts = useMemo(() => stableCounts(vocab, scope, seen), [vocab, scope, seen]);
  const now = useThresholdClock(vocab, agents);
  const levels = useMemo(() => levelsAt(vocab, agents, now), [vocab, agents, now]);
  const levelCounts = useMemo(() => countLevels(scope, levels), [scope, levels]);
  const top = useMemo(() => headline(vocab, scope, levels), [vocab, scope, levels]);
  const filtered = useMemo(
    () => filterAgents(scope, { states: view.states, reasons: view.reasons, levels: view.levels, outOfAdherence: view.outOfAdherence, flags: view.flags }, levels, outOfAdherence, flagged),
    [scope, view.states, view.reasons, view.levels, view.outOfAdherence, view.flags, levels, outOfAdherence, flagged],
  );
  const outCount = useMemo(() => scope.filter((a) => outOfAdherence.has(a.agentId)).length, [scope, outOfAdherence]);
  const flagCounts = useMemo(() => ({ now: scope.filter((a) => flagged?.now.has(a.agentId)).length, shift: scope.filter((a) => flagged?.shift.has(a.agentId)).length }), [scope, flagged]);
  // Logged out and no activity leave the rows unless asked for; how many is said beside the count.
  const { rows: shown, ...offline } = useMemo(() => hideOffline(vocab, filtered, { offline: view.offline, states: view.states, q: view.q }), [vocab, filtered, view.offline, view.states, view.q]);
  const sorted = useMemo(() => sortAgents(vocab, shown, view.sort, view.dir, nameRank, now, acked), [vocab, shown, view.sort, view.dir, nameRank, now, acked]);
  const items = useMemo(() => gridItems(vocab, sorted, { group: view.group, collapsed: view.collapsed }, teamNames), [vocab, sorted, view.group, view.collapsed, teamNames]);
  const teamChips = useMemo((): Chip[] => {
    const byTeam = new Map<string, number>();
    for (const a of searchScope) byTeam.set(teamKeyOf(a), (byTeam.get(teamKeyOf(a)) ?? 0) + 1);
    if (byTeam.size === 0 || (byTeam.size === 1 && byTeam.has(NONE))) return [];
    const order = (t: string) => (t === NONE ? Infinity : teamNames.indexOf(t) >= 0 ? teamNames.indexOf(t) : teamNames.length);
    return [...byTeam]
      .sort(([a], [b]) => order(a) - order(b) || compareText(a, b))
      .map(([value, count]) => ({ value, label: value === NONE ? "No team" : value, count }));
  }, [searchScope, teamNames]);
  return { counts, levels, levelCounts, sorted, items, teamChips, headline: top, offline, outCount, flagCounts };
}

const NOBODY: ReadonlySet<string> = new Set();
const NO_ONE: Readonly<Record<string, unknown>> = {};

/** The activities and reason codes seen in any snapshot since the page opened (a new set only when one is added). */
function useSeen(agents: readonly AgentSnapshot[]): { activities: ReadonlySet<string | null>; reasons: ReadonlySet<string> } {
  const [seen, setSeen] = useState(() => ({ activities: new Set<string | null>(), reasons: new Set<string>() }));
  const added = agents.some((a) => !seen.activities.has(a.activity) || (a.reasonCode !== null && !seen.reasons.has(a.reasonCode)));
  if (!added) return seen;
  // Derived from the previous render's value: set during render, as React allows for this.
  const next = { activities: new Set(seen.activities), reasons: new Set(seen.reasons) };
  for (const a of agents) {
    next.activities.add(a.activity);
    if (a.reasonCode !== null) next.reasons.add(a.reasonCode);
  }
  setSeen(next);
  return next;
}
