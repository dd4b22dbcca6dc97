import "server-only";
import { sql, type Kysely } from "kysely";
import { MAX_ROW_MS, type ScheduledActivity, type ScheduleRow } from "@/lib/activity/schedule";
import { AdjustmentStore } from "./adjustment-store";
import { ProfileStore } from "./profile-store";
import { CalendarStore } from "./calendar-store";
import { StaffingStore } from "./staffing-store";
import type { StoreTables } from "./schema";

/**
 * Schedules in the store, beside the events: uploads replace, reads by window. An upload's rows
 * replace what was scheduled for the same agents over the time they cover (each agent's span,
 * from its first row's start to its last row's end): rows inside the span go, rows across its
 * edges keep their part outside it. One transaction: all of an upload or none of it.
 * `schedules_version` in `meta` changes with each upload, so other instances know to read again.
 */

export interface ReplaceResult {
  /** Rows written. */
  added: number;
  /** Rows that were removed or cut back to make room. */
  replaced: number;
}

const CHUNK = 500;

export class ScheduleStore {
  /** The supervisors' adjustments to adherence over these schedules (excused, neutral). */
  readonly adjustments: AdjustmentStore;
  /** The WFM tools' import profiles saved by name. */
  readonly profiles: ProfileStore;
  /** The calendars subscribed to. */
  readonly calendars: CalendarStore;
  /** Required staff per interval and team (a WFM or Erlang sheet's). */
  readonly staffing: StaffingStore;

  constructor(private readonly db: Kysely<StoreTables>) {
    this.adjustments = new AdjustmentStore(db);
    this.profiles = new ProfileStore(db);
    this.calendars = new CalendarStore(db);
    this.staffing = new StaffingStore(db);
  }

  async replace(rows: readonly ScheduleRow[], spans: ReadonlyMap<string, { from: number; to: number }>): Promise<ReplaceResult> {
    return this.db.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      try {
        let replaced = 0;
        for (const [agentId, span] of spans) {
          const old = await conn.selectFrom("schedules").selectAll().where("agent_id", "=", agentId).where("start_ms", "<", span.to).where("end_ms", ">", span.from).execute();
          if (old.length === 0) continue;
          replaced += old.length;
          await conn.deleteFrom("schedules").where("agent_id", "=", agentId).where("start_ms", "<", span.to).where("end_ms", ">", span.from).execute();
          const kept = [];
          for (const o of old) {
            const start = Number(o.start_ms);
            const end = Number(o.end_ms);
            if (start < span.from) kept.push({ agent_id: agentId, start_ms: start, end_ms: span.from, activity: o.activity });
            if (end > span.to) kept.push({ agent_id: agentId, start_ms: span.to, end_ms: end, activity: o.activity });
          }
          if (kept.length) await conn.insertInto("schedules").values(kept).execute();
        }
        for (let i = 0; i < rows.length; i += CHUNK) {
          await conn
            .insertInto("schedules")
            .values(rows.slice(i, i + CHUNK).map((r) => ({ agent_id: r.agentId, start_ms: r.start, end_ms: r.end, activity: r.activity })))
            .execute();
        }
        const version = String(Date.now()) + Math.random().toString(36).slice(2, 8);
        await conn.insertInto("meta").values({ key: "schedules_version", value: version }).onConflict((oc) => oc.column("key").doUpdateSet({ value: version })).execute();
        await sql`COMMIT`.execute(conn);
        return { added: rows.length, replaced };
      } catch (err) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
  }

  /** Rows that overlap [from, to), of the agents given (null: every agent), by agent then start. */
  async rows(from: number, to: number, agents: readonly string[] | null = null): Promise<ScheduleRow[]> {
    if (agents !== null && agents.length === 0) return [];
    let q = this.db
      .selectFrom("schedules")
      .selectAll()
      // No row is longer than MAX_ROW_MS: the index on start bounds the search.
      .where("start_ms", ">", from - MAX_ROW_MS)
      .where("start_ms", "<", to)
      .where("end_ms", ">", from);
    if (agents !== null && agents.length <= 1_000) q = q.where("agent_id", "in", [...agents]);
    const wanted = agents !== null && agents.length > 1_000 ? new Set(agents) : null;
    const out = (await q.orderBy("agent_id").orderBy("start_ms").execute())
      .filter((r) => !wanted || wanted.has(r.agent_id))
      .map((r) => ({ agentId: r.agent_id, start: Number(r.start_ms), end: Number(r.end_ms), activity: r.activity as ScheduledActivity }));
    return out;
  }

  /** Changes with every upload (null before the first). */
  async version(): Promise<string | null> {
    const row = await this.db.selectFrom("meta").select("value").where("key", "=", "schedules_version").executeTakeFirst();
    return row?.value ?? null;
  }
}
