import { initialsOf } from "@/lib/activity/names";
import type { AgentSnapshot } from "@/lib/api-types";
import { parseAt } from "./at";
import { activityKey } from "@/lib/states/family";
import type { Level } from "@/lib/states/thresholds";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { agentLevel } from "./agent-levels";
import { compareText, teamIn } from "@/lib/states/collate";

/**
 * The wallboard's logic, apart from its pixels: URL options (one deployment drives several TVs),
 * which agents a TV shows, in what order (exceptions first), how many tiles fit a screen, and
 * the summary strip. Pure and unit-tested.
 */

export interface WallboardOptions {
  /** State families (`notready`) or activities as sent; null: all. */
  states: ReadonlySet<string> | null;
  reasons: ReadonlySet<string> | null;
  agents: ReadonlySet<string> | null;
  /** Team names from the labels config (`teams=Billing,Sales`), as typed (matched by `sameTeam`: `teams=billing` is Billing): one TV per team. */
  teams: readonly string[] | null;
  /** Case-insensitive start of the name (or of the id, for agents without one). */
  prefix: string | null;
  /** Initials instead of names, for screens in public areas. */
  privacy: boolean;
  pageMs: number;
  /** 0-based page to hold (`page=2` in the URL): a TV per page, no rotation. null: rotate. */
  page: number | null;
  theme: "dark" | "light";
  /** `intraday=1`: a strip with the interval holding now and the next, against the plan. */
  intraday: boolean;
  /** `at=ISO`: the floor as it was at that instant (ms), not live; null: now. */
  at: number | null;
  /** Options that were ignored, and why: shown on the board, never silently dropped. */
  problems: string[];
}

const list = (value: string | null) =>
  value === null
    ? null
    : new Set(
        value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      );

/** Team names as typed, empty ones dropped. */
const teamList = (value: string | null) => {
  const set = list(value);
  return set && [...set];
};
export function parseWallboardOptions(params: URLSearchParams, defaultPageMs: number): WallboardOptions {
  const problems: string[] = [];
  let pageMs = defaultPageMs;
  const interval = params.get("interval");
  if (interval !== null) {
    const seconds = Number(interval);
    if (Number.isFinite(seconds) && seconds >= 3 && seconds <= 600) pageMs = seconds * 1000;
    else problems.push(`interval=${interval.slice(0, 20)} ignored: seconds between 3 and 600`);
  }
  let page: number | null = null;
  const pinned = params.get("page");
  if (pinned !== null) {
    const n = Number(pinned);
    if (Number.isInteger(n) && n >= 1) page = n - 1;
    else problems.push(`page=${pinned.slice(0, 20)} ignored: a page number from 1`);
  }
  const theme = params.get("theme");
  if (theme !== null && theme !== "dark" && theme !== "light") problems.push(`theme=${theme.slice(0, 20)} ignored: dark or light`);
  const privacy = params.get("privacy");
  if (privacy !== null && !["0", "1", "true", "false"].includes(privacy)) problems.push(`privacy=${privacy.slice(0, 20)} ignored: 1 or 0`);
  const states = list(params.get("states"));
  const intraday = params.get("intraday");
  if (intraday !== null && !["0", "1", "true", "false"].includes(intraday)) problems.push(`intraday=${intraday.slice(0, 20)} ignored: 1 or 0`);
  const at = parseAt(params.get("at"), problems);
  return {
    states: states && new Set([...states].map(activityKey)),
    reasons: list(params.get("reasons")),
    agents: list(params.get("agents")),
    // Team names as people type them: `teams=billing` is Billing.
    teams: teamList(params.get("teams")),
    prefix: params.get("prefix")?.trim().toLowerCase() || null,
    privacy: privacy === "1" || privacy === "true",
    pageMs,
    page,
    theme: theme === "light" ? "light" : "dark",
    intraday: intraday === "1" || intraday === "true",
    at,
    problems,
  };
}

/**
 * The options with teams the labels config does not know named in `problems` ("No agents match
 * this board" with no hint is what a typo used to give).
 */
export function withTeamProblems(o: WallboardOptions, teamNames: readonly string[]): WallboardOptions {
  if (!o.teams || teamNames.length === 0) return o;
  const unknown = o.teams.filter((t) => !teamIn(teamNames, t));
  if (!unknown.length) return o;
  return { ...o, problems: [...o.problems, `teams=${unknown.join(",")}: no such team (the teams are ${teamNames.join(", ")})`] };
}

export function matchesOptions(vocab: Vocabulary, agent: AgentSnapshot, o: WallboardOptions): boolean {
  if (o.agents && !o.agents.has(agent.agentId)) return false;
  if (o.teams && !teamIn(o.teams, agent.team)) return false;
  if (o.prefix && !(agent.name ?? agent.agentId).toLowerCase().startsWith(o.prefix)) return false;
  if (o.states && !vocab.isIn(agent.activity, o.states)) return false;
  if (o.reasons && (agent.reasonCode === null || !o.reasons.has(agent.reasonCode))) return false;
  return true;
}

/** `Amara Adeyemi` → `A.A.`; an agent without a name gets the end of its id. */
export function initials(agent: AgentSnapshot): string {
  if (!agent.name) return `Agent …${agent.agentId.slice(-3)}`;
  return initialsOf(agent.name);
}

export interface BoardEntry {
  agent: AgentSnapshot;
  /** Logged out, or no activity known: last on the board, without a large timer. */
  offFloor: boolean;
  level: Level;
  /** The threshold passed, for the tile's "over 10 min"; null within every limit. */
  limitMs: number | null;
  /** Time in state at the evaluation; 0 when unknown. */
  ms: number;
}

const LEVEL_RANK: Record<Level, number> = { alert: 0, warn: 1, ok: 2 };

/**
 * Exceptions first: red, then amber, each longest first; then everyone on the floor by name, so
 * tiles keep their places while nothing is wrong; those logged out or without activity last.
 */
export function orderBoard(vocab: Vocabulary, agents: readonly AgentSnapshot[], now: number, acked: Readonly<Record<string, unknown>> = {}): BoardEntry[] {
  const entries = agents.map((agent): BoardEntry => {
    const { level, limitMs, elapsedMs } = agentLevel(vocab, agent, now);
    return { agent, offFloor: !vocab.loggedIn(agent.activity), ms: elapsedMs, level, limitMs };
  });
  // An alert someone is on (acknowledged) keeps its colour but no longer comes first.
  const ranked = (e: BoardEntry): Level => (e.agent.agentId in acked ? "ok" : e.level);
  return entries.sort(
    (a, b) =>
      LEVEL_RANK[ranked(a)] - LEVEL_RANK[ranked(b)] ||
      Number(a.offFloor) - Number(b.offFloor) ||
      (ranked(a) === "ok" ? 0 : b.ms - a.ms) ||
      compareText(a.agent.name ?? "\uffff", b.agent.name ?? "\uffff") ||
      compareText(a.agent.agentId, b.agent.agentId),
  );
}

export interface TileLayout {
  cols: number;
  rows: number;
  perPage: number;
  pages: number;
}

/**
 * The tile grid for `count` agents in a `width` × `height` area: as large as the screen allows
 * (a tile about `aspect` times as wide as tall), one page if every tile can be at least
 * `minHeight` tall, else as many pages as it takes with tiles of that size.
 */
export function layoutTiles(count: number, width: number, height: number, minHeight: number, aspect: number, gap: number): TileLayout {
  if (count <= 0 || width <= 0 || height <= 0) return { cols: 1, rows: 1, perPage: Math.max(1, count), pages: 1 };
  let best = { cols: 1, rows: count, size: 0 };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    const tileW = (width - gap * (cols - 1)) / cols;
    const tileH = (height - gap * (rows - 1)) / rows;
    const size = Math.min(tileH, tileW / aspect);
    if (size > best.size) best = { cols, rows, size };
  }
  if (best.size >= minHeight) return { cols: best.cols, rows: best.rows, perPage: count, pages: 1 };
  const rows = Math.max(1, Math.floor((height + gap) / (minHeight + gap)));
  const cols = Math.max(1, Math.floor((width + gap) / (minHeight * aspect + gap)));
  const perPage = rows * cols;
  return { cols, rows, perPage, pages: Math.ceil(count / perPage) };
}

/** Counts per state come from the vocabulary's `countStates`, as in the grid. */
export interface BoardSummary {
  /** Not-ready agents per reason code ("" for none). */
  byReason: { reasonCode: string; count: number }[];
  longestNotReady: AgentSnapshot | null;
  alerts: number;
  warnings: number;
}

export function summarizeBoard(vocab: Vocabulary, entries: readonly BoardEntry[]): BoardSummary {
  const reasons = new Map<string, number>();
  let longest: BoardEntry | null = null;
  let alerts = 0;
  let warnings = 0;
  for (const e of entries) {
    if (e.level === "alert") alerts++;
    if (e.level === "warn") warnings++;
    if (vocab.state(e.agent.activity).family === "notready") {
      const code = e.agent.reasonCode ?? "";
      reasons.set(code, (reasons.get(code) ?? 0) + 1);
      if (e.agent.since && (!longest || e.ms > longest.ms)) longest = e;
    }
  }
  return {
    byReason: [...reasons].map(([reasonCode, count]) => ({ reasonCode, count })).sort((a, b) => b.count - a.count || compareText(a.reasonCode, b.reasonCode)),
    longestNotReady: longest?.agent ?? null,
    alerts,
    warnings,
  };
}
