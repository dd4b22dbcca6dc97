import { cn } from "@/lib/cn";
import { StateIcon } from "./state-icon";
import { FAMILY_BADGE } from "./state-styles";
import { useVocabulary } from "./vocabulary";

export function StateBadge({ activity, className }: { activity: string | null; className?: string }) {
  const { family, label, customColour } = useVocabulary().state(activity);
  return (
    <span
      className={cn("inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-sm font-medium whitespace-nowrap", FAMILY_BADGE[family], className)}
      style={customColour ? { borderColor: customColour } : undefined}
      title={activity ?? undefined}
    >
      <StateIcon family={family} className="size-3.5 shrink-0" />
      {label}
    </span>
  );
}
