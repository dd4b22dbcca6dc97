"use client";

import { useRef } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { IntervalPoint, StateColumn } from "@/lib/display/reports";
import { formatClock, formatDateTime } from "@/lib/display/time";
import { intervalLabel, REPORT_CHART_HEIGHT, REPORT_CHART_MARGIN, REPORT_Y_AXIS_WIDTH } from "./report-bars";
import { FAMILY_FILL } from "./state-styles";
import { useFocusWhenDrawn } from "./use-focus-when-drawn";

export interface ReportChartProps {
  points: readonly IntervalPoint[];
  states: readonly StateColumn[];
  /** The labels config's own colour per state key, where it gives one. */
  colours: Readonly<Record<string, string | null>>;
  zone: string;
  daily: boolean;
  width: number;
  /** Reached by the keyboard: the chart takes the focus once drawn (its arrow keys read out the intervals). */
  focusOnMount?: boolean;
}

const one = (n: number) => (Math.round(n * 10) / 10).toLocaleString(undefined, { maximumFractionDigits: 1 });

/** How many agents were in each state through the window (time-weighted per interval), stacked in the grid's colours. */
export function ReportChart({ points, states, colours, zone, daily, width, focusOnMount }: ReportChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useFocusWhenDrawn(box, focusOnMount);
  const data = points.map((p) => ({ start: p.start, end: p.end, unknown: p.unknown, ...p.agents }));
  const label = (t: number) => intervalLabel(t, zone, daily);
  const Tip = ({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) => {
    const p = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
    if (!p) return null;
    return (
      <div className="rounded-lg border border-line bg-surface px-3 py-2 text-sm shadow-lg" data-report-tooltip>
        <p className="mb-1 font-semibold">
          {daily ? label(p.start) : `${formatDateTime(p.start, zone)} – ${formatClock(p.end, zone)}`}
        </p>
        <table>
          <tbody>
            {states.map((s) => (
              <tr key={s.key}>
                <td className="pr-3 text-ink-muted">{s.label}</td>
                <td className="text-right font-semibold tabular-nums">{one((p as unknown as Record<string, number>)[s.key] ?? 0)}</td>
              </tr>
            ))}
            {p.unknown > 0.05 && (
              <tr>
                <td className="pr-3 text-ink-muted">Unknown</td>
                <td className="text-right font-semibold tabular-nums">{one(p.unknown)}</td>
              </tr>
            )}
          </tbody>
        </table>
        <p className="mt-1 text-xs text-ink-muted">Agents on average over the interval</p>
      </div>
    );
  };
  return (
    <div ref={box}>
      <BarChart width={width} height={REPORT_CHART_HEIGHT} data={data} margin={REPORT_CHART_MARGIN} barCategoryGap={1} accessibilityLayer>
        <CartesianGrid vertical={false} className="stroke-line" />
        <XAxis dataKey="start" tickFormatter={label} minTickGap={24} tick={{ className: "fill-ink-muted text-xs" }} />
        <YAxis allowDecimals={false} width={REPORT_Y_AXIS_WIDTH} tick={{ className: "fill-ink-muted text-xs" }} label={{ value: "agents", angle: -90, position: "insideLeft", className: "fill-ink-muted text-xs" }} />
        <Tooltip content={Tip} cursor={{ className: "fill-ink/5" }} isAnimationActive={false} />
        {states.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stackId="floor"
            isAnimationActive={false}
            shape={(props: { x?: number; y?: number; width?: number; height?: number }) => (
              <rect x={props.x} y={props.y} width={Math.max(0, props.width ?? 0)} height={Math.max(0, props.height ?? 0)} className={colours[s.key] ? undefined : FAMILY_FILL[s.family]} style={colours[s.key] ? { fill: colours[s.key]! } : undefined} />
            )}
          />
        ))}
      </BarChart>
    </div>
  );
}
