"use client";

import { useRef } from "react";
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { IntradayRow } from "@/lib/api-types";
import { diffLevel, type DiffThresholds } from "@/lib/display/intraday";
import { formatClock } from "@/lib/display/time";
import { DIFF_FILL, INTRADAY_CHART_HEIGHT, intervalSummary, SERIES } from "./intraday-bars";
import { useFocusWhenDrawn } from "./use-focus-when-drawn";

/**
 * The intraday chart once someone reaches for it (a pointer over it, a touch, the keyboard's
 * focus): the same figures as the drawn one (`IntradayBars`) with a read-out per interval, the
 * arrow keys to move through them, and a click (or Enter) to open the floor as it was then.
 */

export interface IntradayChartProps {
  rows: readonly IntradayRow[];
  zone: string;
  thresholds: DiffThresholds;
  width: number;
  onPick?: (at: number) => void;
  focusOnMount?: boolean;
}

export function IntradayChart({ rows, zone, thresholds, width, onPick, focusOnMount }: IntradayChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useFocusWhenDrawn(box, focusOnMount);
  const data = rows.map((r) => ({ ...r, t: Date.parse(r.start), level: diffLevel(r.diff, thresholds) }));
  const picked = (state: { activeLabel?: unknown } | null) => {
    const t = Number(state?.activeLabel);
    if (!onPick || !Number.isFinite(t)) return;
    const row = data.find((d) => d.t === t);
    // The interval's start, or now for the one holding now (nothing after now is known).
    if (row && row.actualOpen !== null) onPick(row.live ? Math.min(Date.parse(row.end), t) : t);
  };
  const Tip = ({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) => {
    const p = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
    if (!p) return null;
    return (
      <div className="rounded-lg border border-line bg-surface px-3 py-2 text-sm shadow-lg" data-intraday-tooltip>
        <p>{intervalSummary(p, zone)}</p>
        {p.actualOpen !== null && onPick && <p className="mt-1 text-xs text-ink-muted">Click to see the floor at {formatClock(p.t, zone)}</p>}
      </div>
    );
  };
  const half = Math.round((INTRADAY_CHART_HEIGHT - 40) * 0.72);
  return (
    <div ref={box} data-intraday-chart="interactive">
      <ComposedChart width={width} height={half} data={data} syncId="intraday" margin={{ top: 8, right: 8, bottom: 0, left: 0 }} onClick={picked} accessibilityLayer>
        <CartesianGrid vertical={false} className="stroke-line" />
        <XAxis dataKey="t" hide />
        <YAxis width={34} allowDecimals={false} tick={{ className: "fill-ink-muted text-xs" }} />
        <Tooltip content={Tip} isAnimationActive={false} cursor={{ className: "stroke-ink/30" }} />
        <Line dataKey="scheduledOpen" name={SERIES.scheduled.label} type="stepAfter" stroke={SERIES.scheduled.stroke} strokeDasharray={SERIES.scheduled.dash} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line dataKey="required" name={SERIES.required.label} type="stepAfter" stroke={SERIES.required.stroke} strokeDasharray={SERIES.required.dash} strokeWidth={2.5} dot={false} connectNulls={false} isAnimationActive={false} />
        <Line dataKey="actualOpen" name={SERIES.actual.label} type="stepAfter" stroke={SERIES.actual.stroke} strokeWidth={3} dot={false} connectNulls={false} isAnimationActive={false} />
      </ComposedChart>
      <ComposedChart width={width} height={INTRADAY_CHART_HEIGHT - half} data={data} syncId="intraday" margin={{ top: 8, right: 8, bottom: 0, left: 0 }} onClick={picked}>
        <XAxis dataKey="t" tickFormatter={(t: number) => formatClock(t, zone)} minTickGap={30} tick={{ className: "fill-ink-muted text-xs" }} />
        <YAxis width={34} tick={{ className: "fill-ink-muted text-xs" }} />
        <ReferenceLine y={0} className="stroke-ink-muted" />
        <Tooltip content={() => null} cursor={{ className: "fill-ink/5" }} isAnimationActive={false} />
        <Bar dataKey="diff" name="Difference" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.start} fill={DIFF_FILL[d.level]} />
          ))}
        </Bar>
      </ComposedChart>
    </div>
  );
}
