"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { AgentNow, AgentTimeline } from "@/lib/api-types";
import { MAX_WINDOW_MS, timelineTotals, type Interval, type Segment } from "@/lib/activity/timeline";
import { cn } from "@/lib/cn";
import { formatSpan } from "@/lib/display/span";
import { browserTimeZone, formatClock, isRelative, resolveWindow, sameDay, type WindowSpec } from "@/lib/display/time";
import { agentLevel } from "@/lib/display/agent-levels";
import { agentNowQueryOptions, type AgentsData } from "@/lib/queries/agents";
import { queryKeys } from "@/lib/queries/keys";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useStale } from "@/lib/queries/freshness";
import { serverNow } from "@/lib/queries/server-clock";
import { useFirstDeferred } from "@/lib/queries/first-deferred";
import { useThresholdClock } from "./use-threshold-clock";
import { timelineQueryOptions } from "@/lib/queries/timeline";
import { isValidTimeZone } from "@/lib/time/zone";
import { LevelIcon } from "./level-icon";
import { LiveDuration } from "./live-duration";
import { StateBadge } from "./state-badge";
import { StateChanges } from "./state-changes";
import { BreakBudgets } from "./break-budgets";
import { ScheduleBand } from "./schedule-band";
import { TimelineChart } from "./timeline-chart";
import { useBoxWidth } from "./use-box-width";
import { TimelineTotals } from "./timeline-totals";
import { StoreBanner, UpstreamBanner } from "./upstream-banner";
import { useVocabulary } from "./vocabulary";
import { WindowPicker } from "./window-picker";
import { BehaviourFlags } from "./behaviour-flags";

const noSubscribe = () => () => {};
/**
 * "Back to the grid" returns to the grid URL this page was opened from, its view and all (the
 * grid restores its own scroll position); anything else goes to the plain grid.
 */
function gridReturnHref(): string {
  try {
    const from = new URL(document.referrer);
    if (from.origin === location.origin && from.pathname === "/") return from.pathname + from.search;
  } catch {}
  return "/";
}


/** The window and zone live in the URL: a drill-down can be shared and survives a reload. */
function useWindowState(): { spec: WindowSpec; zone: string | null; setSpec: (s: WindowSpec) => void; setZone: (z: string) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const browserZone = useSyncExternalStore(noSubscribe, browserTimeZone, () => null);
  const tz = params.get("tz");
  const zone = tz && isValidTimeZone(tz) ? tz : browserZone;
  const w = params.get("window") ?? "8h";
  const from = Date.parse(params.get("from") ?? "");
  const to = Date.parse(params.get("to") ?? "");
  const spec: WindowSpec = useMemo(() => {
    if (w === "custom" && !Number.isNaN(from) && !Number.isNaN(to)) return { preset: "custom", from, to };
    return { preset: w === "1h" || w === "4h" || w === "today" || w === "yesterday" ? w : "8h" };
  }, [w, from, to]);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return {
    spec,
    zone,
    setSpec: (s) =>
      update(
        s.preset === "custom"
          ? { window: "custom", from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString() }
          : { window: s.preset === "8h" ? null : s.preset, from: null, to: null },
      ),
    setZone: (z) => update({ tz: z === browserZone ? null : z }),
  };
}

/** This page at the longest window allowed, ending where the refused one ended (zone and all kept). */
function longestWindowHref(to: number): string {
  const params = new URLSearchParams(location.search);
  params.set("window", "custom");
  params.set("from", new Date(to - MAX_WINDOW_MS).toISOString());
  params.set("to", new Date(to).toISOString());
  return `${location.pathname}?${params}`;
}

/** The clock of the page, ticking as often as the live edge moves by a pixel (at most once a second). */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const id = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

function parseTimeline(t: AgentTimeline): { segments: Segment[]; gaps: Interval[]; from: number; to: number } {
  return {
    segments: t.segments.map((s) => ({ activity: s.activity, reasonCode: s.reasonCode, start: Date.parse(s.start), end: s.end === null ? null : Date.parse(s.end) })),
    gaps: t.gaps.map((g) => ({ start: Date.parse(g.start), end: Date.parse(g.end) })),
    from: Date.parse(t.from),
    to: Date.parse(t.to),
  };
}

/**
 * Who and what now, from the live picture the grid shows (the same poller, the same words, one
 * agent's part of it: `/api/agents/{agentId}`): name,
 * team, state, reason with its label and category, and the threshold level. The timeline's copy
 * stands in until the live picture is there (and for an agent the live picture does not hold).
 */
function Header({ timeline, agentId, initialAgent, backHref, refreshMs }: { timeline: AgentTimeline | undefined; agentId: string; initialAgent: AgentNow | null; backHref: string; refreshMs: number }) {
  // In the page as it arrived (the server's memory); else, opened from the grid, the floor's last
  // poll has the agent: shown until the first answer.
  const client = useQueryClient();
  const live = useQuery({
    ...agentNowQueryOptions(agentId, refreshMs),
    initialData: initialAgent ?? undefined,
    initialDataUpdatedAt: initialAgent ? Date.parse(initialAgent.asOf) : undefined,
    placeholderData: () => {
      const floor = client.getQueryData<AgentsData>(queryKeys.agents.snapshot())?.snapshot;
      const agent = floor?.agents.find((a) => a.agentId === agentId);
      return floor && agent ? { asOf: floor.asOf, upstream: floor.upstream, agent } : undefined;
    },
  }).data?.agent;
  const agent = live ?? timeline?.agent;
  const vocab = useVocabulary();
  const reason = agent?.reasonCode ? vocab.reason(agent.reasonCode) : null;
  const watched = useMemo(() => (agent ? [agent] : []), [agent]);
  const clock = useThresholdClock(vocab, watched);
  // The level needs the browser's clock: shown once the page runs, so the server's copy and the
  // browser's first render never disagree.
  const running = useSyncExternalStore(noSubscribe, () => true, () => false);
  const level = agent && running ? agentLevel(vocab, agent, clock) : null;
  const levelText = level && level.level !== "ok" && level.limitMs !== null ? `${level.level === "alert" ? "Past alert" : "Past warn"}: over ${formatSpan(level.limitMs)}` : null;
  return (
    <header className="flex flex-col gap-3">
      <Link prefetch={false} href={backHref} className="w-fit text-sm font-semibold text-brand-ink underline-offset-2 hover:underline" data-back-to-grid>
        ← All agents
      </Link>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-bold tracking-tight" data-field="name">
            {agent?.name ?? agentId}
          </h1>
          <p className="text-sm text-ink-muted">
            {agent?.team && (
              <span className="font-semibold text-ink" data-field="team">
                {agent.team} ·{" "}
              </span>
            )}
            <span className="font-mono">{agentId}</span>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-x-5 gap-y-2" data-agent-id={agentId} data-level={level && level.level !== "ok" ? level.level : undefined}>
          <div data-field="activity" data-activity={agent?.activity ?? undefined}>
            <StateBadge activity={agent?.activity ?? null} className="px-3 py-1 text-base" />
          </div>
          {reason && (
            <div className="text-sm">
              <span className="text-ink-muted">Reason </span>
              <span className="font-semibold" data-field="reason" data-code={agent?.reasonCode ?? undefined} title={`Code ${agent?.reasonCode}`}>
                {reason.label}
              </span>
              {reason.category && <span className="text-ink-muted"> · {reason.category}</span>}
            </div>
          )}
          {levelText && (
            <span className={cn("inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-semibold", level!.level === "alert" ? "bg-alert-surface text-alert-ink" : "bg-warn-surface text-warn-ink")} data-field="level">
              <LevelIcon level={level!.level as "warn" | "alert"} />
              {levelText}
            </span>
          )}
          <div className="text-right">
            <LiveDuration data-field="time-in-state" from={agent?.since ? Date.parse(agent.since) : null} className="block min-h-9 font-mono text-3xl font-bold tabular-nums" />
            <span className="text-xs text-ink-muted">time in state</span>
          </div>
        </div>
      </div>
    </header>
  );
}

function HistoryStatus({ timeline }: { timeline: AgentTimeline }) {
  if (timeline.history.error) {
    return (
      <p role="status" className="rounded-md bg-warn-surface px-3 py-2 text-sm" data-history-status="error">
        Part of this window could not be read from Kore.ai ({timeline.history.error.message}) It is shown as unknown; Floorview retries by itself.
      </p>
    );
  }
  if (!timeline.complete && timeline.history.pending) {
    return (
      <p role="status" className="rounded-md bg-state-busy/10 px-3 py-2 text-sm" data-history-status="pending">
        Reading older history from Kore.ai… the chart fills in as it arrives.
      </p>
    );
  }
  return null;
}

/** One agent's day: who, what now, a live timeline of states and reasons, and where the time went. */
export function AgentDrilldown({ agentId, initialAgent, refreshMs, staleAfterMs }: { agentId: string; initialAgent: AgentNow | null; refreshMs: number; staleAfterMs: number }) {
  const router = useRouter();
  // A moment of the timeline clicked: the whole floor as it was then.
  const floorAt = useCallback((at: number) => router.push(`/?${new URLSearchParams({ at: new Date(at).toISOString().replace(".000Z", "Z") })}`), [router]);
  const vocab = useVocabulary();
  const { spec, zone, setSpec, setZone } = useWindowState();
  const backHref = useSyncExternalStore(noSubscribe, gridReturnHref, () => "/");
  const query = useQuery({ ...timelineQueryOptions(agentId, spec, zone ?? "UTC", refreshMs), enabled: zone !== null });
  // The first answer rendered in the background (a timeline and its totals at once is a long task on a phone).
  const timeline = useFirstDeferred(query.data);
  const parsed = useMemo(() => (timeline ? parseTimeline(timeline) : null), [timeline]);

  // Move the live edge once per pixel of the chart (~1,000 px wide), never faster than 1/s.
  const span = parsed ? parsed.to - parsed.from : 8 * 3_600_000;
  const now = useNow(Math.min(60_000, Math.max(1_000, Math.round(span / 1_000))));
  // A sliding window keeps sliding between fetches.
  const window = parsed && zone ? (isRelative(spec) ? resolveWindow(spec, now, zone) : { from: parsed.from, to: parsed.to }) : null;
  const totals = useMemo(() => (parsed && window ? timelineTotals(vocab, parsed.segments, { start: window.from, end: window.to }, now) : null), [vocab, parsed, window?.from, window?.to, now]); // eslint-disable-line react-hooks/exhaustive-deps

  const error = query.error;
  const notFound = error instanceof ApiRequestError && error.status === 404;
  const badRequest = error instanceof ApiRequestError && error.status === 400;
  const stale = useStale(timeline?.upstream, staleAfterMs, query.isError);
  // The timeline's box, measured while it says "Loading…": the chart is drawn at its width at once.
  const [timelineBox, timelineWidth] = useBoxWidth();
  // What lies below the timeline (totals, flags, every change) is drawn a moment after the
  // timeline itself, in the background: the first paint of the data is two short tasks, not one long.
  const belowReady = useDeferredValue(Boolean(parsed && totals && zone && window), false);

  useEffect(() => {
    const name = timeline?.agent.name;
    document.title = `${name ?? agentId} · Floorview`;
  }, [timeline?.agent.name, agentId]);

  if (notFound) {
    return (
      <main className="mx-auto flex max-w-3xl flex-col gap-4 px-4 py-10">
        <h1 className="text-2xl font-bold">Agent not found</h1>
        <p className="text-ink-muted" data-error="not_found">
          No agent with the id <span className="font-mono text-ink">{agentId}</span> is on the roster or in the activity feed.
        </p>
        <Link prefetch={false} href={backHref} className="font-semibold text-brand-ink underline">
          ← All agents
        </Link>
      </main>
    );
  }

  return (
    <main className="mx-auto flex max-w-[1800px] flex-col gap-5 px-4 py-5 sm:px-6">
      <Header timeline={timeline} agentId={agentId} initialAgent={initialAgent} backHref={backHref} refreshMs={refreshMs} />
      <BreakBudgets agentId={agentId} team={timeline?.agent.team ?? initialAgent?.agent.team ?? null} refreshMs={refreshMs} now={now} />
      <UpstreamBanner upstream={timeline?.upstream} serverUnreachable={query.isError && !badRequest && timeline !== undefined} stale={stale} />
      <StoreBanner upstream={timeline?.upstream} />

      <section aria-labelledby="timeline-heading" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="timeline-heading" className="text-lg font-bold">
            Timeline
          </h2>
          {zone && <WindowPicker spec={spec} zone={zone} onSpec={setSpec} onZone={setZone} />}
        </div>
        {badRequest && (
          <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-alert-surface px-3 py-2 text-sm" data-error="bad_request">
            <span>{error.message}</span>
            {spec.preset === "custom" && spec.to - spec.from > MAX_WINDOW_MS && (
              <a href={longestWindowHref(spec.to)} className="font-semibold underline" data-field="longest-window">
                Show the longest window allowed (7 days up to the end asked for)
              </a>
            )}
            <button type="button" className="font-semibold underline" onClick={() => setSpec({ preset: "8h" })}>
              Show the last 8 hours
            </button>
          </div>
        )}
        {timeline && <HistoryStatus timeline={timeline} />}
        <div ref={timelineBox}>
          {badRequest ? null : !parsed || !window || !zone ? (
            <div className="flex h-28 items-center justify-center text-ink-muted">{query.isError && !badRequest ? "Could not load the timeline; retrying…" : "Loading the timeline…"}</div>
          ) : (
            <div className={cn("transition-opacity", stale && "opacity-60", query.isPlaceholderData && "opacity-50")}>
              <TimelineChart segments={parsed.segments} gaps={parsed.gaps} from={window.from} to={window.to} now={now} zone={zone} initialWidth={timelineWidth} onPick={floorAt} />
              <ScheduleBand agentId={agentId} schedule={timeline?.schedule ?? []} from={parsed.from} to={parsed.to} now={now} zone={zone} />
              <p className="mt-1 text-xs text-ink-muted">
                {formatClock(window.from, zone)} – {isRelative(spec) ? "now" : formatClock(window.to, zone)} · {zone}
                {" · grey: no state known"}
                {parsed.gaps.length > 0 && " · dashed: not read from Kore.ai (yet)"}
              </p>
            </div>
          )}
        </div>
      </section>

      {belowReady && parsed && totals && zone && window && (
        <>
          <section aria-labelledby="totals-heading" className="below-fold flex flex-col gap-3">
            <h2 id="totals-heading" className="text-lg font-bold">
              Where the time went <span className="text-sm font-normal text-ink-muted">({formatSpan(window.to - window.from)} window)</span>
            </h2>
            <TimelineTotals totals={totals} zone={zone} />
          </section>
          {/* Below the totals: on a phone its list arriving moves nothing in view. */}
          <BehaviourFlags agentId={agentId} from={parsed.from} to={parsed.to} now={now} zone={zone} refreshMs={refreshMs} onShow={(from, to) => setSpec({ preset: "custom", from, to })} />
          <section aria-labelledby="changes-heading" className="below-fold flex flex-col gap-3">
            <h2 id="changes-heading" className="text-lg font-bold">
              State changes <span className="text-sm font-normal text-ink-muted">newest first</span>
            </h2>
            <StateChanges segments={parsed.segments} zone={zone} multiDay={!sameDay(window.from, window.to - 1, zone)} />
          </section>
        </>
      )}
    </main>
  );
}
