import { cn } from "@/lib/cn";
import type { Headline } from "@/lib/display/headline";
import { formatShare } from "@/lib/display/span";
import { LevelIcon } from "./level-icon";


/**
 * Logged in, available now, on a call, not ready (with its share of the logged in), past alert:
 * the numbers read first, always in sight. `tv`: sized for the wallboard (viewport units).
 */
export function HeadlineBar({ h, tv = false, className }: { h: Headline; tv?: boolean; className?: string }) {
  const item = cn("inline-flex items-baseline", tv ? "gap-[0.8vh]" : "gap-1.5");
  const num = cn("font-bold tabular-nums", tv ? "text-[3.2vh]" : "text-xl");
  const label = "text-ink-muted";
  return (
    <section aria-label="Headline" className={cn("flex flex-wrap items-center", tv ? "gap-x-[3vh] gap-y-[0.5vh] text-[2.2vh]" : "gap-x-6 gap-y-1 text-sm", className)} data-field="headline">
      <span className={item} data-field="headline-logged-in">
        <span className={num}>{h.loggedIn}</span>
        <span className={label}>logged in</span>
      </span>
      <span className={item} data-field="headline-available">
        <span className={cn(num, "text-state-ready-ink")}>{h.available}</span>
        <span className={label}>available</span>
      </span>
      <span className={item} data-field="headline-on-call">
        <span className={cn(num, "text-state-busy-ink")}>{h.onCall}</span>
        <span className={label}>on a call</span>
      </span>
      <span className={item} data-field="headline-not-ready" data-share={Math.round(h.notReadyShare * 100)}>
        <span className={cn(num, "text-state-notready-ink")}>{h.notReady}</span>
        <span className={label}>
          not ready <span className="font-semibold text-ink">({formatShare(h.notReadyShare)} of logged in)</span>
        </span>
      </span>
      <span className={cn(item, h.pastAlert > 0 && "rounded-md bg-alert-surface px-2 text-alert-ink")} data-field="headline-past-alert" data-count={h.pastAlert}>
        {h.pastAlert > 0 && <LevelIcon level="alert" className="size-[1em] self-center" />}
        <span className={num}>{h.pastAlert}</span>
        <span className={h.pastAlert > 0 ? "font-semibold" : label}>past alert</span>
      </span>
    </section>
  );
}
