"use client";

import { Bar, BarChart, Cell, XAxis, YAxis } from "recharts";
import type { StateFamily } from "@/lib/states/family";
import { FAMILY_FILL } from "./state-styles";

export interface TotalsChartRow {
  activity: string;
  label: string;
  ms: number;
  family: StateFamily;
  customColour: string | null;
}

/** Time per state as horizontal bars, in the grid's colours (the drill-down's "where the window went"). */
export function TotalsChart({ rows }: { rows: readonly TotalsChartRow[] }) {
  return (
    <BarChart layout="vertical" data={rows as TotalsChartRow[]} responsive style={{ width: "100%", height: rows.length * 30 + 10 }} margin={{ top: 0, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
      <XAxis type="number" hide />
      <YAxis type="category" dataKey="label" width={120} tickLine={false} axisLine={false} tick={{ fontSize: 13 }} />
      <Bar dataKey="ms" isAnimationActive={false} barSize={18} radius={3}>
        {rows.map((r) => (
          // The family's fill class, or the labels config's own colour: a CSS variable in the fill attribute came out black.
          <Cell key={r.activity} className={r.customColour ? undefined : FAMILY_FILL[r.family]} fill={r.customColour ?? undefined} />
        ))}
      </Bar>
    </BarChart>
  );
}
