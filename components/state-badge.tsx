import { cn } from "@/lib/cn";
import { describeActivity, type StateTone } from "@/lib/display/activity";
import { StateIcon } from "./state-icon";

/** Tone → classes, written out in full so Tailwind sees every class. */
export const TONE_BADGE: Record<StateTone, string> = {
  ready: "bg-state-ready/15 text-state-ready-ink border-state-ready",
  busy: "bg-state-busy/15 text-state-busy-ink border-state-busy",
  acw: "bg-state-acw/15 text-state-acw-ink border-state-acw",
  notready: "bg-state-notready/15 text-state-notready-ink border-state-notready",
  offline: "bg-state-offline/15 text-state-offline-ink border-state-offline",
  other: "bg-state-other/15 text-state-other-ink border-state-other",
  none: "bg-transparent text-state-none-ink border-state-none border-dashed",
};

export const TONE_BAR: Record<StateTone, string> = {
  ready: "bg-state-ready",
  busy: "bg-state-busy",
  acw: "bg-state-acw",
  notready: "bg-state-notready",
  offline: "bg-state-offline",
  other: "bg-state-other",
  none: "bg-state-none",
};

export function StateBadge({ activity, className }: { activity: string | null; className?: string }) {
  const { tone, label, color } = describeActivity(activity);
  return (
    <span
      className={cn("inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-sm font-medium whitespace-nowrap", TONE_BADGE[tone], className)}
      style={color ? { borderColor: color } : undefined}
      title={activity ?? undefined}
    >
      <StateIcon tone={tone} className="size-3.5 shrink-0" />
      {label}
    </span>
  );
}
