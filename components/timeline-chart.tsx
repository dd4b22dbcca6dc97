"use client";

import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import type { Interval, Segment } from "@/lib/activity/timeline";
import { cn } from "@/lib/cn";
import { formatSpan } from "@/lib/display/span";
import { formatClock, formatClockSeconds, formatDateTime, sameDay, timeTicks } from "@/lib/display/time";
import { TIMELINE_DATA_MARK } from "@/lib/queries/timeline";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { LiveDuration } from "./live-duration";
import { StateIcon } from "./state-icon";
import { FAMILY_FILL } from "./state-styles";
import { useVocabulary } from "./vocabulary";

export interface TimelineChartProps {
  segments: readonly Segment[];
  /** Parts of the window not read (yet): drawn as unknown, never guessed. */
  gaps: readonly Interval[];
  from: number;
  to: number;
  /** The live edge: the segment still going reaches here. */
  now: number;
  zone: string;
  /** The box's width as the page measured it before the data came (0: measured here, after mounting). */
  initialWidth?: number;
  /** A moment clicked (or a band's start, by Enter): the floor as it was then. */
  onPick?: (at: number) => void;
}

const TIMELINE_PAINTED_MARK = "floorview:timeline-painted";
const TIMELINE_RENDER_MEASURE = "floorview:timeline-render";

const HEIGHT = 112;
const BAND_INSET = 6;
/** The plot inside the SVG: room above for "now", beside for the edge labels, below for the axis. */
const MARGIN = { top: 14, right: 16, bottom: 30, left: 16 };

/** Where the bands are drawn: a linear time scale over the plot (drawn here, no chart library: the drill-down's first load stays light). */
interface Plot {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Hover {
  index: number;
  /** Pixel position of the tooltip's anchor inside the chart. */
  x: number;
}

function describeSegment(vocab: Vocabulary, s: Segment, end: number, zone: string): string {
  const { label, reason: r } = vocab.describe(s);
  const reason = r === null ? "" : `, ${r.label}`;
  const until = s.end === null ? "now" : formatClock(end, zone);
  return `${label}${reason}, ${formatClock(s.start, zone)} to ${until}, ${formatSpan(end - s.start)}${s.end === null ? " so far" : ""}`;
}

interface BandsProps extends TimelineChartProps {
  plot: Plot;
  vocab: Vocabulary;
  active: number | null;
  focusIndex: number;
  onHover: (hover: Hover | null) => void;
}

/** The state bands, drawn straight from the time scale: one rect per segment. */
const Bands = memo(function Bands({ plot, vocab, segments, gaps, from, to, now, zone, active, focusIndex, onHover, onPick }: BandsProps) {
  const x0 = plot.x;
  const x1 = plot.x + plot.width;
  const k = (x1 - x0) / (to - from);
  const x = (t: number) => x0 + (Math.min(Math.max(t, from), to) - from) * k;
  const y = plot.y + BAND_INSET;
  const h = plot.height - 2 * BAND_INSET;
  const liveEnd = Math.min(now, to);

  const indexOf = (target: EventTarget | null) => {
    const i = Number((target as Element | null)?.getAttribute?.("data-index"));
    return Number.isInteger(i) && i >= 0 && i < segments.length ? i : null;
  };
  const onPointerMove = (e: PointerEvent<SVGGElement>) => {
    const i = indexOf(e.target);
    onHover(i === null ? null : { index: i, x: e.nativeEvent.offsetX });
  };
  const onFocus = (e: FocusEvent<SVGGElement>) => {
    const i = indexOf(e.target);
    if (i === null) return;
    const s = segments[i]!;
    onHover({ index: i, x: (x(s.start) + x(s.end ?? liveEnd)) / 2 });
  };
  const onClick = (e: MouseEvent<SVGGElement>) => {
    if (!onPick) return;
    const t = from + (e.nativeEvent.offsetX - x0) / k;
    onPick(Math.round(Math.min(Math.max(t, from), liveEnd - 1000) / 1000) * 1000);
  };
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    const i = indexOf(e.target);
    if (i === null) return;
    if (e.key === "Enter" && onPick) {
      e.preventDefault();
      onPick(segments[i]!.start);
      return;
    }
    const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: segments.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const target = e.currentTarget.querySelector<SVGRectElement>(`[data-index="${Math.min(Math.max(next, 0), segments.length - 1)}"]`);
    target?.focus();
  };

  return (
    <g>
      {/* The track: where no band is drawn, no state is known (no event yet, or before the first one). */}
      <rect x={x0} y={y} width={Math.max(0, x(liveEnd) - x0)} height={h} className="fill-surface-muted" />
      {gaps.map((g) => (
        <rect key={`gap-${g.start}`} data-gap x={x(g.start)} y={y} width={Math.max(1, x(g.end) - x(g.start))} height={h} className="fill-surface stroke-ink-muted" strokeDasharray="4 3" />
      ))}
      <g role="list" aria-label="State changes on the timeline. Use the arrow keys to move between them." onPointerMove={onPointerMove} onPointerLeave={() => onHover(null)} onFocus={onFocus} onBlur={() => onHover(null)} onKeyDown={onKeyDown} onClick={onClick} className={onPick ? "cursor-pointer" : undefined} data-pick={onPick ? "" : undefined}>
        {segments.map((s, i) => {
          const { family, customColour } = vocab.state(s.activity);
          const left = x(s.start);
          const width = Math.max(2, x(s.end ?? liveEnd) - left);
          return (
            <rect
              key={s.start}
              data-index={i}
              data-activity={s.activity}
              data-open={s.end === null ? "" : undefined}
              role="listitem"
              tabIndex={i === focusIndex ? 0 : -1}
              aria-label={describeSegment(vocab, s, s.end ?? liveEnd, zone)}
              x={left}
              y={y}
              width={width}
              height={h}
              className={cn(FAMILY_FILL[family], "outline-none", i === active && "stroke-ink stroke-2")}
              style={customColour ? { fill: customColour } : undefined}
            />
          );
        })}
      </g>
      {/* A reason change inside a state (same colour on both sides) gets a visible seam. */}
      <g aria-hidden className="pointer-events-none stroke-surface">
        {segments.map((s, i) => {
          const prev = segments[i - 1];
          if (!prev || prev.end !== s.start || vocab.state(prev.activity).family !== vocab.state(s.activity).family) return null;
          return <line key={s.start} x1={x(s.start)} x2={x(s.start)} y1={y} y2={y + h} strokeWidth={2} />;
        })}
      </g>
      {/* Names inside the bands wide enough to hold them: state is never colour alone. */}
      <g aria-hidden className="pointer-events-none fill-white text-[11px] font-semibold">
        {segments.map((s) => {
          const left = x(s.start);
          const width = x(s.end ?? liveEnd) - left;
          if (width < 70) return null;
          const { label, reason } = vocab.describe(s);
          const text = reason === null ? label : `${label} · ${reason.label}`;
          return (
            <text key={s.start} x={left + 6} y={y + h / 2 + 4} className="fill-white [paint-order:stroke] stroke-black/40 stroke-2">
              {text.length * 6.5 > width - 10 ? label : text}
            </text>
          );
        })}
      </g>
      {now > from && now <= to && (
        <g aria-hidden className="pointer-events-none">
          <line x1={x(now)} x2={x(now)} y1={plot.y} y2={plot.y + plot.height} className="stroke-ink" strokeWidth={2} />
          <text x={x(now)} y={plot.y - 2} textAnchor="end" className="fill-ink text-[10px] font-bold uppercase">
            now
          </text>
        </g>
      )}
    </g>
  );
});

function SegmentTooltip({ vocab, segment, end, zone, x, width, picks }: { vocab: Vocabulary; segment: Segment; end: number; zone: string; x: number; width: number; picks: boolean }) {
  const { family, label, reason } = vocab.describe(segment);
  const showDay = !sameDay(segment.start, end, zone);
  const time = (t: number) => (showDay ? formatDateTime(t, zone) : formatClockSeconds(t, zone));
  const left = Math.min(Math.max(x - 130, 0), Math.max(0, width - 260));
  return (
    <div role="tooltip" data-timeline-tooltip className="pointer-events-none absolute top-full z-10 mt-1 w-[260px] rounded-lg border border-line bg-surface p-3 text-sm shadow-lg" style={{ left }}>
      <p className="flex items-center gap-1.5 font-semibold">
        <StateIcon family={family} className="size-4" />
        {label}
      </p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-ink-muted">
        <dt>Reason</dt>
        <dd className="text-ink" data-field="reason">
          {reason === null ? "—" : reason.label}
        </dd>
        <dt>Start</dt>
        <dd className="text-ink tabular-nums">{time(segment.start)}</dd>
        <dt>End</dt>
        <dd className="text-ink tabular-nums">{segment.end === null ? "still going" : time(segment.end)}</dd>
        <dt>Duration</dt>
        <dd className="font-semibold text-ink tabular-nums" data-field="duration">
          {segment.end === null ? (
            <>
              <LiveDuration from={segment.start} format={formatSpan} /> so far
            </>
          ) : (
            formatSpan(segment.end - segment.start)
          )}
        </dd>
      </dl>
      {picks && <p className="mt-1 text-xs text-ink-muted">Click to see the whole floor at that moment</p>}
    </div>
  );
}

/**
 * The agent's states as bands on a time axis. Hover or focus a band (arrow keys move between
 * them) for its state, reason, start, end and duration. The segment still going reaches the
 * live edge and grows with it.
 */
export function TimelineChart(props: TimelineChartProps) {
  const vocab = useVocabulary();
  const { segments, from, to, zone } = props;
  const [hover, setHover] = useState<Hover | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(props.initialWidth ?? 0);
  // Measured before the first paint (and again on every resize): the bands are drawn in the first
  // frame. With the width the page measured while loading, the first render already drew them.
  const [knownAtMount] = useState(() => (props.initialWidth ?? 0) > 0);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    // Not measured again when the page did (a layout forced inside the commit is a long task on
    // a phone): the observer below reports a different width before the first paint.
    if (!knownAtMount) setWidth(Math.round(el.getBoundingClientRect().width));
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [knownAtMount]);
  // A label ("06:00 PM") is about 60 px wide: one every 90 px or more.
  const ticks = useMemo(() => timeTicks(from, to, zone, Math.max(2, Math.floor((width || 800) / 90))), [from, to, zone, width]);
  const showDays = to - from > 26 * 3_600_000;
  const tickFormatter = (t: number) => (showDays ? formatDateTime(t, zone) : formatClock(t, zone));
  const near = (to - from) * 0.05;
  const plot: Plot | null = width > MARGIN.left + MARGIN.right ? { x: MARGIN.left, y: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom } : null;
  // Render benchmark: from the data's arrival to the first frame painted with it.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      if (performance.getEntriesByName(TIMELINE_DATA_MARK).length === 0) return;
      performance.mark(TIMELINE_PAINTED_MARK);
      performance.measure(TIMELINE_RENDER_MEASURE, TIMELINE_DATA_MARK, TIMELINE_PAINTED_MARK);
      performance.clearMarks(TIMELINE_DATA_MARK);
    });
    return () => cancelAnimationFrame(frame);
  }, [segments]);

  const active = hover && hover.index < segments.length ? hover : null;
  const activeSegment = active ? segments[active.index]! : null;
  // Keyboard focus enters at the newest segment, where a supervisor looks first.
  const focusIndex = segments.length - 1;

  return (
    <div ref={box} className="relative" data-timeline-chart>
      {/* Drawn once the box is measured (before the first paint): the width decides where every band goes. */}
      <svg width="100%" height={HEIGHT} className="block overflow-visible">
        {plot && (
          <>
            <g className="text-ink-muted" data-axis>
              <line x1={plot.x} x2={plot.x + plot.width} y1={plot.y + plot.height} y2={plot.y + plot.height} stroke="currentColor" strokeOpacity={0.5} />
              {ticks.map((t) => {
                const tx = plot.x + ((t - from) / (to - from)) * plot.width;
                // A label at the window's very edge (Yesterday's midnights) is anchored inward, not cut in half.
                const anchor = t - from < near ? "start" : to - t < near ? "end" : "middle";
                return (
                  <g key={t}>
                    <line x1={tx} x2={tx} y1={plot.y + plot.height} y2={plot.y + plot.height + 6} stroke="currentColor" strokeOpacity={0.5} />
                    <text x={tx} y={plot.y + plot.height + 20} textAnchor={anchor} fontSize={12} fill="currentColor" data-tick={t}>
                      {tickFormatter(t)}
                    </text>
                  </g>
                );
              })}
            </g>
            <Bands {...props} plot={plot} vocab={vocab} active={active?.index ?? null} focusIndex={focusIndex} onHover={setHover} />
          </>
        )}
      </svg>
      {activeSegment && active && (
        <SegmentTooltip vocab={vocab} segment={activeSegment} end={activeSegment.end ?? Math.min(props.now, to)} zone={zone} x={active.x} width={width} picks={props.onPick !== undefined} />
      )}
    </div>
  );
}
