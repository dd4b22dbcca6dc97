import { cn } from "@/lib/cn";
import { formatClockSeconds, formatLocal } from "@/lib/display/time";
import { button } from "./ui";

/**
 * The first line of the past instant's banner, "The floor at 10:32:00 on Tue 3 Dec — not live"
 * with Back to live: drawn with the page (it is what must never be missed), while the scrubber
 * below it (`FloorAtBanner`) is loaded into a box of its final size.
 */

/** The scrubber's box: its height fixed at each width, so nothing moves when it arrives. */
export const SCRUBBER_BOX = "grid h-[7.25rem] grid-cols-4 items-center gap-2 text-sm sm:flex sm:h-9";

export const BANNER_BOX = "flex flex-col gap-2 rounded-xl border-2 border-brand bg-brand/10 px-4 py-3";

export function FloorAtTitle({ at, shown = at, zone, filling, onLive, tv }: { at: number; shown?: number; zone: string; filling: boolean; onLive: () => void; tv?: boolean }) {
  const day = formatLocal(shown, { weekday: "short", day: "numeric", month: "short", timeZone: zone });
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <p className={cn("font-semibold", tv ? "text-[2.6vh]" : "min-h-12 basis-full sm:min-h-0 sm:basis-auto")} role="status" data-field="floor-at-when" data-at={new Date(at).toISOString()}>
        The floor at <time dateTime={new Date(shown).toISOString()}>{formatClockSeconds(shown, zone)}</time> on {day} — <span className="uppercase">not live</span>
        {filling && <span className="ml-2 text-sm font-normal text-ink-muted">(still reading part of it from Kore.ai)</span>}
      </p>
      <span className="hidden grow sm:block" />
      <button type="button" className={button("primary", "sm")} onClick={onLive} data-field="back-to-live">
        Back to live
      </button>
    </div>
  );
}
