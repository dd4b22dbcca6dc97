"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { adherenceGroups, adherencePercent, exceptionCounts, sumsOf, type AdherenceSums } from "@/lib/display/adherence";
import { formatSpan } from "@/lib/display/span";
import { adherenceReportOptions } from "@/lib/queries/schedules";
import { reportSearch, type ReportParams } from "@/lib/queries/reports";
import { compareText } from "@/lib/states/collate";
import { TABLE_HEAD } from "./ui";

const pct = (s: AdherenceSums) => {
  const p = adherencePercent(s);
  return p === null ? "—" : `${p.toFixed(1)} %`;
};
const hours = (seconds: number) => formatSpan(seconds * 1000);

/**
 * The report's schedule adherence: per team and for the floor, per day of the window's zone and
 * over the window; per agent, lowest first, with the exceptions by type. Shown when someone in
 * the report is scheduled.
 */
export function AdherenceReportSection({ params, teamNames, zone, canExport = false }: { params: ReportParams; teamNames: readonly string[]; zone: string; canExport?: boolean }) {
  const { data } = useQuery(adherenceReportOptions(params));
  const groups = useMemo(() => (data ? adherenceGroups(data.agents, teamNames) : null), [data, teamNames]);
  const agents = useMemo(() => [...(data?.agents ?? [])].sort((a, b) => (a.percent ?? 101) - (b.percent ?? 101) || compareText(a.name ?? a.agentId, b.name ?? b.agentId)), [data]);
  if (!data || !groups || data.agents.length === 0) return null;
  const day = new Intl.DateTimeFormat("en", { timeZone: zone, weekday: "short", day: "numeric", month: "short" });
  return (
    <section aria-labelledby="adherence-heading" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4 print:break-inside-avoid" data-field="adherence-report">
      <div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="adherence-heading" className="text-lg font-bold">
            Schedule adherence
          </h2>
          {/* Each agent per day as the table adds it up, to sign off or hand on: an audited export. */}
          {canExport && (
          <a href={`/api/adherence?${reportSearch({ ...params, interval: "1d" }, { format: "csv" })}`} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold hover:bg-surface-muted" data-field="export-adherence">
            Adherence CSV
          </a>
          )}
        </div>
        <p className="text-sm text-ink-muted">
          (Adherent + excused) ÷ (scheduled − unknown − neutral) time: the share of the scheduled time, whose state is known, spent as scheduled or excused by a supervisor. A team&apos;s figure is its agents&apos; seconds added up.
          {!data.complete && " Still reading part of the window…"}
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm tabular-nums" data-adherence-days>
          <thead className={TABLE_HEAD}>
            <tr className="border-b border-line">
              <th scope="col" className="px-2 py-1.5 text-left font-semibold">
                Team
              </th>
              {groups.starts.map((s) => (
                <th key={s} scope="col" className="px-2 py-1.5 text-right font-semibold normal-case">
                  {day.format(Date.parse(s))}
                </th>
              ))}
              <th scope="col" className="px-2 py-1.5 text-right font-semibold">
                Window
              </th>
            </tr>
          </thead>
          <tbody>
            {[...groups.teams, { ...groups.floor, floor: true }].map((g) => (
              <tr key={"floor" in g ? "floor" : (g.team ?? "none")} className={"floor" in g ? "border-t-2 border-ink font-semibold" : "border-t border-line"} data-adherence-team={"floor" in g ? "Floor" : (g.team ?? "")}>
                <th scope="row" className="px-2 py-1.5 text-left">
                  {"floor" in g ? "Floor" : (g.team ?? "No team")} <span className="text-xs font-normal text-ink-muted">{g.agents} agents</span>
                </th>
                {g.intervals.map((c, i) => (
                  <td key={groups.starts[i]} className="px-2 py-1.5 text-right">
                    {pct(c)}
                  </td>
                ))}
                <td className="px-2 py-1.5 text-right font-semibold" data-field="percent">
                  {pct(g.total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="text-sm" open={agents.length <= 50}>
        <summary className="cursor-pointer font-semibold">Per agent, lowest first ({agents.length})</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full tabular-nums" data-adherence-agents>
            <thead className={TABLE_HEAD}>
              <tr className="border-b border-line">
                <th scope="col" className="px-2 py-1.5 text-left font-semibold">Agent</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">Scheduled</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">Adherent</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">Unknown</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">Adherence</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">Late</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">Left early</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold">Not as scheduled</th>
                <th scope="col" className="px-2 py-1.5 text-right font-semibold" title="On the floor outside the schedule: reported, not counted">Unscheduled</th>
              </tr>
            </thead>
            <tbody>
              {agents.slice(0, 500).map((a) => {
                const n = exceptionCounts(a);
                return (
                  <tr key={a.agentId} data-agent-id={a.agentId} className="border-t border-line">
                    <th scope="row" className="px-2 py-1 text-left font-medium">
                      <Link prefetch={false} href={`/agents/${encodeURIComponent(a.agentId)}?window=custom&from=${encodeURIComponent(data.from)}&to=${encodeURIComponent(data.to)}`} className="hover:underline">
                        {a.name ?? a.agentId}
                      </Link>{" "}
                      <span className="text-xs font-normal text-ink-muted">{a.team ?? ""}</span>
                    </th>
                    <td className="px-2 py-1 text-right">{hours(a.scheduledSeconds)}</td>
                    <td className="px-2 py-1 text-right">{hours(a.adherentSeconds)}</td>
                    <td className="px-2 py-1 text-right">{a.unknownSeconds > 0 ? hours(a.unknownSeconds) : "—"}</td>
                    <td className="px-2 py-1 text-right font-semibold" data-field="percent">
                      {pct(sumsOf(a))}
                    </td>
                    <td className="px-2 py-1 text-right">{n.late || ""}</td>
                    <td className="px-2 py-1 text-right">{n.early_leave || ""}</td>
                    <td className="px-2 py-1 text-right">{n.wrong_activity || ""}</td>
                    <td className="px-2 py-1 text-right text-ink-muted">{n.unscheduled || ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {agents.length > 500 && <p className="pt-1 text-ink-muted">The 500 lowest shown of {agents.length}.</p>}
        </div>
      </details>
    </section>
  );
}
