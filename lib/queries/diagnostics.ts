import { queryOptions } from "@tanstack/react-query";
import type { DiagnosticsSummary } from "@/lib/api-types";
import { getJson } from "./fetch-json";

/** The failing checks of the connection to Kore.ai (`/api/diagnostics?summary=1`), for an admin's banner: once a minute. */
export const diagnosticsSummaryOptions = queryOptions({
  queryKey: ["diagnostics-summary"] as const,
  queryFn: ({ signal }) => getJson<DiagnosticsSummary>("/api/diagnostics?summary=1", signal),
  refetchInterval: 60_000,
});
