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
  /** `digest`: a digest sent (recorded resolved: nothing to follow). */
  status: "raised" | "cooldown" | "quiet" | "digest" | "acknowledged";
  payload: string;
  /** Someone is on it (null: nobody said so). */
  ack?: Acknowledgement | null;
  /** When it was raised once more, having outlasted its acknowledgement. */
  reraisedAt?: number | null;
}

export interface Acknowledgement {
  at: number;
  by: string;
  note: string;
  /** Null: until the occurrence ends. */
  until: number | null;
}

export interface StoredDelivery {
  id: number;
  key: string;
  occurrence: string;
  rule: string;
  channel: string;
  phase: "raised" | "resolved" | "test" | "digest";
  status: "pending" | "sent" | "dead";
  attempts: number;
  nextAt: number;
  createdAt: number;
  sentAt: number | null;
  lastError: string | null;
  message: string;
}

export type NewDelivery = Pick<StoredDelivery, "key" | "occurrence" | "rule" | "channel" | "phase" | "message"> & {
  at: number;
  /** Already sent (from memory while the store refused writes): recorded as sent, not sent again. */
  sentAt?: number | null;
  attempts?: number;
  lastError?: string | null;
};

const num = (v: unknown) => Number(v);
/** Rows a statement (a few hundred: well inside both engines' limits on parameters). */
const CHUNK = 200;

export class AlertStore {
  constructor(private readonly db: Kysely<StoreTables>) {}

  /** Records occurrences, each once; the keys that were new (not raised before, here or on another instance). */
  async openMany(list: readonly (Omit<StoredOccurrence, "resolvedAt"> & { resolvedAt?: number })[]): Promise<Set<string>> {
    const added = new Set<string>();
    for (let i = 0; i < list.length; i += CHUNK) {
      const rows = await this.db
        .insertInto("alert_occurrences")
        .values(list.slice(i, i + CHUNK).map((o) => ({ key: o.key, rule: o.rule, subject: o.subject, raised_at: o.raisedAt, resolved_at: o.resolvedAt ?? null, status: o.status, payload: o.payload })))
        .onConflict((oc) => oc.column("key").doNothing())
        .returning("key")
        .execute();
      for (const r of rows) added.add(r.key);
    }
    return added;
  }

  /** Marks occurrences resolved; the keys this call resolved (not another instance before it). */
  async resolveMany(keys: readonly string[], at: number): Promise<Set<string>> {
    const done = new Set<string>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await this.db.updateTable("alert_occurrences").set({ resolved_at: at }).where("key", "in", keys.slice(i, i + CHUNK)).where("resolved_at", "is", null).returning("key").execute();
      for (const r of rows) done.add(r.key);
    }
    return done;
  }

  /** Of `subjects`, those the rule raised (and sent) an occurrence about at or after `since`. */
  async raisedSince(rule: string, subjects: readonly string[], since: number): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < subjects.length; i += CHUNK) {
      const rows = await this.db.selectFrom("alert_occurrences").select("subject").distinct().where("rule", "=", rule).where("subject", "in", subjects.slice(i, i + CHUNK)).where("status", "=", "raised").where("raised_at", ">=", since).execute();
      for (const r of rows) out.add(r.subject);
    }
    return out;
  }

  /** Of `keys`, those recorded (by this instance or another). */
  async has(keys: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await this.db.selectFrom("alert_occurrences").select("key").where("key", "in", keys.slice(i, i + CHUNK)).execute();
      for (const r of rows) out.add(r.key);
    }
    return out;
  }

  /** The alerts raised (and sent) in [from, to): each one's rule and subject (an agent id, a team). */
  async raisedBetween(from: number, to: number): Promise<{ rule: string; subject: string }[]> {
    return this.db.selectFrom("alert_occurrences").select(["rule", "subject"]).where("status", "=", "raised").where("raised_at", ">=", from).where("raised_at", "<", to).execute();
  }

  /** Occurrences not resolved yet. */
  async openOccurrences(): Promise<StoredOccurrence[]> {
    const rows = await this.db.selectFrom("alert_occurrences").selectAll().where("resolved_at", "is", null).execute();
    return rows.map((r) => ({ key: r.key, rule: r.rule, subject: r.subject, raisedAt: num(r.raised_at), resolvedAt: null, status: r.status as StoredOccurrence["status"], payload: r.payload, ack: ackOf(r), reraisedAt: r.reraised_at === null ? null : num(r.reraised_at) }));
  }

  /** The acknowledgements of open occurrences, by key (read each round by the leader: one may be made on any instance). */
  async openAcks(): Promise<Map<string, Acknowledgement & { rule: string; subject: string; reraisedAt: number | null }>> {
    const rows = await this.db.selectFrom("alert_occurrences").selectAll().where("resolved_at", "is", null).where("ack_at", "is not", null).execute();
    return new Map(rows.map((r) => [r.key, { ...ackOf(r)!, rule: r.rule, subject: r.subject, reraisedAt: r.reraised_at === null ? null : num(r.reraised_at) }]));
  }

  /** Acknowledges an open occurrence (again: the later word kept, and it may be raised once more after it); false when it is not open. */
  async acknowledge(key: string, ack: Acknowledgement): Promise<boolean> {
    const r = await this.db.updateTable("alert_occurrences").set({ ack_at: ack.at, ack_by: ack.by, ack_note: ack.note, ack_until: ack.until, reraised_at: null }).where("key", "=", key).where("resolved_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Takes an acknowledgement back; the one taken back, or null when there was none. */
  async unacknowledge(key: string): Promise<Acknowledgement | null> {
    const row = await this.db.selectFrom("alert_occurrences").selectAll().where("key", "=", key).executeTakeFirst();
    const ack = row ? ackOf(row) : null;
    if (!ack) return null;
    await this.db.updateTable("alert_occurrences").set({ ack_at: null, ack_by: null, ack_note: null, ack_until: null }).where("key", "=", key).execute();
    return ack;
  }

  /** Marks an occurrence raised once more after its acknowledgement; false when another instance did first. */
  async markReraised(key: string, at: number): Promise<boolean> {
    const r = await this.db.updateTable("alert_occurrences").set({ reraised_at: at }).where("key", "=", key).where("reraised_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async occurrence(key: string): Promise<StoredOccurrence | null> {
    const r = await this.db.selectFrom("alert_occurrences").selectAll().where("key", "=", key).executeTakeFirst();
    return r ? { key: r.key, rule: r.rule, subject: r.subject, raisedAt: num(r.raised_at), resolvedAt: r.resolved_at === null ? null : num(r.resolved_at), status: r.status as StoredOccurrence["status"], payload: r.payload, ack: ackOf(r), reraisedAt: r.reraised_at === null ? null : num(r.reraised_at) } : null;
  }

  /** Records deliveries to be sent; one already recorded with the same key is left as it is. The number added. */
  async enqueue(list: readonly NewDelivery[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < list.length; i += CHUNK) {
      const rows = await this.db
        .insertInto("alert_deliveries")
        .values(
          list.slice(i, i + CHUNK).map((d) => ({
            key: d.key,
            occurrence: d.occurrence,
            rule: d.rule,
            channel: d.channel,
            phase: d.phase,
            status: d.sentAt == null ? "pending" : "sent",
            attempts: d.attempts ?? 0,
            next_at: d.at,
            created_at: d.at,
            sent_at: d.sentAt ?? null,
            last_error: d.lastError ?? null,
            message: d.message,
          })),
        )
        .onConflict((oc) => oc.column("key").doNothing())
        .returning("id")
        .execute();
      added += rows.length;
    }
    return added;
  }

  /** Deliveries due to be sent (or tried again) at `now`, oldest first; of one channel when given. */
  async due(now: number, limit: number, channel?: string): Promise<StoredDelivery[]> {
    let q = this.db.selectFrom("alert_deliveries").selectAll().where("status", "=", "pending").where("next_at", "<=", now);
    if (channel !== undefined) q = q.where("channel", "=", channel);
    const rows = await q.orderBy("next_at").orderBy("id").limit(limit).execute();
    return rows.map(delivery);
  }

  /** The channels with a delivery due at `now`. */
  async dueChannels(now: number): Promise<string[]> {
    const rows = await this.db.selectFrom("alert_deliveries").select("channel").distinct().where("status", "=", "pending").where("next_at", "<=", now).execute();
    return rows.map((r) => r.channel);
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

function ackOf(r: { ack_at: unknown; ack_by: string | null; ack_note: string | null; ack_until: unknown }): Acknowledgement | null {
  return r.ack_at === null || r.ack_at === undefined ? null : { at: num(r.ack_at), by: r.ack_by ?? "", note: r.ack_note ?? "", until: r.ack_until === null ? null : num(r.ack_until) };
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
