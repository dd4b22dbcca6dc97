"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { agentFacts, readReportView, reportViewQuery, resolveReportWindow, type ReportView } from "@/lib/display/report-view";
import { intervalSeries, RATIOS, summarize, tableCsv } from "@/lib/display/reports";
import { formatDateTime } from "@/lib/display/time";
import { useFirstDeferred } from "@/lib/queries/first-deferred";
import { reportQueryOptions, type ReportParams } from "@/lib/queries/reports";
import { serverNow } from "@/lib/queries/server-clock";
import { AdherenceReportSection } from "./adherence-report";
import { ReportControls } from "./report-controls";
import { ReportFloor } from "./report-floor";
import { ReportTable, useReportRows } from "./report-table";
import { useBrowserZone, useQueryInAddress } from "./use-address";
import { useAuditedExport } from "./use-export";
import { useVocabulary } from "./vocabulary";
import { PageTitle } from "./ui";

const DAY = 86_400_000;
const NO_PARAMS: ReportParams = { from: 0, to: 1, interval: "1h", tz: "UTC", teams: [], agents: [] };

export interface ReportsViewProps {
  query: string;
  teamNames: readonly string[];
  canExport: boolean;
}

/**
 * Where the floor's time went: a window (today, this week… in a zone), teams, an interval; the
 * floor through the window as a stacked chart; a table per agent with team subtotals and the
 * floor's total; CSV of the table and per interval. Exact to the second (the API's rows are the
 * drill-down's segments), live up to the last poll, and what is not known shown as unknown.
 * Its parts: the view in the address (lib/display/report-view.ts), the controls, the floor's
 * chart, the table, the adherence section.
 */
export function ReportsView({ query, teamNames, canExport }: ReportsViewProps) {
  const vocab = useVocabulary();
  const [view, setView] = useState(() => readReportView(query));
  const change = (patch: Partial<ReportView>) => setView((v) => ({ ...v, ...patch }));
  useQueryInAddress(reportViewQuery(view));
  // The browser's zone until one is chosen (kept in the address once chosen); no report is asked
  // for before the zone is known.
  const browserZone = useBrowserZone();
  const zone = view.tz || browserZone || "UTC";
  const zoneKnown = view.tz !== "" || browserZone !== null;

  const resolved = resolveReportWindow(view, zone, serverNow());
  const params: ReportParams | null = typeof resolved === "string" || !zoneKnown ? null : { ...resolved, interval: view.interval, tz: zone, teams: view.teams, agents: view.agents };
  const { data: answer, error, isFetching } = useQuery({ ...reportQueryOptions(params ?? NO_PARAMS), enabled: params !== null });
  // The first answer rendered in the background (summary, chart and table at once is a long task on a phone).
  const data = useFirstDeferred(answer);
  const summary = useMemo(() => (data ? summarize(vocab, data.rows, teamNames) : null), [vocab, data, teamNames]);
  const series = useMemo(() => (data ? intervalSeries(vocab, data.rows) : []), [vocab, data]);
  const colours = useMemo(() => Object.fromEntries((summary?.states ?? []).map((c) => [c.key, vocab.state(c.activities[0]!).customColour])), [summary, vocab]);
  const facts = useMemo(() => agentFacts(data?.agents ?? []), [data]);
  const multiDay = params !== null && params.to - params.from > DAY;
  const { agents, sort, onSort } = useReportRows(summary, view.q);

  const exporter = useAuditedExport();
  const exportTable = () => {
    if (summary && params) void exporter.run("report table", agents.length, `floorview-report-${new Date(params.from).toISOString().slice(0, 10)}.csv`, () => tableCsv(summary, agents, data?.agents));
  };

  return (
    <main className="report-page mx-auto flex max-w-[1800px] flex-col gap-4 px-4 py-5 sm:px-6 print:max-w-none print:p-0">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <PageTitle title="Reports" lead="Where the time went, to the second" />
        {/* Its line is kept from the first paint (the page does not jump when it fills), and it
            says the window as soon as the zone is known, before the numbers arrive. */}
        <p className="min-h-5 w-full text-sm text-ink-muted sm:w-auto" data-field="report-window" data-from={data?.from} data-to={data?.to}>
          {data ? `${formatDateTime(Date.parse(data.from), zone)} – ${formatDateTime(Date.parse(data.to), zone)} · ${zone}` : params ? `${formatDateTime(params.from, zone)} – ${formatDateTime(params.to, zone)} · ${zone}` : null}
        </p>
      </header>

      <ReportControls view={view} change={change} resolved={resolved} zone={zone} teamNames={teamNames} params={params} onExportTable={canExport ? exportTable : undefined} canExportTable={summary !== null} />

      {typeof resolved === "string" && (
        <p role="alert" className="text-sm text-alert-ink" data-field="window-problem">
          {resolved}
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-lg border-l-4 border-alert bg-alert-surface px-4 py-3 text-sm">
          {error.message}
        </p>
      )}
      {exporter.problem && (
        <p role="alert" className="text-sm text-alert-ink">
          {exporter.problem}
        </p>
      )}
      {data && !data.complete && (
        <p role="status" className="rounded-lg border-l-4 border-state-busy bg-state-busy/10 px-4 py-3 text-sm" data-field="filling-in">
          Still reading part of this window from Kore.ai: the unknown time fills in as it arrives.
        </p>
      )}
      {!data && !error && (params || !zoneKnown) && <p className="py-12 text-center text-ink-muted">Loading the report…</p>}

      {summary && data && (
        <>
          <ReportFloor summary={summary} series={series} colours={colours} zone={zone} daily={view.interval === "1d"} />
          <ReportTable summary={summary} agents={agents} sort={sort} onSort={onSort} facts={facts} zone={zone} multiDay={multiDay} from={data.from} to={data.to} busy={isFetching} />
          {params && <AdherenceReportSection params={params} teamNames={teamNames} zone={zone} canExport={canExport} />}
          <p className="text-xs text-ink-muted">
            Logged in: time in any state but logged out. Shares are of logged-in time. {RATIOS.occupancy.label} = {RATIOS.occupancy.formula}. Unknown: no known state (before an agent&apos;s first event, or not read yet), never guessed.
          </p>
        </>
      )}
    </main>
  );
}
