import "server-only";
import type { Kysely } from "kysely";
import type { AdjustmentKind } from "@/lib/activity/adherence";
import type { Adjustment, AdjustmentScope } from "@/lib/activity/adjustments";
import type { StoreTables } from "./schema";

/**
 * Adherence adjustments in the store (migration 7): made, listed by window, revoked (kept, marked).
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

  /** Changes with every adjustment made or revoked (null before the first). */
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
