import type { AgentSnapshot } from "@/lib/api-types";
import { csvDocument } from "@/lib/csv";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { formatDuration } from "./duration";

const HEADER = ["Name", "Agent ID", "Team", "State", "Activity", "Reason code", "Reason", "Since (UTC)", "Time in state", "Seconds in state"];



/** The agents as shown (in order), with time in state as of `now` (server clock). */
export function agentsCsv(vocab: Vocabulary, agents: readonly AgentSnapshot[], now: number): string {
  const rows: string[][] = [HEADER];
  for (const a of agents) {
    const since = a.since === null ? null : Date.parse(a.since);
    const ms = since === null ? null : Math.max(0, now - since);
    const d = vocab.describe(a);
    rows.push([
        a.name ?? "",
        a.agentId,
        a.team ?? "",
        d.label,
        a.activity ?? "",
        a.reasonCode ?? "",
        d.reason?.label ?? "",
        a.since ?? "",
        ms === null ? "" : formatDuration(ms),
        ms === null ? "" : String(Math.floor(ms / 1000)),
    ]);
  }
  return csvDocument(rows);
}
