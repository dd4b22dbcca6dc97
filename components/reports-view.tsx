"use client";

import { useQuery } from "@tanstack/react-query";
import { lazy, memo, startTransition, useCallback, useEffect, useMemo, useState } from "react";
import { cn } from "@/lib/cn";
import { hmm, intervalSeries, RATIOS, ratios, REPORT_WINDOWS, reportWindow, stateShare, summarize, tableCsv, WINDOW_NAMES, type AgentTotals, type ReportSummary, type ReportWindow, type Totals } from "@/lib/display/reports";
import { formatShare } from "@/lib/display/span";
import { browserTimeZone, formatClock, formatDateTime, parseLocalInput, toLocalInput } from "@/lib/display/time";
import { sendJson } from "@/lib/queries/fetch-json";
import { reportQueryOptions, reportSearch, type ReportParams } from "@/lib/queries/reports";
import { serverNow } from "@/lib/queries/server-clock";
import { useFirstDeferred } from "@/lib/queries/first-deferred";
import { AgentPicker } from "./agent-picker";
import { StateIcon } from "./state-icon";
import { FAMILY_TEXT } from "./state-styles";
import { downloadText } from "./download";
import { useVocabulary } from "./vocabulary";
import { AdherenceReportSection } from "./adherence-report";
import { ZoneSelect } from "./zone-select";
import { WhenInView } from "./when-in-view";
import { compareText, sameTeam, teamIn } from "@/lib/states/collate";

/** The interval chart (recharts), loaded when it comes into view: the page's first seconds go to the numbers. */
const ReportChart = lazy(() => import("./report-chart").then((m) => ({ default: m.ReportChart })));

const INTERVALS = [
  ["15m", "15 minutes"],
  ["30m", "30 minutes"],
  ["1h", "Hour"],
  ["1d", "Day"],
] as const;
const DAY = 86_400_000;
const MAX_DAYS = 31;
const ROWS_AT_ONCE = 50;

interface View {
  window: ReportWindow;
  /** For a custom window: local date-times (`2026-11-27T00:00`) in the zone. */
  from: string;
  to: string;
  tz: string;
  interval: ReportParams["interval"];
  teams: string[];
  /** Agents picked (ids): the report covers only them. Teams or agents, not both. */
  agents: string[];
  q: string;
}

function readView(query: string): View {
  const p = new URLSearchParams(query);
  const w = p.get("window");
  const interval = p.get("interval");
  return {
    window: (REPORT_WINDOWS as readonly string[]).includes(w ?? "") ? (w as ReportWindow) : "today",
    from: p.get("from") ?? "",
    to: p.get("to") ?? "",
    tz: p.get("tz") ?? "",
    interval: INTERVALS.some(([v]) => v === interval) ? (interval as View["interval"]) : "1h",
    teams: p.getAll("team"),
    agents: p.getAll("agent"),
    q: p.get("q") ?? "",
  };
}

function viewQuery(v: View): string {
  const p = new URLSearchParams();
  if (v.window !== "today") p.set("window", v.window);
  if (v.window === "custom") {
    p.set("from", v.from);
    p.set("to", v.to);
  }
  if (v.tz) p.set("tz", v.tz);
  if (v.interval !== "1h") p.set("interval", v.interval);
  for (const t of v.teams) p.append("team", t);
  for (const a of v.agents) p.append("agent", a);
  if (v.q) p.set("q", v.q);
  return p.toString();
}

/** The window in UTC ms, or why it cannot be used. */
function resolve(v: View, zone: string): { from: number; to: number } | string {
  if (v.window !== "custom") return reportWindow(v.window, serverNow(), zone);
  const from = parseLocalInput(v.from, zone);
  const to = parseLocalInput(v.to, zone);
  if (from === null || to === null) return "Pick the start and end of the window.";
  if (from >= to) return "The start must be before the end.";
  if (to - from > MAX_DAYS * DAY) return `A report covers at most ${MAX_DAYS} days: narrow the window.`;
  return { from, to };
}

type SortKey = "name" | "loggedIn" | "notReadyShare" | "occupancy" | "changes" | `state:${string}` | `reason:${string}`;

function sortValue(a: AgentTotals, key: SortKey): number | string {
  if (key === "name") return (a.name ?? a.agentId).toLowerCase();
  if (key === "loggedIn") return a.loggedIn;
  if (key === "changes") return a.changes;
  if (key === "notReadyShare") return ratios(a).notReadyShare ?? -1;
  if (key === "occupancy") return ratios(a).occupancy ?? -1;
  if (key.startsWith("state:")) return a.states[key.slice(6)] ?? 0;
  return a.reasons[key.slice(7)] ?? 0;
}

function Cell({ seconds, share, title }: { seconds: number; share?: number | null; title?: string }) {
  return (
    <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" title={title}>
      {seconds > 0 ? hmm(seconds) : <span className="text-ink-muted">0:00</span>}
      {share !== undefined && share !== null && seconds > 0 && <span className="report-share ml-1 text-xs text-ink-muted">{formatShare(share)}</span>}
    </td>
  );
}

interface Facts {
  firstLogin: number | null;
  lastLogout: number | null;
  longest: { start: number; end: number | null; seconds: number } | null;
}

const NO_FACTS: Facts = { firstLogin: null, lastLogout: null, longest: null };

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
const AgentRow = memo(function AgentRow({ a, s, facts, zone, multiDay, from, to }: { a: AgentTotals; s: ReportSummary; facts: Facts; zone: string; multiDay: boolean; from: string; to: string }) {
  return (
    <tr className="border-t border-line" data-agent-id={a.agentId}>
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
 */
export function ReportsView({ query, teamNames, canExport }: ReportsViewProps) {
  const vocab = useVocabulary();
  const [view, setView] = useState(() => readView(query));
  const change = (patch: Partial<View>) => setView((v) => ({ ...v, ...patch }));
  // The browser's zone until one is chosen (kept in the address once chosen).
  // null until read: no report is asked for in a zone the viewer did not mean.
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  // Read once after hydration: the server cannot know the browser's zone.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => setBrowserZone(browserTimeZone()), []);
  const zone = view.tz || browserZone || "UTC";
  const zoneKnown = view.tz !== "" || browserZone !== null;
  useEffect(() => {
    const qs = viewQuery(view);
    if (qs !== window.location.search.slice(1)) window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  }, [view]);

  const resolved = resolve(view, zone);
  const params: ReportParams | null = typeof resolved === "string" || !zoneKnown ? null : { ...resolved, interval: view.interval, tz: zone, teams: view.teams, agents: view.agents };
  const { data: answer, error, isFetching } = useQuery({ ...reportQueryOptions(params ?? { from: 0, to: 1, interval: "1h", tz: "UTC", teams: [], agents: [] }), enabled: params !== null });
  // The first answer rendered in the background (summary, chart and table at once is a long task on a phone).
  const data = useFirstDeferred(answer);
  const summary = useMemo(() => (data ? summarize(vocab, data.rows, teamNames) : null), [vocab, data, teamNames]);
  const series = useMemo(() => (data ? intervalSeries(vocab, data.rows) : []), [vocab, data]);
  const colours = useMemo(() => Object.fromEntries((summary?.states ?? []).map((c) => [c.key, vocab.state(c.activities[0]!).customColour])), [summary, vocab]);

  // First login, last logout, longest not ready: per agent from the answer; a team's earliest, latest and longest.
  const facts = useMemo(() => {
    const m = new Map<string, Facts>();
    for (const a of data?.agents ?? []) {
      const l = a.longestNotReady;
      const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
      m.set(a.agentId, { firstLogin: ms(a.firstLogin), lastLogout: ms(a.lastLogout), longest: l && { start: Date.parse(l.start), end: ms(l.end), seconds: l.seconds } });
    }
    return m;
  }, [data]);
  const factsOf = (id: string) => facts.get(id) ?? NO_FACTS;
  const groupFacts = (ids: readonly string[]): Facts => {
    const all = ids.map(factsOf);
    const min = (xs: (number | null)[]) => xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.min(m, x)), null);
    const max = (xs: (number | null)[]) => xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.max(m, x)), null);
    const longest = all.reduce<Facts["longest"]>((m, f) => (f.longest && (!m || f.longest.seconds > m.seconds) ? f.longest : m), null);
    return { firstLogin: min(all.map((f) => f.firstLogin)), lastLogout: max(all.map((f) => f.lastLogout)), longest };
  };
  const multiDay = params !== null && params.to - params.from > DAY;

  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "name", desc: false });
  const agents = useMemo(() => {
    if (!summary) return [];
    const q = view.q.trim().toLowerCase();
    const shown = q ? summary.agents.filter((a) => `${a.name ?? ""} ${a.agentId}`.toLowerCase().includes(q)) : [...summary.agents];
    const sign = sort.desc ? -1 : 1;
    return shown.sort((x, y) => {
      const a = sortValue(x, sort.key);
      const b = sortValue(y, sort.key);
      return sign * (typeof a === "string" ? compareText(a, b as string) : a - (b as number));
    });
  }, [summary, view.q, sort]);
  // Hundreds of agents, a score of cells each: the rows arrive fifty at a time, one frame
  // apart, so no single task holds the page (bench:reports-page: no task over 200 ms).
  const [shownRows, setShownRows] = useState(ROWS_AT_ONCE);
  useEffect(() => {
    if (shownRows >= agents.length) return;
    const frame = requestAnimationFrame(() => startTransition(() => setShownRows((n) => n + ROWS_AT_ONCE)));
    return () => cancelAnimationFrame(frame);
  }, [shownRows, agents.length]);
  const onSort = (key: SortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "name" }));

  // The chart is as wide as its box, which appears with the first data: measured from when it is there.
  const [chartWidth, setChartWidth] = useState(0);
  const chartBox = useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    const observer = new ResizeObserver(() => setChartWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const [exportProblem, setExportProblem] = useState<string | null>(null);
  const exportTable = async () => {
    if (!summary || !params) return;
    setExportProblem(null);
    try {
      await sendJson("/api/exports", { what: "report table", rows: agents.length, view: window.location.search.slice(1, 500) });
    } catch (err) {
      setExportProblem(err instanceof Error ? err.message : "The export was refused.");
      return;
    }
    downloadText(`floorview-report-${new Date(params.from).toISOString().slice(0, 10)}.csv`, tableCsv(summary, agents, data?.agents), "text/csv;charset=utf-8");
  };

  const head = (key: SortKey, label: string, title?: string, className?: string) => (
    <th scope="col" className={cn("px-2 py-2 text-right font-semibold", className)} aria-sort={sort.key === key ? (sort.desc ? "descending" : "ascending") : undefined} title={title}>
      <button type="button" onClick={() => onSort(key)} className="inline-flex items-center gap-1 hover:text-ink print:pointer-events-none" data-sort={key}>
        {label}
        <span aria-hidden className="w-3">{sort.key === key ? (sort.desc ? "▼" : "▲") : ""}</span>
      </button>
    </th>
  );

  return (
    <main className="report-page mx-auto flex max-w-[1800px] flex-col gap-4 px-4 py-5 sm:px-6 print:max-w-none print:p-0">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Reports</h1>
          <p className="text-sm text-ink-muted">Where the time went, to the second</p>
        </div>
        {/* Its line is kept from the first paint (the page does not jump when it fills), and it
            says the window as soon as the zone is known, before the numbers arrive. */}
        <p className="min-h-5 w-full text-sm text-ink-muted sm:w-auto" data-field="report-window" data-from={data?.from} data-to={data?.to}>
          {data ? (
            <>
              {formatDateTime(Date.parse(data.from), zone)} – {formatDateTime(Date.parse(data.to), zone)} · {zone}
            </>
          ) : params ? (
            <>
              {formatDateTime(params.from, zone)} – {formatDateTime(params.to, zone)} · {zone}
            </>
          ) : null}
        </p>
      </header>

      <section aria-label="What to report" className="flex flex-wrap items-end gap-x-4 gap-y-3 print:hidden">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-semibold text-ink-muted">Window</span>
          <select
            value={view.window}
            onChange={(e) => {
              const w = e.target.value as ReportWindow;
              // A custom window starts as the one on screen.
              if (w === "custom" && typeof resolved !== "string" && !view.from) change({ window: w, from: toLocalInput(resolved.from, zone), to: toLocalInput(resolved.to, zone) });
              else change({ window: w });
            }} className="rounded-lg border border-line bg-surface px-2 py-1.5" data-field="window">
            {REPORT_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {WINDOW_NAMES[w]}
              </option>
            ))}
          </select>
        </label>
        {view.window === "custom" && (
          <>
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-semibold text-ink-muted">From</span>
              <input type="datetime-local" value={view.from} onChange={(e) => change({ from: e.target.value })} className="rounded-lg border border-line bg-surface px-2 py-1" data-field="from" />
            </label>
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-semibold text-ink-muted">To</span>
              <input type="datetime-local" value={view.to} onChange={(e) => change({ to: e.target.value })} className="rounded-lg border border-line bg-surface px-2 py-1" data-field="to" />
            </label>
          </>
        )}
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-semibold text-ink-muted">Intervals</span>
          <select value={view.interval} onChange={(e) => change({ interval: e.target.value as View["interval"] })} className="rounded-lg border border-line bg-surface px-2 py-1.5" data-field="interval">
            {INTERVALS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-semibold text-ink-muted">Time zone</span>
          <ZoneSelect value={zone} onChange={(tz) => change({ tz })} className="max-w-56 rounded-lg border border-line bg-surface px-2 py-1.5" data-field="tz" />
        </label>
        {teamNames.length > 0 && (
          <fieldset className="flex flex-col gap-1 text-sm">
            <legend className="mb-1 font-semibold text-ink-muted">Teams</legend>
            <div className="flex flex-wrap gap-2">
              {teamNames.map((t) => {
                const on = teamIn(view.teams, t);
                return (
                  <button key={t} type="button" aria-pressed={on} onClick={() => change({ teams: on ? view.teams.filter((x) => !sameTeam(x, t)) : [...view.teams, t], agents: [] })} className={cn("rounded-lg border px-2.5 py-1", on ? "border-ink bg-ink text-surface" : "border-line bg-surface")} data-team={t}>
                    {t}
                  </button>
                );
              })}
            </div>
          </fieldset>
        )}
        <AgentPicker picked={view.agents} onChange={(agents) => change({ agents, teams: [] })} />
        <label className="flex min-w-48 flex-col gap-1 text-sm">
          <span className="font-semibold text-ink-muted">Filter the table</span>
          <input type="search" defaultValue={view.q} onChange={(e) => change({ q: e.target.value })} placeholder="Filter by name or id" className="rounded-lg border border-line bg-surface px-3 py-1.5" data-field="search" />
        </label>
        {canExport && params && (
          <div className="ml-auto flex flex-wrap gap-2">
            <button type="button" onClick={() => void exportTable()} disabled={!summary} className="rounded-lg border border-line bg-surface px-3 py-1.5 text-sm font-semibold hover:bg-surface-muted" data-field="export">
              CSV of the table
            </button>
            <a href={`/api/reports/time-in-state?${reportSearch(params, { format: "csv" })}`} className="rounded-lg border border-line bg-surface px-3 py-1.5 text-sm font-semibold hover:bg-surface-muted" data-field="export-intervals">
              CSV per interval
            </a>
          </div>
        )}
      </section>

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
      {exportProblem && (
        <p role="alert" className="text-sm text-alert-ink">
          {exportProblem}
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
          <section aria-label="The floor through the window" className="rounded-xl border border-line bg-surface p-4 print:break-inside-avoid">
            <h2 className="mb-2 font-semibold">The floor through the window</h2>
            <div ref={chartBox} className="h-[260px] w-full" data-report-chart>
              {chartWidth > 0 && (
                <WhenInView height={260}>
                  <ReportChart points={series} states={summary.states} colours={colours} zone={zone} daily={view.interval === "1d"} width={chartWidth} />
                </WhenInView>
              )}
            </div>
            <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Legend">
              {summary.states.map((c) => (
                <li key={c.key} className={cn("inline-flex items-center gap-1.5", FAMILY_TEXT[c.family])}>
                  <StateIcon family={c.family} className="size-4" />
                  {c.label}
                </li>
              ))}
            </ul>
            <details className="mt-3 text-sm print:hidden">
              <summary className="cursor-pointer font-semibold">The numbers per interval</summary>
              <div className="mt-2 max-h-96 overflow-auto">
                <table className="w-full text-right tabular-nums" data-field="interval-table">
                  <thead className="sticky top-0 bg-surface text-xs text-ink-muted uppercase">
                    <tr>
                      <th scope="col" className="px-2 py-1 text-left">
                        Interval
                      </th>
                      {summary.states.map((c) => (
                        <th key={c.key} scope="col" className="px-2 py-1">
                          {c.label}
                        </th>
                      ))}
                      <th scope="col" className="px-2 py-1">
                        Unknown
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {series.map((p) => (
                      <tr key={p.start} className="border-t border-line">
                        <th scope="row" className="px-2 py-1 text-left font-normal">
                          {formatDateTime(p.start, zone)}
                        </th>
                        {summary.states.map((c) => (
                          <td key={c.key} className="px-2 py-1">
                            {(p.agents[c.key] ?? 0).toFixed(1)}
                          </td>
                        ))}
                        <td className="px-2 py-1 text-ink-muted">{p.unknown.toFixed(1)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>

          <section aria-label="Per agent" className="overflow-x-auto rounded-xl border border-line bg-surface print:overflow-visible print:border-0">
            <table className="report-table w-full text-sm" data-report-table aria-busy={isFetching || undefined}>
              <caption className="sr-only">Time per agent, with team subtotals and the floor&apos;s total. Durations in hours and minutes.</caption>
              <thead className="text-xs tracking-wide text-ink-muted uppercase">
                <tr className="border-b border-line">
                  <th scope="col" className="px-3 py-2 text-left font-semibold" aria-sort={sort.key === "name" ? (sort.desc ? "descending" : "ascending") : undefined}>
                    <button type="button" onClick={() => onSort("name")} className="inline-flex items-center gap-1 uppercase hover:text-ink" data-sort="name">
                      Agent <span aria-hidden className="w-3">{sort.key === "name" ? (sort.desc ? "▼" : "▲") : ""}</span>
                    </button>
                  </th>
                  {head("loggedIn", "Logged in", "Time in any state but logged out")}
                  {summary.states.map((c) => head(`state:${c.key}`, c.label, c.family === "offline" ? undefined : `h:mm, and the share of logged-in time (${c.label} ÷ logged in)`))}
                  {summary.reasons.map((r) => head(`reason:${r.code}`, r.label, `Not ready with this reason${r.category ? ` (${r.category})` : ""}`, "normal-case"))}
                  {head("notReadyShare", "Not ready %", RATIOS.notReadyShare.formula)}
                  {head("occupancy", "Occupancy", RATIOS.occupancy.formula)}
                  {head("changes", "Changes", "State changes in the window")}
                  <th scope="col" className="px-2 py-2 text-right font-semibold" title="The first login seen in the window">
                    First login
                  </th>
                  <th scope="col" className="px-2 py-2 text-right font-semibold" title="The last logout seen in the window">
                    Last logout
                  </th>
                  <th scope="col" className="px-2 py-2 text-right font-semibold" title="The longest unbroken stretch of not ready, whatever its reasons">
                    Longest not ready
                  </th>
                  <th scope="col" className="px-2 py-2 text-right font-semibold">
                    Unknown
                  </th>
                </tr>
              </thead>
              <tbody>
                {agents.slice(0, shownRows).map((a) => (
                  <AgentRow key={a.agentId} a={a} s={summary} facts={factsOf(a.agentId)} zone={zone} multiDay={multiDay} from={data.from} to={data.to} />
                ))}
              </tbody>
              <tfoot className="font-semibold">
                {summary.teams.length > 1 &&
                  summary.teams.map((t) => (
                    <tr key={t.team ?? "none"} className="border-t border-line bg-surface-muted" data-team-total={t.team ?? ""}>
                      <th scope="row" className="px-3 py-1.5 text-left">
                        {t.team ?? "No team"} <span className="text-xs font-normal text-ink-muted">{t.agents} agents</span>
                      </th>
                      <TotalsCells t={t.totals} s={summary} facts={groupFacts(summary.agents.filter((a) => a.team === t.team).map((a) => a.agentId))} zone={zone} multiDay={multiDay} />
                    </tr>
                  ))}
                <tr className="border-t-2 border-ink bg-surface-muted" data-floor-total>
                  <th scope="row" className="px-3 py-1.5 text-left">
                    Floor <span className="text-xs font-normal text-ink-muted">{summary.agents.length} agents</span>
                  </th>
                  <TotalsCells t={summary.floor} s={summary} facts={groupFacts(summary.agents.map((a) => a.agentId))} zone={zone} multiDay={multiDay} />
                </tr>
              </tfoot>
            </table>
          </section>
          {params && <AdherenceReportSection params={params} teamNames={teamNames} zone={zone} />}
          <p className="text-xs text-ink-muted">
            Logged in: time in any state but logged out. Shares are of logged-in time. {RATIOS.occupancy.label} = {RATIOS.occupancy.formula}. Unknown: no known state (before an agent&apos;s first event, or not read yet), never guessed.
          </p>
        </>
      )}
    </main>
  );
}
