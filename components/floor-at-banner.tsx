"use client";

import { useEffect, useState } from "react";
import { cn } from "@/lib/cn";
import { formatClock, formatClockSeconds, formatLocal, parseLocalInput, toLocalInput } from "@/lib/display/time";
import { BANNER_BOX, FloorAtTitle, SCRUBBER_BOX } from "./floor-at-title";
import { startOfDay } from "@/lib/time/zone";

/**
 * The floor at a past instant, said so it cannot be taken for now: "The floor at 10:32:00 on Tue
 * 3 Dec — not live", one click back to live, and a scrubber to move through that day a minute at
 * a time (its thumb, the arrow keys, a minute back or on) or change by change (the floor's last
 * change before the instant, its next after it).
 */

export interface FloorAtBannerProps {
  at: number;
  zone: string;
  /** The server's clock now: the scrubber ends there. */
  now: number;
  previousChangeAt: number | null;
  nextChangeAt: number | null;
  /** Part of the floor at the instant is still being read from Kore.ai. */
  filling: boolean;
  onChange: (at: number | null) => void;
  /** A TV's wallboard: larger, without the scrubber (nobody holds a mouse there). */
  tv?: boolean;
}

const MINUTE = 60_000;
/** A step's button: narrow enough for four in a phone's row. */
const STEP = "whitespace-nowrap rounded-md border border-line bg-surface px-1 py-1.5 text-sm font-semibold hover:bg-surface-muted disabled:opacity-50 sm:px-3";

export function FloorAtBanner({ at, zone, now, previousChangeAt, nextChangeAt, filling, onChange, tv }: FloorAtBannerProps) {
  // While the thumb moves, the time it points at is said; the floor is asked for once it rests.
  const [moving, setMoving] = useState<number | null>(null);
  useEffect(() => {
    if (moving === null || moving === at) return;
    const id = setTimeout(() => onChange(moving), 300);
    return () => clearTimeout(id);
  }, [moving, at, onChange]);
  const shown = moving ?? at;
  const dayFrom = startOfDay(at, zone);
  const dayTo = Math.min(startOfDay(at, zone, 1) - MINUTE, now - MINUTE);
  const day = formatLocal(shown, { weekday: "short", day: "numeric", month: "short", timeZone: zone });
  const go = (t: number) => {
    setMoving(null);
    onChange(Math.min(now - 1000, Math.max(0, t)));
  };
  return (
    <section aria-label="The floor at a past instant" className={cn(BANNER_BOX, tv && "text-2xl")} data-field="floor-at">
      <FloorAtTitle at={at} shown={shown} zone={zone} filling={filling} onLive={() => onChange(null)} tv={tv} />
      {!tv && (
        <div className={SCRUBBER_BOX}>
          <button type="button" className={STEP} disabled={previousChangeAt === null} onClick={() => previousChangeAt !== null && go(previousChangeAt)} data-field="previous-change" title={previousChangeAt === null ? undefined : `The change before, at ${formatClockSeconds(previousChangeAt, zone)}`}>
            ◀ Change
          </button>
          <button type="button" className={STEP} onClick={() => go(at - MINUTE)} data-field="minute-back">
            −1 min
          </button>
          <label className="col-span-4 row-start-1 flex items-center gap-2 sm:order-none sm:grow">
            <span className="sr-only">Time of day</span>
            <span className="text-xs text-ink-muted tabular-nums">{formatClock(dayFrom, zone)}</span>
            <input
              type="range"
              className="min-w-40 grow accent-brand"
              min={dayFrom}
              max={Math.max(dayFrom, dayTo)}
              step={MINUTE}
              value={Math.min(Math.max(shown, dayFrom), Math.max(dayFrom, dayTo))}
              onChange={(e) => setMoving(Number(e.target.value))}
              aria-valuetext={`${formatClock(shown, zone)} on ${day}`}
              data-field="scrubber"
            />
            <span className="text-xs text-ink-muted tabular-nums">{formatClock(Math.max(dayFrom, dayTo), zone)}</span>
          </label>
          <button type="button" className={STEP} disabled={at + MINUTE >= now} onClick={() => go(at + MINUTE)} data-field="minute-on">
            +1 min
          </button>
          <button type="button" className={STEP} disabled={nextChangeAt === null} onClick={() => nextChangeAt !== null && go(nextChangeAt)} data-field="next-change" title={nextChangeAt === null ? undefined : `The next change, at ${formatClockSeconds(nextChangeAt, zone)}`}>
            Change ▶
          </button>
          <label className="col-span-4 flex items-center gap-1">
            <span className="text-xs text-ink-muted">Go to</span>
            <input
              type="datetime-local"
              className="rounded-md border border-line bg-surface px-2 py-1"
              defaultValue={toLocalInput(at, zone)}
              key={at}
              max={toLocalInput(now, zone)}
              onChange={(e) => {
                const t = parseLocalInput(e.target.value, zone);
                if (t !== null && t < now) go(t);
              }}
              data-field="go-to"
            />
          </label>
        </div>
      )}
    </section>
  );
}
