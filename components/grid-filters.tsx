import { cn } from "@/lib/cn";
import type { StateFamily } from "@/lib/states/family";
import { StateIcon } from "./state-icon";
import { FAMILY_BADGE } from "./state-styles";

export interface Chip {
  value: string;
  label: string;
  count: number;
  family?: StateFamily;
  /** The labels config's own colour for the state, for the chip's border. */
  colour?: string | null;
}

/**
 * Counts that are also filters: "Not ready 7" says how many, and pressing it shows just them
 * (press more to add; press again to remove). A chip at 0 stays in its place, greyed (dashed,
 * muted text that still reads at 4.5:1), so nothing moves when a count drops to nothing; a chosen
 * value stays visible at 0, so it can be un-chosen.
 */
export function FilterChips({ name, label, chips, selected, onToggle }: { name: string; label: string; chips: readonly Chip[]; selected: readonly string[]; onToggle: (value: string) => void }) {
  const shown = [...chips];
  for (const value of selected) if (!chips.some((c) => c.value === value)) shown.push({ value, label: value, count: 0 });
  if (shown.length === 0) return null;
  return (
    <div role="group" aria-label={`Filter by ${label.toLowerCase()}`} className="flex flex-wrap items-center gap-2" data-filter={name}>
      <span className="w-16 shrink-0 text-xs font-semibold tracking-wide text-ink-muted uppercase">{label}</span>
      {shown.map((c) => {
        const pressed = selected.includes(c.value);
        const empty = c.count === 0 && !pressed;
        return (
          <button
            key={c.value}
            type="button"
            aria-pressed={pressed}
            onClick={() => onToggle(c.value)}
            data-value={c.value}
            data-count={c.count}
            data-empty={empty || undefined}
            className={cn(
              "inline-flex items-center gap-2 rounded-lg border px-2.5 py-1 text-sm transition-shadow outline-none focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-ink focus-visible:outline-solid motion-reduce:transition-none",
              empty ? "border-dashed border-line bg-transparent text-ink-muted" : c.family ? FAMILY_BADGE[c.family] : "border-line bg-surface text-ink",
              pressed ? "shadow-[0_0_0_2px_var(--color-ink)]" : "hover:shadow-[0_0_0_1px_var(--color-ink-muted)]",
            )}
            style={c.colour && !empty ? { borderColor: c.colour } : undefined}
          >
            {c.family && <StateIcon family={c.family} className="size-4" />}
            <span className="font-medium">{c.label}</span>
            <span className="text-base font-bold tabular-nums">{c.count}</span>
            {pressed && (
              <svg viewBox="0 0 16 16" aria-hidden className="size-3.5" fill="none" stroke="currentColor" strokeWidth={2.5} strokeLinecap="round">
                <path d="M4 4l8 8M12 4l-8 8" />
              </svg>
            )}
          </button>
        );
      })}
    </div>
  );
}
