"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useMemo, useState } from "react";
import type { IntradayAnswer, IntradayRow } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { categoryLabel, dayIn, diffLevel, type DiffLevel, type DiffThresholds, heads, intradayCsv, type IntradayView as View, intradayViewQuery, liveRow, readIntradayView, shrinkageLines, signedHeads } from "@/lib/display/intraday";
import { formatClock, formatLocal } from "@/lib/display/time";
import { spanText } from "@/lib/time/span";
import { zoneOffset } from "@/lib/time/zone";
import { intradayQueryOptions } from "@/lib/queries/intraday";
import { serverNow } from "@/lib/queries/server-clock";
import { IntradayBars, INTRADAY_CHART_HEIGHT, intervalSummary, SERIES } from "./intraday-bars";
import { useBoxWidth } from "./use-box-width";
import { useBrowserZone, useQueryInAddress } from "./use-address";
import { useAuditedExport } from "./use-export";
import { ZoneSelect } from "./zone-select";
import { button, PageTitle, TABLE_HEAD } from "./ui";

/** The interactive chart (recharts), loaded when someone reaches for the drawn one. */
const IntradayChart = lazy(() => import("./intraday-chart").then((m) => ({ default: m.IntradayChart })));

export interface IntradayViewProps {
  query: string;
  teamNames: readonly string[];
  canExport: boolean;
}

const LEVEL_TEXT: Record<DiffLevel, string> = { ok: "", warn: "bg-warn-surface text-warn-ink font-semibold", alert: "bg-alert-surface text-alert-ink font-semibold", none: "text-ink-muted" };
const LEVEL_WORD: Record<DiffLevel, string> = { ok: "", warn: "short", alert: "well short", none: "" };

/** The floor at a moment: the grid as it was then. */
const floorAt = (at: number) => `/?${new URLSearchParams({ at: new Date(at).toISOString() })}`;

/**
 * Intraday: for a day and a team, interval by interval, the agents scheduled to be open against
 * those who were (and those needed, when a staffing sheet says), where the shrinkage went planned
 * beside actual, the table and its CSV; the interval holding now follows the floor. A moment
 * clicked on the chart, or an interval's link in the table, opens the floor as it was then.
 */
export function IntradayView({ query, teamNames, canExport }: IntradayViewProps) {
  const router = useRouter();
  const [view, setView] = useState(() => readIntradayView(query));
  const change = (patch: Partial<View>) => setView((v) => ({ ...v, ...patch }));
  useQueryInAddress(intradayViewQuery(view));
  const browserZone = useBrowserZone();
  const zone = view.tz || browserZone || "UTC";
  const zoneKnown = view.tz !== "" || browserZone !== null;
  const date = view.date || dayIn(serverNow(), zone);
  const params = zoneKnown ? { date, tz: zone, interval: view.interval, team: view.team || null } : null;
  const { data, error, isFetching } = useQuery({ ...intradayQueryOptions(params ?? { date, tz: "UTC", interval: "15m", team: null }), enabled: params !== null });
  const exporter = useAuditedExport();
  const exportCsv = () => {
    if (data) void exporter.run("intraday", data.rows.length, `floorview-intraday-${data.date}${view.team ? `-${view.team}` : ""}.csv`, () => intradayCsv(data, (ms) => new Date(ms + zoneOffset(zone, ms)).toISOString().slice(0, 16).replace("T", " ")));
  };
  const pick = (at: number) => router.push(floorAt(at));

  return (
    <main className="mx-auto flex max-w-[1800px] flex-col gap-4 px-4 py-5 sm:px-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <PageTitle title="Intraday" lead="The floor against its plan, interval by interval" />
        <p className="min-h-5 text-sm text-ink-muted" data-field="intraday-day">
          {params ? `${formatLocal(Date.parse(`${date}T12:00:00Z`), { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })} · ${zone}` : null}
        </p>
      </header>

      <IntradayControls view={view} change={change} zone={zone} date={date} teamNames={teamNames} onExport={canExport && data ? exportCsv : undefined} busy={isFetching} />

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
          Still reading part of this day from Kore.ai: its figures fill in as it arrives.
        </p>
      )}
      {!data && !error && <p className="py-12 text-center text-ink-muted">Loading the day…</p>}
      {data && (
        <>
          <NowStrip answer={data} zone={zone} thresholds={view.thresholds} />
          <IntradayFloor answer={data} zone={zone} thresholds={view.thresholds} onPick={pick} />
          <Shrinkage rows={data.rows} />
          <IntradayTable answer={data} zone={zone} thresholds={view.thresholds} />
          <p className="text-xs text-ink-muted">
            Scheduled: agents scheduled to work, averaged over the interval. Open: agent-seconds ready, on a call or in after-call work ÷ the interval&apos;s seconds. Difference: open − needed (a staffing sheet&apos;s figure), else open − scheduled. Conformance: time worked ÷ scheduled work. Unknown time (a gap in the feed) is counted apart, never guessed.
          </p>
        </>
      )}
    </main>
  );
}

function IntradayControls({ view, change, zone, date, teamNames, onExport, busy }: { view: View; change: (p: Partial<View>) => void; zone: string; date: string; teamNames: readonly string[]; onExport?: () => void; busy: boolean }) {
  const field = "rounded-md border border-line bg-surface px-2 py-1.5 text-sm";
  const threshold = (name: keyof DiffThresholds, value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) return;
    const t = { ...view.thresholds, [name]: n };
    change({ thresholds: { warn: Math.min(t.warn, t.alert), alert: Math.max(t.warn, t.alert) } });
  };
  return (
    <form className="flex flex-wrap items-end gap-3 rounded-xl border border-line bg-surface p-3" onSubmit={(e) => e.preventDefault()} aria-label="Which day">
      <label className="flex flex-col gap-1 text-xs font-semibold text-ink-muted">
        Day
        <input type="date" className={field} value={date} onChange={(e) => change({ date: e.target.value })} data-field="intraday-date" />
      </label>
      <label className="flex flex-col gap-1 text-xs font-semibold text-ink-muted">
        Team
        <select className={cn(field, "min-w-44")} value={view.team} onChange={(e) => change({ team: e.target.value })} data-field="intraday-team">
          <option value="">{teamNames.length > 0 ? "Every team I see" : "The whole floor"}</option>
          {teamNames.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-semibold text-ink-muted">
        Interval
        <select className={field} value={view.interval} onChange={(e) => change({ interval: e.target.value as View["interval"] })} data-field="intraday-interval">
          <option value="15m">15 minutes</option>
          <option value="30m">30 minutes</option>
          <option value="1h">1 hour</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-semibold text-ink-muted">
        Zone
        <ZoneSelect className={field} value={zone} onChange={(tz) => change({ tz })} />
      </label>
      <fieldset className="flex items-end gap-2">
        <legend className="sr-only">Colour an interval short by</legend>
        <label className="flex flex-col gap-1 text-xs font-semibold text-ink-muted">
          Amber at −
          <input type="number" min={0} step={0.5} className={cn(field, "w-20")} value={view.thresholds.warn} onChange={(e) => threshold("warn", e.target.value)} data-field="intraday-warn" />
        </label>
        <label className="flex flex-col gap-1 text-xs font-semibold text-ink-muted">
          Red at −
          <input type="number" min={0} step={0.5} className={cn(field, "w-20")} value={view.thresholds.alert} onChange={(e) => threshold("alert", e.target.value)} data-field="intraday-alert" />
        </label>
      </fieldset>
      <span className="grow" />
      {busy && <span className="text-xs text-ink-muted">Updating…</span>}
      {onExport && (
        <button type="button" className={button("secondary", "sm")} onClick={onExport} data-field="intraday-csv">
          Download CSV
        </button>
      )}
    </form>
  );
}

/** The interval holding now (and the next), in large figures: what the floor is doing against the plan right now. */
function NowStrip({ answer, zone, thresholds }: { answer: IntradayAnswer; zone: string; thresholds: DiffThresholds }) {
  const live = liveRow(answer);
  if (!live) return null;
  const next = answer.rows[answer.rows.indexOf(live) + 1] ?? null;
  const level = diffLevel(live.diff, thresholds);
  const figure = (label: string, value: string, field: string, className?: string) => (
    <div className={cn("flex flex-col rounded-lg px-2 py-2 sm:px-3", className)}>
      <span className="text-[0.7rem] font-semibold text-ink-muted uppercase sm:text-xs">{label}</span>
      <span className="text-2xl font-bold tabular-nums sm:text-3xl" data-field={field}>
        {value}
      </span>
    </div>
  );
  return (
    <section aria-label="Now" className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border border-line bg-surface p-3" data-field="intraday-now">
      <div className="flex flex-col justify-center">
        <span className="font-semibold">Now</span>
        <span className="text-sm text-ink-muted">
          {formatClock(Date.parse(live.start), zone)}–{formatClock(Date.parse(live.start) + (next ? Date.parse(next.start) - Date.parse(live.start) : 0), zone)}
        </span>
      </div>
      <div className="grid grow grid-cols-4 gap-1 sm:grow-0">
        {figure("Scheduled", heads(live.scheduledOpen), "now-scheduled")}
        {figure("Open", heads(live.actualOpen), "now-open")}
        {figure("Needed", heads(live.required), "now-required")}
        {figure("Difference", signedHeads(live.diff), "now-diff", LEVEL_TEXT[level])}
      </div>
      {next && (
        <div className="flex flex-col justify-center text-sm sm:border-l sm:border-line sm:pl-3">
          <span className="font-semibold">Next, {formatClock(Date.parse(next.start), zone)}</span>
          <span className="text-ink-muted" data-field="next-interval">
            {heads(next.scheduledOpen)} scheduled{next.required === null ? "" : `, ${heads(next.required)} needed`}
          </span>
        </div>
      )}
    </section>
  );
}

/** The chart: drawn at once; the interactive one (recharts) when someone reaches for it. */
function IntradayFloor({ answer, zone, thresholds, onPick }: { answer: IntradayAnswer; zone: string; thresholds: DiffThresholds; onPick: (at: number) => void }) {
  const [box, width] = useBoxWidth();
  const [reached, setReached] = useState<"pointer" | "focus" | null>(null);
  const reach = (how: "pointer" | "focus") => () => setReached((r) => r ?? how);
  const hasRequired = answer.rows.some((r) => r.required !== null);
  return (
    <section aria-label="The day against its plan" className="rounded-xl border border-line bg-surface p-4">
      <h2 className="mb-2 font-semibold">The day against its plan</h2>
      <div
        ref={box}
        style={{ height: INTRADAY_CHART_HEIGHT }}
        className="w-full rounded-md outline-none focus-visible:outline-3 focus-visible:outline-ink focus-visible:outline-solid"
        data-intraday-box={reached ? "interactive" : "drawn"}
        tabIndex={reached ? undefined : 0}
        role={reached ? undefined : "group"}
        aria-label={reached ? undefined : "The day, interval by interval: focus to read it with the arrow keys"}
        onPointerEnter={reach("pointer")}
        onFocus={reach("focus")}
      >
        {width > 0 &&
          (reached ? (
            <Suspense fallback={<IntradayBars rows={answer.rows} zone={zone} thresholds={thresholds} width={width} onPick={onPick} />}>
              <IntradayChart rows={answer.rows} zone={zone} thresholds={thresholds} width={width} onPick={onPick} focusOnMount={reached === "focus"} />
            </Suspense>
          ) : (
            <IntradayBars rows={answer.rows} zone={zone} thresholds={thresholds} width={width} onPick={onPick} />
          ))}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Legend">
        {(["scheduled", "actual", ...(hasRequired ? (["required"] as const) : [])] as const).map((k) => (
          <li key={k} className="inline-flex items-center gap-1.5">
            <svg width={22} height={8} aria-hidden>
              <line x1={0} x2={22} y1={4} y2={4} stroke={SERIES[k].stroke} strokeWidth={3} strokeDasharray={SERIES[k].dash} />
            </svg>
            {SERIES[k].label}
          </li>
        ))}
        <li className="inline-flex items-center gap-1.5 text-ink-muted">Bars: the difference ({hasRequired ? "open − needed" : "open − scheduled"}), amber at −{thresholds.warn}, red at −{thresholds.alert}. Click a moment to see the floor then.</li>
      </ul>
    </section>
  );
}

/** Where the time went that was not open: planned (scheduled breaks, lunch, training…) beside actual, up to now, by category. */
function Shrinkage({ rows }: { rows: readonly IntradayRow[] }) {
  const lines = useMemo(() => shrinkageLines(rows), [rows]);
  const max = Math.max(1, ...lines.map((l) => Math.max(l.planned, l.actual)));
  return (
    <section aria-label="Shrinkage" className="rounded-xl border border-line bg-surface p-4">
      <h2 className="font-semibold">Shrinkage, planned beside actual</h2>
      <p className="mb-3 text-sm text-ink-muted">Up to now (planned for the whole day in brackets). Actual: not ready by reason category, and logged out inside scheduled work.</p>
      {lines.length === 0 ? (
        <p className="text-sm text-ink-muted">No shrinkage planned or taken in this day yet.</p>
      ) : (
        <table className="w-full text-sm" data-field="shrinkage">
          <tbody>
            {lines.map((l) => (
              <tr key={l.category} data-category={l.category}>
                <th scope="row" className="w-48 py-1 pr-3 text-left font-normal">
                  {categoryLabel(l.category)}
                </th>
                <td className="py-1">
                  <div className="flex items-center gap-2">
                    <span className="h-2.5 rounded-sm bg-state-offline/60" style={{ width: `${(l.planned / max) * 70}%` }} aria-hidden />
                    <span className="text-xs text-ink-muted tabular-nums" data-field="planned">
                      planned {spanText(l.planned * 1000)} ({spanText(l.plannedDay * 1000)})
                    </span>
                  </div>
                  <div className="flex items-center gap-2">
                    <span className="h-2.5 rounded-sm bg-state-notready" style={{ width: `${(l.actual / max) * 70}%` }} aria-hidden />
                    <span className="text-xs tabular-nums" data-field="actual">
                      actual {spanText(l.actual * 1000)}
                    </span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function IntradayTable({ answer, zone, thresholds }: { answer: IntradayAnswer; zone: string; thresholds: DiffThresholds }) {
  return (
    <section aria-label="Interval by interval" className="rounded-xl border border-line bg-surface p-4">
      <h2 className="mb-2 font-semibold">Interval by interval</h2>
      <div className="max-h-[32rem] overflow-auto">
        <table className="w-full text-right text-sm tabular-nums" data-field="intraday-table">
          <thead className={cn("sticky top-0 bg-surface", TABLE_HEAD)}>
            <tr>
              <th scope="col" className="px-2 py-1 text-left">
                Interval
              </th>
              <th scope="col" className="px-2 py-1">
                Scheduled
              </th>
              <th scope="col" className="px-2 py-1">
                Open
              </th>
              <th scope="col" className="px-2 py-1">
                Needed
              </th>
              <th scope="col" className="px-2 py-1">
                Difference
              </th>
              <th scope="col" className="px-2 py-1">
                Conformance
              </th>
              <th scope="col" className="px-2 py-1">
                Unknown
              </th>
              <th scope="col" className="px-2 py-1 text-left">
                <span className="sr-only">The floor then</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {answer.rows.map((r) => {
              const level = diffLevel(r.diff, thresholds);
              const start = Date.parse(r.start);
              return (
                <tr key={r.start} className={cn("border-t border-line", r.live && "bg-brand/5 font-semibold")} data-interval={r.start} data-live={r.live || undefined} aria-current={r.live ? "time" : undefined} title={intervalSummary(r, zone)}>
                  <th scope="row" className="px-2 py-1 text-left font-normal">
                    {formatClock(start, zone)}
                    {r.live && <span className="ml-2 rounded bg-brand px-1.5 text-xs text-white">now</span>}
                  </th>
                  <td className="px-2 py-1" data-field="scheduled">
                    {heads(r.scheduledOpen)}
                  </td>
                  <td className="px-2 py-1" data-field="open">
                    {heads(r.actualOpen)}
                  </td>
                  <td className="px-2 py-1" data-field="required">
                    {heads(r.required)}
                  </td>
                  <td className={cn("px-2 py-1", LEVEL_TEXT[level])} data-field="diff" data-level={level}>
                    {signedHeads(r.diff)}
                    {LEVEL_WORD[level] && <span className="sr-only"> ({LEVEL_WORD[level]})</span>}
                  </td>
                  <td className="px-2 py-1">{r.conformance === null ? "—" : `${Math.round(r.conformance * 100)} %`}</td>
                  <td className="px-2 py-1 text-ink-muted">{r.unknownSeconds > 0 ? spanText(r.unknownSeconds * 1000) : ""}</td>
                  <td className="px-2 py-1 text-left">
                    {r.actualOpen !== null && (
                      <a href={floorAt(start)} className="text-brand-ink underline-offset-2 hover:underline" data-field="floor-then">
                        Floor at {formatClock(start, zone)}
                      </a>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
