import type { AgentSnapshot } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { describeActivity, TONE_ORDER, type StateTone } from "@/lib/display/activity";
import { TONE_BADGE } from "./state-badge";
import { StateIcon } from "./state-icon";

interface Count {
  label: string;
  tone: StateTone;
  count: number;
}

export function countStates(agents: readonly AgentSnapshot[]): Count[] {
  const byLabel = new Map<string, Count>();
  for (const a of agents) {
    const { label, tone } = describeActivity(a.activity);
    const c = byLabel.get(label);
    if (c) c.count++;
    else byLabel.set(label, { label, tone, count: 1 });
  }
  return [...byLabel.values()].sort((a, b) => TONE_ORDER.indexOf(a.tone) - TONE_ORDER.indexOf(b.tone) || a.label.localeCompare(b.label));
}

export function StateSummary({ agents }: { agents: readonly AgentSnapshot[] }) {
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Agents per state">
      {countStates(agents).map((c) => (
        <li key={c.label} data-state-count={c.label} className={cn("inline-flex items-center gap-2 rounded-lg border px-3 py-1.5", TONE_BADGE[c.tone])}>
          <StateIcon tone={c.tone} className="size-4" />
          <span className="font-medium">{c.label}</span>
          <span className="text-lg font-bold tabular-nums">{c.count}</span>
        </li>
      ))}
    </ul>
  );
}
