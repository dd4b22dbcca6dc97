import type { AgentSnapshot } from "@/lib/api-types";
import { atParam, parseAt } from "./at";
import { activityKey, NO_STATE, type StateFamily } from "@/lib/states/family";
import { familyRank, type ReasonCount, type StateCount, type Vocabulary } from "@/lib/states/vocabulary";
import { sinceOf, type AgentLevel } from "./agent-levels";
import { compareText, compareCodes, teamIn } from "@/lib/states/collate";

/**
 * The supervisor grid's view: how agents are sorted, filtered and grouped. It lives in the URL
 * (shareable, survives a reload); everything here is pure and fast enough for 5,000 agents on
 * every keystroke: no string collation while sorting, no work repeated for an unchanged agent.
 */

/** `attention`, the default: past alert, then past warn, then the share of the threshold used; agents off the floor last. */
export const SORT_KEYS = ["attention", "name", "time", "state", "reason"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const GROUP_KEYS = ["none", "state", "team"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
export type Direction = "asc" | "desc";

/** Stands for "no activity", "no reason code" and "no team" in a filter. */
export const NONE = NO_STATE;

export interface GridView {
  sort: SortKey;
  /** For `time`, desc is the longest in state first; for `attention`, desc is the most urgent first; for the others, desc is Z to A. */
  dir: Direction;
  /** Activity keys (`notready`) or `none` for agents with no activity. */
  states: string[];
  /** Reason codes, or `none`. */
  reasons: string[];
  /** Team names, or `none`. */
  teams: string[];
  /** Threshold levels: `alert`, `warn`; empty: every agent. */
  levels: string[];
  q: string;
  group: GroupKey;
  /** Group keys folded away. */
  collapsed: string[];
  /** Show agents off the floor (logged out, no activity); hidden by default, their count shown. */
  offline: boolean;
  /** Only agents out of schedule adherence now (`adherence=out`). */
  outOfAdherence: boolean;
  /** Only agents with a behaviour flag: one that holds now (`flags=now`), or any raised this shift (`flags=shift`). */
  flags: FlagFilter | null;
  /** The floor at a past instant (`at=ISO`, ms): not live; null: now. */
  at: number | null;
}

const FLAG_FILTERS = ["now", "shift"] as const;
export type FlagFilter = (typeof FLAG_FILTERS)[number];

export const DEFAULT_DIR: Record<SortKey, Direction> = { attention: "desc", name: "asc", time: "desc", state: "asc", reason: "asc" };
export const DEFAULT_VIEW: GridView = { sort: "attention", dir: "desc", states: [], reasons: [], teams: [], levels: [], q: "", group: "none", collapsed: [], offline: false, outOfAdherence: false, flags: null, at: null };
const LEVELS = ["alert", "warn"] as const;

const oneOf = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);
const values = (params: URLSearchParams, name: string) => [...new Set(params.getAll(name).filter((v) => v !== ""))];

/** Reads a view from the URL; anything it cannot read is named in `problems`, never fatal. */
export function parseGridView(params: URLSearchParams): { view: GridView; problems: string[] } {
  const problems: string[] = [];
  const sortParam = params.get("sort");
  let sort: SortKey = DEFAULT_VIEW.sort;
  if (oneOf(SORT_KEYS, sortParam)) sort = sortParam;
  else if (sortParam !== null) problems.push(`sort=${sortParam}: sort by ${SORT_KEYS.join(", ")}`);
  const dirParam = params.get("dir");
  let dir = DEFAULT_DIR[sort];
  if (dirParam === "asc" || dirParam === "desc") dir = dirParam;
  else if (dirParam !== null) problems.push(`dir=${dirParam}: asc or desc`);
  const groupParam = params.get("group");
  let group: GroupKey = DEFAULT_VIEW.group;
  if (oneOf(GROUP_KEYS, groupParam)) group = groupParam;
  else if (groupParam !== null) problems.push(`group=${groupParam}: group by state or team, or none`);
  const flagsParam = params.get("flags");
  const flags = oneOf(FLAG_FILTERS, flagsParam) ? flagsParam : null;
  if (flagsParam !== null && flags === null) problems.push(`flags=${flagsParam}: now or shift`);
  const at = parseAt(params.get("at"), problems);
  return {
    view: {
      sort,
      dir,
      states: values(params, "state").map((s) => (s === NONE ? NONE : activityKey(s))),
      reasons: values(params, "reason"),
      teams: values(params, "team"),
      levels: values(params, "level").filter((l) => {
        const ok = oneOf(LEVELS, l);
        if (!ok) problems.push(`level=${l}: alert or warn`);
        return ok;
      }),
      q: (params.get("q") ?? "").slice(0, 200),
      group,
      collapsed: group === "none" ? [] : values(params, "collapsed"),
      offline: params.get("offline") === "show",
      outOfAdherence: params.get("adherence") === "out",
      flags,
      at,
    },
    problems,
  };
}

/** The view as URL parameters, defaults left out so a plain grid has a plain URL. */
export function gridViewParams(view: GridView): URLSearchParams {
  const p = new URLSearchParams();
  if (view.sort !== DEFAULT_VIEW.sort) p.set("sort", view.sort);
  if (view.dir !== DEFAULT_DIR[view.sort]) p.set("dir", view.dir);
  for (const s of view.states) p.append("state", s);
  for (const r of view.reasons) p.append("reason", r);
  for (const t of view.teams) p.append("team", t);
  for (const l of view.levels) p.append("level", l);
  if (view.q.trim()) p.set("q", view.q);
  if (view.group !== "none") p.set("group", view.group);
  if (view.group !== "none") for (const c of view.collapsed) p.append("collapsed", c);
  if (view.offline) p.set("offline", "show");
  if (view.outOfAdherence) p.set("adherence", "out");
  if (view.flags) p.set("flags", view.flags);
  if (view.at !== null) p.set("at", atParam(view.at));
  return p;
}

const stateKeyOf = (a: AgentSnapshot) => (a.activity === null ? NONE : activityKey(a.activity));
const reasonKeyOf = (a: AgentSnapshot) => a.reasonCode ?? NONE;
export const teamKeyOf = (a: AgentSnapshot) => a.team ?? NONE;

/** What sorting and searching need of one agent, computed once per agent object and vocabulary. */
interface Keys {
  search: string;
  family: number;
  stateLabel: string;
  reason: string | null;
  since: number | null;
}

/** A memo of pure results, keyed by their inputs (the agent object and the vocabulary): not state. */
const keysCache = new WeakMap<AgentSnapshot, { vocab: Vocabulary; keys: Keys }>();
const OFFLINE = familyRank("offline");
/** For search: no case, no accents, no punctuation ("obrien" finds "O'Brien", "jean luc" finds "Jean-Luc"). */
const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s\u0000]+/gu, "")
    .replace(/\s+/g, " ");

function keysOf(vocab: Vocabulary, a: AgentSnapshot): Keys {
  const cached = keysCache.get(a);
  if (cached?.vocab === vocab) return cached.keys;
  const d = vocab.describe(a);
  const keys: Keys = {
    search: fold(`${a.name ?? ""}\u0000${a.agentId}`),
    family: familyRank(d.family),
    stateLabel: d.label,
    reason: d.reason?.label ?? null,
    since: sinceOf(a),
  };
  keysCache.set(a, { vocab, keys });
  return keys;
}

/** Agents in the search and team scope: what the summary counts. */
export function scopeAgents(vocab: Vocabulary, agents: readonly AgentSnapshot[], view: Pick<GridView, "q" | "teams">): AgentSnapshot[] {
  const q = fold(view.q.trim());
  const teams = view.teams.length ? view.teams : null;
  if (!q && !teams) return agents as AgentSnapshot[];
  // Teams by the one rule (`team=billing` is Billing, as on the wallboard and in every scope); NONE: no team.
  const inTeams = (a: AgentSnapshot) => (a.team === null ? teams!.includes(NONE) : teamIn(teams!, a.team));
  return agents.filter((a) => (!teams || inTeams(a)) && (!q || keysOf(vocab, a).search.includes(q)));
}

/**
 * Agents in scope that also pass the state, reason and threshold-level filters; with
 * `outOfAdherence`, out of schedule adherence now (`out`: their ids); with `flags`, flagged
 * (`flagged`: the ids flagged now and this shift).
 */
export function filterAgents(
  scope: readonly AgentSnapshot[],
  view: Pick<GridView, "states" | "reasons" | "levels"> & { outOfAdherence?: boolean; flags?: FlagFilter | null },
  levels: ReadonlyMap<string, AgentLevel> = new Map(),
  out: ReadonlySet<string> = new Set(),
  flagged: Readonly<Record<FlagFilter, ReadonlySet<string>>> | null = null,
): AgentSnapshot[] {
  const states = view.states.length ? new Set(view.states) : null;
  const reasons = view.reasons.length ? new Set(view.reasons) : null;
  const wanted = view.levels.length ? new Set(view.levels) : null;
  const adherence = view.outOfAdherence === true;
  const flags = view.flags ? (flagged?.[view.flags] ?? new Set<string>()) : null;
  if (!states && !reasons && !wanted && !adherence && !flags) return scope as AgentSnapshot[];
  return scope.filter(
    (a) =>
      (!states || states.has(stateKeyOf(a))) &&
      (!reasons || reasons.has(reasonKeyOf(a))) &&
      (!wanted || wanted.has(levels.get(a.agentId)?.level ?? "")) &&
      (!adherence || out.has(a.agentId)) &&
      (!flags || flags.has(a.agentId)),
  );
}

/**
 * Agents off the floor (logged out, or no activity known) leave the rows by default: the working
 * floor is what a supervisor scans. They stay when asked for (`offline`), when a state is chosen
 * (choosing "Logged out" is asking for them) and while searching (a name is looked for wherever
 * its agent is). `offline` counts them either way, for the "N logged out hidden · Show" line.
 */
export function hideOffline(vocab: Vocabulary, agents: readonly AgentSnapshot[], view: Pick<GridView, "offline" | "states" | "q">): { rows: AgentSnapshot[]; offline: number; hidden: boolean } {
  const on = agents.filter((a) => a.activity !== null && keysOf(vocab, a).family !== OFFLINE);
  const offline = agents.length - on.length;
  const hidden = offline > 0 && !view.offline && view.states.length === 0 && view.q.trim() === "";
  return { rows: hidden ? on : (agents as AgentSnapshot[]), offline, hidden };
}

/** Agents past alert and past warn, for the counts that filter by level. */
export function countLevels(scope: readonly AgentSnapshot[], levels: ReadonlyMap<string, AgentLevel>): { alert: number; warn: number } {
  const counts = { alert: 0, warn: 0 };
  for (const a of scope) {
    const l = levels.get(a.agentId);
    if (l) counts[l.level]++;
  }
  return counts;
}

/**
 * Sorted copy. `agents` arrive in name order from the server, so a name's rank is its index:
 * every comparison is between numbers. Ties fall back to the longest in state, then the name.
 */
export function sortAgents(vocab: Vocabulary, agents: readonly AgentSnapshot[], sort: SortKey, dir: Direction, nameRank: ReadonlyMap<AgentSnapshot, number>, now = 0, acked: Readonly<Record<string, unknown>> = {}): AgentSnapshot[] {
  const rows = agents.map((a) => ({ a, k: keysOf(vocab, a), rank: nameRank.get(a) ?? 0 }));
  const labelRank = new Map<string, number>();
  if (sort === "state" || sort === "reason") {
    const labels = [...new Set(rows.map((r) => (sort === "state" ? r.k.stateLabel : r.k.reason) ?? "\uffff"))].sort(compareText);
    labels.forEach((l, i) => labelRank.set(l, i));
  }
  const sign = dir === "asc" ? 1 : -1;
  const bySince = (x: Keys, y: Keys) => (x.since ?? Infinity) - (y.since ?? Infinity);
  type Row = (typeof rows)[number];
  let compare: (x: Row, y: Row) => number;
  // Agents off the floor (logged out, or no state) after those on it, whatever the direction.
  const away = (k: Keys) => (k.since === null ? 2 : k.family === OFFLINE ? 1 : 0);
  switch (sort) {
    case "attention": {
      // At `now` (the threshold clock: it moves when someone crosses a threshold, so rows hold still between).
      // An alert someone is on (acknowledged) no longer floats to the top: it ranks as within its limits.
      const urgency = new Map(rows.map((r) => [r, r.a.agentId in acked ? { level: "ok" as const, share: null } : vocab.level(r.a, r.k.since, now)]));
      const rank = { alert: 0, warn: 1, ok: 2 } as const;
      // desc (the default): the most urgent first.
      const urgent = -sign;
      compare = (x, y) => {
        const lx = urgency.get(x)!;
        const ly = urgency.get(y)!;
        return (
          urgent * (rank[lx.level] - rank[ly.level]) ||
          away(x.k) - away(y.k) ||
          urgent * ((ly.share ?? -1) - (lx.share ?? -1)) ||
          bySince(x.k, y.k) ||
          x.rank - y.rank
        );
      };
      break;
    }
    case "name":
      compare = (x, y) => sign * (x.rank - y.rank);
      break;
    case "time": {
      // Longest first is the earliest start first. Agents off the floor come after those on it
      // either way: hours since a logout are not what this sort is for.
      compare = (x, y) => {
        const a = away(x.k) - away(y.k);
        if (a !== 0 || x.k.since === null) return a || x.rank - y.rank;
        return -sign * (x.k.since - y.k.since!) || x.rank - y.rank;
      };
      break;
    }
    case "state":
      compare = (x, y) => sign * (x.k.family - y.k.family || labelRank.get(x.k.stateLabel)! - labelRank.get(y.k.stateLabel)!) || bySince(x.k, y.k) || x.rank - y.rank;
      break;
    case "reason":
      compare = (x, y) => {
        if ((x.k.reason === null) !== (y.k.reason === null)) return x.k.reason === null ? 1 : -1;
        return sign * (labelRank.get(x.k.reason ?? "\uffff")! - labelRank.get(y.k.reason ?? "\uffff")!) || bySince(x.k, y.k) || x.rank - y.rank;
      };
      break;
  }
  return rows.sort(compare).map((r) => r.a);
}

/**
 * The counts that head the grid, held still: every state seen since the page opened and every
 * reason of the labels config (then any other code seen) keeps its chip, at 0 when nobody is in
 * it, in a fixed order (states by family, then label; reasons in the labels config's order, then
 * by code). Between polls only the numbers change; a filter that matches nobody leaves the rows.
 */
export function stableCounts(
  vocab: Vocabulary,
  scope: readonly AgentSnapshot[],
  seen: { activities: Iterable<string | null>; reasons: Iterable<string> },
): { states: StateCount[]; reasons: ReasonCount[] } {
  const states = new Map<string, StateCount>();
  for (const activity of seen.activities) {
    const info = vocab.state(activity);
    if (!states.has(info.key)) states.set(info.key, { ...info, count: 0 });
  }
  for (const c of vocab.countStates(scope)) states.set(c.key, c);
  const configured = Object.keys(vocab.labels.reasons);
  const reasons = new Map<string, ReasonCount>();
  for (const code of [...configured, ...seen.reasons]) if (!reasons.has(code)) reasons.set(code, { ...vocab.reason(code), count: 0 });
  for (const c of vocab.countReasons(scope)) reasons.set(c.code, c);
  const place = (code: string) => {
    const i = configured.indexOf(code);
    return i < 0 ? configured.length : i;
  };
  return {
    states: [...states.values()].sort((x, y) => familyRank(x.family) - familyRank(y.family) || compareText(x.label, y.label)),
    reasons: [...reasons.values()].sort((x, y) => place(x.code) - place(y.code) || compareCodes(x.code, y.code)),
  };
}

export interface GroupItem {
  kind: "group";
  key: string;
  label: string;
  count: number;
  collapsed: boolean;
  family: StateFamily | null;
  /** A team's agents by state, in the scanning order ("Billing 30: 12 on a call, 5 not ready…"); empty for a state group. */
  split: { key: string; label: string; family: StateFamily; count: number }[];
}

export interface AgentItem {
  kind: "agent";
  agent: AgentSnapshot;
}

export type GridItem = GroupItem | AgentItem;

/**
 * The rows to show: sorted agents, under group headers when grouped (a collapsed group keeps
 * its header and count). Groups by state follow the scanning order; teams follow the labels
 * config's order, then any others, with "No team" last.
 */
export function gridItems(vocab: Vocabulary, sorted: readonly AgentSnapshot[], view: Pick<GridView, "group" | "collapsed">, teamOrder: readonly string[] = []): GridItem[] {
  if (view.group === "none") return sorted.map((agent) => ({ kind: "agent", agent }));
  const groups = new Map<string, { item: GroupItem; agents: AgentSnapshot[]; order: number[] }>();
  const collapsed = new Set(view.collapsed);
  for (const agent of sorted) {
    const key = view.group === "state" ? stateKeyOf(agent) : teamKeyOf(agent);
    let g = groups.get(key);
    if (!g) {
      let label: string;
      let family: StateFamily | null = null;
      let order: number[];
      if (view.group === "state") {
        ({ label, family } = vocab.state(agent.activity));
        order = [familyRank(family)];
      } else {
        label = key === NONE ? "No team" : key;
        const i = teamOrder.indexOf(key);
        order = [key === NONE ? 2 : i >= 0 ? 0 : 1, i];
      }
      g = { item: { kind: "group", key, label, count: 0, collapsed: collapsed.has(key), family, split: [] }, agents: [], order };
      groups.set(key, g);
    }
    g.item.count++;
    g.agents.push(agent);
  }
  const ordered = [...groups.values()].sort((x, y) => {
    for (let i = 0; i < x.order.length; i++) if (x.order[i] !== y.order[i]) return x.order[i]! - y.order[i]!;
    return compareText(x.item.label, y.item.label);
  });
  const items: GridItem[] = [];
  for (const g of ordered) {
    if (view.group === "team") g.item.split = vocab.countStates(g.agents).map((c) => ({ key: c.key, label: c.label, family: c.family, count: c.count }));
    items.push(g.item);
    if (!g.item.collapsed) for (const agent of g.agents) items.push({ kind: "agent", agent });
  }
  return items;
}
