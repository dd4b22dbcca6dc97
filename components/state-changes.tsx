"use client";

import { useState } from "react";
import type { Segment } from "@/lib/activity/timeline";
import { formatSpan } from "@/lib/display/span";
import { formatClockSeconds, formatDateTime } from "@/lib/display/time";
import { LiveDuration } from "./live-duration";
import { StateBadge } from "./state-badge";
import { useVocabulary } from "./vocabulary";
import { TABLE_HEAD } from "./ui";

const FIRST_PAGE = 50;

/** Every state change in the window, newest first: when, what, why and for how long. */
export function StateChanges({ segments, zone, multiDay }: { segments: readonly Segment[]; zone: string; multiDay: boolean }) {
  const vocab = useVocabulary();
  const [showAll, setShowAll] = useState(false);
  const newestFirst = segments.toReversed();
  const shown = showAll ? newestFirst : newestFirst.slice(0, FIRST_PAGE);
  if (segments.length === 0) return <p className="rounded-lg border border-line bg-surface px-4 py-6 text-center text-ink-muted">No state changes in this window.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-line bg-surface">
      <table className="w-full min-w-[480px] text-left" data-state-changes>
        <thead className={TABLE_HEAD}>
          <tr>
            <th scope="col" className="py-2 pr-3 pl-4 font-semibold">
              Time
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              State
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Reason
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.start} className="border-t border-line" data-change-start={new Date(s.start).toISOString()}>
              <td className="py-1.5 pr-3 pl-4 tabular-nums">{multiDay ? formatDateTime(s.start, zone) : formatClockSeconds(s.start, zone)}</td>
              <td className="px-3 py-1.5">
                <StateBadge activity={s.activity} />
              </td>
              <td className="px-3 py-1.5">{s.reasonCode === null ? <span className="text-ink-muted">—</span> : vocab.reason(s.reasonCode).label}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {s.end === null ? (
                  <span className="font-semibold">
                    <LiveDuration from={s.start} format={formatSpan} /> so far
                  </span>
                ) : (
                  formatSpan(s.end - s.start)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!showAll && newestFirst.length > FIRST_PAGE && (
        <div className="border-t border-line p-2 text-center">
          <button type="button" onClick={() => setShowAll(true)} className="rounded-md px-3 py-1.5 text-sm font-semibold text-brand-ink hover:bg-surface-muted">
            Show all {newestFirst.length} changes
          </button>
        </div>
      )}
    </div>
  );
}
