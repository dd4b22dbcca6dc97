/** One state change reported by the activity feed, in our own shape (times are epoch ms, UTC). */
export interface ActivityEvent {
  agentId: string;
  time: number;
  /** Kept exactly as Kore.ai sent it: the set of activity values is not documented. */
  activity: string;
  /** `null` when the feed sent no code or an empty one. */
  reasonCode: string | null;
}

/** An agent's current state: the latest run of events with the same activity and reason code. */
export interface AgentState {
  activity: string;
  reasonCode: string | null;
  /** Time of the first event of the current run. */
  since: number;
  /** Time of the newest event seen for the agent. */
  lastEventAt: number;
}

export interface RosterEntry {
  agentId: string;
  firstName: string;
  lastName: string;
  /** The agent's e-mail as the Agents API lists it (lower case), when it does: how a WFM tool's file may name them. */
  email?: string;
}
