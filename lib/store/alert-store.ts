import "server-only";
import type { Kysely } from "kysely";
import type { StoreTables } from "./schema";

/**
 * Alerts in the store: occurrences (raised once, resolved once) and deliveries (one message to one
 * channel, recorded with its idempotency key before it is sent). A new leader reads both: it
 * neither raises again what was raised nor drops what was not sent yet.
 */

export interface StoredOccurrence {
  key: string;
  rule: string;
  subject: string;
  raisedAt: number;
  resolvedAt: number | null;
  status: "raised" | "cooldown" | "quiet";
  payload: string;
}

export interface StoredDelivery {
  id: number;
  key: string;
  occurrence: string;
  rule: string;
  channel: string;
  phase: "raised" | "resolved" | "test";
  status: "pending" | "sent" | "dead";
  attempts: number;
  nextAt: number;
  createdAt: number;
  sentAt: number | null;
  lastError: string | null;
  message: string;
}

export type NewDelivery = Pick<StoredDelivery, "key" | "occurrence" | "rule" | "channel" | "phase" | "message"> & { at: number };

const num = (v: unknown) => Number(v);

export class AlertStore {
  constructor(private readonly db: Kysely<StoreTables>) {}

  /** Records an occurrence once; false when its key was there already (raised before, here or on another instance). */
  async open(o: Omit<StoredOccurrence, "resolvedAt">): Promise<boolean> {
    const r = await this.db
      .insertInto("alert_occurrences")
      .values({ key: o.key, rule: o.rule, subject: o.subject, raised_at: o.raisedAt, resolved_at: null, status: o.status, payload: o.payload })
      .onConflict((oc) => oc.column("key").doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Occurrences not resolved yet. */
  async openOccurrences(): Promise<StoredOccurrence[]> {
    const rows = await this.db.selectFrom("alert_occurrences").selectAll().where("resolved_at", "is", null).execute();
    return rows.map((r) => ({ key: r.key, rule: r.rule, subject: r.subject, raisedAt: num(r.raised_at), resolvedAt: null, status: r.status as StoredOccurrence["status"], payload: r.payload }));
  }

  /** Marks an occurrence resolved; false when it was already (another instance got there first). */
  async resolve(key: string, at: number): Promise<boolean> {
    const r = await this.db.updateTable("alert_occurrences").set({ resolved_at: at }).where("key", "=", key).where("resolved_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** When the rule last raised (and sent) an occurrence for the subject at or after `since`; null: not since. */
  async lastRaised(rule: string, subject: string, since: number): Promise<number | null> {
    const r = await this.db
      .selectFrom("alert_occurrences")
      .select((eb) => eb.fn.max("raised_at").as("at"))
      .where("rule", "=", rule)
      .where("subject", "=", subject)
      .where("status", "=", "raised")
      .where("raised_at", ">=", since)
      .executeTakeFirst();
    return r?.at === null || r?.at === undefined ? null : num(r.at);
  }

  /** Records deliveries to be sent; one already recorded with the same key is left as it is. */
  async enqueue(list: readonly NewDelivery[]): Promise<number> {
    let added = 0;
    for (const d of list) {
      const r = await this.db
        .insertInto("alert_deliveries")
        .values({ key: d.key, occurrence: d.occurrence, rule: d.rule, channel: d.channel, phase: d.phase, status: "pending", attempts: 0, next_at: d.at, created_at: d.at, sent_at: null, last_error: null, message: d.message })
        .onConflict((oc) => oc.column("key").doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  /** Deliveries due to be sent (or tried again) at `now`, oldest first. */
  async due(now: number, limit: number): Promise<StoredDelivery[]> {
    const rows = await this.db.selectFrom("alert_deliveries").selectAll().where("status", "=", "pending").where("next_at", "<=", now).orderBy("next_at").orderBy("id").limit(limit).execute();
    return rows.map(delivery);
  }

  async sent(id: number, at: number, attempts: number): Promise<void> {
    await this.db.updateTable("alert_deliveries").set({ status: "sent", sent_at: at, attempts, last_error: null }).where("id", "=", id).execute();
  }

  /** A failed try: again at `nextAt`, or given up (`dead`) with the error kept. */
  async failed(id: number, attempts: number, error: string, nextAt: number | null): Promise<void> {
    await this.db
      .updateTable("alert_deliveries")
      .set({ attempts, last_error: error.slice(0, 500), ...(nextAt === null ? { status: "dead" } : { next_at: nextAt }) })
      .where("id", "=", id)
      .execute();
  }

  /** The latest deliveries, newest first. */
  async recent(limit: number): Promise<StoredDelivery[]> {
    const rows = await this.db.selectFrom("alert_deliveries").selectAll().orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
    return rows.map(delivery);
  }
}

function delivery(r: { id: unknown; key: string; occurrence: string; rule: string; channel: string; phase: string; status: string; attempts: unknown; next_at: unknown; created_at: unknown; sent_at: unknown; last_error: string | null; message: string }): StoredDelivery {
  return {
    id: num(r.id),
    key: r.key,
    occurrence: r.occurrence,
    rule: r.rule,
    channel: r.channel,
    phase: r.phase as StoredDelivery["phase"],
    status: r.status as StoredDelivery["status"],
    attempts: num(r.attempts),
    nextAt: num(r.next_at),
    createdAt: num(r.created_at),
    sentAt: r.sent_at === null ? null : num(r.sent_at),
    lastError: r.last_error,
    message: r.message,
  };
}
