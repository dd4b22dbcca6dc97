import "server-only";
import type { Kysely } from "kysely";
import type { AdjustmentKind } from "@/lib/activity/adherence";
import type { ExceptionType } from "@/lib/activity/adherence";
import type { Adjustment, AdjustmentScope, Confirmation } from "@/lib/activity/adjustments";
import type { StoreTables } from "./schema";

/**
 * Adherence adjustments in the store (migration 7): made, listed by window, revoked (kept, marked);
 * and the exceptions confirmed as they stand (migration 8), confirmed and undone.
 * `adjustments_version` in `meta` changes with each change, so other instances (and the live
 * adherence) know to read again.
 */
export class AdjustmentStore {
  constructor(private readonly db: Kysely<StoreTables>) {}

  async add(a: Adjustment): Promise<void> {
    await this.db
      .insertInto("adjustments")
      .values({ id: a.id, kind: a.kind, scope: JSON.stringify(a.scope), start_ms: a.start, end_ms: a.end, category: a.category, note: a.note, created_at: a.createdAt, created_by: a.createdBy, created_by_sub: a.createdBySub, revoked_at: null, revoked_by: null })
      .execute();
    await this.bump();
  }

  /** Adjustments overlapping [from, to) (revoked ones too with `withRevoked`), by start. */
  async overlapping(from: number, to: number, withRevoked = false): Promise<Adjustment[]> {
    let q = this.db.selectFrom("adjustments").selectAll().where("start_ms", "<", to).where("end_ms", ">", from);
    if (!withRevoked) q = q.where("revoked_at", "is", null);
    return (await q.orderBy("start_ms").orderBy("id").execute()).map(fromRow);
  }

  async get(id: string): Promise<Adjustment | null> {
    const row = await this.db.selectFrom("adjustments").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** Marks it revoked; false when it is unknown or already revoked. */
  async revoke(id: string, by: string, at: number): Promise<boolean> {
    const r = await this.db.updateTable("adjustments").set({ revoked_at: at, revoked_by: by }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
    const done = Number(r.numUpdatedRows) > 0;
    if (done) await this.bump();
    return done;
  }

  /** Confirms an exception as it stands (again: the later word kept). */
  async confirm(c: Confirmation): Promise<void> {
    const row = { agent_id: c.agentId, type: c.type, start_ms: c.start, note: c.note, created_at: c.createdAt, created_by: c.createdBy, created_by_sub: c.createdBySub };
    await this.db
      .insertInto("exception_reviews")
      .values(row)
      .onConflict((oc) => oc.columns(["agent_id", "type", "start_ms"]).doUpdateSet({ note: row.note, created_at: row.created_at, created_by: row.created_by, created_by_sub: row.created_by_sub }))
      .execute();
  }

  /** Takes a confirmation back; false when there was none. */
  async unconfirm(agentId: string, type: string, start: number): Promise<boolean> {
    const r = await this.db.deleteFrom("exception_reviews").where("agent_id", "=", agentId).where("type", "=", type).where("start_ms", "=", start).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The confirmations of exceptions starting in [from, to). */
  async confirmations(from: number, to: number): Promise<Confirmation[]> {
    const rows = await this.db.selectFrom("exception_reviews").selectAll().where("start_ms", ">=", from).where("start_ms", "<", to).orderBy("start_ms").orderBy("agent_id").execute();
    return rows.map((r) => ({ agentId: r.agent_id, type: r.type as ExceptionType, start: Number(r.start_ms), note: r.note, createdAt: Number(r.created_at), createdBy: r.created_by, createdBySub: r.created_by_sub }));
  }

  /** Changes with every adjustment made or revoked (null before the first); a confirmation changes no number a live view holds, so not this. */
  async version(): Promise<string | null> {
    const row = await this.db.selectFrom("meta").select("value").where("key", "=", "adjustments_version").executeTakeFirst();
    return row?.value ?? null;
  }

  private async bump(): Promise<void> {
    const version = String(Date.now()) + Math.random().toString(36).slice(2, 8);
    await this.db.insertInto("meta").values({ key: "adjustments_version", value: version }).onConflict((oc) => oc.column("key").doUpdateSet({ value: version })).execute();
  }
}

function fromRow(r: StoreTables["adjustments"]): Adjustment {
  return {
    id: r.id,
    kind: r.kind as AdjustmentKind,
    scope: JSON.parse(r.scope) as AdjustmentScope,
    start: Number(r.start_ms),
    end: Number(r.end_ms),
    category: r.category,
    note: r.note,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    createdBySub: r.created_by_sub,
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    revokedBy: r.revoked_by,
  };
}
