import type { MouseEvent } from "react";
import type { IntradayRow } from "@/lib/api-types";
import { diffLevel, heads, signedHeads, type DiffThresholds } from "@/lib/display/intraday";
import { formatClock, timeTicks } from "@/lib/display/time";

/**
 * The day against its plan, drawn as plain SVG (no chart library: a phone's first seconds go to
 * the numbers): scheduled, actual and required heads per interval as steps, the difference below
 * as bars coloured past the page's thresholds, now marked. Each interval says its figures on
 * hover, and a click on a moment opens the floor as it was then.
 */

export const INTRADAY_CHART_HEIGHT = 300;
const TOP = 8;
const LINES_HEIGHT = 190;
const GAP = 18;
const DIFF_HEIGHT = 60;
const LEFT = 34;
const RIGHT = 8;

export interface IntradayBarsProps {
  rows: readonly IntradayRow[];
  zone: string;
  thresholds: DiffThresholds;
  width: number;
  /** A moment of the day clicked: the floor as it was then. */
  onPick?: (at: number) => void;
}


export const DIFF_FILL = { ok: "var(--color-state-ready)", warn: "var(--color-warn)", alert: "var(--color-alert)", none: "var(--color-state-none)" } as const;
export const SERIES = {
  scheduled: { label: "Scheduled", stroke: "var(--color-ink-muted)", dash: "6 4" },
  actual: { label: "Open (ready, on a call, after-call work)", stroke: "var(--color-state-ready)", dash: undefined },
  required: { label: "Needed", stroke: "var(--color-state-busy)", dash: "2 3" },
} as const;

/** The interval's figures in a line (a hover's title, a screen reader's label). */
export function intervalSummary(r: IntradayRow, zone: string): string {
  const when = `${formatClock(Date.parse(r.start), zone)}–${formatClock(Date.parse(r.end), zone)}`;
  const needed = r.required === null ? "" : `, needed ${heads(r.required)}`;
  if (r.actualOpen === null) return `${when}: scheduled ${heads(r.scheduledOpen)}${needed} (still to come)`;
  return `${when}: scheduled ${heads(r.scheduledOpen)}, open ${heads(r.actualOpen)}${needed}, difference ${signedHeads(r.diff)}${r.live ? " (now, so far)" : ""}`;
}

export function IntradayBars({ rows, zone, thresholds, width, onPick }: IntradayBarsProps) {
  if (rows.length === 0 || width <= LEFT + RIGHT) return null;
  const from = Date.parse(rows[0]!.start);
  // The live row's end is now; the day's end is the last interval's own end (a planned one's).
  const ends = rows.map((r, i) => (r.live && rows[i + 1] ? Date.parse(rows[i + 1]!.start) : Date.parse(r.end)));
  const to = ends.at(-1)!;
  const plot = width - LEFT - RIGHT;
  const x = (t: number) => LEFT + ((t - from) / (to - from)) * plot;
  const top = Math.max(1, ...rows.map((r) => Math.max(r.scheduledOpen, r.actualOpen ?? 0, r.required ?? 0)));
  const yMax = niceCeiling(top * 1.1);
  const y = (v: number) => TOP + LINES_HEIGHT - (v / yMax) * LINES_HEIGHT;
  const diffTop = TOP + LINES_HEIGHT + GAP;
  const diffMax = Math.max(1, ...rows.map((r) => Math.abs(r.diff ?? 0)));
  const zero = diffTop + DIFF_HEIGHT / 2;
  const dy = (v: number) => (v / diffMax) * (DIFF_HEIGHT / 2);
  const step = (value: (r: IntradayRow) => number | null, upTo: (i: number) => number) => {
    let d = "";
    let open = false;
    rows.forEach((r, i) => {
      const v = value(r);
      if (v === null) {
        open = false;
        return;
      }
      const [x0, x1, yy] = [x(Date.parse(r.start)), x(upTo(i)), y(v)];
      d += open ? `L${x0.toFixed(1)},${yy.toFixed(1)}H${x1.toFixed(1)}` : `M${x0.toFixed(1)},${yy.toFixed(1)}H${x1.toFixed(1)}`;
      open = true;
    });
    return d;
  };
  const live = rows.find((r) => r.live);
  const now = live ? Date.parse(live.end) : null;
  const ticks = timeTicks(from, to, zone, Math.max(2, Math.floor(plot / 70)));
  const yTicks = [0, yMax / 2, yMax];
  const bottom = diffTop + DIFF_HEIGHT;
  const pick = onPick
    ? (e: MouseEvent<SVGRectElement>) => {
        const box = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
        const t = from + ((e.clientX - box.left - LEFT) / plot) * (to - from);
        onPick(Math.min(now ?? to, Math.max(from, Math.round(t / 60_000) * 60_000)));
      }
    : undefined;
  return (
    <svg width={width} height={INTRADAY_CHART_HEIGHT} role="img" aria-label="Scheduled, open and needed agents per interval, and the difference" data-intraday-chart="drawn">
      {yTicks.map((v) => (
        <g key={v}>
          <line x1={LEFT} x2={width - RIGHT} y1={y(v)} y2={y(v)} stroke="var(--color-line)" />
          <text x={LEFT - 4} y={y(v) + 4} textAnchor="end" fontSize={11} fill="var(--color-ink-muted)">
            {heads(v)}
          </text>
        </g>
      ))}
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={bottom + 15} textAnchor={x(t) > width - RIGHT - 24 ? "end" : x(t) < LEFT + 24 ? "start" : "middle"} fontSize={11} fill="var(--color-ink-muted)">
          {formatClock(t, zone)}
        </text>
      ))}
      <line x1={LEFT} x2={width - RIGHT} y1={zero} y2={zero} stroke="var(--color-ink-muted)" />
      <text x={LEFT - 4} y={diffTop + 8} textAnchor="end" fontSize={10} fill="var(--color-ink-muted)">
        +{heads(diffMax)}
      </text>
      <text x={LEFT - 4} y={zero + 4} textAnchor="end" fontSize={10} fill="var(--color-ink-muted)">
        0
      </text>
      <text x={LEFT - 4} y={bottom} textAnchor="end" fontSize={10} fill="var(--color-ink-muted)">
        −{heads(diffMax)}
      </text>
      {rows.map((r, i) => {
        if (r.diff === null || r.diff === 0) return null;
        const level = diffLevel(r.diff, thresholds);
        const [x0, x1] = [x(Date.parse(r.start)), x(ends[i]!)];
        const h = Math.max(1, Math.abs(dy(r.diff)));
        return <rect key={r.start} x={x0 + 0.5} width={Math.max(1, x1 - x0 - 1)} y={r.diff > 0 ? zero - h : zero} height={h} fill={DIFF_FILL[level]} data-level={level} />;
      })}
      <path d={step((r) => r.scheduledOpen, (i) => ends[i]!)} fill="none" stroke={SERIES.scheduled.stroke} strokeWidth={2} strokeDasharray={SERIES.scheduled.dash} data-series="scheduled" />
      <path d={step((r) => r.required, (i) => ends[i]!)} fill="none" stroke={SERIES.required.stroke} strokeWidth={2.5} strokeDasharray={SERIES.required.dash} data-series="required" />
      <path d={step((r) => r.actualOpen, (i) => (rows[i]!.live ? Date.parse(rows[i]!.end) : ends[i]!))} fill="none" stroke={SERIES.actual.stroke} strokeWidth={3} data-series="actual" />
      {now !== null && <line x1={x(now)} x2={x(now)} y1={TOP} y2={bottom} stroke="var(--color-ink)" strokeWidth={1.5} data-now />}
      {rows.map((r, i) => (
        <rect key={`hit-${r.start}`} x={x(Date.parse(r.start))} width={Math.max(1, x(ends[i]!) - x(Date.parse(r.start)))} y={TOP} height={bottom - TOP} fill="transparent" onClick={pick} className={pick ? "cursor-pointer" : undefined} data-interval={r.start}>
          <title>{intervalSummary(r, zone)}</title>
        </rect>
      ))}
    </svg>
  );
}

/** A round top for the axis: 1, 2, 5 × a power of ten. */
function niceCeiling(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}
