import "server-only";
import type { AgentTimeline } from "@/lib/api-types";
import type { ActivityEvent } from "@/lib/activity/types";
import { buildSegments, MAX_WINDOW_MS, mergeIntervals, missingIntervals, type Interval } from "@/lib/activity/timeline";
import type { KoreError } from "@/lib/kore/errors";
import type { HistoryStore } from "./history";
import type { Poller } from "./poller";
import { agentSnapshot, upstreamSnapshot } from "./snapshot";

const HOUR = 3_600_000;
export const DEFAULT_WINDOW_MS = 8 * HOUR;
/** How far before a window's start to look for the state the agent was in when it opened. */
export const LOOKBACK_MS = 24 * HOUR;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export type WindowResult = { ok: true; from: number; to: number } | { ok: false; message: string };

function instant(name: string, value: string | null): number | null | string {
  if (value === null || value === "") return null;
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    return `${name} must be an ISO-8601 date-time with a zone, such as 2026-11-27T08:00:00Z or 2026-11-27T09:00:00+01:00.`;
  }
  return ms;
}

/** `from` and `to` of a timeline request; by default the last 8 hours (or 8 hours from `from`). */
export function parseWindow(params: URLSearchParams, now: number): WindowResult {
  const from = instant("from", params.get("from"));
  if (typeof from === "string") return { ok: false, message: from };
  const to = instant("to", params.get("to"));
  if (typeof to === "string") return { ok: false, message: to };
  const end = to ?? (from === null ? now : Math.min(from + DEFAULT_WINDOW_MS, Math.max(now, from + 1000)));
  const start = from ?? end - DEFAULT_WINDOW_MS;
  if (start >= end) return { ok: false, message: "from must be before to." };
  if (end - start > MAX_WINDOW_MS) return { ok: false, message: "The window can be at most 7 days long." };
  return { ok: true, from: start, to: end };
}

export interface TimelineSources {
  poller: Poller;
  history: HistoryStore;
  staleAfterMs: number;
  /** Agent id → team, from the labels config. */
  teams?: ReadonlyMap<string, string>;
}

interface Gathered {
  events: ActivityEvent[];
  known: Interval[];
}

/** Events and what is known of the feed over [readFrom, to): old chunks, then memory. */
function gather({ poller, history }: TimelineSources, agentId: string, readFrom: number, to: number): Gathered {
  const memFrom = poller.retainedFrom;
  const covered = poller.coveredUntil;
  const events: ActivityEvent[] = [];
  const known: Interval[] = [];
  if (readFrom < memFrom) {
    const until = Math.min(to, memFrom);
    events.push(...history.eventsOf(agentId, readFrom, until));
    known.push(...history.coverage(readFrom, until));
  }
  if (to > memFrom) {
    events.push(...poller.events.eventsOf(agentId, Math.max(readFrom, memFrom), to));
    if (covered > memFrom) known.push({ start: Math.max(readFrom, memFrom), end: covered });
  }
  return { events, known: mergeIntervals(known) };
}

/**
 * One agent's timeline over [from, to]. Memory serves what the poller holds; older parts are
 * read from Kore.ai through the history store (cached, inside the budget), waiting at most
 * `waitMs`: a longer read goes on in the background and the answer says it is incomplete.
 */
export async function readTimeline(
  sources: TimelineSources,
  agentId: string,
  from: number,
  to: number,
  opts: { now: number; waitMs: number },
): Promise<AgentTimeline> {
  const { poller, history } = sources;
  const deadline = opts.now + opts.waitMs;
  const remaining = () => Math.max(0, deadline - Date.now());
  const memFrom = poller.retainedFrom;
  const windowChunks = from < Math.min(to, memFrom) ? history.chunkStarts(from, Math.min(to, memFrom)) : [];
  await history.load(windowChunks, remaining());

  // The state the agent was in when the window opened: look back, a chunk at a time.
  let readFrom = Math.max(from - LOOKBACK_MS, Math.min(from, memFrom));
  let g = gather(sources, agentId, readFrom, to);
  const lookbackChunks: number[] = [];
  for (;;) {
    const around = g.known.find((k) => k.start <= from && k.end > from);
    if (!around || around.start <= from - LOOKBACK_MS) break;
    if (g.events.some((e) => e.time >= around.start && e.time < from)) break;
    const previous = history.chunkStarts(around.start - 1, around.start)[0]!;
    lookbackChunks.push(previous);
    await history.load([previous], remaining());
    if (!history.has(previous)) break;
    readFrom = Math.max(from - LOOKBACK_MS, previous);
    g = gather(sources, agentId, readFrom, to);
  }

  const live = poller.health.backfilled;
  const segments = buildSegments(g.events, { from, to, known: g.known, live });
  const knownToNow = live && g.known.length > 0 ? [...g.known.slice(0, -1), { start: g.known.at(-1)!.start, end: Infinity }] : g.known;
  const gaps = missingIntervals(knownToNow, from, Math.min(to, opts.now));
  const asked = [...windowChunks, ...lookbackChunks];
  const pending = asked.some((c) => history.isPending(c));
  let error: KoreError | null = null;
  for (const c of asked) error ??= history.failureOf(c);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    agentId,
    from: iso(from),
    to: iso(to),
    segments: segments.map((s) => ({ activity: s.activity, reasonCode: s.reasonCode, start: iso(s.start), end: s.end === null ? null : iso(s.end) })),
    asOf: iso(Date.now()),
    agent: agentSnapshot(poller, agentId, sources.teams),
    complete: gaps.length === 0 && !pending,
    gaps: gaps.map((gap) => ({ start: iso(gap.start), end: iso(gap.end) })),
    history: { pending, error: error && { code: error.kind, message: error.message } },
    upstream: upstreamSnapshot(poller, Date.now(), sources.staleAfterMs),
  };
}
