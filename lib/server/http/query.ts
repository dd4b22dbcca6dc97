import "server-only";
import { z } from "zod";
import { isValidTimeZone, wallTimeToUtc } from "@/lib/time/zone";
import { fail } from "./http";

/**
 * The query strings of Floorview's routes, read by zod schemas: each route's schema is written
 * where its domain is (`reportQuery` in reports.ts, `scheduleQuery`, `auditQuery`,
 * `timelineQuery`) from the fields here, and read by `queryOf` (a route: a 400 with the first
 * problem's message) or `parseQuery` (a page: the message to show). A window (`from`, `to`, a
 * zone, the history kept) is read by one rule, `windowOf`, whatever route takes it.
 */

/** What a query's reading depends on besides the query: the request's clock, the history kept, what it accepts. */
export interface QueryContext {
  now: number;
  /** How long history is kept (FLOORVIEW_RETENTION_DAYS); null: for ever. */
  retentionMs: number | null;
  /** The request's `Accept` header (a CSV may be asked for by it). */
  accept?: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

type Raw = string | string[] | undefined;
const raw = z.union([z.string(), z.array(z.string())]).optional();

/** A parameter given once (the first when repeated, as `URLSearchParams.get`); null when absent. */
export const one = raw.transform((v: Raw) => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null)));

/** A parameter that may repeat (`team=A&team=B`): trimmed, empty ones dropped, each once. */
export const many = raw.transform((v: Raw) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean))]);

/** One of a few words (`interval`, `format`), or null when absent; otherwise what it may be. */
export function oneOf<const T extends string>(name: string, values: readonly T[], hint = `one of ${values.join(", ")}`) {
  return one.transform((v, ctx): T | null => {
    if (v === null || (values as readonly string[]).includes(v)) return v as T | null;
    ctx.addIssue(`${name}=${v.slice(0, 20)}: ${hint}.`);
    return z.NEVER;
  });
}

/** An IANA time zone, or null when absent. */
export const zone = one.transform((v, ctx) => {
  if (v === null || isValidTimeZone(v)) return v;
  ctx.addIssue(`tz=${v.slice(0, 60)}: an IANA time zone such as UTC, Europe/Berlin or America/New_York.`);
  return z.NEVER;
});

/** `format=csv|json`, or an `Accept: text/csv` without a format: is a CSV asked for? */
export const format = oneOf("format", ["csv", "json"], "csv or json");
export const wantsCsv = (f: "csv" | "json" | null, accept: string | null | undefined) => f === "csv" || (f === null && (accept ?? "").split(",").some((t) => t.trim().startsWith("text/csv")));

/** `1`/`true` or absent (`?preview=1`). */
export const flag = one.transform((v) => v === "1" || v === "true");

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * An ISO-8601 instant with a zone, as ms; null when absent; the message when it cannot be read.
 * A wall time without a zone ("2026-11-27T08:00", what a plain form's date-time field sends) is
 * read only when the request names its zone (`wallZone`, from its `tz`): never in the server's own.
 */
export function instant(name: string, value: string | null, wallZone: string | null = null): number | null | string {
  if (value === null || value === "") return null;
  let ms = ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  const wall = wallZone === null ? null : WALL_TIME.exec(value);
  if (wall) {
    const [, y, mo, d, h, mi, s] = wall.map(Number) as number[];
    const local = Date.UTC(y!, mo! - 1, d!, h!, mi!, Number.isNaN(s) ? 0 : s!);
    // Date.UTC rolls 2026-02-30 over to March and 08:75 to 09:15: a time that does not exist is refused.
    if (new Date(local).getUTCDate() === d && h! < 24 && mi! < 60 && !(s! >= 60)) ms = wallTimeToUtc(local, wallZone!);
  }
  if (Number.isNaN(ms)) {
    return `${name} must be an ISO-8601 date-time with a zone, such as 2026-11-27T08:00:00Z or 2026-11-27T09:00:00+01:00${wallZone === null ? "" : ", or a wall time such as 2026-11-27T08:00 in tz"}.`;
  }
  return ms;
}

/** A window ending at `end` that lies wholly before the history kept: what to say (null: it does not). */
function pastRetention(end: number, now: number, retentionMs: number | null): string | null {
  if (retentionMs === null || end > now - retentionMs) return null;
  return `The window is older than the history Floorview keeps (${Math.round(retentionMs / 86_400_000)} days, FLOORVIEW_RETENTION_DAYS): pick one that ends after ${new Date(now - retentionMs).toISOString()}.`;
}

/** How a route's window is read: what it needs sent, how long it may be, where it may lie. */
export interface WindowRule {
  /**
   * Both ends must be sent (the message when not: an example of the route's own); without it, an
   * end not sent is open (`defaults` fills it, or it stays null: the audit trail's "since …").
   */
  required?: string;
  /** The window when an end is not sent (a timeline: the last 8 hours). */
  defaults?: (from: number | null, to: number | null, now: number) => { from: number; to: number };
  /** The longest window, and what to say of a longer one (`days`: its length, rounded up). */
  maxMs: number;
  tooLong: (days: number) => string;
  /** Ends floored to whole seconds, as the feed's times are (a report's rows then add up exactly). */
  wholeSeconds?: boolean;
  /** Refuse a window wholly before the history kept (not the audit trail's, kept apart). */
  retention?: boolean;
  /** A wall time without a zone is read in the query's `tz` (the audit page's form). */
  wallTimesInTz?: boolean;
}

const DAY = 86_400_000;

/**
 * The one window rule: `from` and `to` read as instants (a zone in each, or the query's `tz` where
 * the rule allows), both required or defaulted, `from` before `to`, no longer than the rule's
 * longest, not wholly before the history kept. Adds the problem to `ctx` and returns null.
 */
export function windowOf(v: { from: string | null; to: string | null; tz?: string | null }, rule: WindowRule, cx: QueryContext, ctx: z.RefinementCtx): OpenWindow | null {
  const wallZone = rule.wallTimesInTz ? (v.tz ?? null) : null;
  let from = instant("from", v.from, wallZone);
  let to = instant("to", v.to, wallZone);
  const problem = (message: string) => (ctx.addIssue(message), null);
  if (typeof from === "string") return problem(from);
  if (typeof to === "string") return problem(to);
  if ((from === null || to === null) && rule.required) return problem(rule.required);
  if (rule.defaults && (from === null || to === null)) ({ from, to } = rule.defaults(from, to, cx.now));
  if (rule.wholeSeconds) {
    if (from !== null) from = Math.floor(from / 1000) * 1000;
    if (to !== null) to = Math.floor(to / 1000) * 1000;
  }
  if (from !== null && to !== null) {
    if (from >= to) return problem("from must be before to.");
    if (to - from > rule.maxMs) return problem(rule.tooLong(Math.ceil((to - from) / DAY)));
    const old = rule.retention ? pastRetention(to, cx.now, cx.retentionMs) : null;
    if (old) return problem(old);
  }
  return { from, to };
}

/** A window read: an end is null only where the rule leaves it open. */
export interface OpenWindow {
  from: number | null;
  to: number | null;
}

/** A window whose rule requires or defaults both ends. */
export const closed = (w: OpenWindow) => w as { from: number; to: number };

/** A query string as the object a schema reads: each name once, a list where it repeats. */
function searchObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** A query read by its schema: the value, or the first problem's message. */
export function parseQuery<T>(schema: z.ZodType<T>, params: URLSearchParams): Parsed<T> {
  const r = schema.safeParse(searchObject(params));
  return r.success ? { ok: true, value: r.data } : { ok: false, message: r.error.issues[0]?.message ?? "The query cannot be read." };
}

/** A route's query read by its schema; a 400 naming the first problem when it cannot be. */
export function queryOf<T>(req: Request, schema: z.ZodType<T>): T {
  const r = parseQuery(schema, new URL(req.url).searchParams);
  return r.ok ? r.value : fail("bad_request", r.message);
}

/** A route's JSON body read by its schema; a 400 with `message` (what to send) when it cannot be. */
export async function bodyOf<T>(req: Request, schema: z.ZodType<T>, message: string): Promise<T> {
  const r = schema.safeParse(await req.json().catch(() => null));
  return r.success ? r.data : fail("bad_request", message);
}
