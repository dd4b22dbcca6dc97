import type { AgentSnapshot } from "@/lib/api-types";
import type { Vocabulary } from "@/lib/states/vocabulary";
import type { AgentLevel } from "./agent-levels";
import { isLoggedIn } from "@/lib/states/family";

/**
 * The five numbers a supervisor reads first, over the grid and the wallboard: who is logged in,
 * available now, on a call, not ready (and what share of the logged-in floor that is), and past
 * alert. "Logged in" is every agent in a state but logged out or none; after-call work and other
 * states count as logged in without a number of their own.
 */
export interface Headline {
  loggedIn: number;
  available: number;
  onCall: number;
  notReady: number;
  /** notReady ÷ loggedIn, 0 when nobody is logged in. */
  notReadyShare: number;
  pastAlert: number;
}

export function headline(vocab: Vocabulary, agents: readonly AgentSnapshot[], levels: ReadonlyMap<string, AgentLevel>): Headline {
  const h: Headline = { loggedIn: 0, available: 0, onCall: 0, notReady: 0, notReadyShare: 0, pastAlert: 0 };
  for (const a of agents) {
    const family = vocab.state(a.activity).family;
    if (!isLoggedIn(family)) continue;
    h.loggedIn++;
    if (family === "ready") h.available++;
    else if (family === "busy") h.onCall++;
    else if (family === "notready") h.notReady++;
    if (levels.get(a.agentId)?.level === "alert") h.pastAlert++;
  }
  h.notReadyShare = h.loggedIn > 0 ? h.notReady / h.loggedIn : 0;
  return h;
}
