import type { Level } from "@/lib/states/thresholds";

/** A triangle for amber, an octagon for red: a threshold level is never colour alone. */
export function LevelIcon({ level, className = "size-[1em]" }: { level: Exclude<Level, "ok">; className?: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden className={className} fill="none" stroke="currentColor" strokeWidth={2} strokeLinejoin="round" strokeLinecap="round">
      {level === "alert" ? <path d="M5.5 1.5h5l4 4v5l-4 4h-5l-4-4v-5z" /> : <path d="M8 1.8l6.5 12H1.5z" />}
      <path d="M8 5.5v3.5M8 11.6v.1" />
    </svg>
  );
}
