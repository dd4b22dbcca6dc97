"use client";

import { lazy, Suspense, useState } from "react";
import { cn } from "@/lib/cn";
import type { IntervalPoint, ReportSummary } from "@/lib/display/reports";
import { formatDateTime } from "@/lib/display/time";
import { StateIcon } from "./state-icon";
import { FAMILY_TEXT } from "./state-styles";
import { ReportBars } from "./report-bars";
import { useBoxWidth } from "./use-box-width";

/**
 * The interval chart drawn first as plain SVG (ReportBars); the interactive one (recharts: hover
 * and keyboard read-outs) is loaded when someone reaches for it (a pointer over it, a touch, the
 * keyboard's focus). A phone's first seconds go to the numbers, not to compiling a chart library.
 */
const ReportChart = lazy(() => import("./report-chart").then((m) => ({ default: m.ReportChart })));

export interface ReportFloorProps {
  summary: ReportSummary;
  series: IntervalPoint[];
  colours: Readonly<Record<string, string | null>>;
  zone: string;
  daily: boolean;
}

/** The floor through the window: agents per state per interval as a stacked chart, its legend, and its numbers as a table. */
export function ReportFloor({ summary, series, colours, zone, daily }: ReportFloorProps) {
  // The chart is as wide as its box, which appears with the first data: measured from when it is there.
  const [chartBox, chartWidth] = useBoxWidth();
  // "pointer" (a mouse, a pen or a finger: pointer events cover touch) or "focus" once someone reaches for the chart: the interactive one from then on.
  const [reached, setReached] = useState<"pointer" | "focus" | null>(null);
  const reach = (how: "pointer" | "focus") => () => setReached((r) => r ?? how);
  return (
    <section aria-label="The floor through the window" className="rounded-xl border border-line bg-surface p-4 print:break-inside-avoid">
      <h2 className="mb-2 font-semibold">The floor through the window</h2>
      <div
        ref={chartBox}
        className="h-[260px] w-full rounded-md outline-none focus-visible:outline-3 focus-visible:outline-ink focus-visible:outline-solid"
        data-report-chart={reached ? "interactive" : "drawn"}
        tabIndex={reached ? undefined : 0}
        role={reached ? undefined : "group"}
        aria-label={reached ? undefined : "The floor through the window, interval by interval: focus to read it with the arrow keys"}
        onPointerEnter={reach("pointer")}
        onFocus={reach("focus")}
      >
        {chartWidth > 0 &&
          (reached ? (
            <Suspense fallback={<ReportBars points={series} states={summary.states} colours={colours} zone={zone} daily={daily} width={chartWidth} />}>
              <ReportChart points={series} states={summary.states} colours={colours} zone={zone} daily={daily} width={chartWidth} focusOnMount={reached === "focus"} />
            </Suspense>
          ) : (
            <ReportBars points={series} states={summary.states} colours={colours} zone={zone} daily={daily} width={chartWidth} />
          ))}
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
  );
}
