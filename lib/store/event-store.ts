import "server-only";
import { ReadCache } from "./read-cache";
import type { BatchRead, ReadWorker } from "./read-worker";
import { log } from "@/lib/log";
import { sql, type Kysely } from "kysely";
import type { Interval } from "@/lib/activity/timeline";
import type { ActivityEvent, RosterEntry } from "@/lib/activity/types";
import type { Engine, StoreTables } from "./schema";

/**
 * Floorview's memory of its own: every event read from Kore.ai (idempotent on the de-duplication
 * key), the roster, which ranges of the feed are known completely (coverage), and the poller's
 * watermark. One class over both engines through Kysely; opened by `openStore` (open.ts).
 */

/** One read of the feed, written in one transaction before it counts anywhere else. */
export interface StoreRead {
  /** Events read (duplicates of stored ones are ignored). */
  events: readonly ActivityEvent[];
  /** The part of the feed this read makes known for good: [from, until). Empty when until ≤ from. */
  coveredFrom: number;
  coveredUntil: number;
  /** The poller's read position after this read; null for a read of older history. */
  watermark: number | null;
}

/** What a starting poller needs: the live window, each agent's state from before it, the roster. */
export interface LiveLoad {
  watermark: number | null;
  /** Events at or after `from`, oldest first. */
  events: ActivityEvent[];
  /**
   * For agents whose current run began before `from`: the run's first event and, when later, its
   * last one before `from`. An agent logged out since yesterday keeps its real state and since.
   */
  anchors: ActivityEvent[];
  roster: RosterEntry[];
  rosterLoadedAt: number | null;
}

export interface StoreInfo {
  engine: Engine;
  events: number;
  oldestEvent: number | null;
  sizeBytes: number | null;
}

const BATCH = 1_000;

/** One agent's part of a report's read of the store: its events in the window, its last before it, and (when kept) a token that lasts while nothing was written into it. */
export interface StoredRead {
  events: ActivityEvent[];
  last: ActivityEvent | null;
  token?: object;
  /** The same events as the store read them (no object an event): times, and state keys of `table` (one key a state), with `last`'s key. */
  columns?: StoredColumns;
}

export interface StoredColumns {
  times: Float64Array;
  states: Uint32Array;
  table: ReadonlyMap<number, { activity: string; reasonCode: string | null }>;
  lastState: number | null;
}
const NO_REASON = "";

/** SQLite: the large reads without an object per row. */
export interface RawReads {
  /** Each row as an array. */
  rows(query: string, params: readonly unknown[]): unknown[][];
  /** The first column's values, one per row. */
  column(query: string, params: readonly unknown[]): unknown[];
}

/** A read packs each event's time after its start and its state id in one number (a double's 53 bits): up to 2^32 ms (49 days) and 2^21 states. */
export const PACKED_STATES = 2 ** 21;
const PACKED_SPAN_MS = 2 ** 32 - 1;

/** One agent's events as columns: times, and state ids (`states` table). */
interface Columns {
  times: Float64Array;
  states: Uint32Array;
}

export class EventStore {
  private readonly agentIds = new Map<string, number>();
  private readonly agentById = new Map<number, string>();
  private readonly stateIds = new Map<string, number>();
  /** Replaced, never cleared, on `warm`: a read's columns hold it as their table of states. */
  private stateById = new Map<number, { activity: string; reasonCode: string | null }>();
  private maxStateId = 0;
  /** The id maps may hold ids of a rolled-back write: read them afresh before the next use. */
  private cold = true;
  /** The next event's `seq`: microseconds of the clock, never going back (the order events were written in). */
  private seq = 0;
  /** The reading writes are made under (`useReading`); 0 until set. */
  private rd = 0;
  /** Rows of before migration 5 (rd 0) count as read under the current reading (the documented syntax, read the same then). */
  private legacySame = true;
  /** The last report reads, per agent (`read-cache.ts`): dropped as writes reach them. */
  private reads: ReadCache | null = null;
  /** Counts writes of events: a read that overlapped one is not kept. */
  private writes = 0;

  constructor(
    readonly db: Kysely<StoreTables>,
    readonly engine: Engine,
    /** The size of the store on disk, as the engine knows it. */
    private readonly measureSize: () => Promise<number | null>,
    private readonly onClose: () => Promise<void>,
    /** SQLite: a query's rows as arrays, for the reads of hundreds of thousands of rows. */
    private readonly rawRows: RawReads | null = null,
    /** SQLite: the large reads on a thread of their own (`read-worker.ts`). */
    private readonly readThread: ReadWorker | null = null,
  ) {}

  /**
   * A read of at least this many agents (a report's batch) goes to the read thread; a smaller one
   * (a month's report reads each agent on its own) is read here by the same packed read
   * (`readColumns`): the event-store tests hold the two to one answer.
   */
  readThreadFrom = 100;

  /** Starts the read thread now rather than on the first large read (a server's first report). */
  startReadThread(): void {
    this.readThread?.prepare();
  }

  /** Several instances can write it (Postgres); an embedded store belongs to one instance. */
  get shared(): boolean {
    return this.engine === "postgres";
  }

  /** Reads the small tables (agents, states) into memory: ids are interned on every write. */
  async warm(): Promise<void> {
    this.agentIds.clear();
    this.agentById.clear();
    this.stateIds.clear();
    this.stateById = new Map();
    for (const a of await this.db.selectFrom("agents").select(["id", "agent_id"]).execute()) this.rememberAgent(a.agent_id, a.id);
    for (const s of await this.db.selectFrom("states").select(["id", "activity", "reason_code"]).execute()) this.rememberState(s.activity, s.reason_code, s.id);
    this.cold = false;
  }

  /**
   * Runs a write in one transaction; a failed one leaves no id of it in memory. BEGIN and COMMIT
   * by hand: the failure reported is the first one (SQLite rolls back by itself when the disk is
   * full, and a rollback after it would fail with "no transaction is active", hiding why).
   */
  private async write<T>(work: (tx: Kysely<StoreTables>) => Promise<T>): Promise<T> {
    if (this.cold) await this.warm();
    try {
      return await this.db.connection().execute(async (conn) => {
        await sql`BEGIN`.execute(conn);
        try {
          const result = await work(conn);
          await sql`COMMIT`.execute(conn);
          return result;
        } catch (err) {
          await sql`ROLLBACK`.execute(conn).catch(() => undefined);
          throw err;
        }
      });
    } catch (err) {
      this.cold = true;
      throw err;
    }
  }

  private rememberAgent(agentId: string, id: number) {
    this.agentIds.set(agentId, id);
    this.agentById.set(id, agentId);
  }

  private rememberState(activity: string, reasonCode: string, id: number) {
    this.stateIds.set(`${activity}\u0000${reasonCode}`, id);
    this.stateById.set(id, { activity, reasonCode: reasonCode === NO_REASON ? null : reasonCode });
    if (id > this.maxStateId) this.maxStateId = id;
  }

  /** An agent's first and last seen, widened (never narrowed) by a row written again. */
  private widenSeen() {
    const least = sql.raw(this.engine === "sqlite" ? "min" : "least");
    const greatest = sql.raw(this.engine === "sqlite" ? "max" : "greatest");
    return {
      first_seen: sql<number>`${least}(coalesce(agents.first_seen, excluded.first_seen), excluded.first_seen)`,
      last_seen: sql<number>`${greatest}(coalesce(agents.last_seen, excluded.last_seen), excluded.last_seen)`,
    };
  }

  /** Ids of these agents, inserting the new ones and widening each one's first and last seen. */
  private async internAgents(tx: Kysely<StoreTables>, seen: Map<string, { first: number; last: number }>): Promise<void> {
    const rows = [...seen].map(([agent_id, s]) => ({ agent_id, first_seen: s.first, last_seen: s.last }));
    for (let i = 0; i < rows.length; i += BATCH) {
      const ids = await tx
        .insertInto("agents")
        .values(rows.slice(i, i + BATCH))
        .onConflict((oc) => oc.column("agent_id").doUpdateSet(this.widenSeen()))
        .returning(["id", "agent_id"])
        .execute();
      for (const a of ids) this.rememberAgent(a.agent_id, a.id);
    }
  }

  private async internStates(tx: Kysely<StoreTables>, events: readonly ActivityEvent[]): Promise<void> {
    const missing = new Map<string, { activity: string; reason_code: string }>();
    for (const e of events) {
      const reason_code = e.reasonCode ?? NO_REASON;
      const key = `${e.activity}\u0000${reason_code}`;
      if (!this.stateIds.has(key)) missing.set(key, { activity: e.activity, reason_code });
    }
    if (missing.size === 0) return;
    const ids = await tx
      .insertInto("states")
      .values([...missing.values()])
      .onConflict((oc) => oc.columns(["activity", "reason_code"]).doUpdateSet({ activity: sql`excluded.activity` }))
      .returning(["id", "activity", "reason_code"])
      .execute();
    for (const s of ids) this.rememberState(s.activity, s.reason_code, s.id);
  }

  /** Writes a read whole, or not at all: its events, the coverage it adds, the watermark. */
  async record(read: StoreRead): Promise<number> {
    // The cached reads its events reach, before and after (a reader between sees either).
    const reached = () => {
      this.writes++;
      if (!this.reads) return;
      const earliest = new Map<string, number>();
      for (const e of read.events) earliest.set(e.agentId, Math.min(earliest.get(e.agentId) ?? Infinity, e.time));
      for (const [agentId, time] of earliest) this.reads.written(agentId, time);
    };
    reached();
    try {
      return await this.recordNow(read);
    } finally {
      reached();
    }
  }

  private async recordNow(read: StoreRead): Promise<number> {
    return this.write(async (tx) => {
      let inserted = 0;
      // A range read before under other EventTime settings gives way first, its events with it.
      if (read.coveredUntil > read.coveredFrom) await this.giveWay(tx, read.coveredFrom, read.coveredUntil);
      if (read.events.length > 0) {
        const seen = new Map<string, { first: number; last: number }>();
        for (const e of read.events) {
          const s = seen.get(e.agentId);
          if (!s) seen.set(e.agentId, { first: e.time, last: e.time });
          else {
            s.first = Math.min(s.first, e.time);
            s.last = Math.max(s.last, e.time);
          }
        }
        await this.internAgents(tx, seen);
        await this.internStates(tx, read.events);
        // In the read's order (the feed's): what keeps two changes in one second in order.
        this.seq = Math.max(this.seq, Date.now() * 1000);
        const rows = read.events.map((e) => ({ agent: this.agentIds.get(e.agentId)!, time: e.time, state: this.stateIds.get(`${e.activity}\u0000${e.reasonCode ?? NO_REASON}`)!, seq: this.seq++, rd: this.rd }));
        for (let i = 0; i < rows.length; i += BATCH) {
          const r = await tx.insertInto("events").values(rows.slice(i, i + BATCH)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
          inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
        }
        if (inserted > 0) await this.addToCount(tx, inserted);
      }
      if (read.coveredUntil > read.coveredFrom) await this.cover(tx, read.coveredFrom, read.coveredUntil);
      if (read.watermark !== null) await this.setMeta(tx, "watermark", String(read.watermark));
      return inserted;
    });
  }

  /**
   * How EventTime is read from now on (its zone, clock, date order and parser version, as one
   * key): writes are marked with it, and ranges read under another are `staleCoverage`, read again.
   * `legacySame`: rows from before the store remembered count as read under this one.
   */
  async useReading(key: string, legacySame: boolean): Promise<number> {
    const CLAIM = "reading-number:";
    const name = `reading:${key}`;
    let known = await this.meta(name);
    while (known === null) {
      // Instances started together on a new store must agree, and two readings must never share
      // a number: a number is claimed by a row of its own (`reading-number:N`, the table's key,
      // so one insert wins), then the reading takes it, or the number another instance of the
      // same reading took first. Otherwise one instance's history would be stale to the next
      // start, and read again from Kore.ai.
      const rows = await this.db.selectFrom("meta").select(["key", "value"]).where((eb) => eb.or([eb("key", "like", "reading:%"), eb("key", "like", `${CLAIM}%`)])).execute();
      const numbers = rows.map((r) => Number(r.key.startsWith(CLAIM) ? r.key.slice(CLAIM.length) : r.value)).filter(Number.isFinite);
      const next = Math.max(0, ...numbers) + 1;
      const claim = `${CLAIM}${next}`;
      await this.db.insertInto("meta").values({ key: claim, value: key }).onConflict((oc) => oc.column("key").doNothing()).execute();
      if ((await this.meta(claim)) === key) await this.db.insertInto("meta").values({ key: name, value: String(next) }).onConflict((oc) => oc.column("key").doNothing()).execute();
      known = await this.meta(name);
    }
    this.rd = Number(known);
    this.legacySame = legacySame;
    return this.rd;
  }

  /** True for rows read under the reading writes are made under. */
  private sameReading(rd: number): boolean {
    return rd === this.rd || (rd === 0 && this.legacySame);
  }

  /** Stored events by the reading they were read under (its key; "" for those from before the store remembered). */
  async eventsByReading(): Promise<Record<string, number>> {
    const counts = await this.db.selectFrom("events").select(["rd", (eb) => eb.fn.countAll<number | string>().as("n")]).groupBy("rd").execute();
    const keys = await this.db.selectFrom("meta").select(["key", "value"]).where("key", "like", "reading:%").execute();
    const name = new Map(keys.map((k) => [Number(k.value), k.key.slice("reading:".length)]));
    return Object.fromEntries(counts.map((c) => [name.get(Number(c.rd)) ?? "", Number(c.n)]));
  }

  /** Ranges of the coverage read under another reading than the current one: to be read again. */
  async staleCoverage(): Promise<Interval[]> {
    const rows = await this.db.selectFrom("coverage").selectAll().orderBy("from_ms").execute();
    return rows.filter((r) => !this.sameReading(Number(r.rd))).map((r) => ({ start: Number(r.from_ms), end: Number(r.to_ms) }));
  }

  /**
   * Where [from, until) covers a range read under another reading again, that range gives way and
   * so do its events (by their own time, a little beyond the edges, where a reading since found
   * wrong may have put them): never two readings' events for one stretch. Before the read's own
   * events are written: an event both readings put at the same instant is written again, now.
   */
  private async giveWay(tx: Kysely<StoreTables>, from: number, until: number): Promise<void> {
    const overlapping = await tx.selectFrom("coverage").selectAll().where("from_ms", "<", until).where("to_ms", ">", from).execute();
    const others = overlapping.filter((r) => !this.sameReading(Number(r.rd)));
    if (others.length === 0) return;
    const edge = 2 * 60_000;
    const current = this.legacySame ? [this.rd, 0] : [this.rd];
    const gone = await tx.deleteFrom("events").where("time", ">=", from - edge).where("time", "<", until + edge).where("rd", "not in", current).executeTakeFirst();
    const n = Number(gone.numDeletedRows ?? 0);
    if (n > 0) await this.addToCount(tx, -n);
    this.reads?.clear();
    await tx.deleteFrom("coverage").where("from_ms", "in", others.map((r) => r.from_ms)).execute();
    for (const r of others) {
      const keep = [
        [Number(r.from_ms), Math.min(Number(r.to_ms), from)],
        [Math.max(Number(r.from_ms), until), Number(r.to_ms)],
      ].filter(([a, b]) => b! > a!);
      for (const [a, b] of keep) await tx.insertInto("coverage").values({ from_ms: a!, to_ms: b!, rd: Number(r.rd) }).onConflict((oc) => oc.column("from_ms").doNothing()).execute();
    }
  }

  /** Adds [from, until) to the coverage, merged with the ranges of the same reading it touches. */
  private async cover(tx: Kysely<StoreTables>, from: number, until: number): Promise<void> {
    const touching = (await tx.selectFrom("coverage").selectAll().where("from_ms", "<=", until).where("to_ms", ">=", from).execute()).filter((r) => this.sameReading(Number(r.rd)));
    const start = Math.min(from, ...touching.map((r) => r.from_ms));
    const end = Math.max(until, ...touching.map((r) => r.to_ms));
    if (touching.length > 0) await tx.deleteFrom("coverage").where("from_ms", "in", touching.map((r) => r.from_ms)).execute();
    const greatest = this.engine === "sqlite" ? "max" : "greatest";
    // Another writer (a history read on another instance) may have put the same start meanwhile.
    await tx
      .insertInto("coverage")
      .values({ from_ms: start, to_ms: end, rd: this.rd })
      .onConflict((oc) => oc.column("from_ms").doUpdateSet({ to_ms: sql`${sql.raw(greatest)}(coverage.to_ms, excluded.to_ms)` }))
      .execute();
  }

  private async addToCount(tx: Kysely<StoreTables>, delta: number): Promise<void> {
    await tx
      .insertInto("meta")
      .values({ key: "events", value: String(delta) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: sql`CAST(CAST(meta.value AS BIGINT) + ${delta} AS TEXT)` }))
      .execute();
  }

  private async setMeta(tx: Kysely<StoreTables>, key: string, value: string): Promise<void> {
    await tx.insertInto("meta").values({ key, value }).onConflict((oc) => oc.column("key").doUpdateSet({ value })).execute();
  }

  async meta(key: string): Promise<string | null> {
    const row = await this.db.selectFrom("meta").select("value").where("key", "=", key).executeTakeFirst();
    return row?.value ?? null;
  }

  async putMeta(key: string, value: string): Promise<void> {
    await this.setMeta(this.db, key, value);
  }

  /** The Agents API's list as read at `at`: names kept, who is on it marked. */
  async putRoster(roster: readonly RosterEntry[], at: number): Promise<void> {
    await this.write(async (tx) => {
      await tx.updateTable("agents").set({ on_roster: 0 }).where("on_roster", "=", 1).execute();
      const rows = roster.map((r) => ({ agent_id: r.agentId, first_name: r.firstName, last_name: r.lastName, email: r.email ?? null, on_roster: 1, first_seen: at, last_seen: at }));
      for (let i = 0; i < rows.length; i += BATCH) {
        const ids = await tx
          .insertInto("agents")
          .values(rows.slice(i, i + BATCH))
          .onConflict((oc) =>
            oc.column("agent_id").doUpdateSet({
              first_name: sql`excluded.first_name`,
              last_name: sql`excluded.last_name`,
              email: sql`excluded.email`,
              on_roster: 1,
              ...this.widenSeen(),
            }),
          )
          .returning(["id", "agent_id"])
          .execute();
        for (const a of ids) this.rememberAgent(a.agent_id, a.id);
      }
      await this.setMeta(tx, "roster_loaded_at", String(at));
    });
  }

  private toEvent(row: { agent: number; time: number; state: number }): ActivityEvent {
    const state = this.stateById.get(row.state)!;
    return { agentId: this.agentById.get(row.agent)!, time: Number(row.time), activity: state.activity, reasonCode: state.reasonCode };
  }

  /** Makes sure ids written by another instance (a shared Postgres) are known here. */
  private async knowIds(rows: readonly { agent: number; state: number }[]): Promise<void> {
    if (rows.some((r) => !this.agentById.has(r.agent) || !this.stateById.has(r.state))) await this.warm();
  }

  /**
   * Each agent's state in progress at `from`, as at most two events (the run's first and last
   * before `from`): what the live window starts from, and what the importer hands the poller once
   * it has read days before the window (an agent whose last change is older than the backfill).
   */
  async anchorsBefore(from: number, opts: { unambiguous?: boolean } = {}): Promise<ActivityEvent[]> {
    await this.warm();
    // For each agent: its last event before `from`, the last different state before that, and
    // so the first event of the run in progress at `from` (a few index seeks per agent; the last
    // time first, in a CTE, or the planner runs the subquery once per event of the agent).
    const anchors = await sql<{ agent: number; last_time: number | string; state: number; since: number | string; seq: number | string }>`
      WITH last AS (
        SELECT a.id AS agent, (SELECT e1.time FROM events e1 WHERE e1.agent = a.id AND e1.time < ${from} ORDER BY e1.time DESC LIMIT 1) AS t FROM agents a
      )
      SELECT last.agent AS agent, last.t AS last_time, l.state AS state, l.seq AS seq,
        (SELECT MIN(e3.time) FROM events e3
          WHERE e3.agent = last.agent AND e3.time <= last.t AND e3.time > COALESCE(
            (SELECT e2.time FROM events e2 WHERE e2.agent = last.agent AND e2.time < last.t AND e2.state <> l.state ORDER BY e2.time DESC LIMIT 1), -1)) AS since
      FROM last JOIN events l ON l.agent = last.agent AND l.time = last.t
      WHERE last.t IS NOT NULL
      ORDER BY l.seq DESC
    `.execute(this.db);
    const anchorEvents: ActivityEvent[] = [];
    const done = new Set<number>();
    // Two states at the very same last instant (a logout in the second of the last change): the
    // one written last (the feed's order, `seq`). Written before the store kept that order (both
    // seq 0), the engine's first; or, asked `unambiguous`, neither (no state rather than perhaps
    // the wrong one).
    const ambiguous = new Set<number>();
    const firstSeq = new Map<number, number>();
    for (const a of anchors.rows) {
      const seen = firstSeq.get(a.agent);
      if (seen === undefined) firstSeq.set(a.agent, Number(a.seq));
      else if (seen === Number(a.seq)) ambiguous.add(a.agent);
    }
    for (const a of anchors.rows) {
      if (done.has(a.agent) || (opts.unambiguous && ambiguous.has(a.agent))) continue;
      done.add(a.agent);
      const since = Number(a.since);
      const last = Number(a.last_time);
      anchorEvents.push(this.toEvent({ agent: a.agent, time: since, state: a.state }));
      if (last > since) anchorEvents.push(this.toEvent({ agent: a.agent, time: last, state: a.state }));
    }
    return anchorEvents;
  }

  async loadLive(from: number): Promise<LiveLoad> {
    await this.warm();
    const rows = await this.db.selectFrom("events").select(["agent", "time", "state"]).where("time", ">=", from).orderBy("time").orderBy("seq").execute();
    const anchorEvents = await this.anchorsBefore(from);
    const roster = await this.db.selectFrom("agents").select(["agent_id", "first_name", "last_name", "email"]).where("on_roster", "=", 1).execute();
    const watermark = await this.meta("watermark");
    const rosterLoadedAt = await this.meta("roster_loaded_at");
    return {
      watermark: watermark === null ? null : Number(watermark),
      events: rows.map((r) => this.toEvent(r)),
      anchors: anchorEvents,
      roster: roster.map((r) => ({ agentId: r.agent_id, firstName: r.first_name ?? "", lastName: r.last_name ?? "", ...(r.email && { email: r.email }) })),
      rosterLoadedAt: rosterLoadedAt === null ? null : Number(rosterLoadedAt),
    };
  }

  /** One agent's stored events with from <= time < to, oldest first. */
  async eventsOf(agentId: string, from: number, to: number): Promise<ActivityEvent[]> {
    if (this.cold) await this.warm();
    const id = this.agentIds.get(agentId) ?? (await this.db.selectFrom("agents").select("id").where("agent_id", "=", agentId).executeTakeFirst())?.id;
    if (id === undefined) return [];
    const rows = await this.db.selectFrom("events").select(["agent", "time", "state"]).where("agent", "=", id).where("time", ">=", from).where("time", "<", to).orderBy("time").orderBy("seq").execute();
    await this.knowIds(rows);
    return rows.map((r) => this.toEvent(r));
  }

  /**
   * Several agents at once (a report; a timeline asks for one): each one's stored events with from <= time < to, oldest
   * first, and its newest stored event before `before` (the state it was in then), in two queries.
   */
  async eventsOfAgents(agentIds: readonly string[], from: number, to: number, before: number): Promise<Map<string, StoredRead>> {
    if (this.cold) await this.warm();
    const out = new Map<string, StoredRead>();
    const now = Date.now();
    this.reads ??= new ReadCache(this.shared ? 2 * 60_000 : 30 * 60_000);
    const missing: string[] = [];
    for (const id of agentIds) {
      const hit = this.reads.get(id, from, to, before, now);
      if (hit) out.set(id, this.lazyRead(hit, to, hit));
      else {
        missing.push(id);
        out.set(id, { events: [], last: null });
      }
    }
    const ids = missing.map((a) => this.agentIds.get(a)).filter((x): x is number => x !== undefined);
    if (ids.length === 0) return out;
    const writesBefore = this.writes;
    const { columns, lastOf } = (await this.readOnThread(ids, from, to, before)) ?? (await this.readHere(ids, from, to, before));
    if (columns.unknownIds) await this.warm();
    // Kept for the next read of the same window, unless a write came between.
    const keep = this.writes === writesBefore;
    for (const agent of ids) {
      const agentId = this.agentById.get(agent)!;
      const c = columns.byAgent.get(agent);
      const entry = { agent, from, to, before, times: c?.times ?? new Float64Array(0), states: c?.states ?? new Uint32Array(0), last: lastOf.get(agent) ?? null };
      const token = keep ? this.reads.put(agentId, entry, now) : null;
      out.set(agentId, this.lazyRead(entry, to, token));
    }
    return out;
  }

  /** Some agents' events over [from, to) as columns and each one's last event before `before`, read here. */
  private async readHere(ids: readonly number[], from: number, to: number, before: number): Promise<{ columns: { byAgent: Map<number, Columns>; unknownIds: boolean }; lastOf: Map<number, { time: number; state: number }> }> {
    // Each agent's events as compact columns, grouped as they come (ordered by agent, then time).
    const columns = await this.readColumns(ids, from, to);
    // Each agent's last time before `before` by an index seek, then its state at that time.
    const lasts = await sql<{ agent: number; time: number | string; state: number }>`
      WITH last AS (
        SELECT a.id AS agent, (SELECT e1.time FROM events e1 WHERE e1.agent = a.id AND e1.time < ${before} ORDER BY e1.time DESC LIMIT 1) AS t
        FROM agents a WHERE a.id IN (${sql.join(ids)})
      )
      SELECT last.agent AS agent, last.t AS time, l.state AS state FROM last JOIN events l ON l.agent = last.agent AND l.time = last.t WHERE last.t IS NOT NULL
      ORDER BY l.seq, l.state
    `.execute(this.db);
    if (lasts.rows.some((r) => !this.agentById.has(r.agent) || !this.stateById.has(r.state))) columns.unknownIds = true;
    // Two states at the very same last instant: the one `eventsOf` gives last (written last, then the highest state id), the state after that instant.
    const lastOf = new Map<number, { time: number; state: number }>();
    for (const r of lasts.rows) lastOf.set(r.agent, { time: Number(r.time), state: r.state });
    return { columns, lastOf };
  }

  /** The same on the read thread, for a large read; null when it cannot be (small, too long a window, no thread, or the thread failed). */
  private async readOnThread(ids: readonly number[], from: number, to: number, before: number): Promise<Awaited<ReturnType<EventStore["readHere"]>> | null> {
    const thread = this.readThread;
    if (!thread?.usable || ids.length < this.readThreadFrom || to - from > PACKED_SPAN_MS || this.maxStateId >= PACKED_STATES) return null;
    let batch: BatchRead;
    try {
      batch = await thread.read(ids, from, to, before);
    } catch (err) {
      if (!thread.usable) log.warn("the store's large reads go on in process", { error: err instanceof Error ? err.message : String(err) });
      return null;
    }
    const byAgent = new Map<number, Columns>();
    const lastOf = new Map<number, { time: number; state: number }>();
    ids.forEach((agent, i) => {
      if (batch.times[i]!.length > 0) byAgent.set(agent, { times: batch.times[i]!, states: batch.states[i]! });
      const last = batch.lasts[i];
      if (last) lastOf.set(agent, last);
    });
    // A state id above those the store knows was written elsewhere since it read them (a reset store): read them again.
    return { columns: { byAgent, unknownIds: batch.maxState > this.maxStateId || ids.some((a) => !this.agentById.has(a)) }, lastOf };
  }

  /**
   * A read's events made when first asked for, from its compact columns: a reader that kept what
   * it built from them (the segments of a report read again, by `token`) never asks.
   */
  private lazyRead(entry: { agent: number; times: Float64Array; states: Uint32Array; last: { time: number; state: number } | null }, to: number, token: object | null): StoredRead {
    const materialize = (): ActivityEvent[] => {
      const events: ActivityEvent[] = [];
      const agentId = this.agentById.get(entry.agent)!;
      for (let i = 0; i < entry.times.length && entry.times[i]! < to; i++) {
        const state = this.stateById.get(entry.states[i]!)!;
        events.push({ agentId, time: entry.times[i]!, activity: state.activity, reasonCode: state.reasonCode });
      }
      return events;
    };
    let events: ActivityEvent[] | null = null;
    let n = entry.times.length;
    while (n > 0 && entry.times[n - 1]! >= to) n--;
    return {
      get events() {
        return (events ??= materialize());
      },
      last: entry.last && this.toEvent({ agent: entry.agent, ...entry.last }),
      ...(token && { token }),
      columns: { times: entry.times.subarray(0, n), states: entry.states.subarray(0, n), table: this.stateById, lastState: entry.last?.state ?? null },
    };
  }

  /**
   * The events of some agents over [from, to) as columns per agent, in the order `eventsOf` gives
   * them (time, then the order written). On SQLite each event comes from the driver as one number
   * (a day of 5,000 agents is about 800,000 rows: an array or object per row was most of the read).
   */
  private async readColumns(ids: readonly number[], from: number, to: number): Promise<{ byAgent: Map<number, Columns>; unknownIds: boolean }> {
    const byAgent = new Map<number, Columns>();
    let unknownIds = ids.some((agent) => !this.agentById.has(agent));
    if (this.rawRows && to - from <= PACKED_SPAN_MS && this.maxStateId < PACKED_STATES) {
      // An agent at a time, in the primary key's order (agent, time, state): no sort, each event
      // its time after `from` and its state packed in one number.
      const raw = this.rawRows;
      const ties: { agent: number; time: number; at: number; count: number }[] = [];
      for (const agent of ids) {
        const packed = raw.column(`SELECT (time - ?) * ${PACKED_STATES} + state FROM events WHERE agent = ? AND time >= ? AND time < ? ORDER BY time`, [from, agent, from, to]) as number[];
        const n = packed.length;
        if (n === 0) continue;
        const times = new Float64Array(n);
        const states = new Uint32Array(n);
        for (let i = 0; i < n; i++) {
          const v = packed[i]!;
          const state = v % PACKED_STATES;
          times[i] = from + (v - state) / PACKED_STATES;
          states[i] = state;
          if (!unknownIds && !this.stateById.has(state)) unknownIds = true;
          if (i > 0 && times[i] === times[i - 1]) {
            const tie = ties.at(-1);
            if (tie && tie.agent === agent && tie.time === times[i]) tie.count++;
            else ties.push({ agent, time: times[i]!, at: i - 1, count: 2 });
          }
        }
        byAgent.set(agent, { times, states });
      }
      // Events at the very same instant (rare, but a whole second can hold two changes): in the
      // order they were written (seq), read for all of them at once.
      for (let k = 0; k < ties.length; k += 400) {
        const some = ties.slice(k, k + 400);
        const rows = raw.rows(`SELECT agent, time, state FROM events WHERE (agent, time) IN (VALUES ${some.map(() => "(?, ?)").join(", ")}) ORDER BY agent, time, seq, state`, some.flatMap((t) => [t.agent, t.time]));
        const byKey = new Map(some.map((t) => [`${t.agent} ${t.time}`, { ...t, next: 0 }]));
        for (const r of rows) {
          const t = byKey.get(`${r[0] as number} ${Number(r[1])}`);
          if (t && t.next < t.count) byAgent.get(t.agent)!.states[t.at + t.next++] = r[2] as number;
        }
      }
    } else {
      const rows = await this.db.selectFrom("events").select(["agent", "time", "state"]).where("agent", "in", ids).where("time", ">=", from).where("time", "<", to).orderBy("agent").orderBy("time").orderBy("seq").execute();
      const lists = new Map<number, { times: number[]; states: number[] }>();
      for (const r of rows) {
        let c = lists.get(r.agent);
        if (!c) lists.set(r.agent, (c = { times: [], states: [] }));
        c.times.push(Number(r.time));
        c.states.push(r.state);
        if (!unknownIds && !this.stateById.has(r.state)) unknownIds = true;
      }
      for (const [agent, c] of lists) byAgent.set(agent, { times: Float64Array.from(c.times), states: Uint32Array.from(c.states) });
    }
    return { byAgent, unknownIds };
  }

  /** Every agent's stored events with from <= time < to, oldest first. */
  async eventsBetween(from: number, to: number): Promise<ActivityEvent[]> {
    if (this.cold) await this.warm();
    const rows = await this.db.selectFrom("events").select(["agent", "time", "state"]).where("time", ">=", from).where("time", "<", to).orderBy("time").orderBy("seq").execute();
    await this.knowIds(rows);
    return rows.map((r) => this.toEvent(r));
  }

  /** The known parts of [from, to), merged. */
  async coverage(from: number, to: number): Promise<Interval[]> {
    const rows = await this.db.selectFrom("coverage").selectAll().where("from_ms", "<", to).where("to_ms", ">", from).orderBy("from_ms").execute();
    const out: Interval[] = [];
    for (const r of rows) {
      const start = Math.max(from, Number(r.from_ms));
      const end = Math.min(to, Number(r.to_ms));
      const last = out[out.length - 1];
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else if (end > start) out.push({ start, end });
    }
    return out;
  }

  /**
   * Drops events older than `cutoff` and the coverage before it, but each agent's last event
   * before it (its state at the cutoff, however old); returns how many went.
   */
  async prune(cutoff: number): Promise<number> {
    // Every kept read goes, before and after (a read between is not kept: `writes`).
    const forget = () => {
      this.writes++;
      this.reads?.clear();
    };
    forget();
    try {
      return await this.pruneNow(cutoff);
    } finally {
      forget();
    }
  }

  private async pruneNow(cutoff: number): Promise<number> {
    return this.write(async (tx) => {
      const r = await sql`DELETE FROM events WHERE time < ${cutoff} AND (agent, time) NOT IN (SELECT agent, MAX(time) FROM events WHERE time < ${cutoff} GROUP BY agent)`.execute(tx);
      const dropped = Number(r.numAffectedRows ?? 0);
      if (dropped > 0) await this.addToCount(tx, -dropped);
      await tx.deleteFrom("coverage").where("to_ms", "<=", cutoff).execute();
      await tx.updateTable("coverage").set({ from_ms: cutoff }).where("from_ms", "<", cutoff).execute();
      await this.setMeta(tx, "pruned_before", String(cutoff));
      return dropped;
    });
  }

  async info(): Promise<StoreInfo> {
    const count = await this.meta("events");
    const oldest = await this.db.selectFrom("events").select((eb) => eb.fn.min("time").as("t")).executeTakeFirst();
    return { engine: this.engine, events: count === null ? 0 : Number(count), oldestEvent: oldest?.t == null ? null : Number(oldest.t), sizeBytes: await this.measureSize() };
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
