"use client";

import { useQuery } from "@tanstack/react-query";
import { cn } from "@/lib/cn";
import { diffLevel, heads, liveRow, readThresholds, signedHeads } from "@/lib/display/intraday";
import { browserTimeZone, formatClock } from "@/lib/display/time";
import { intradayNowOptions } from "@/lib/queries/intraday";

const TONE = { ok: "bg-state-ready text-white", warn: "bg-warn text-black", alert: "bg-alert text-white", none: "bg-surface text-ink-muted" } as const;

/**
 * The wallboard's intraday strip (`intraday=1`): the interval holding now against the plan
 * (scheduled, open, needed and the difference, coloured past the thresholds) and what the next
 * one plans, read every half minute in the board's scope. Silent when nothing can be said.
 */
export function WallboardIntraday({ team, query }: { team: string | null; /** The board's address: its `warn` and `alert` colour the difference, as on /intraday. */ query: string }) {
  const thresholds = readThresholds(new URLSearchParams(query));
  const { data } = useQuery(intradayNowOptions(null, "15m", team));
  const live = data ? liveRow(data) : null;
  if (!data || !live) return null;
  const next = data.rows[data.rows.indexOf(live) + 1] ?? null;
  const level = diffLevel(live.diff, thresholds);
  // Said on the viewer's clock, as the board's other times are (the intervals are the floor's).
  const zone = browserTimeZone();
  return (
    <section aria-label="This quarter hour against the plan" className="flex flex-wrap items-center gap-[1.5vh] rounded-[1vh] border border-line bg-surface px-[1.5vh] py-[0.8vh] text-[2.4vh] leading-none" data-field="intraday-strip">
      <span className="font-semibold">
        Now {formatClock(Date.parse(live.start), zone)}
        {next ? `–${formatClock(Date.parse(next.start), zone)}` : ""}
      </span>
      <span>
        Scheduled <b className="tabular-nums" data-field="strip-scheduled">{heads(live.scheduledOpen)}</b>
      </span>
      <span>
        Open <b className="tabular-nums" data-field="strip-open">{heads(live.actualOpen)}</b>
      </span>
      {live.required !== null && (
        <span>
          Needed <b className="tabular-nums" data-field="strip-required">{heads(live.required)}</b>
        </span>
      )}
      <span className={cn("rounded-[0.8vh] px-[1.2vh] py-[0.6vh] font-bold tabular-nums", TONE[level])} data-field="strip-diff" data-level={level}>
        {signedHeads(live.diff)}
      </span>
      {next && (
        <span className="ml-auto text-ink-muted" data-field="strip-next">
          Next {formatClock(Date.parse(next.start), zone)}: <b className="text-ink tabular-nums">{heads(next.scheduledOpen)}</b> scheduled
          {next.required !== null && (
            <>
              , <b className="text-ink tabular-nums">{heads(next.required)}</b> needed
            </>
          )}
        </span>
      )}
    </section>
  );
}
