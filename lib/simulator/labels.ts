import sample from "./sample-labels.json";
import type { SimAgent } from "./floor";

/** The simulated floor's teams (the feed carries none; a tenant's labels config maps them). */
export const SIM_TEAMS = ["Billing", "Tech support", "Sales", "Retention"] as const;

/** Team name → agent ids: agents are dealt to the teams in turn. */
function simulatedTeams(agents: readonly SimAgent[]): Record<string, string[]> {
  const teams: Record<string, string[]> = Object.fromEntries(SIM_TEAMS.map((t) => [t, []]));
  agents.forEach((a, i) => teams[SIM_TEAMS[i % SIM_TEAMS.length]!]!.push(a.agentId));
  return teams;
}

/** The labels config the simulator ships (sample-labels.json) with its agents dealt into teams, as JSON text. */
export function sampleLabelsFor(agents: readonly SimAgent[]): string {
  return JSON.stringify({ ...sample, teams: simulatedTeams(agents) });
}
