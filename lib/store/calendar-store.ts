import "server-only";
import type { Kysely } from "kysely";
import type { ScheduleProblem } from "@/lib/activity/schedule";
import type { StoreTables } from "./schema";

/**
 * Subscribed calendars (migration 11): where each is read from, by which import profile, and
 * how its last poll went. A poll is claimed by moving `next_poll_at` on, compare-and-set, so of
 * several instances exactly one reads a calendar when it is due.
 */
export interface CalendarSubscription {
  id: string;
  name: string;
  /** Never sent to a browser whole: it may hold a token (`redactUrl`). */
  url: string;
  profile: string;
  zone: string | null;
  createdAt: number;
  createdBy: string;
  nextPollAt: number;
  lastPollAt: number | null;
  lastOkAt: number | null;
  lastRows: number | null;
  lastProblems: ScheduleProblem[];
  lastError: string | null;
}

export interface PollOutcome {
  at: number;
  ok: boolean;
  rows: number | null;
  problems: ScheduleProblem[];
  error: string | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export class CalendarStore {
  constructor(private readonly db: Kysely<StoreTables>) {}

  async add(s: Pick<CalendarSubscription, "id" | "name" | "url" | "profile" | "zone" | "createdAt" | "createdBy">): Promise<void> {
    await this.db
      .insertInto("calendar_subscriptions")
      .values({ id: s.id, name: s.name, url: s.url, profile: s.profile, zone: s.zone, created_at: s.createdAt, created_by: s.createdBy, next_poll_at: s.createdAt, last_poll_at: null, last_ok_at: null, last_rows: null, last_problems: "[]", last_error: null })
      .execute();
  }

  async list(): Promise<CalendarSubscription[]> {
    return (await this.db.selectFrom("calendar_subscriptions").selectAll().orderBy("name").orderBy("id").execute()).map(fromRow);
  }

  async get(id: string): Promise<CalendarSubscription | null> {
    const r = await this.db.selectFrom("calendar_subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? fromRow(r) : null;
  }

  async remove(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom("calendar_subscriptions").where("id", "=", id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The subscriptions due at `now`, each claimed (its next poll moved to `now + everyMs`); another instance claims none of them. */
  async claimDue(now: number, everyMs: number): Promise<CalendarSubscription[]> {
    const due = await this.db.selectFrom("calendar_subscriptions").selectAll().where("next_poll_at", "<=", now).execute();
    const claimed: CalendarSubscription[] = [];
    for (const r of due) {
      const u = await this.db.updateTable("calendar_subscriptions").set({ next_poll_at: now + everyMs }).where("id", "=", r.id).where("next_poll_at", "=", r.next_poll_at).executeTakeFirst();
      if (Number(u.numUpdatedRows) > 0) claimed.push(fromRow(r));
    }
    return claimed;
  }

  /** Due now (a "poll now"): the next claim takes it. */
  async pollSoon(id: string, now: number): Promise<boolean> {
    const u = await this.db.updateTable("calendar_subscriptions").set({ next_poll_at: now }).where("id", "=", id).executeTakeFirst();
    return Number(u.numUpdatedRows) > 0;
  }

  async recordPoll(id: string, o: PollOutcome): Promise<void> {
    await this.db
      .updateTable("calendar_subscriptions")
      .set({ last_poll_at: o.at, ...(o.ok && { last_ok_at: o.at }), last_rows: o.rows, last_problems: JSON.stringify(o.problems.slice(0, 50)), last_error: o.error })
      .where("id", "=", id)
      .execute();
  }
}

function fromRow(r: { id: string; name: string; url: string; profile: string; zone: string | null; created_at: unknown; created_by: string; next_poll_at: unknown; last_poll_at: unknown; last_ok_at: unknown; last_rows: unknown; last_problems: string; last_error: string | null }): CalendarSubscription {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    profile: r.profile,
    zone: r.zone,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    nextPollAt: Number(r.next_poll_at),
    lastPollAt: num(r.last_poll_at),
    lastOkAt: num(r.last_ok_at),
    lastRows: num(r.last_rows),
    lastProblems: JSON.parse(r.last_problems) as ScheduleProblem[],
    lastError: r.last_error,
  };
}
