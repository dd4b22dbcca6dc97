import "server-only";
import type { ActivityEvent, RosterEntry } from "@/lib/activity/types";
import { KoreError } from "./errors";
import { readWrittenTime, resolveWrittenTime, type AskedWindow, type EventTimeForm, type EventTimeReading, type WrittenTime } from "./event-time";

/**
 * The only place that knows Kore.ai's wire format. Its sample response is PascalCase while its
 * field table is camelCase, so both are accepted, field by field.
 */

/** A row's or envelope's field, by its documented spellings first, then in any case. */
function field(o: Record<string, unknown>, pascal: string, camel: string): unknown {
  const v = o[pascal];
  if (v !== undefined && v !== null) return v;
  const w = o[camel];
  if (w !== undefined) return w;
  if (v === null) return null;
  const lower = camel.toLowerCase();
  for (const key in o) if (key.toLowerCase() === lower) return o[key];
  return undefined;
}

/** A field that may be text or a number (ids, codes); undefined when absent (or null), false when neither. */
function textField(row: Record<string, unknown>, pascal: string, camel: string): string | undefined | false {
  const v = field(row, pascal, camel);
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return false;
}

/**
 * One row of AgentUpdates, read by hand rather than by schema: a feed of a large floor brings
 * hundreds of thousands of rows, and this is its hottest loop. Null when it is not a row at all.
 */
function readUpdate(row: unknown): { agentId: string; eventTime: unknown; activity: string; reasonCode: string | null } | null {
  if (row === null || typeof row !== "object" || Array.isArray(row)) return null;
  const r = row as Record<string, unknown>;
  const agentId = textField(r, "AgentId", "agentId");
  const reasonCode = textField(r, "ReasonCode", "reasonCode");
  let activity = field(r, "Activity", "activity");
  if (activity === undefined || activity === null) activity = "";
  if (agentId === false || reasonCode === false || typeof activity !== "string") return null;
  return { agentId: (agentId ?? "").trim(), eventTime: field(r, "EventTime", "eventTime"), activity: activity.trim(), reasonCode: (reasonCode ?? "").trim() || null };
}

export type SkipReason = "not_an_object" | "missing_agent_id" | "missing_activity" | "bad_event_time";

/** What the envelope of an answer looked like: for diagnostics, and for paging. */
export interface ActivityEnvelope {
  /** The key the rows came under as Kore.ai spelled it (`AgentUpdates`, `agentupdates`, …); null: none. */
  updatesKey: string | null;
  /** Every top-level key, as sent. */
  keys: string[];
  /** Top-level keys Floorview does not know (logged once each). */
  unknownKeys: string[];
  /** `hasMore` (any case) when the answer carries it. */
  hasMore: boolean | null;
  /** `totalCount` (any case) when the answer carries it. */
  totalCount: number | null;
}

/** An EventTime as written, with the window it was asked in: what the time checks read again under other settings. */
export interface WrittenSample {
  written: WrittenTime;
  window: AskedWindow;
}

export interface NormalizedActivity {
  events: ActivityEvent[];
  /** Rows that could not be read, by reason; they are skipped, never fatal. */
  skipped: Partial<Record<SkipReason, number>>;
  skippedTotal: number;
  /** Rows in the answer, good or bad. */
  rowCount: number;
  /** The first row skipped for each reason, as sent (JSON, at most 300 characters). */
  skipExamples: Partial<Record<SkipReason, string>>;
  /** The first rows as sent beside the instant read from them (at most five). */
  samples: { raw: string; time: number }[];
  envelope: ActivityEnvelope;
  /** How many EventTimes came in each syntax. */
  forms: Partial<Record<EventTimeForm, number>>;
  /** Up to 200 EventTimes as written, spread over the answer. */
  written: WrittenSample[];
}

const KNOWN_KEYS = new Set(["accountid", "agentupdates", "hasmore", "totalcount", "skip", "limit", "offset"]);
const MAX_WRITTEN = 200;

/** A value as JSON, cut to `max` characters: what diagnostics show of a row. */
export function excerpt(value: unknown, max = 300): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function envelopeOf(body: unknown): { rows: unknown[]; envelope: ActivityEnvelope } {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const keys = Object.keys(o);
    const updatesKey = keys.find((k) => k.toLowerCase() === "agentupdates") ?? null;
    const more = field(o, "HasMore", "hasMore");
    const total = field(o, "TotalCount", "totalCount");
    const envelope: ActivityEnvelope = {
      updatesKey,
      keys,
      unknownKeys: keys.filter((k) => !KNOWN_KEYS.has(k.toLowerCase())),
      hasMore: more === true || more === "true" ? true : more === false || more === "false" ? false : null,
      totalCount: typeof total === "number" || (typeof total === "string" && /^\d+$/.test(total)) ? Number(total) : null,
    };
    const updates = updatesKey === null ? undefined : o[updatesKey];
    if (Array.isArray(updates)) return { rows: updates, envelope };
    // An account with no changes in the window may leave the list out altogether.
    if ((updates === undefined || updates === null) && keys.some((k) => k.toLowerCase() === "accountid")) return { rows: [], envelope };
  }
  throw new KoreError("malformed", "Kore.ai answered the activity request with an unexpected body.");
}

/**
 * Reads an Agent Activity answer. `window` is the window asked for: a 12-hour EventTime without
 * AM/PM is read as the half of the day inside it.
 */
export function normalizeActivity(body: unknown, reading: string | EventTimeReading, window?: AskedWindow): NormalizedActivity {
  const r0 = typeof reading === "string" ? { zone: reading, clock: "24h" as const, dateOrder: "mdy" as const } : reading;
  const { rows, envelope } = envelopeOf(body);
  const events: ActivityEvent[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  const skipExamples: Partial<Record<SkipReason, string>> = {};
  const samples: { raw: string; time: number }[] = [];
  const forms: Partial<Record<EventTimeForm, number>> = {};
  const written: WrittenSample[] = [];
  const stride = Math.max(1, Math.ceil(rows.length / MAX_WRITTEN));
  const skip = (reason: SkipReason, row: unknown) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
    if (skipExamples[reason] === undefined) skipExamples[reason] = excerpt(row);
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const r = readUpdate(row);
    if (!r) {
      skip("not_an_object", row);
      continue;
    }
    if (!r.agentId) {
      skip("missing_agent_id", row);
      continue;
    }
    if (!r.activity) {
      skip("missing_activity", row);
      continue;
    }
    const w = readWrittenTime(r.eventTime);
    const time = w && resolveWrittenTime(w, r0, window);
    if (!w || time === null) {
      skip("bad_event_time", row);
      continue;
    }
    forms[w.form] = (forms[w.form] ?? 0) + 1;
    if (window && i % stride === 0) written.push({ written: w, window });
    if (samples.length < 5) samples.push({ raw: excerpt(row), time });
    events.push({ agentId: r.agentId, time, activity: r.activity, reasonCode: r.reasonCode });
  }
  // Rows whose time could not be read still say how it was written.
  if (window && skipped.bad_event_time) {
    for (const row of rows) {
      if (written.length >= MAX_WRITTEN) break;
      if (row && typeof row === "object" && !Array.isArray(row)) {
        const w = readWrittenTime(field(row as Record<string, unknown>, "EventTime", "eventTime"));
        if (w && resolveWrittenTime(w, r0, window) === null) written.push({ written: w, window });
      }
    }
  }
  const skippedTotal = rows.length - events.length;
  return { events, skipped, skippedTotal, rowCount: rows.length, skipExamples, samples, envelope, forms, written };
}

export interface NormalizedRosterPage {
  agents: RosterEntry[];
  /** Rows read from the page, good or bad: a page shorter than the limit is the last one. */
  rowCount: number;
  skippedTotal: number;
  /** The first row skipped, as sent (JSON, at most 300 characters). */
  skipExample?: string;
}

function nameField(row: Record<string, unknown>, pascal: string, camel: string): string {
  const v = field(row, pascal, camel);
  return typeof v === "string" ? v.trim() : "";
}

export function normalizeRosterPage(body: unknown): NormalizedRosterPage {
  // Documented as a plain array; tolerate it wrapped in an object as well (`agents`, any case).
  const rows = Array.isArray(body) ? body : body && typeof body === "object" && !Array.isArray(body) ? field(body as Record<string, unknown>, "Agents", "agents") : undefined;
  if (!Array.isArray(rows)) {
    throw new KoreError("malformed", "Kore.ai answered the agents request with an unexpected body.");
  }
  const agents: RosterEntry[] = [];
  let skipExample: string | undefined;
  for (const row of rows) {
    const id = row && typeof row === "object" && !Array.isArray(row) ? textField(row as Record<string, unknown>, "AgentId", "agentId") : false;
    if (typeof id === "string" && id.trim()) {
      const r = row as Record<string, unknown>;
      const email = nameField(r, "EmailId", "emailId") || nameField(r, "Email", "email");
      agents.push({ agentId: id.trim(), firstName: nameField(r, "FirstName", "firstName"), lastName: nameField(r, "LastName", "lastName"), ...(email.includes("@") && { email: email.toLowerCase() }) });
    } else {
      skipExample ??= excerpt(row);
    }
  }
  return { agents, rowCount: rows.length, skippedTotal: rows.length - agents.length, ...(skipExample === undefined ? {} : { skipExample }) };
}
