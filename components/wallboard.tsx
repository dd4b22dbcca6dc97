"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { cn } from "@/lib/cn";
import { initials, layoutTiles, matchesOptions, orderBoard, parseWallboardOptions, summarizeBoard, withTeamProblems, type WallboardOptions } from "@/lib/display/wallboard";
import type { AgentScope } from "@/lib/api-types";
import { headline } from "@/lib/display/headline";
import { useFloorLive } from "@/lib/queries/floor";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useStale } from "@/lib/queries/freshness";
import { useThresholdClock } from "@/lib/queries/threshold-clock";
import { floorParts } from "@/lib/states/labels";
import { HeadlineBar } from "./headline-bar";
import { LiveDuration } from "./live-duration";
import { StateIcon } from "./state-icon";
import { FAMILY_BADGE } from "./state-styles";
import { upstreamMessage } from "./upstream-banner";
import { useVocabulary } from "./vocabulary";
import { WallboardTile } from "./wallboard-tile";
import { formatLocal } from "@/lib/display/time";

/** A tile about twice as wide as tall, and never shorter than a ninth of the screen (120 px at 1080p). */
const TILE_ASPECT = 2;
const MIN_TILE_SHARE = 1 / 9;

/** The tiles' area, measured from when it is there (it appears with the first answer) and on every resize. */
function useAreaSize() {
  const [size, setSize] = useState({ width: 0, height: 0, viewport: 0 });
  const ref = useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    // Measured at once (before the first paint with tiles), then on every change.
    const box = el.getBoundingClientRect();
    setSize({ width: box.width, height: box.height, viewport: window.innerHeight });
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height, viewport: window.innerHeight });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size] as const;
}

const clock = (iso: string | null) => (iso === null ? "—" : formatLocal(iso, { hour: "2-digit", minute: "2-digit", second: "2-digit" }));

function withServerScope(o: WallboardOptions, scope: AgentScope | null): WallboardOptions {
  if (!scope) return o;
  return { ...o, teams: null, agents: null, prefix: null, privacy: o.privacy || scope.privacy };
}

export interface WallboardProps {
  refreshMs: number;
  /** The server's FLOORVIEW_STALE_AFTER_SECONDS: data read less far than this behind now is current. */
  staleAfterMs: number;
  defaultPageMs: number;
}

/**
 * The TV above the floor: every agent as a tile sized to fill the screen exactly, exceptions
 * first, pages rotating when the floor does not fit, and honest about freshness. No mouse, no
 * scroll, on for weeks: one poll for the agents, adherence and caps together (`lib/queries/floor.ts`), timers that
 * write text instead of re-rendering, and re-ordering only when a threshold is crossed.
 */
export function Wallboard({ refreshMs, staleAfterMs, defaultPageMs }: WallboardProps) {
  const vocab = useVocabulary();
  const params = useSearchParams();
  // The agents, adherence and break caps, asked for and applied together (one render per poll).
  const { data, error, adherence, overCap } = useFloorLive(refreshMs, floorParts(vocab.labels, "wallboard"));
  // A link (or a team lead) whose scope the server enforced: the agents it sent are the board's
  // agents, in the form it sent them; the URL's own team, agent and name filters are not applied again.
  const scoped = data?.snapshot.scope ?? null;
  const options = useMemo(
    () => withServerScope(withTeamProblems(parseWallboardOptions(new URLSearchParams(params.toString()), defaultPageMs), vocab.labels.teamNames), scoped),
    [params, defaultPageMs, scoped, vocab],
  );
  // A revoked or expired link (or a session that ended) shows nothing more of the floor.
  const shut = error instanceof ApiRequestError && error.status === 401;
  const snapshot = shut ? undefined : data?.snapshot;
  const upstream = snapshot?.upstream;
  const agents = useMemo(() => (snapshot ? snapshot.agents.filter((a) => matchesOptions(vocab, a, options)) : []), [vocab, snapshot, options]);
  const now = useThresholdClock(vocab, agents);
  const board = useMemo(() => orderBoard(vocab, agents, now), [vocab, agents, now]);
  const summary = useMemo(() => summarizeBoard(vocab, board), [vocab, board]);
  const top = useMemo(() => headline(vocab, agents, new Map(board.flatMap((e) => (e.level === "ok" || e.limitMs === null ? [] : [[e.agent.agentId, { level: e.level, limitMs: e.limitMs }] as const])))), [vocab, agents, board]);
  const states = useMemo(() => vocab.countStates(agents), [vocab, agents]);
  // Schedule adherence, while anyone on the board is scheduled: exceptions marked and counted.
  const exceptions = useMemo(() => (adherence ? agents.filter((a) => adherence[a.agentId]?.exception).length : null), [adherence, agents]);

  const [area, size] = useAreaSize();
  const gap = Math.max(4, Math.round(size.viewport * 0.01));
  const layout = layoutTiles(board.length, size.width, size.height, size.viewport * MIN_TILE_SHARE, TILE_ASPECT, gap);
  const [pageIndex, setPageIndex] = useState(0);
  const pages = layout.pages;
  const pinned = options.page;
  useEffect(() => {
    if (pages <= 1 || pinned !== null) return;
    const id = setInterval(() => setPageIndex((p) => (p + 1) % pages), options.pageMs);
    return () => clearInterval(id);
  }, [pages, pinned, options.pageMs]);
  const page = pinned === null ? pageIndex % pages : Math.min(pinned, pages - 1);
  const tiles = board.slice(page * layout.perPage, (page + 1) * layout.perPage);

  const serverUnreachable = error !== null;
  const stale = useStale(upstream, staleAfterMs, serverUnreachable);
  const message = upstreamMessage(upstream, serverUnreachable, upstream?.coveredUntil ? clock(upstream.coveredUntil) : null, stale);
  const longest = summary.longestNotReady;

  if (shut) {
    return (
      <main className="fixed inset-0 flex flex-col items-center justify-center gap-[2vh] bg-surface-muted p-[4vh] text-center text-ink" data-theme={options.theme} data-wallboard data-closed>
        <span className="text-[5vh] font-bold">Floorview</span>
        <p role="alert" className="max-w-[80vw] text-[3.4vh] font-semibold">
          This screen no longer opens the floor: its wallboard link was revoked or has expired, or the session ended.
        </p>
        <p className="text-[2.6vh] text-ink-muted">Ask a supervisor for a new link (Floorview → TV links), or sign in again.</p>
      </main>
    );
  }

  // Until the first answer is on screen, only that it is coming: the header, the counts and the
  // tiles then appear together, in their places (nothing drawn empty first moves when they fill).
  if (!snapshot) {
    return (
      <main className="fixed inset-0 flex flex-col items-center justify-center gap-[2vh] bg-surface-muted p-[4vh] text-center text-ink" data-theme={options.theme} data-wallboard>
        <span className="text-[5vh] font-bold">Floorview</span>
        <p className="text-[3vh] text-ink-muted">{serverUnreachable ? "Cannot reach the Floorview server; retrying…" : "Connecting…"}</p>
        {options.problems.length > 0 && (
          <p className="text-[1.8vh] text-ink-muted" data-field="problems">
            {options.problems.join(" · ")}
          </p>
        )}
      </main>
    );
  }

  return (
    <main className="fixed inset-0 flex flex-col gap-[1vh] overflow-hidden bg-surface-muted p-[1.2vh] text-ink" data-theme={options.theme} data-wallboard>
      <header className="flex flex-wrap items-center justify-between gap-x-[2vh] gap-y-[1vh] text-[2.4vh] leading-none">
        <div className="flex min-w-0 items-baseline gap-[1.5vh]">
          <span className="font-bold">Floorview</span>
          <span className="truncate text-ink-muted">
            {agents.length} {agents.length === 1 ? "agent" : "agents"}
            {snapshot && agents.length !== snapshot.agents.length && ` of ${snapshot.agents.length}`}
          </span>
        </div>
        <div className="flex items-center gap-[2vh]">
          {layout.pages > 1 && (
            <div className="flex items-center gap-[1vh]" data-page-indicator aria-label={`Page ${page + 1} of ${layout.pages}`}>
              <span className="font-semibold tabular-nums">
                Page {page + 1}/{layout.pages}
              </span>
              {/* A dot a page while they fit beside the clock; beyond ten pages the number alone says it. */}
              <span aria-hidden className={cn("flex gap-[0.6vh]", layout.pages > 10 && "hidden")}>
                {Array.from({ length: layout.pages }, (_, i) => (
                  <span key={i} className={cn("size-[1.1vh] rounded-full", i === page ? "bg-ink" : "bg-line")} />
                ))}
              </span>
            </div>
          )}
          <span className={cn("flex items-center gap-[0.8vh] font-semibold tabular-nums", stale && "text-alert")} data-field="as-of">
            <span aria-hidden className={cn("size-[1.2vh] rounded-full", stale ? "bg-alert" : "bg-state-ready")} />
            as of {clock(upstream?.coveredUntil ?? null)}
          </span>
        </div>
      </header>

      {message && (
        <div role={message.tone === "info" ? "status" : "alert"} data-upstream-banner data-status={serverUnreachable ? "server_unreachable" : upstream?.status} className={cn("rounded-[1vh] px-[2vh] py-[1vh] text-[2.6vh] leading-tight font-semibold", message.tone === "info" ? "bg-state-busy text-white" : message.tone === "warn" ? "bg-warn text-black" : "bg-alert text-white")}>
          {stale && "STALE DATA · "}
          {message.title} <span className="font-normal">{message.detail}</span>
        </div>
      )}

      <HeadlineBar h={top} tv />
      <section aria-label="Summary" className="flex flex-wrap items-center gap-[1vh] text-[2.2vh] leading-none">
        {states.map((c) => (
          <span key={c.key} data-state-count={c.label} data-state={c.key} className={cn("inline-flex items-center gap-[0.8vh] rounded-[0.8vh] border px-[1.2vh] py-[0.7vh]", FAMILY_BADGE[c.family])} style={c.customColour ? { borderColor: c.customColour } : undefined}>
            <StateIcon family={c.family} className="size-[1em]" />
            {c.label}
            <span className="font-bold tabular-nums">{c.count}</span>
          </span>
        ))}
        {summary.byReason.length > 0 && (
          <span className="inline-flex items-center gap-[1vh] text-ink-muted" data-field="reasons">
            Not ready by reason:
            {summary.byReason.map((r) => (
              <span key={r.reasonCode} className="font-semibold text-ink tabular-nums">
                {r.reasonCode === "" ? "none" : vocab.reason(r.reasonCode).phrase} ×{r.count}
              </span>
            ))}
          </span>
        )}
        {overCap.map((c) => (
          <span key={`${c.team}:${c.category}`} className="inline-flex items-center gap-[0.8vh] rounded-[0.8vh] bg-alert px-[1.2vh] py-[0.7vh] font-semibold text-white" data-field="cap-over">
            {c.team}: {c.count} on {c.category}
            <span className="font-normal">(cap {c.cap})</span>
          </span>
        ))}
        {exceptions !== null && (
          <span className={cn("inline-flex items-center gap-[0.8vh] rounded-[0.8vh] border px-[1.2vh] py-[0.7vh]", exceptions > 0 ? "border-alert font-semibold text-alert-ink" : "border-line text-ink-muted")} data-field="out-of-adherence">
            Off schedule
            <span className="font-bold tabular-nums">{exceptions}</span>
          </span>
        )}
        {longest && (
          <span className="ml-auto inline-flex items-center gap-[0.8vh]" data-field="longest-not-ready">
            <span className="text-ink-muted">Longest not ready:</span>
            <span className="font-semibold">{options.privacy ? initials(longest) : (longest.name ?? longest.agentId)}</span>
            <LiveDuration from={Date.parse(longest.since!)} className="font-mono font-bold tabular-nums" />
          </span>
        )}
      </section>

      <div ref={area} className={cn("min-h-0 flex-1 transition-opacity", stale && "opacity-45 grayscale")} data-stale={stale || undefined}>
        {board.length > 0 && size.width > 0 && (
          <div className="grid h-full" style={{ gridTemplateColumns: `repeat(${layout.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))`, gap }}>
            {tiles.map((e) => (
              <WallboardTile key={e.agent.agentId} agent={e.agent} level={e.level} limitMs={e.limitMs} privacy={options.privacy} offFloor={e.offFloor} adherence={adherence?.[e.agent.agentId]} />
            ))}
          </div>
        )}
        {board.length === 0 && (
          <p className="flex h-full items-center justify-center text-[3vh] text-ink-muted">
            {upstream?.status === "starting" ? "Waiting for the first data from Kore.ai…" : "No agents match this board."}
          </p>
        )}
      </div>

      {options.problems.length > 0 && (
        <p className="text-[1.8vh] text-ink-muted" data-field="problems">
          {options.problems.join(" · ")}
        </p>
      )}
    </main>
  );
}
