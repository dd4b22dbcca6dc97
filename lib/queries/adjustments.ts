import { queryOptions, type QueryClient } from "@tanstack/react-query";
import type { AdjustmentJson, AdjustmentKind, AdjustmentsAnswer } from "@/lib/api-types";
import { ensureOk, getJson, sendJson } from "./fetch-json";
import { queryKeys } from "./keys";

/** The adherence adjustments in force overlapping a window (`/api/adherence/adjustments`). */
export function adjustmentsQueryOptions(from: number, to: number) {
  return queryOptions({
    queryKey: queryKeys.adjustments.window(from, to),
    queryFn: ({ signal }) => getJson<AdjustmentsAnswer>(`/api/adherence/adjustments?${new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}`, signal),
  });
}

export interface AdjustmentRequest {
  kind: AdjustmentKind;
  agents: string[];
  from: string;
  to: string;
  category?: string;
  note: string;
}

/** Makes one adjustment (the server audits it); the answer is the adjustment made. */
export async function makeAdjustment(body: AdjustmentRequest): Promise<AdjustmentJson> {
  return (await (await sendJson("/api/adherence/adjustments", body)).json()) as AdjustmentJson;
}

export async function revokeAdjustment(id: string): Promise<void> {
  await ensureOk(await fetch(`/api/adherence/adjustments/${encodeURIComponent(id)}`, { method: "DELETE" }));
}

/** After a change: every adherence answer (the window's, the reports', now) and the lists are read again. */
export function adherenceChanged(client: QueryClient): Promise<void> {
  return Promise.all(queryKeys.adherence.changed.map((queryKey) => client.invalidateQueries({ queryKey: [...queryKey] }))).then(() => undefined);
}

export interface ReviewRequest {
  agentId: string;
  type: string;
  start: string;
  note?: string;
}

/** Confirms an exception as it stands (the server audits it). */
export async function confirmException(body: ReviewRequest): Promise<void> {
  await sendJson("/api/adherence/reviews", body);
}

/** Takes a confirmation back. */
export async function undoConfirmation(body: ReviewRequest): Promise<void> {
  await sendJson("/api/adherence/reviews", body, "DELETE");
}
