import { queryOptions } from "@tanstack/react-query";
import type { AcknowledgedAnswer, AlertsAnswer } from "@/lib/api-types";
import { getJson, sendJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** The alert rules and the latest deliveries (`/api/alerts`), every few seconds while the page is open. */
export const alertsQueryOptions = queryOptions({
  queryKey: queryKeys.alerts,
  queryFn: ({ signal }) => getJson<AlertsAnswer>("/api/alerts", signal),
  refetchInterval: 5_000,
});

/** Sends a test message to a channel; resolves with its delivery id. */
export async function sendTestAlert(channel: string): Promise<string> {
  const res = await sendJson("/api/alerts/test", { channel });
  return ((await res.json()) as { id: string }).id;
}

/** Sends a digest now for one of its teams (null: the whole floor); resolves with its id. */
export async function sendDigestNow(digest: string, team: string | null): Promise<string> {
  const res = await sendJson("/api/alerts/test", { digest, team });
  return ((await res.json()) as { id: string }).id;
}

/** Acknowledges an open alert ("I'm on it"), until a time (ISO) or until it ends (null). */
export async function acknowledgeAlert(key: string, note: string, until: string | null): Promise<void> {
  await sendJson("/api/alerts/acknowledgements", { key, note, until });
}

/** Takes an acknowledgement back. */
export async function undoAcknowledgement(key: string): Promise<void> {
  await sendJson("/api/alerts/acknowledgements", { key }, "DELETE");
}

/** The agents with an alert someone is on now (`/api/alerts/acknowledged`), for the grid's and wallboard's mark. */
export const fetchAcknowledged = (signal: AbortSignal) => getJson<AcknowledgedAnswer>("/api/alerts/acknowledged", signal);
