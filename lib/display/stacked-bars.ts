/**
 * The geometry of a stacked bar chart drawn as plain SVG: the report's first view of the floor
 * through the window, before (and unless) someone reaches for the interactive chart. It is laid
 * out as recharts lays out the same chart (the plot's margins, a y axis of round numbers from 0,
 * one band per interval, labels on the x axis as many as fit, the first and the last), so that
 * when the interactive chart takes its place nothing moves.
 */

export interface StackedBarsInput {
  /** One value per series (in stacking order, bottom first) per category. */
  values: readonly (readonly number[])[];
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** The y axis' width, left of the plot; the x axis' height, below it. */
  yAxisWidth: number;
  xAxisHeight: number;
  /** Pixels left free on each side of a band. */
  gap: number;
  /** The widest x label, in pixels, and the least room between two. */
  labelWidth: number;
  minLabelGap: number;
}

export interface StackedBarsLayout {
  plot: { left: number; top: number; width: number; height: number };
  /** The y axis' top: the first round number at or above the highest stack. */
  top: number;
  yTicks: { value: number; y: number }[];
  /** Each drawn bar: its category, its series, and where it is (zero-height ones left out). */
  bars: { category: number; series: number; x: number; y: number; width: number; height: number }[];
  /** The categories labelled on the x axis, each with its band's centre. */
  xTicks: { category: number; x: number }[];
}

/**
 * Round ticks from 0 to at least `max`, about `count` of them, whole numbers only (agents): steps
 * of 1, 2, 2.5 (from 10 up, where it is whole), 5, times a power of ten.
 */
export function niceTicks(max: number, count = 5): number[] {
  const rough = Math.max(max, 0) / Math.max(1, count - 1);
  let step = 1;
  if (rough > 1) {
    const magnitude = 10 ** Math.floor(Math.log10(rough));
    step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough && Number.isInteger(s)) ?? 10 * magnitude;
  }
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let i = 0; i * step <= top; i++) ticks.push(i * step);
  return ticks;
}

export function stackedBars(input: StackedBarsInput): StackedBarsLayout {
  const { values, width, height, margin, yAxisWidth, xAxisHeight, gap, labelWidth, minLabelGap } = input;
  const plot = { left: margin.left + yAxisWidth, top: margin.top, width: Math.max(0, width - margin.left - margin.right - yAxisWidth), height: Math.max(0, height - margin.top - margin.bottom - xAxisHeight) };
  const highest = values.reduce((m, stack) => Math.max(m, stack.reduce((s, v) => s + Math.max(0, v), 0)), 0);
  const ticks = niceTicks(highest);
  const top = ticks.at(-1) || 1;
  const y = (v: number) => plot.top + plot.height - (v / top) * plot.height;
  const band = values.length ? plot.width / values.length : 0;
  const barWidth = Math.max(0, band - 2 * gap);
  const bars: StackedBarsLayout["bars"] = [];
  values.forEach((stack, category) => {
    let base = 0;
    stack.forEach((v, series) => {
      if (!(v > 0)) return;
      const y0 = y(base);
      const y1 = y(base + v);
      base += v;
      bars.push({ category, series, x: plot.left + category * band + gap, y: y1, width: barWidth, height: y0 - y1 });
    });
  });
  // As many labels as fit with room between them, from the first interval, and the last always
  // (the one before it left out when they would touch).
  const every = band > 0 ? Math.max(1, Math.ceil((labelWidth + minLabelGap) / band)) : 1;
  const labelled: number[] = [];
  for (let c = 0; c < values.length; c += every) labelled.push(c);
  const last = values.length - 1;
  if (last >= 0 && labelled.at(-1) !== last) {
    if (last - labelled.at(-1)! < every && labelled.length > 1) labelled.pop();
    labelled.push(last);
  }
  const xTicks = labelled.map((category) => ({ category, x: plot.left + (category + 0.5) * band }));
  return { plot, top, yTicks: ticks.map((value) => ({ value, y: y(value) })), bars, xTicks };
}
