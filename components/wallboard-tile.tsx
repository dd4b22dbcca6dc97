import { memo } from "react";
import type { AcknowledgedAnswer, AgentSnapshot, LiveAdherenceAgent } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { EXCEPTION_MARKS } from "@/lib/display/schedules";
import { formatSpan } from "@/lib/display/span";
import { initials } from "@/lib/display/wallboard";
import type { Level } from "@/lib/states/thresholds";
import { LevelIcon } from "./level-icon";
import { LiveDuration } from "./live-duration";
import { StateIcon } from "./state-icon";
import { FAMILY_BAR, FAMILY_TEXT } from "./state-styles";
import { useVocabulary } from "./vocabulary";
import { formatLocal } from "@/lib/display/time";

const LEVEL_TILE: Record<Level, string> = {
  ok: "bg-surface",
  warn: "bg-warn-surface outline-warn outline-[0.45vh] -outline-offset-[0.45vh] outline",
  alert: "bg-alert text-white outline-white outline-[0.45vh] -outline-offset-[0.45vh] outline",
};

export interface WallboardTileProps {
  agent: AgentSnapshot;
  level: Level;
  /** The threshold the agent has passed, for the tile's label ("over 10 min"). */
  limitMs: number | null;
  privacy: boolean;
  /** Logged out or no activity: a quiet tile, when they left instead of a large timer. */
  offFloor?: boolean;
  /** Out of schedule adherence past the grace: the exception, marked on the tile. */
  adherence?: LiveAdherenceAgent | null;
  /** An alert about the agent someone is on: "✓ Sam on it", so nobody else runs over. */
  ack?: AcknowledgedAnswer["agents"][string];
}


/** "since 7:32 AM"; "since Mon 6:05 PM" when that was more than 12 hours ago. */
function sinceText(iso: string): string {
  const at = new Date(iso);
  const long = Date.now() - at.getTime() > 12 * 3_600_000;
  return `since ${formatLocal(at, long ? { weekday: "short", hour: "numeric", minute: "2-digit" } : { hour: "numeric", minute: "2-digit" })}`;
}

/**
 * One agent, readable from across the room: name, state as icon + word + colour, reason, and a
 * large ticking time in state. Past a threshold the tile turns amber (outline) or red (filled)
 * and says so in words. Someone logged out is a quiet tile that says since when: the large
 * numbers on the board are for the floor at work. Every size inside is relative to the tile (container units), so one
 * tile design serves 720p and 4K alike.
 */
export const WallboardTile = memo(function WallboardTile({ agent, level, limitMs, privacy, offFloor = false, adherence = null, ack }: WallboardTileProps) {
  const { family, label, customColour, reason } = useVocabulary().describe(agent);
  const name = privacy ? initials(agent) : (agent.name ?? agent.agentId);
  const alert = level === "alert";
  return (
    <a
      href={privacy ? undefined : `/agents/${encodeURIComponent(agent.agentId)}`}
      data-agent-id={agent.agentId}
      data-level={level}
      data-off-floor={offFloor || undefined}
      className={cn("relative flex min-h-0 min-w-0 overflow-hidden rounded-[0.9vh] [container-type:size]", offFloor ? "bg-surface-muted text-ink-muted" : LEVEL_TILE[level])}
    >
      <span aria-hidden className={cn("w-[2.5cqw] shrink-0", FAMILY_BAR[family])} style={customColour ? { backgroundColor: customColour } : undefined} />
      <div className="flex min-w-0 flex-1 flex-col justify-between px-[4cqw] py-[6cqh]">
        <span className="truncate text-[min(21cqh,9cqw)] leading-tight font-semibold" data-field="name">
          {name}
        </span>
        <div className="flex min-w-0 items-center gap-[2.5cqw] text-[min(17cqh,7.5cqw)] leading-tight">
          <span data-field="activity" className={cn("flex shrink-0 items-center gap-[1.2cqw] font-bold", alert ? "text-white" : FAMILY_TEXT[family])}>
            <StateIcon family={family} className="size-[1em]" />
            {label}
          </span>
          <span data-field="reason" className={cn("truncate", alert ? "text-white" : "text-ink-muted")}>
            {reason?.phrase ?? ""}
          </span>
        </div>
        <div className="flex min-w-0 items-end justify-between gap-[2cqw]">
          {offFloor ? (
            <span data-field="time-in-state" className="text-[min(15cqh,6cqw)] leading-none">
              {agent.since ? sinceText(agent.since) : ""}
            </span>
          ) : (
            <LiveDuration data-field="time-in-state" from={agent.since ? Date.parse(agent.since) : null} className="font-mono text-[min(32cqh,13cqw)] leading-none font-bold tabular-nums" />
          )}
          {/* The marks stand beside the time, the acknowledgement above the others: the name keeps the whole top line (read across the room). */}
          <div className="ml-auto flex shrink-0 flex-col items-end gap-[2.5cqh]">
            {ack && (
              <span data-field="acknowledged" title={`${ack.by} is on it: “${ack.note}”`} className={cn("rounded-[3cqh] px-[2cqw] py-[1cqh] text-[min(13cqh,5.5cqw)] leading-none font-bold", alert ? "bg-white text-alert" : "bg-state-ready/15 text-state-ready-ink")}>
                ✓ {privacy ? "on it" : `${ack.by.split(" ")[0]} on it`}
              </span>
            )}
            <div className="flex items-end gap-[2cqw]">
              {adherence?.exception && (
                <span data-field="adherence" data-exception={adherence.exception} className={cn("shrink-0 rounded-[3cqh] border-[0.8cqh] px-[2cqw] py-[0.6cqh] text-[min(13cqh,5.5cqw)] leading-none font-bold uppercase", alert ? "border-white text-white" : "border-alert text-alert-ink")}>
                  {EXCEPTION_MARKS[adherence.exception]}
                </span>
              )}
              {level !== "ok" && limitMs !== null && (
                <span data-field="level" className={cn("flex shrink-0 items-center gap-[1cqw] rounded-[3cqh] px-[2cqw] py-[1cqh] text-[min(13cqh,5.5cqw)] leading-none font-bold uppercase", alert ? "bg-white text-alert" : "bg-warn text-black")}>
                  <LevelIcon level={level} />
                  over {formatSpan(limitMs)}
                </span>
              )}
            </div>
          </div>
        </div>
      </div>
    </a>
  );
});
