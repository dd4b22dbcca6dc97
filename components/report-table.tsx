"use client";

import { flushSync } from "react-dom";
import { memo, startTransition, useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { hmm, RATIOS, ratios, stateShare, type AgentTotals, type ReportSummary, type Totals } from "@/lib/display/reports";
import { groupFacts, NO_FACTS, reportSortValue, type Facts, type ReportSortKey } from "@/lib/display/report-view";
import { formatShare } from "@/lib/display/span";
import { formatClock, formatDateTime } from "@/lib/display/time";
import { compareText } from "@/lib/states/collate";
import { TABLE_HEAD } from "./ui";
import { useWindowRows } from "./use-window-rows";

const ROWS_AT_ONCE = 50;
/** Above this many agents only the rows near the screen are in the page (all of them when printed). */
const WINDOW_ABOVE = 100;
/** Every agent's row is this tall on screen (one line of text-sm, py-1.5, the border; `h-[33px]` on the row): the windowing never measures. */
const ROW_PX = 33;

function Cell({ seconds, share, title }: { seconds: number; share?: number | null; title?: string }) {
  return (
    <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" title={title}>
      {seconds > 0 ? hmm(seconds) : <span className="text-ink-muted">0:00</span>}
      {share !== undefined && share !== null && seconds > 0 && <span className="report-share ml-1 text-xs text-ink-muted">{formatShare(share)}</span>}
    </td>
  );
}

function TotalsCells({ t, s, facts, zone, multiDay }: { t: Totals; s: ReportSummary; facts: Facts; zone: string; multiDay: boolean }) {
  const r = ratios(t);
  const at = (ms: number | null) => (ms === null ? "" : multiDay ? formatDateTime(ms, zone) : formatClock(ms, zone));
  return (
    <>
      <Cell seconds={t.loggedIn} title="Time in any state but logged out" />
      {s.states.map((c) => (
        <Cell key={c.key} seconds={t.states[c.key] ?? 0} share={stateShare(t, c)} title={c.family === "offline" ? undefined : `${c.label} ÷ logged in`} />
      ))}
      {s.reasons.map((x) => (
        <Cell key={x.code} seconds={t.reasons[x.code] ?? 0} />
      ))}
      <td className="px-2 py-1.5 text-right tabular-nums" title={RATIOS.notReadyShare.formula} data-field="not-ready-share">
        {formatShare(r.notReadyShare)}
      </td>
      <td className="px-2 py-1.5 text-right tabular-nums" title={RATIOS.occupancy.formula} data-field="occupancy">
        {formatShare(r.occupancy)}
      </td>
      <td className="px-2 py-1.5 text-right tabular-nums">{t.changes}</td>
      <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" data-field="first-login">
        {at(facts.firstLogin)}
      </td>
      <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" data-field="last-logout">
        {at(facts.lastLogout)}
      </td>
      <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" data-field="longest-not-ready" title={facts.longest ? `${at(facts.longest.start)} – ${facts.longest.end === null ? "now" : at(facts.longest.end)}` : undefined}>
        {facts.longest ? hmm(facts.longest.seconds) : ""}
      </td>
      <td className="px-2 py-1.5 text-right text-ink-muted tabular-nums" title="No known state: before the first event, or not read yet">
        {t.unknown > 0 ? hmm(t.unknown) : ""}
      </td>
    </>
  );
}

/** One agent's row: drawn again only when its numbers change (a sort or a filter only moves it). */
const AgentRow = memo(function AgentRow({ a, s, facts, zone, multiDay, from, to, index }: { a: AgentTotals; s: ReportSummary; facts: Facts; zone: string; multiDay: boolean; from: string; to: string; index: number }) {
  return (
    <tr className="h-[33px] border-t border-line print:h-auto" data-agent-id={a.agentId} aria-rowindex={index + 2}>
      <th scope="row" className="px-3 py-1.5 text-left font-medium whitespace-nowrap">
        <a href={`/agents/${encodeURIComponent(a.agentId)}?window=custom&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`} className="hover:underline" title={`Agent ID ${a.agentId}`} data-field="name">
          {a.name ?? a.agentId}
        </a>
        {a.team && <span className="ml-2 text-xs font-normal text-ink-muted">{a.team}</span>}
      </th>
      <TotalsCells t={a} s={s} facts={facts} zone={zone} multiDay={multiDay} />
    </tr>
  );
});

/** The agents the table shows, filtered by name or id and sorted by a column (the export writes them in this order). */
export function useReportRows(summary: ReportSummary | null, q: string) {
  const [sort, setSort] = useState<{ key: ReportSortKey; desc: boolean }>({ key: "name", desc: false });
  const agents = useMemo(() => {
    if (!summary) return [];
    const needle = q.trim().toLowerCase();
    const shown = needle ? summary.agents.filter((a) => `${a.name ?? ""} ${a.agentId}`.toLowerCase().includes(needle)) : [...summary.agents];
    const sign = sort.desc ? -1 : 1;
    return shown.sort((x, y) => {
      const a = reportSortValue(x, sort.key);
      const b = reportSortValue(y, sort.key);
      return sign * (typeof a === "string" ? compareText(a, b as string) : a - (b as number));
    });
  }, [summary, q, sort]);
  const onSort = (key: ReportSortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "name" }));
  return { agents, sort, onSort };
}

/** True between the browser's beforeprint and afterprint: a printed table holds every row. */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
  return printing;
}

export interface ReportTableProps {
  summary: ReportSummary;
  agents: readonly AgentTotals[];
  sort: { key: ReportSortKey; desc: boolean };
  onSort: (key: ReportSortKey) => void;
  facts: ReadonlyMap<string, Facts>;
  zone: string;
  multiDay: boolean;
  from: string;
  to: string;
  busy: boolean;
}

/** Time per agent, with team subtotals and the floor's total; sortable by any column. */
export function ReportTable({ summary, agents, sort, onSort, facts, zone, multiDay, from, to, busy }: ReportTableProps) {
  // Hundreds of agents, a score of cells each: only the rows near the screen are in the page
  // (a sort or a refresh draws those, bench:reports-page), every row when it is printed; the CSV
  // is written from the data. A smaller table arrives fifty rows at a time, one frame apart.
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const printing = usePrinting();
  const windowed = agents.length > WINDOW_ABOVE && !printing;
  const { first, last } = useWindowRows(bodyRef, agents.length, ROW_PX, 20, windowed).range;
  const [shownRows, setShownRows] = useState(ROWS_AT_ONCE);
  useEffect(() => {
    if (windowed || shownRows >= agents.length) return;
    const frame = requestAnimationFrame(() => startTransition(() => setShownRows((n) => n + ROWS_AT_ONCE)));
    return () => cancelAnimationFrame(frame);
  }, [windowed, shownRows, agents.length]);
  const [from0, to0] = windowed ? [first, last + 1] : [0, printing ? agents.length : shownRows];
  const factsOf = (id: string) => facts.get(id) ?? NO_FACTS;
  const factsOfGroup = (ids: readonly string[]) => groupFacts(ids.map(factsOf));
  const ariaSort = (key: ReportSortKey) => (sort.key === key ? (sort.desc ? "descending" : "ascending") : undefined);
  const arrow = (key: ReportSortKey) => (sort.key === key ? (sort.desc ? "▼" : "▲") : "");
  const head = (key: ReportSortKey, label: string, title?: string, className?: string) => (
    <th key={key} scope="col" className={cn("px-2 py-2 text-right font-semibold", className)} aria-sort={ariaSort(key)} title={title}>
      <button type="button" onClick={() => onSort(key)} className="inline-flex items-center gap-1 hover:text-ink print:pointer-events-none" data-sort={key}>
        {label}
        <span aria-hidden className="w-3">{arrow(key)}</span>
      </button>
    </th>
  );
  const plain = (label: string, title?: string) => (
    <th scope="col" className="px-2 py-2 text-right font-semibold" title={title}>
      {label}
    </th>
  );
  return (
    <section aria-label="Per agent" className="below-fold overflow-x-auto rounded-xl border border-line bg-surface print:overflow-visible print:border-0">
      <table className="report-table w-full text-sm" data-report-table data-rows={agents.length} data-windowed={windowed || undefined} aria-rowcount={agents.length + 1} aria-busy={busy || undefined}>
        <caption className="sr-only">Time per agent, with team subtotals and the floor&apos;s total. Durations in hours and minutes.</caption>
        <thead className={TABLE_HEAD}>
          <tr className="border-b border-line">
            <th scope="col" className="px-3 py-2 text-left font-semibold" aria-sort={ariaSort("name")}>
              <button type="button" onClick={() => onSort("name")} className="inline-flex items-center gap-1 uppercase hover:text-ink" data-sort="name">
                Agent <span aria-hidden className="w-3">{arrow("name")}</span>
              </button>
            </th>
            {head("loggedIn", "Logged in", "Time in any state but logged out")}
            {summary.states.map((c) => head(`state:${c.key}`, c.label, c.family === "offline" ? undefined : `h:mm, and the share of logged-in time (${c.label} ÷ logged in)`))}
            {summary.reasons.map((r) => head(`reason:${r.code}`, r.label, `Not ready with this reason${r.category ? ` (${r.category})` : ""}`, "normal-case"))}
            {head("notReadyShare", "Not ready %", RATIOS.notReadyShare.formula)}
            {head("occupancy", "Occupancy", RATIOS.occupancy.formula)}
            {head("changes", "Changes", "State changes in the window")}
            {plain("First login", "The first login seen in the window")}
            {plain("Last logout", "The last logout seen in the window")}
            {plain("Longest not ready", "The longest unbroken stretch of not ready, whatever its reasons")}
            {plain("Unknown")}
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {from0 > 0 && <tr aria-hidden style={{ height: from0 * ROW_PX }} />}
          {agents.slice(from0, to0).map((a, i) => (
            <AgentRow key={a.agentId} a={a} s={summary} facts={factsOf(a.agentId)} zone={zone} multiDay={multiDay} from={from} to={to} index={from0 + i} />
          ))}
          {windowed && to0 < agents.length && <tr aria-hidden style={{ height: (agents.length - to0) * ROW_PX }} />}
        </tbody>
        <tfoot className="font-semibold">
          {summary.teams.length > 1 &&
            summary.teams.map((t) => (
              <tr key={t.team ?? "none"} className="border-t border-line bg-surface-muted" data-team-total={t.team ?? ""}>
                <th scope="row" className="px-3 py-1.5 text-left">
                  {t.team ?? "No team"} <span className="text-xs font-normal text-ink-muted">{t.agents} agents</span>
                </th>
                <TotalsCells t={t.totals} s={summary} facts={factsOfGroup(summary.agents.filter((a) => a.team === t.team).map((a) => a.agentId))} zone={zone} multiDay={multiDay} />
              </tr>
            ))}
          <tr className="border-t-2 border-ink bg-surface-muted" data-floor-total>
            <th scope="row" className="px-3 py-1.5 text-left">
              Floor <span className="text-xs font-normal text-ink-muted">{summary.agents.length} agents</span>
            </th>
            <TotalsCells t={summary.floor} s={summary} facts={factsOfGroup(summary.agents.map((a) => a.agentId))} zone={zone} multiDay={multiDay} />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
