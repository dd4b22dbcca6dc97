import type { AgentSnapshot } from "@/lib/api-types";
import type { Level } from "@/lib/states/thresholds";
import type { LevelInfo, Vocabulary } from "@/lib/states/vocabulary";

/**
 * Agents against their time-in-state thresholds, for every screen: the grid's amber and red
 * rows, the wallboard's order and tiles, the alerts. The rule and the level are the
 * vocabulary's; this only reads an agent's `since` off the snapshot.
 */

export interface AgentLevel {
  level: Exclude<Level, "ok">;
  /** The threshold passed: "over 20 min". */
  limitMs: number;
}

/** When the agent's current state began (epoch ms), or null. */
export const sinceOf = (agent: AgentSnapshot): number | null => (agent.since === null ? null : Date.parse(agent.since));

export function agentLevel(vocab: Vocabulary, agent: AgentSnapshot, now: number): LevelInfo {
  return vocab.level(agent, sinceOf(agent), now);
}

/** Agents past a threshold at `now` (server clock), by id; agents within all limits are absent. */
export function levelsAt(vocab: Vocabulary, agents: readonly AgentSnapshot[], now: number): Map<string, AgentLevel> {
  const out = new Map<string, AgentLevel>();
  if (vocab.rules.length === 0) return out;
  for (const a of agents) {
    const { level, limitMs } = agentLevel(vocab, a, now);
    if (level !== "ok" && limitMs !== null) out.set(a.agentId, { level, limitMs });
  }
  return out;
}

/** Milliseconds until any agent crosses a threshold (when colours and order change next); null: never. */
export function nextChangeMs(vocab: Vocabulary, agents: readonly AgentSnapshot[], now: number): number | null {
  let next: number | null = null;
  for (const a of agents) {
    const at = agentLevel(vocab, a, now).nextCrossingAt;
    if (at !== null && (next === null || at - now < next)) next = at - now;
  }
  return next;
}

/**
 * Tells which agents have just crossed into alert, once per crossing: an agent is announced
 * again only after a new state (a new `since`) crosses again. Agents already past alert when
 * watching begins are not announced (a page load must not ring for the whole floor).
 */
export class CrossingWatcher {
  private announced = new Map<string, string>();
  private primed = false;

  update(agents: readonly AgentSnapshot[], levels: ReadonlyMap<string, AgentLevel>): AgentSnapshot[] {
    const crossed: AgentSnapshot[] = [];
    const next = new Map<string, string>();
    for (const a of agents) {
      if (levels.get(a.agentId)?.level !== "alert") continue;
      const key = `${a.since}|${a.activity}|${a.reasonCode}`;
      next.set(a.agentId, key);
      if (this.primed && this.announced.get(a.agentId) !== key) crossed.push(a);
    }
    this.announced = next;
    if (agents.length > 0) this.primed = true;
    return crossed;
  }
}
