import { queryOptions } from "@tanstack/react-query";
import type { DiagnosticsSummary } from "@/lib/api-types";
import { getJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** The failing checks of the connection to Kore.ai (`/api/diagnostics?summary=1`), for an admin's banner: once a minute. */
export const diagnosticsSummaryOptions = queryOptions({
  queryKey: queryKeys.diagnostics.summary,
  queryFn: ({ signal }) => getJson<DiagnosticsSummary>("/api/diagnostics?summary=1", signal),
  refetchInterval: 60_000,
});
