"use client";

import { useMemo } from "react";
import type { IntervalPoint, StateColumn } from "@/lib/display/reports";
import { stackedBars } from "@/lib/display/stacked-bars";
import { formatClock, formatLocal } from "@/lib/display/time";
import { FAMILY_FILL } from "./state-styles";

/** The same box as the interactive chart's (components/report-chart.tsx): the one may replace the other. */
export const REPORT_CHART_HEIGHT = 260;
export const REPORT_CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };
export const REPORT_Y_AXIS_WIDTH = 40;
const X_AXIS_HEIGHT = 30;
/** text-xs in the page's font: about 6 px a character ("02:00 AM" is 48 px). */
const CHAR_WIDTH = 6;

/** An interval's label on the x axis: its day over days, else its time of day. */
export function intervalLabel(t: number, zone: string, daily: boolean): string {
  return daily ? formatLocal(t, { timeZone: zone, weekday: "short", month: "short", day: "numeric" }) : formatClock(t, zone);
}

export interface ReportBarsProps {
  points: readonly IntervalPoint[];
  states: readonly StateColumn[];
  colours: Readonly<Record<string, string | null>>;
  width: number;
  zone: string;
  daily: boolean;
}

/**
 * The floor through the window as plain SVG: the report's first view, drawn with the numbers and
 * costing the page no chart library. Its numbers per interval are in the table below it; the
 * interactive chart (hover and keyboard read-outs) takes its place when someone reaches for it.
 */
export function ReportBars({ points, states, colours, width, zone, daily }: ReportBarsProps) {
  const labels = useMemo(() => points.map((p) => intervalLabel(p.start, zone, daily)), [points, zone, daily]);
  const layout = useMemo(
    () =>
      stackedBars({
        values: points.map((p) => states.map((s) => p.agents[s.key] ?? 0)),
        width,
        height: REPORT_CHART_HEIGHT,
        margin: REPORT_CHART_MARGIN,
        yAxisWidth: REPORT_Y_AXIS_WIDTH,
        xAxisHeight: X_AXIS_HEIGHT,
        gap: 1,
        labelWidth: labels.reduce((m, l) => Math.max(m, l.length), 0) * CHAR_WIDTH,
        minLabelGap: 24,
      }),
    [points, states, width, labels],
  );
  const { plot } = layout;
  const bottom = plot.top + plot.height;
  return (
    <svg width={width} height={REPORT_CHART_HEIGHT} viewBox={`0 0 ${width} ${REPORT_CHART_HEIGHT}`} role="img" aria-label="Agents in each state, interval by interval (the numbers are in the table below)" data-report-bars>
      {layout.yTicks.map((t) => (
        <line key={t.value} x1={plot.left} x2={plot.left + plot.width} y1={t.y} y2={t.y} className="stroke-line" />
      ))}
      {layout.bars.map((b) => {
        const s = states[b.series]!;
        const own = colours[s.key];
        return <rect key={`${b.category}-${s.key}`} x={b.x} y={b.y} width={b.width} height={b.height} className={own ? undefined : FAMILY_FILL[s.family]} style={own ? { fill: own } : undefined} data-bar={s.key} />;
      })}
      <g className="fill-ink-muted text-xs" aria-hidden>
        <line x1={plot.left} x2={plot.left + plot.width} y1={bottom} y2={bottom} className="stroke-ink-muted" />
        {layout.xTicks.map((t) => (
          <g key={t.category}>
            <line x1={t.x} x2={t.x} y1={bottom} y2={bottom + 6} className="stroke-ink-muted" />
            <text x={t.x} y={bottom + 8} dy="0.71em" textAnchor="middle">
              {labels[t.category]}
            </text>
          </g>
        ))}
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={bottom} className="stroke-ink-muted" />
        {layout.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={plot.left - 6} x2={plot.left} y1={t.y} y2={t.y} className="stroke-ink-muted" />
            <text x={plot.left - 8} y={t.y} dy="0.355em" textAnchor="end">
              {t.value}
            </text>
          </g>
        ))}
        <text transform={`translate(${REPORT_CHART_MARGIN.left + 11} ${plot.top + plot.height / 2}) rotate(-90)`} textAnchor="middle">
          agents
        </text>
      </g>
    </svg>
  );
}
