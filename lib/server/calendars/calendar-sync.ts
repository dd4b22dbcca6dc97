import "server-only";
import { spansOf, type ScheduleProblem, type ScheduleRow } from "@/lib/activity/schedule";
import { parseWithProfile } from "@/lib/activity/schedule-import";
import { log } from "@/lib/log";
import type { CalendarSubscription, PollOutcome } from "@/lib/store/calendar-store";
import type { ScheduleStore } from "@/lib/store/schedule-store";
import { startOfDay } from "@/lib/time/zone";
import { findProfile } from "../config/import-profiles";

/**
 * Subscribed calendars, read on a schedule: each due one fetched (only from a host the operator
 * allowed in FLOORVIEW_CALENDAR_HOSTS, every redirect's host checked too, within a time and size
 * limit), read by its import profile over the four weeks from today, and — with no problem — its
 * rows put in place of what was scheduled for the same agents over the time they cover, as an
 * upload's are; with problems, nothing changes and the problems are kept to be shown. Claimed in
 * the store, so of several instances one reads each calendar when due. The URL may hold a token:
 * it is never logged, and never sent to a browser whole (`redactUrl`).
 */

const FETCH_TIMEOUT_MS = 15_000;
const MAX_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const WINDOW_DAYS = 28;
const DAY = 86_400_000;
const TICK_MS = 60_000;

/** Whether a URL's host (and port) is one the operator allowed: exactly, or under a `*.` entry. */
export function hostAllowed(url: URL, hosts: readonly string[]): boolean {
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return hosts.some((h) => {
    // An entry with a port allows that port only; without, the scheme's own.
    const [name, port = ""] = h.split(":") as [string, string | undefined];
    if (port !== url.port) return false;
    return name.startsWith("*.") ? host.endsWith(name.slice(1)) : name === host;
  });
}

/** The URL as people may see it: scheme, host and the path's last part; no query, no credentials. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    const last = u.pathname.split("/").filter(Boolean).at(-1) ?? "";
    return `${u.protocol}//${u.host}/${u.pathname.split("/").filter(Boolean).length > 1 ? "…/" : ""}${last.length > 40 ? `${last.slice(0, 6)}…` : last}`;
  } catch {
    return "(not a URL)";
  }
}

export class CalendarError extends Error {}

/** Reads a calendar's text: allowed hosts only (each redirect too), http(s), 15 s, 8 MB. */
export async function fetchCalendar(raw: string, hosts: readonly string[], fetchImpl: typeof fetch = fetch): Promise<string> {
  let url = new URL(raw);
  for (let hop = 0; ; hop++) {
    if (!hostAllowed(url, hosts)) throw new CalendarError(`${url.host} is not an allowed host (FLOORVIEW_CALENDAR_HOSTS)${hop > 0 ? `: the calendar redirected there` : ""}.`);
    let res: Response;
    try {
      res = await fetchImpl(url, { redirect: "manual", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: "text/calendar, text/plain, text/csv, */*;q=0.5" } });
    } catch (err) {
      throw new CalendarError((err as Error).name === "TimeoutError" ? `${url.host} did not answer within ${FETCH_TIMEOUT_MS / 1000} s.` : `${url.host} could not be reached.`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      if (hop >= MAX_REDIRECTS) throw new CalendarError(`More than ${MAX_REDIRECTS} redirects.`);
      url = new URL(res.headers.get("location")!, url);
      await res.body?.cancel();
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new CalendarError(`${url.host} answered ${res.status}.`);
    }
    const reader = res.body?.getReader();
    if (!reader) return "";
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BYTES) {
        await reader.cancel();
        throw new CalendarError(`The calendar is larger than ${MAX_BYTES / 1024 / 1024} MB.`);
      }
      chunks.push(value);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }
}

export interface CalendarSyncOptions {
  hosts: readonly string[];
  pollMs: number;
  /** The floor's zone: where "today" begins, and the zone of floating times when a subscription sets none. */
  zone: string;
  /** The Agents API's e-mails to agent ids. */
  agentByEmail: (email: string) => string | null;
  /** After rows were put in place (the live adherence read again, the audit). */
  onSaved: (sub: CalendarSubscription, saved: { rows: number; agents: number; replaced: number }) => Promise<void>;
  now?: () => number;
  fetchImpl?: typeof fetch;
}

export class CalendarSync {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly schedules: ScheduleStore,
    private readonly opts: CalendarSyncOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads every calendar due now (one round at a time). */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    let due: CalendarSubscription[];
    try {
      due = await this.schedules.calendars.claimDue(this.now(), this.opts.pollMs);
    } catch (err) {
      log.warn("calendars: the store could not be read", { error: (err as Error).message });
      return;
    }
    for (const sub of due) await this.poll(sub);
  }

  /** Reads one calendar and, with no problem, puts its rows in place; the outcome is kept either way. */
  async poll(sub: CalendarSubscription): Promise<PollOutcome> {
    const at = this.now();
    const outcome = await this.read(sub, at).catch((err): PollOutcome => ({ at, ok: false, rows: null, problems: [], error: err instanceof CalendarError ? err.message : "The calendar could not be read." }));
    await this.schedules.calendars.recordPoll(sub.id, outcome).catch(() => undefined);
    if (!outcome.ok) log.warn("calendars: a poll failed", { subscription: sub.name, error: outcome.error, problems: outcome.problems.length });
    return outcome;
  }

  private async read(sub: CalendarSubscription, at: number): Promise<PollOutcome> {
    const profile = await findProfile(this.schedules.profiles, sub.profile);
    if (!profile) return { at, ok: false, rows: null, problems: [], error: `There is no import profile "${sub.profile}" any more.` };
    const text = await fetchCalendar(sub.url, this.opts.hosts, this.opts.fetchImpl);
    const zone = sub.zone ?? this.opts.zone;
    const from = startOfDay(at, zone);
    const parsed = parseWithProfile(text, profile, { zone, agentByEmail: this.opts.agentByEmail, window: { from, to: from + WINDOW_DAYS * DAY } });
    const problems: ScheduleProblem[] = parsed.problems;
    if (problems.length > 0 || parsed.moreProblems > 0) return { at, ok: false, rows: parsed.rows.length, problems, error: `${problems.length + parsed.moreProblems} problem${problems.length + parsed.moreProblems === 1 ? "" : "s"}: nothing was changed.` };
    const rows: ScheduleRow[] = parsed.rows.map(({ agentId, start, end, activity }) => ({ agentId, start, end, activity }));
    const spans = spansOf(rows);
    const result = rows.length > 0 ? await this.schedules.replace(rows, spans) : { added: 0, replaced: 0 };
    if (rows.length > 0) await this.opts.onSaved(sub, { rows: rows.length, agents: spans.size, replaced: result.replaced });
    return { at, ok: true, rows: rows.length, problems: [], error: null };
  }
}
