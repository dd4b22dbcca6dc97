"use client";

import { lazy, type ReactNode } from "react";
import type { TimelineTotals as Totals } from "@/lib/activity/timeline";
import { formatShare, formatSpan } from "@/lib/display/span";
import { formatClock } from "@/lib/display/time";
import { StateIcon } from "./state-icon";
import { useVocabulary } from "./vocabulary";
import { WhenInView } from "./when-in-view";

/** The bar chart (recharts), loaded when it comes into view: the drill-down opens on the timeline without it. */
const TotalsChart = lazy(() => import("./totals-chart").then((m) => ({ default: m.TotalsChart })));


function Stat({ label, value, detail, field }: { label: string; value: string; detail?: string; field: string }) {
  return (
    <div className="rounded-lg border border-line bg-surface px-4 py-3">
      <dt className="text-xs font-semibold tracking-wide text-ink-muted uppercase">{label}</dt>
      <dd className="mt-1 text-2xl font-bold tabular-nums" data-field={field}>
        {value}
      </dd>
      {detail && <dd className="text-sm text-ink-muted">{detail}</dd>}
    </div>
  );
}

interface TotalsRow {
  key: string;
  label: ReactNode;
  ms: number;
  /** Logged out: its time is shown, apart from the shares. */
  apart?: boolean;
}

/** Shares are of logged-in time: an agent logged out half the window is not "not ready 12 %" of it. */
function TotalsTable({ kind, caption, head, rows, loggedInMs, empty }: { kind: string; caption: string; head: string; rows: TotalsRow[]; loggedInMs: number; empty?: string }) {
  return (
    <table className="w-full text-left text-sm" data-totals={kind}>
      <caption className="pb-1 text-left text-xs font-semibold tracking-wide text-ink-muted uppercase">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">Time</th>
          <th scope="col">Share of logged-in time</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr className="border-t border-line">
            <td colSpan={3} className="py-1.5 text-ink-muted">
              {empty}
            </td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-line" data-key={r.key}>
            <th scope="row" className="py-1.5 pr-2 font-medium">
              {r.label}
            </th>
            <td className="py-1.5 text-right tabular-nums">{formatSpan(r.ms)}</td>
            <td className="w-12 py-1.5 text-right text-ink-muted tabular-nums" data-field="share">
              {r.apart ? "" : formatShare(loggedInMs > 0 ? r.ms / loggedInMs : null)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where the window's time went: per state (chart and table), per reason, changes, longest not ready. */
export function TimelineTotals({ totals, zone }: { totals: Totals; zone: string }) {
  const vocab = useVocabulary();
  const { byActivity, byReason, changes, longestNotReady, knownMs, loggedInMs } = totals;
  const rows = byActivity.map((a) => ({ ...a, ...vocab.state(a.activity) }));
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="flex flex-col gap-4">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Stat label="State changes" value={String(changes)} field="changes" />
          <Stat
            label="Longest not ready"
            value={longestNotReady ? formatSpan(longestNotReady.ms) : "none"}
            detail={longestNotReady ? `${formatClock(longestNotReady.start, zone)} – ${longestNotReady.end === null ? "now" : formatClock(longestNotReady.end, zone)}` : undefined}
            field="longest-not-ready"
          />
          <Stat label="Logged in" value={formatSpan(loggedInMs)} detail={`of ${formatSpan(knownMs)} known${knownMs > loggedInMs ? ` · logged out ${formatSpan(knownMs - loggedInMs)}` : ""}`} field="logged-in" />
        </dl>
        {rows.length > 0 && (
          <WhenInView height={rows.length * 30 + 10}>
            <TotalsChart rows={rows} />
          </WhenInView>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TotalsTable
          kind="state"
          caption="By state (% of logged-in time)"
          head="State"
          loggedInMs={loggedInMs}
          rows={rows.map((r) => ({
            key: r.activity,
            ms: r.ms,
            apart: r.family === "offline",
            label: (
              <span className="inline-flex items-center gap-1.5">
                <StateIcon family={r.family} className="size-3.5" />
                {r.label}
              </span>
            ),
          }))}
        />
        <TotalsTable
          kind="reason"
          caption="By reason"
          head="Reason"
          loggedInMs={loggedInMs}
          empty="No reason codes in this window."
          rows={byReason.map((r) => ({ key: r.reasonCode, ms: r.ms, label: vocab.reason(r.reasonCode).label }))}
        />
      </div>
    </div>
  );
}
