import "server-only";
import type { AgentTimeline } from "@/lib/api-types";
import { EventLog } from "@/lib/activity/event-log";
import type { ActivityEvent } from "@/lib/activity/types";
import { buildSegmentColumns, buildSegments, MAX_WINDOW_MS, mergeIntervals, missingIntervals, segmentColumns, segmentsOf, type Interval, type Segment, type SegmentColumns } from "@/lib/activity/timeline";
import type { KoreError } from "@/lib/kore/errors";
import type { StoredColumns } from "@/lib/store/event-store";
import { z } from "zod";
import type { HistoryStore } from "../feed/history";
import type { StoreWriter } from "../feed/store-writer";
import type { Poller } from "../feed/poller";
import { closed, one, windowOf, type QueryContext, type WindowRule } from "../http/query";
import { agentSnapshot, upstreamSnapshot } from "../feed/snapshot";

const HOUR = 3_600_000;
const DEFAULT_WINDOW_MS = 8 * HOUR;
/** How far before a window's start to look for the state the agent was in when it opened. */
export const LOOKBACK_MS = 24 * HOUR;

/**
 * The query of a timeline (`/api/agents/{id}/timeline`): `from` and `to` by the one window rule
 * (lib/server/http/query.ts); by default the last 8 hours (or 8 hours from `from`, up to now); at most
 * 7 days; not wholly before the history kept (reading it would spend the request budget on days
 * that are pruned at once).
 */
export const timelineQuery = (cx: QueryContext) =>
  z.object({ from: one, to: one }).transform((v, ctx) => {
    const w = windowOf(v, TIMELINE_WINDOW, cx, ctx);
    return w ? closed(w) : z.NEVER;
  });

const TIMELINE_WINDOW: WindowRule = {
  defaults: (from, to, now) => {
    const end = to ?? (from === null ? now : Math.min(from + DEFAULT_WINDOW_MS, Math.max(now, from + 1000)));
    return { from: from ?? end - DEFAULT_WINDOW_MS, to: end };
  },
  maxMs: MAX_WINDOW_MS,
  tooLong: () => "The window can be at most 7 days long.",
  retention: true,
};

export interface TimelineSources {
  poller: Poller;
  history: HistoryStore;
  staleAfterMs: number;
  /** Agent id → team, from the labels config. */
  teams?: ReadonlyMap<string, string>;
  /** What the store holds for several agents, read at once (a report): used instead of reading each agent's part. */
  prefetch?: StorePrefetch | null;
}

/** The store's part of many agents' timelines over one window, read in a few queries (`prefetchSegments`). */
export interface StorePrefetch {
  /** The store's part of the read: [from, to), and the window's start. */
  from: number;
  to: number;
  windowFrom: number;
  known: Interval[];
  /** `token`: the store kept this read (see `EventStore.eventsOfAgents`); it lasts while nothing is written into it. */
  byAgent: ReadonlyMap<string, { events: ActivityEvent[]; last: ActivityEvent | null; token?: object; columns?: StoredColumns }>;
  /** The store's coverage from the earliest `last` up to the window's start. */
  beforeKnown: Interval[];
}

interface Gathered {
  events: ActivityEvent[];
  known: Interval[];
}

/**
 * The store's part of some agents' timelines over [from, to), in a few queries whatever their
 * number: what it covers, each agent's events, and each one's last event before `windowFrom`
 * with the store's coverage from the earliest of those up to it.
 */
async function readStored(writer: StoreWriter, agentIds: readonly string[], from: number, to: number, windowFrom: number): Promise<StorePrefetch> {
  return writer.read(async (store) => {
    const known = await store.coverage(from, to);
    const byAgent = known.length > 0 ? await store.eventsOfAgents(agentIds, from, to, windowFrom) : new Map(agentIds.map((id) => [id, { events: [], last: null }]));
    let earliest = Infinity;
    for (const v of byAgent.values()) if (v.last && v.last.time < earliest) earliest = v.last.time;
    const beforeKnown = earliest < windowFrom ? await store.coverage(earliest, windowFrom) : [];
    return { from, to, windowFrom, known, byAgent, beforeKnown };
  });
}

/**
 * One agent's part of a store read. `before`: its last stored event before the window (older
 * than the read), when the store knows every change since: the state the window opens in,
 * however long ago it began.
 */
function storedFor(p: StorePrefetch, agentId: string): Gathered & { before: ActivityEvent | null } {
  const mine = p.byAgent.get(agentId);
  if (!mine || p.known.length === 0) return { events: [], known: [], before: null };
  return { events: mine.events, known: p.known, before: storedBefore(p, mine.last) };
}

/** The agent's last stored event before the read, when the store's coverage runs unbroken from it to the window: the state the window opens in. */
function storedBefore(p: StorePrefetch, last: ActivityEvent | null): ActivityEvent | null {
  return last && last.time < p.from && p.beforeKnown.some((k) => k.start <= last.time && k.end >= p.windowFrom) ? last : null;
}

/** What Floorview's store holds of one agent over [from, to): from a report's batch when it has it, else read; nothing when the store cannot be read. */
async function fromStore({ history, prefetch }: TimelineSources, agentId: string, from: number, to: number, windowFrom: number): Promise<Gathered & { before: ActivityEvent | null }> {
  const writer = history.store;
  if (!writer || to <= from) return { events: [], known: [], before: null };
  if (prefetch && prefetch.from === from && prefetch.to === to && prefetch.windowFrom === windowFrom && prefetch.byAgent.has(agentId)) return storedFor(prefetch, agentId);
  try {
    return storedFor(await readStored(writer, [agentId], from, to, windowFrom), agentId);
  } catch {
    // A store that fails is read around: Kore.ai fills the window, as without a store.
    return { events: [], known: [], before: null };
  }
}

/** Where a window's first read starts: up to a day before it for the state it opens in, but not before memory when the window is in memory. */
const firstReadFrom = (from: number, memFrom: number) => Math.max(from - LOOKBACK_MS, Math.min(from, memFrom));

/**
 * The store's part of several agents' timelines over [from, to), read at once as `fromStore`
 * would read it for each (a report); null when the window needs nothing from the store, or the
 * store fails (each agent is then read on its own).
 */
export async function prefetchSegments(sources: TimelineSources, agentIds: readonly string[], from: number, to: number): Promise<StorePrefetch | null> {
  const writer = sources.history.store;
  const memFrom = sources.poller.retainedFrom;
  const readFrom = firstReadFrom(from, memFrom);
  const until = Math.min(to, memFrom);
  if (!writer || readFrom >= memFrom || until <= readFrom) return null;
  try {
    return await readStored(writer, agentIds, readFrom, until, from);
  } catch {
    return null;
  }
}

/**
 * The store's part of many agents' windows, batch by batch (`prefetchSegments` for each), the
 * next batch read while the caller counts this one: on SQLite that read runs on the store's read
 * thread. Yields each batch's first index and its read.
 */
export async function* prefetchedBatches(sources: TimelineSources, agentIds: readonly string[], from: number, to: number, size: number): AsyncGenerator<{ start: number; prefetch: StorePrefetch | null }> {
  const read = (i: number) => prefetchSegments(sources, agentIds.slice(i, i + size), from, to);
  let next = read(0);
  for (let i = 0; i < agentIds.length; i += size) {
    const prefetch = await next;
    next = i + size < agentIds.length ? read(i + size) : Promise.resolve(null);
    yield { start: i, prefetch };
  }
}

/** Events and what is known of the feed over [readFrom, to): the store and old chunks, then memory. */
async function gather(sources: TimelineSources, agentId: string, readFrom: number, to: number, windowFrom: number): Promise<Gathered & { before: ActivityEvent | null }> {
  const { poller, history } = sources;
  const memFrom = poller.retainedFrom;
  const covered = poller.coveredUntil;
  const merged = new EventLog();
  const known: Interval[] = [];
  let before: ActivityEvent | null = null;
  if (readFrom < memFrom) {
    const until = Math.min(to, memFrom);
    const stored = await fromStore(sources, agentId, readFrom, until, windowFrom);
    const old = history.eventsOf(agentId, readFrom, until);
    known.push(...stored.known);
    before = stored.before;
    known.push(...history.coverage(readFrom, until));
    // Only the store's (a month's report, mostly): its events are in order and each once already.
    if (old.length === 0 && to <= memFrom) return { events: stored.events, known: mergeIntervals(known), before };
    merged.add(stored.events);
    merged.add(old);
  }
  if (to > memFrom) {
    merged.add(poller.events.eventsOf(agentId, Math.max(readFrom, memFrom), to));
    if (covered > memFrom) known.push({ start: Math.max(readFrom, memFrom), end: covered });
  }
  return { events: merged.eventsOf(agentId, readFrom, to), known: mergeIntervals(known), before };
}

/** True when [from, to) lies inside one of `known`. */
function inside(known: readonly Interval[], from: number, to: number): boolean {
  return known.some((k) => k.start <= from && k.end >= to);
}

/** One agent's segments over a window, what of it is not known yet, and whether it is being read. */
export interface SegmentsRead {
  segments: Segment[];
  gaps: Interval[];
  pending: boolean;
  error: KoreError | null;
}

/**
 * One agent's timeline over [from, to]. Memory serves what the poller holds, Floorview's store
 * what it has kept; only what neither knows is read from Kore.ai through the history reader
 * (inside the budget, and written to the store), waiting at most `waitMs`: a longer read goes on
 * in the background and the answer says it is incomplete.
 */
export async function readTimeline(
  sources: TimelineSources,
  agentId: string,
  from: number,
  to: number,
  opts: { now: number; waitMs: number },
): Promise<AgentTimeline> {
  const { poller } = sources;
  const { segments, gaps, pending, error } = await readSegments(sources, agentId, from, to, { now: opts.now, deadline: opts.now + opts.waitMs });
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

/**
 * The segments behind a timeline (and a report): read from memory, the store and, for what
 * neither knows, Kore.ai, until `deadline` (ms since the epoch); after it, what is known.
 */
export async function readSegments(sources: TimelineSources, agentId: string, from: number, to: number, opts: { now: number; deadline: number }): Promise<SegmentsRead> {
  // A window the store alone holds, read again while the store's read of it stands (a month's
  // report asked again, an adjustment made): the segments built last time, not its events again.
  const kept = keptKey(sources, agentId, from, to);
  const hit = kept && KEPT.get(kept.token)?.get(kept.key);
  if (hit) return { segments: segmentsOf(hit), gaps: [], pending: false, error: null };
  const read = await readEvents(sources, agentId, from, to, opts);
  const { gaps, pending, error } = read;
  const segments = buildSegments(read.events, { from, to, known: read.known, live: read.live });
  if (kept && keepable(read)) keep(kept, segmentColumns(segments));
  return { segments, gaps, pending, error };
}

/** The same as `readSegments`, the segments as columns (a floor's day counted without an object a segment or an event). */
export async function readSegmentColumns(sources: TimelineSources, agentId: string, from: number, to: number, opts: { now: number; deadline: number }): Promise<Omit<SegmentsRead, "segments"> & { segments: SegmentColumns }> {
  const kept = keptKey(sources, agentId, from, to);
  const hit = kept && KEPT.get(kept.token)?.get(kept.key);
  if (hit) return { segments: hit, gaps: [], pending: false, error: null };
  // The store's read alone, as it read it: the segments straight from its columns.
  const stored = kept && storeOnly(sources, agentId, from, to);
  if (kept && stored) {
    const segments = buildSegmentColumns(stored.times, stored.states, stored.table, { from, to, known: stored.known, live: false }, stored.first);
    keep(kept, segments);
    return { segments, gaps: [], pending: false, error: null };
  }
  const read = await readSegments(sources, agentId, from, to, opts);
  return { ...read, segments: segmentColumns(read.segments) };
}

/** Kept only for a read that was the store's alone and whole: nothing asked of Kore.ai, no gap. */
const keepable = (read: EventsRead) => !read.askedKore && read.gaps.length === 0 && !read.pending;

function keep(kept: { token: object; key: string }, segments: SegmentColumns): void {
  let byKey = KEPT.get(kept.token);
  if (!byKey) KEPT.set(kept.token, (byKey = new Map()));
  byKey.set(kept.key, segments);
}

/**
 * A window the store's read holds whole and alone (`keptKey` said so), as `readEvents` would
 * find it: its events, and the agent's last one before the window (leading them) when the store's
 * coverage proves it is the state the window opens in; null for anything else (a gap, a look back
 * to Kore.ai), which `readEvents` reads.
 */
function storeOnly(sources: TimelineSources, agentId: string, from: number, to: number): { times: Float64Array; states: Uint32Array; table: StoredColumns["table"]; known: Interval[]; first: { time: number; state: number } | null } | null {
  const p = sources.prefetch!;
  const mine = p.byAgent.get(agentId);
  const columns = mine?.columns;
  if (!mine || !columns || p.known.length === 0) return null;
  const { known } = p;
  const before = storedBefore(p, mine.last);
  // As `readEvents`: the window whole in what is known (no chunk to read), and the state it opens in known or not to be looked for.
  if (missingIntervals(known, from, to).length > 0) return null;
  if (!before || columns.lastState === null) {
    const around = known.find((k) => k.start <= from && k.end > from);
    if (around && around.start > from - LOOKBACK_MS) return null;
    return { times: columns.times, states: columns.states, table: columns.table, known, first: null };
  }
  return { times: columns.times, states: columns.states, table: columns.table, known: mergeIntervals([...known, { start: before.time, end: from }]), first: { time: before.time, state: columns.lastState } };
}

/** One agent's events around a window, with where the feed is known: what segments are built from. */
export interface EventsRead {
  /** Sorted; from the agent's last change before the window when one is known, up to the window's end. */
  events: ActivityEvent[];
  known: Interval[];
  /** The last known stretch reaches the live edge: its last state is still going. */
  live: boolean;
  gaps: Interval[];
  pending: boolean;
  error: KoreError | null;
  /** Part of the window (or of the look back before it) was asked of Kore.ai. */
  askedKore: boolean;
}

/**
 * The events behind one agent's window [from, to) and what is known of the feed: memory,
 * Floorview's store and, for what neither knows, Kore.ai (inside the budget, until `deadline`),
 * looking back a chunk at a time for the state the window opens in.
 */
export async function readEvents(sources: TimelineSources, agentId: string, from: number, to: number, opts: { now: number; deadline: number }): Promise<EventsRead> {
  const { poller, history } = sources;
  const remaining = () => Math.max(0, opts.deadline - Date.now());
  // Chunks an earlier request is already waiting on are not waited for again: a page polling a
  // window still being read gets what is known at once, not a request held for the whole wait
  // every few seconds (the read goes on either way).
  const askedHere = new Set<number>();
  const waitFor = (chunks: readonly number[]) => {
    const elsewhere = chunks.some((c) => history.isPending(c) && !askedHere.has(c));
    for (const c of chunks) askedHere.add(c);
    return elsewhere ? 0 : remaining();
  };
  const memFrom = poller.retainedFrom;
  const oldTo = Math.min(to, memFrom);
  const readFrom0 = firstReadFrom(from, memFrom);
  let g = await gather(sources, agentId, readFrom0, to, from);
  // Chunks of the window the store and memory do not know yet: read from Kore.ai.
  const windowChunks = from < oldTo ? history.chunkStarts(from, oldTo).filter((c) => !inside(g.known, Math.max(c, from), Math.min(c + history.chunkMs, oldTo))) : [];
  if (windowChunks.length > 0) {
    await history.load(windowChunks, waitFor(windowChunks));
    // Read afresh: what was just read from Kore.ai is in the store now, not in a prefetch made before.
    g = await gather({ ...sources, prefetch: null }, agentId, readFrom0, to, from);
  }

  // The state the agent was in when the window opened: look back, a chunk at a time.
  let readFrom = readFrom0;
  const lookbackChunks: number[] = [];
  for (;;) {
    if (g.before) break;
    const around = g.known.find((k) => k.start <= from && k.end > from);
    if (!around || around.start <= from - LOOKBACK_MS) break;
    if (g.events.some((e) => e.time >= around.start && e.time < from)) break;
    const previous = history.chunkStarts(around.start - 1, around.start)[0]!;
    lookbackChunks.push(previous);
    await history.load([previous], waitFor([previous]));
    if (!history.has(previous)) break;
    readFrom = Math.max(from - LOOKBACK_MS, previous);
    g = await gather({ ...sources, prefetch: null }, agentId, readFrom, to, from);
  }
  if (g.before) {
    // The store knows every change since the agent's last one before the window.
    g = { ...g, events: [g.before, ...g.events], known: mergeIntervals([...g.known, { start: g.before.time, end: from }]) };
  }

  // The last known stretch is the live one only when it is memory's (it reaches past where memory
  // starts): a window whose end lies in a chunk not read (failed, or still to come) ends where
  // the known ends, never carried on to now as if the last state were still going.
  const lastKnown = g.known.at(-1);
  const live = poller.health.backfilled && lastKnown !== undefined && lastKnown.end > memFrom;
  const knownToNow = live && g.known.length > 0 ? [...g.known.slice(0, -1), { start: g.known.at(-1)!.start, end: Infinity }] : g.known;
  const gaps = missingIntervals(knownToNow, from, Math.min(to, opts.now));
  const asked = [...windowChunks, ...lookbackChunks];
  const pending = asked.some((c) => history.isPending(c));
  let error: KoreError | null = null;
  for (const c of asked) error ??= history.failureOf(c);
  return { events: g.events, known: g.known, live, gaps, pending, error, askedKore: asked.length > 0 };
}

/** Segments built from a kept store read, by the read's token (gone with it) and the window. */
const KEPT = new WeakMap<object, Map<string, SegmentColumns>>();

/**
 * The key a read's segments are kept under, when it may be: the window lies before memory (the
 * store holds all of it), the batch's read of the store is the one this read takes, the store
 * kept that read (a token), and no old chunk of Kore.ai's adds to it. The store's coverage as
 * read now is part of the key: a gap filled since is another key.
 */
function keptKey(sources: TimelineSources, agentId: string, from: number, to: number): { token: object; key: string } | null {
  const p = sources.prefetch;
  const memFrom = sources.poller.retainedFrom;
  if (!p || to > memFrom) return null;
  const readFrom = firstReadFrom(from, memFrom);
  if (p.from !== readFrom || p.to !== to || p.windowFrom !== from) return null;
  const token = p.byAgent.get(agentId)?.token;
  if (!token || sources.history.eventsOf(agentId, readFrom, to).length > 0 || sources.history.coverage(readFrom, to).length > 0) return null;
  const spans = (list: readonly Interval[]) => list.map((k) => `${k.start}-${k.end}`).join(",");
  return { token, key: `${from}|${to}|${spans(p.known)}|${spans(p.beforeKnown)}|${sources.poller.health.backfilled}` };
}
