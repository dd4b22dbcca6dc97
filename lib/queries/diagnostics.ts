import { queryOptions } from "@tanstack/react-query";
import type { DiagnosticsSummary } from "@/lib/api-types";
import { ensureOk } from "./fetch-json";

/** The failing checks of the connection to Kore.ai (`/api/diagnostics?summary=1`), for an admin's banner: once a minute. */
export const diagnosticsSummaryOptions = queryOptions({
  queryKey: ["diagnostics-summary"] as const,
  queryFn: async ({ signal }) => (await (await ensureOk(await fetch("/api/diagnostics?summary=1", { cache: "no-store", signal }))).json()) as DiagnosticsSummary,
  refetchInterval: 60_000,
});
