import "server-only";
import { sql, type Kysely } from "kysely";
import type { StoreTables } from "./schema";

/** Required staff per interval and team (migration 12; team "" for the whole floor): an upload's rows replace the same intervals and teams. */
export class StaffingStore {
  constructor(private readonly db: Kysely<StoreTables>) {}

  async put(rows: readonly { start: number; team: string | null; required: number }[]): Promise<number> {
    return this.db.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      try {
        for (let i = 0; i < rows.length; i += 500) {
          const values = rows.slice(i, i + 500).map((r) => ({ team: r.team ?? "", start_ms: r.start, required: r.required }));
          await conn.insertInto("staffing").values(values).onConflict((oc) => oc.columns(["team", "start_ms"]).doUpdateSet({ required: sql`excluded.required` })).execute();
        }
        await sql`COMMIT`.execute(conn);
        return rows.length;
      } catch (err) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
  }

  /** Rows starting in [from, to), by team then start. */
  async between(from: number, to: number): Promise<{ start: number; team: string | null; required: number }[]> {
    const rows = await this.db.selectFrom("staffing").selectAll().where("start_ms", ">=", from).where("start_ms", "<", to).orderBy("team").orderBy("start_ms").execute();
    return rows.map((r) => ({ start: Number(r.start_ms), team: r.team === "" ? null : r.team, required: Number(r.required) }));
  }
}
