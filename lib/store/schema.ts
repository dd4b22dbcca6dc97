import "server-only";
import { sql, type ColumnType, type Generated, type Kysely } from "kysely";

/**
 * The store's tables, one schema for both engines (SQLite embedded, Postgres at scale), and the
 * migrations that build it. Times are epoch milliseconds (BIGINT); agents and states are interned
 * to small integers, so an event is three numbers (about 35 bytes on disk with its indexes).
 */

export type Engine = "sqlite" | "postgres";

export interface MetaTable {
  key: string;
  value: string;
}

export interface AgentsTable {
  id: Generated<number>;
  agent_id: string;
  first_name: string | null;
  last_name: string | null;
  /** The Agents API's e-mail, lower case (migration 9). */
  email: string | null;
  /** 1 while the Agents API lists the agent. */
  on_roster: Generated<number>;
  /** The earliest and latest instants the agent was seen (an event, or on the roster). */
  first_seen: number | null;
  last_seen: number | null;
}

export interface StatesTable {
  id: Generated<number>;
  activity: string;
  /** "" for none: Kore.ai sends an empty code for none, so "" is never a real one. */
  reason_code: string;
}

export interface EventsTable {
  agent: number;
  time: number;
  state: number;
  /**
   * The order it was written in (migration 5; 0 before it): Kore.ai's EventTime is to the second,
   * and two changes in one second (a logout in the second of the last change) are in the feed's
   * order, which the time alone cannot keep.
   */
  seq: ColumnType<number, number | undefined, never>;
  /** The reading it was read under (an id of the meta key `reading:<zone|clock|order|parser>`; 0 before migration 5). */
  rd: ColumnType<number, number | undefined, never>;
}

/** Ranges of the feed read completely and settled: [from_ms, to_ms), merged, not overlapping. */
export interface CoverageTable {
  from_ms: number;
  to_ms: number;
  /** The reading the range was read under (as `events.rd`): a range read under another is read again. */
  rd: ColumnType<number, number | undefined, number>;
}

/** Wallboard links: what each opens, who made it, until when; revoked ones stay, marked. */
export interface LinksTable {
  id: string;
  created_at: number;
  /** The creator's display name and subject ("Supervisor (shared password)", an SSO user). */
  created_by: string;
  created_by_sub: string;
  /** The link's scope as JSON (lib/auth/scope.ts). */
  scope: string;
  /** The wallboard's display options (theme, interval, states…), as a query string. */
  options: string;
  expires_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
}

/** Sessions signed in (migration 6): who, from where, until when; ended ones stay, marked, until they expire. Never the token. */
export interface SessionsTable {
  sid: string;
  sub: string;
  name: string;
  role: string;
  /** JSON list, or null: the whole floor. */
  teams: string | null;
  via: string;
  created_at: number;
  expires_at: number;
  address: string | null;
  user_agent: string | null;
  ended_at: number | null;
  ended_by: string | null;
}

/** The audit trail: who did what, when, from where. Never a password, a token or a cookie. */
export interface AuditTable {
  id: Generated<number>;
  time: number;
  actor: string;
  action: string;
  address: string | null;
  /** JSON. */
  details: string;
}

/** Schedules: what each agent should be doing, [start_ms, end_ms); rows of one agent never overlap. */
export interface SchedulesTable {
  agent_id: string;
  start_ms: number;
  end_ms: number;
  /** work, off, or a reason category (lib/activity/schedule.ts). */
  activity: string;
}

/** Alerts: each occurrence of a rule's condition, raised once (or held back by a cooldown or quiet hours). */
export interface AlertOccurrencesTable {
  key: string;
  rule: string;
  /** The agent, team or service it is about: the cooldown's unit. */
  subject: string;
  raised_at: number;
  resolved_at: number | null;
  /** raised, cooldown (held back: one was sent for the subject within the cooldown) or quiet. */
  status: string;
  /** JSON: the occurrence (lib/alerts/messages.ts). */
  payload: string;
  /** Acknowledged (migration 10): when, by whom, the note, until when (null: until it ends); raised once more when it outlasted the acknowledgement. */
  ack_at: number | null;
  ack_by: string | null;
  ack_note: string | null;
  ack_until: number | null;
  reraised_at: number | null;
}

/** Alerts: one message to one channel, recorded before it is sent; `key` makes it once only. */
export interface AlertDeliveriesTable {
  id: Generated<number>;
  key: string;
  occurrence: string;
  rule: string;
  channel: string;
  /** raised, resolved or test. */
  phase: string;
  /** pending, sent, or dead (given up after the last retry; kept and shown). */
  status: string;
  attempts: number;
  next_at: number;
  created_at: number;
  sent_at: number | null;
  last_error: string | null;
  /** JSON: the message (lib/alerts/messages.ts), rendered per channel when sent. */
  message: string;
}

/** Calendars subscribed to (migration 11): where, read by which profile, and how the last poll went. The URL may hold a token: it never leaves the server whole. */
export interface CalendarSubscriptionsTable {
  id: string;
  name: string;
  url: string;
  profile: string;
  zone: string | null;
  created_at: number;
  created_by: string;
  next_poll_at: number;
  last_poll_at: number | null;
  last_ok_at: number | null;
  last_rows: number | null;
  /** JSON: the last poll's problems (by line), or []. */
  last_problems: string;
  last_error: string | null;
}

/** Required staff per interval and team (migration 12); team "" is the whole floor. */
export interface StaffingTable {
  team: string;
  start_ms: number;
  required: number;
}

/** Schedule import profiles saved by name (migration 9): the profile as JSON. */
export interface ImportProfilesTable {
  name: string;
  body: string;
  updated_at: number;
  updated_by: string;
}

/** Adherence adjustments (migration 7): excused or neutral time over a span, for agents, teams or all; revoked ones stay, marked. */
export interface AdjustmentsTable {
  id: string;
  /** excused or neutral. */
  kind: string;
  /** JSON: { all: true } | { teams: [...] } | { agents: [...] } (lib/activity/adjustments.ts). */
  scope: string;
  start_ms: number;
  end_ms: number;
  category: string | null;
  note: string;
  created_at: number;
  created_by: string;
  created_by_sub: string;
  revoked_at: number | null;
  revoked_by: string | null;
}

/** Adherence exceptions a supervisor confirmed (migration 8): agent, type and start name one. */
export interface ExceptionReviewsTable {
  agent_id: string;
  type: string;
  start_ms: number;
  note: string | null;
  created_at: number;
  created_by: string;
  created_by_sub: string;
}

export interface StoreTables {
  meta: MetaTable;
  links: LinksTable;
  sessions: SessionsTable;
  audit: AuditTable;
  agents: AgentsTable;
  states: StatesTable;
  events: EventsTable;
  coverage: CoverageTable;
  schedules: SchedulesTable;
  alert_occurrences: AlertOccurrencesTable;
  alert_deliveries: AlertDeliveriesTable;
  adjustments: AdjustmentsTable;
  import_profiles: ImportProfilesTable;
  calendar_subscriptions: CalendarSubscriptionsTable;
  staffing: StaffingTable;
  exception_reviews: ExceptionReviewsTable;
}

interface Migration {
  version: number;
  up(db: Kysely<StoreTables>, engine: Engine): Promise<void>;
}

/** Applied in order at start; each in its own transaction; never edited once released. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    async up(db, engine) {
      const id = engine === "sqlite" ? sql`INTEGER PRIMARY KEY` : sql`SERIAL PRIMARY KEY`;
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      const withoutRowid = engine === "sqlite" ? sql` WITHOUT ROWID` : sql``;
      await sql`CREATE TABLE agents (id ${id}, agent_id TEXT NOT NULL UNIQUE, first_name TEXT, last_name TEXT, on_roster INTEGER NOT NULL DEFAULT 0, first_seen ${big}, last_seen ${big})`.execute(db);
      await sql`CREATE TABLE states (id ${id}, activity TEXT NOT NULL, reason_code TEXT NOT NULL, UNIQUE (activity, reason_code))`.execute(db);
      await sql`CREATE TABLE events (agent INTEGER NOT NULL, time ${big} NOT NULL, state INTEGER NOT NULL, PRIMARY KEY (agent, time, state))${withoutRowid}`.execute(db);
      await sql`CREATE INDEX events_by_time ON events (time)`.execute(db);
      await sql`CREATE TABLE coverage (from_ms ${big} PRIMARY KEY, to_ms ${big} NOT NULL)`.execute(db);
    },
  },
  {
    version: 2,
    async up(db, engine) {
      const id = engine === "sqlite" ? sql`INTEGER PRIMARY KEY` : sql`BIGSERIAL PRIMARY KEY`;
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE links (id TEXT PRIMARY KEY, created_at ${big} NOT NULL, created_by TEXT NOT NULL, created_by_sub TEXT NOT NULL, scope TEXT NOT NULL, options TEXT NOT NULL, expires_at ${big} NOT NULL, revoked_at ${big}, revoked_by TEXT)`.execute(db);
      await sql`CREATE TABLE audit (id ${id}, time ${big} NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, address TEXT, details TEXT NOT NULL)`.execute(db);
      await sql`CREATE INDEX audit_by_time ON audit (time)`.execute(db);
    },
  },
  {
    version: 3,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE schedules (agent_id TEXT NOT NULL, start_ms ${big} NOT NULL, end_ms ${big} NOT NULL, activity TEXT NOT NULL, PRIMARY KEY (agent_id, start_ms))`.execute(db);
      await sql`CREATE INDEX schedules_by_start ON schedules (start_ms)`.execute(db);
    },
  },
  {
    version: 4,
    async up(db, engine) {
      const id = engine === "sqlite" ? sql`INTEGER PRIMARY KEY` : sql`BIGSERIAL PRIMARY KEY`;
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE alert_occurrences (key TEXT PRIMARY KEY, rule TEXT NOT NULL, subject TEXT NOT NULL, raised_at ${big} NOT NULL, resolved_at ${big}, status TEXT NOT NULL, payload TEXT NOT NULL)`.execute(db);
      await sql`CREATE INDEX alert_occurrences_open ON alert_occurrences (resolved_at)`.execute(db);
      await sql`CREATE INDEX alert_occurrences_by_subject ON alert_occurrences (rule, subject, raised_at)`.execute(db);
      await sql`CREATE TABLE alert_deliveries (id ${id}, key TEXT NOT NULL UNIQUE, occurrence TEXT NOT NULL, rule TEXT NOT NULL, channel TEXT NOT NULL, phase TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_at ${big} NOT NULL, created_at ${big} NOT NULL, sent_at ${big}, last_error TEXT, message TEXT NOT NULL)`.execute(db);
      await sql`CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_at)`.execute(db);
      await sql`CREATE INDEX alert_deliveries_by_time ON alert_deliveries (created_at)`.execute(db);
    },
  },
  {
    version: 5,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`ALTER TABLE events ADD COLUMN seq ${big} NOT NULL DEFAULT 0`.execute(db);
      await sql`ALTER TABLE events ADD COLUMN rd INTEGER NOT NULL DEFAULT 0`.execute(db);
      await sql`ALTER TABLE coverage ADD COLUMN rd INTEGER NOT NULL DEFAULT 0`.execute(db);
    },
  },
  {
    version: 6,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE sessions (sid TEXT PRIMARY KEY, sub TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, teams TEXT, via TEXT NOT NULL, created_at ${big} NOT NULL, expires_at ${big} NOT NULL, address TEXT, user_agent TEXT, ended_at ${big}, ended_by TEXT)`.execute(db);
      await sql`CREATE INDEX sessions_by_expiry ON sessions (expires_at)`.execute(db);
      await sql`CREATE INDEX sessions_by_sub ON sessions (sub)`.execute(db);
    },
  },
  {
    version: 7,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE adjustments (id TEXT PRIMARY KEY, kind TEXT NOT NULL, scope TEXT NOT NULL, start_ms ${big} NOT NULL, end_ms ${big} NOT NULL, category TEXT, note TEXT NOT NULL, created_at ${big} NOT NULL, created_by TEXT NOT NULL, created_by_sub TEXT NOT NULL, revoked_at ${big}, revoked_by TEXT)`.execute(db);
      await sql`CREATE INDEX adjustments_by_start ON adjustments (start_ms)`.execute(db);
    },
  },
  {
    version: 8,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE exception_reviews (agent_id TEXT NOT NULL, type TEXT NOT NULL, start_ms ${big} NOT NULL, note TEXT, created_at ${big} NOT NULL, created_by TEXT NOT NULL, created_by_sub TEXT NOT NULL, PRIMARY KEY (agent_id, type, start_ms))`.execute(db);
      await sql`CREATE INDEX exception_reviews_by_start ON exception_reviews (start_ms)`.execute(db);
    },
  },
  {
    version: 9,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`ALTER TABLE agents ADD COLUMN email TEXT`.execute(db);
      await sql`CREATE TABLE import_profiles (name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at ${big} NOT NULL, updated_by TEXT NOT NULL)`.execute(db);
    },
  },
  {
    version: 10,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      for (const col of [sql`ack_at ${big}`, sql`ack_by TEXT`, sql`ack_note TEXT`, sql`ack_until ${big}`, sql`reraised_at ${big}`]) await sql`ALTER TABLE alert_occurrences ADD COLUMN ${col}`.execute(db);
    },
  },
  {
    version: 11,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE calendar_subscriptions (id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, profile TEXT NOT NULL, zone TEXT, created_at ${big} NOT NULL, created_by TEXT NOT NULL, next_poll_at ${big} NOT NULL, last_poll_at ${big}, last_ok_at ${big}, last_rows INTEGER, last_problems TEXT NOT NULL, last_error TEXT)`.execute(db);
    },
  },
  {
    version: 12,
    async up(db, engine) {
      const big = engine === "sqlite" ? sql`INTEGER` : sql`BIGINT`;
      await sql`CREATE TABLE staffing (team TEXT NOT NULL, start_ms ${big} NOT NULL, required DOUBLE PRECISION NOT NULL, PRIMARY KEY (team, start_ms))`.execute(db);
      await sql`CREATE INDEX staffing_by_start ON staffing (start_ms)`.execute(db);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
