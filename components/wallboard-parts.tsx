"use client";

import { useCallback, useEffect, useState, type ReactNode } from "react";
import type { TeamCap } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { initials, layoutTiles, type BoardEntry, type BoardSummary, type WallboardOptions } from "@/lib/display/wallboard";
import type { StateCount } from "@/lib/states/vocabulary";
import { LiveDuration } from "./live-duration";
import { StateIcon } from "./state-icon";
import { FAMILY_BADGE } from "./state-styles";
import { useVocabulary } from "./vocabulary";

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

/**
 * The board in pages that fill the screen exactly: the tiles' layout for the area's size, the page
 * shown (rotating every `pageMs` when the floor does not fit, or the one pinned by `page=`), and its tiles.
 */
export function useWallboardPages(board: readonly BoardEntry[], options: WallboardOptions) {
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
  return { area, size, gap, layout, page, tiles: board.slice(page * layout.perPage, (page + 1) * layout.perPage) };
}

/** The whole screen saying one thing (connecting; the link no longer opens the floor). */
export function WallboardNotice({ theme, closed, children }: { theme: WallboardOptions["theme"]; closed?: boolean; children: ReactNode }) {
  return (
    <main className="fixed inset-0 flex flex-col items-center justify-center gap-[2vh] bg-surface-muted p-[4vh] text-center text-ink" data-theme={theme} data-wallboard data-closed={closed || undefined}>
      <span className="text-[5vh] font-bold">Floorview</span>
      {children}
    </main>
  );
}

/** How many agents, the page shown of how many, and how far the feed has been read (red when stale). */
export function WallboardHeader({ shown, total, page, pages, asOf, stale }: { shown: number; total: number; page: number; pages: number; asOf: string; stale: boolean }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-x-[2vh] gap-y-[1vh] text-[2.4vh] leading-none">
      <div className="flex min-w-0 items-baseline gap-[1.5vh]">
        <span className="font-bold">Floorview</span>
        <span className="truncate text-ink-muted">
          {shown} {shown === 1 ? "agent" : "agents"}
          {shown !== total && ` of ${total}`}
        </span>
      </div>
      <div className="flex items-center gap-[2vh]">
        {pages > 1 && (
          <div className="flex items-center gap-[1vh]" data-page-indicator aria-label={`Page ${page + 1} of ${pages}`}>
            <span className="font-semibold tabular-nums">
              Page {page + 1}/{pages}
            </span>
            {/* A dot a page while they fit beside the clock; beyond ten pages the number alone says it. */}
            <span aria-hidden className={cn("flex gap-[0.6vh]", pages > 10 && "hidden")}>
              {Array.from({ length: pages }, (_, i) => (
                <span key={i} className={cn("size-[1.1vh] rounded-full", i === page ? "bg-ink" : "bg-line")} />
              ))}
            </span>
          </div>
        )}
        <span className={cn("flex items-center gap-[0.8vh] font-semibold tabular-nums", stale && "text-alert")} data-field="as-of">
          <span aria-hidden className={cn("size-[1.2vh] rounded-full", stale ? "bg-alert" : "bg-state-ready")} />
          as of {asOf}
        </span>
      </div>
    </header>
  );
}

/** The counts: agents per state, not ready by reason, teams over a break cap, off schedule, and the longest not ready. */
export function WallboardSummary({ states, summary, overCap, exceptions, privacy }: { states: StateCount[]; summary: BoardSummary; overCap: readonly TeamCap[]; exceptions: number | null; privacy: boolean }) {
  const vocab = useVocabulary();
  const longest = summary.longestNotReady;
  return (
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
          <span className="font-semibold">{privacy ? initials(longest) : (longest.name ?? longest.agentId)}</span>
          <LiveDuration from={Date.parse(longest.since!)} className="font-mono font-bold tabular-nums" />
        </span>
      )}
    </section>
  );
}
