import { z } from "zod";
import type { ActivityEvent, RosterEntry } from "@/lib/activity/types";
import { KoreError } from "./errors";
import { parseEventTime } from "./event-time";

/**
 * The only place that knows Kore.ai's wire format. Its sample response is PascalCase while its
 * field table is camelCase, so both are accepted, field by field.
 */

const text = z.union([z.string(), z.number()]).transform(String);

/** A field that may be text or a number (ids, codes); undefined when absent, false when neither. */
function textField(row: Record<string, unknown>, pascal: string, camel: string, nullable = false): string | undefined | false {
  let v = row[pascal];
  if (v === undefined || (nullable && v === null)) v = row[camel];
  if (v === undefined || (nullable && v === null)) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return false;
}

/**
 * One row of AgentUpdates, read by hand rather than by schema: a feed of a large floor brings
 * hundreds of thousands of rows, and this is its hottest loop. Null when it is not a row at all.
 */
function readUpdate(row: unknown): { agentId: string; eventTime: string; activity: string; reasonCode: string | null } | null {
  if (row === null || typeof row !== "object" || Array.isArray(row)) return null;
  const r = row as Record<string, unknown>;
  const agentId = textField(r, "AgentId", "agentId");
  const eventTime = textField(r, "EventTime", "eventTime");
  const reasonCode = textField(r, "ReasonCode", "reasonCode", true);
  let activity = r.Activity === undefined ? r.activity : r.Activity;
  if (activity === undefined) activity = "";
  if (agentId === false || eventTime === false || reasonCode === false || typeof activity !== "string") return null;
  return { agentId: (agentId ?? "").trim(), eventTime: eventTime ?? "", activity: activity.trim(), reasonCode: (reasonCode ?? "").trim() || null };
}

export type SkipReason = "not_an_object" | "missing_agent_id" | "missing_activity" | "bad_event_time";

export interface NormalizedActivity {
  events: ActivityEvent[];
  /** Rows that could not be read, by reason; they are skipped, never fatal. */
  skipped: Partial<Record<SkipReason, number>>;
  skippedTotal: number;
}

function updatesOf(body: unknown): unknown[] {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const updates = o.AgentUpdates ?? o.agentUpdates;
    if (Array.isArray(updates)) return updates;
    // An account with no changes in the window may leave the list out altogether.
    if (updates === undefined || updates === null) {
      if ("accountId" in o || "AccountId" in o) return [];
    }
  }
  throw new KoreError("malformed", "Kore.ai answered the activity request with an unexpected body.");
}

export function normalizeActivity(body: unknown, timeZone: string): NormalizedActivity {
  const rows = updatesOf(body);
  const events: ActivityEvent[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  const skip = (reason: SkipReason) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  for (const row of rows) {
    const r = readUpdate(row);
    if (!r) {
      skip("not_an_object");
      continue;
    }
    if (!r.agentId) {
      skip("missing_agent_id");
      continue;
    }
    if (!r.activity) {
      skip("missing_activity");
      continue;
    }
    const time = parseEventTime(r.eventTime, timeZone);
    if (time === null) {
      skip("bad_event_time");
      continue;
    }
    events.push({ agentId: r.agentId, time, activity: r.activity, reasonCode: r.reasonCode });
  }
  const skippedTotal = rows.length - events.length;
  return { events, skipped, skippedTotal };
}

const wireAgent = z
  .object({
    agentId: text.optional(),
    AgentId: text.optional(),
    firstName: z.string().nullish(),
    FirstName: z.string().nullish(),
    lastName: z.string().nullish(),
    LastName: z.string().nullish(),
  })
  .transform((r) => ({
    agentId: (r.agentId ?? r.AgentId ?? "").trim(),
    firstName: (r.firstName ?? r.FirstName ?? "").trim(),
    lastName: (r.lastName ?? r.LastName ?? "").trim(),
  }));

export interface NormalizedRosterPage {
  agents: RosterEntry[];
  /** Rows read from the page, good or bad: a page shorter than the limit is the last one. */
  rowCount: number;
  skippedTotal: number;
}

export function normalizeRosterPage(body: unknown): NormalizedRosterPage {
  // Documented as a plain array; tolerate it wrapped in an object as well.
  const rows = Array.isArray(body)
    ? body
    : body && typeof body === "object"
      ? ((body as Record<string, unknown>).agents ?? (body as Record<string, unknown>).Agents)
      : undefined;
  if (!Array.isArray(rows)) {
    throw new KoreError("malformed", "Kore.ai answered the agents request with an unexpected body.");
  }
  const agents: RosterEntry[] = [];
  for (const row of rows) {
    const parsed = wireAgent.safeParse(row);
    if (parsed.success && parsed.data.agentId) agents.push(parsed.data);
  }
  return { agents, rowCount: rows.length, skippedTotal: rows.length - agents.length };
}
