import "server-only";
import type { AdherenceReport } from "@/lib/api-types";
import { csvDocument } from "@/lib/csv";

/** The adherence CSV's header: one row an agent (or an agent's interval), the seconds and the % as `/api/adherence` says them. */
export const ADHERENCE_CSV_COLUMNS = ["agent_id", "name", "team", "start", "end", "scheduled_seconds", "adherent_seconds", "excused_seconds", "neutral_seconds", "unknown_seconds", "percent", "exceptions"] as const;

/**
 * Adherence as a planner signs it off (`/api/adherence?format=csv`): each agent over the window,
 * or, with `interval`, each agent's intervals; the percent by the one formula,
 * (adherent + excused) ÷ (scheduled − unknown − neutral), exactly as the JSON carries it.
 */
export function adherenceCsv(report: AdherenceReport): string {
  const rows: string[][] = [[...ADHERENCE_CSV_COLUMNS]];
  const num = (n: number) => String(n);
  const pct = (p: number | null) => (p === null ? "" : p.toFixed(2));
  for (const a of report.agents) {
    const who = [a.agentId, a.name ?? "", a.team ?? ""];
    if (a.intervals) {
      for (const i of a.intervals) rows.push([...who, i.start, i.end, num(i.scheduledSeconds), num(i.adherentSeconds), num(i.excusedSeconds), num(i.neutralSeconds), num(i.unknownSeconds), pct(i.percent), ""]);
    } else {
      rows.push([...who, report.from, report.to, num(a.scheduledSeconds), num(a.adherentSeconds), num(a.excusedSeconds), num(a.neutralSeconds), num(a.unknownSeconds), pct(a.percent), String(a.exceptions.filter((e) => e.review === "open" || e.review === "confirmed").length)]);
    }
  }
  return csvDocument(rows);
}
