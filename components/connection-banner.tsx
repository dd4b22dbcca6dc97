"use client";

import { useQuery } from "@tanstack/react-query";
import type { DiagnosticsSummary } from "@/lib/api-types";
import { diagnosticsSummaryOptions } from "@/lib/queries/diagnostics";

/**
 * For an admin on the grid: said while a check of what Kore.ai answers fails (a wrong zone shifts
 * every time on the floor silently), with the first fix and the way to the Connection page.
 */
export function ConnectionBanner({ initial }: { initial: DiagnosticsSummary }) {
  // The server's summary is as fresh as the page: not asked again at load, only at the minute's poll.
  const { data } = useQuery({ ...diagnosticsSummaryOptions, initialData: initial, staleTime: 30_000 });
  if (data.failing.length === 0) return null;
  const first = data.failing.find((c) => c.hint) ?? data.failing[0]!;
  return (
    <div role="alert" data-connection-banner data-failing={data.failing.map((c) => c.id).join(" ")} className="mx-auto mt-3 w-full max-w-[1800px] px-4 sm:px-6">
      <div className="rounded-lg border-l-4 border-alert bg-alert-surface px-4 py-3">
        <p className="font-semibold">
          Floorview may be reading Kore.ai wrongly: {data.failing.length} check{data.failing.length === 1 ? "" : "s"} of the connection fail{data.failing.length === 1 ? "s" : ""}
          {data.keeping ? "." : ", and nothing read is being kept in its store."}
        </p>
        <p className="text-sm text-ink-muted">
          {first.message}
          {first.hint && (
            <>
              {" "}
              To fix: <code className="break-all">{first.hint}</code>.
            </>
          )}{" "}
          <a href="/connection" className="font-semibold text-brand-ink underline">
            See the connection
          </a>
        </p>
      </div>
    </div>
  );
}
