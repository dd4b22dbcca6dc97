import "server-only";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { EventStore, PACKED_STATES, type RawReads } from "./event-store";
import { ReadWorker } from "./read-worker";
import { MIGRATIONS, SCHEMA_VERSION, type Engine, type StoreTables } from "./schema";

/**
 * Opens the store: an embedded SQLite database in FLOORVIEW_DATA_DIR (no server to install), or
 * the Postgres at DATABASE_URL (several instances, one history). Migrations run at start. What
 * cannot be opened stops start-up with a StoreError naming the variable and what to do; a
 * password is never part of a message.
 */

export type StoreTarget = { engine: "sqlite"; dataDir: string } | { engine: "postgres"; url: string };

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}

export interface OpenOptions {
  /**
   * Whose history this is: a store that holds another tenant's is refused, or (the simulator's)
   * started afresh. null: whichever it holds (tools that copy a store).
   */
  tenant: string | null;
  onForeignTenant: "refuse" | "reset";
  /**
   * false: open an embedded store another Floorview holds, without its lock (SQLite's own locking
   * keeps writes whole): only for a short note to the running server (`npm run import`).
   */
  lock?: boolean;
}

const DB_FILE = "floorview.db";
const LOCK_FILE = "floorview.lock";
const LOCK_STALE_MS = 2 * 60_000;

/**
 * `postgres://user:secret@host/db` → `postgres://user:***@host/db`; a password in the query
 * (`?password=…`, `sslpassword=…`, as libpq and pg take them) masked too.
 */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const key of [...u.searchParams.keys()]) if (/password/i.test(key)) u.searchParams.set(key, "***");
    return u.toString();
  } catch {
    return "(an unreadable URL)";
  }
}

const why = (err: unknown) => (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));

interface Lock {
  pid: number;
  host: string;
  heartbeat: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One Floorview per data directory: two writing one embedded store would each write the other's
 * reads (or, on a shared volume, fight over it). A lock file names the holder and is refreshed
 * every 30 s; one whose process is gone, or not refreshed for 2 minutes, is taken over.
 */
function takeLock(dir: string): () => void {
  const path = join(/*turbopackIgnore: true*/ dir, LOCK_FILE);
  const me: Lock = { pid: process.pid, host: hostname(), heartbeat: Date.now() };
  try {
    const held = JSON.parse(readFileSync(path, "utf8")) as Lock;
    const alive = held.host === me.host ? held.pid !== me.pid && pidAlive(held.pid) : Date.now() - held.heartbeat < LOCK_STALE_MS;
    if (alive) {
      throw new StoreError(
        `FLOORVIEW_DATA_DIR: ${dir} is in use by another Floorview (process ${held.pid} on ${held.host}). Give each instance its own directory, or point them all at one Postgres with DATABASE_URL. If no other Floorview runs, delete ${path}.`,
      );
    }
  } catch (err) {
    if (err instanceof StoreError) throw err;
    // No lock, or an unreadable one: ours now.
  }
  const write = () => writeFileSync(path, JSON.stringify({ ...me, heartbeat: Date.now() }));
  try {
    write();
  } catch (err) {
    throw new StoreError(`FLOORVIEW_DATA_DIR: cannot write in ${dir} (${why(err)}). Give Floorview's user a directory it can write, e.g. a volume mounted there.`);
  }
  const timer = setInterval(() => {
    try {
      write();
    } catch {
      // A directory turned read-only: the store reports it on its next write.
    }
  }, 30_000);
  timer.unref();
  // Any exit but a kill gives the directory up at once (Next's own SIGTERM handler exits the process).
  const release = () => {
    clearInterval(timer);
    process.removeListener("exit", release);
    rmSync(path, { force: true });
  };
  process.once("exit", release);
  return release;
}

/** What opening an engine gives: the query builder, the size on disk, a close, and (SQLite) a way to large reads' rows as arrays. */
interface Opened {
  db: Kysely<StoreTables>;
  size: () => Promise<number | null>;
  close: () => Promise<void>;
  rawRows: RawReads | null;
  readThread: ReadWorker | null;
}

async function openSqlite(dir: string, lock = true): Promise<Opened> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StoreError(`FLOORVIEW_DATA_DIR: cannot create ${dir} (${why(err)}). Set it to a directory Floorview's user can write.`);
  }
  const release = lock ? takeLock(dir) : () => undefined;
  let database: Database.Database;
  try {
    database = new Database(join(/*turbopackIgnore: true*/ dir, DB_FILE));
    // WAL: readers never wait for the writer; a killed process loses no committed write.
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("busy_timeout = 5000");
  } catch (err) {
    release();
    throw new StoreError(`FLOORVIEW_DATA_DIR: cannot open ${join(/*turbopackIgnore: true*/ dir, DB_FILE)} (${why(err)}). Check the directory's permissions and free space.`);
  }
  const files = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`].map((f) => join(/*turbopackIgnore: true*/ dir, f));
  const readThread = new ReadWorker(join(/*turbopackIgnore: true*/ dir, DB_FILE), PACKED_STATES);
  return {
    db: new Kysely<StoreTables>({ dialect: new SqliteDialect({ database }) }),
    readThread,
    size: async () =>
      files.reduce((n, f) => {
        try {
          return n + statSync(f).size;
        } catch {
          return n;
        }
      }, 0),
    close: async () => {
      await readThread.close();
      database.close();
      release();
    },
    // The large reads' rows as arrays, or a single column's values (each statement prepared once).
    rawRows: (() => {
      const prepared = new Map<string, Database.Statement>();
      const statement = (query: string, column: boolean) => {
        const key = `${column ? "1" : "0"}${query}`;
        let st = prepared.get(key);
        if (!st) {
          if (prepared.size > 64) prepared.clear();
          prepared.set(key, (st = column ? database.prepare(query).pluck(true) : database.prepare(query).raw(true)));
        }
        return st;
      };
      return {
        rows: (query: string, params: readonly unknown[]) => statement(query, false).all(...params) as unknown[][],
        column: (query: string, params: readonly unknown[]) => statement(query, true).all(...params),
      };
    })(),
  };
}

async function openPostgres(url: string): Promise<Opened> {
  const int8 = 20;
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    // Epoch milliseconds fit a double: read BIGINT as a number, not a string.
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === int8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // A failed idle connection (Postgres restarted) must not crash the process: the next query reconnects.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`DATABASE_URL: cannot connect to ${withoutPassword(url)} (${why(err)}). Check that Postgres runs there and accepts this user.`);
  }
  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    size: async () => {
      const r = await sql<{ size: number }>`SELECT pg_database_size(current_database()) AS size`.execute(db);
      return Number(r.rows[0]?.size ?? 0);
    },
    close: () => db.destroy(),
    rawRows: null,
    readThread: null,
  };
}

async function migrate(db: Kysely<StoreTables>, engine: Engine, where: string): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`.execute(db);
  const row = await db.selectFrom("meta").select("value").where("key", "=", "schema_version").executeTakeFirst();
  const current = Number(row?.value ?? 0);
  if (current > SCHEMA_VERSION) {
    throw new StoreError(`${where} holds a newer store (schema version ${current}) than this Floorview knows (${SCHEMA_VERSION}): run the newer Floorview, or give this one another store.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await db.transaction().execute(async (tx) => {
      await m.up(tx, engine);
      await tx.insertInto("meta").values({ key: "schema_version", value: String(m.version) }).onConflict((oc) => oc.column("key").doUpdateSet({ value: String(m.version) })).execute();
    });
  }
}

/** The whole history, emptied (the store held another simulated floor's). */
async function reset(db: Kysely<StoreTables>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const table of ["events", "coverage", "agents", "states", "schedules", "adjustments", "exception_reviews"] as const) await tx.deleteFrom(table).execute();
    await tx.deleteFrom("meta").where("key", "<>", "schema_version").execute();
  });
}

export async function openStore(target: StoreTarget, opts: OpenOptions): Promise<EventStore> {
  const where = target.engine === "sqlite" ? `FLOORVIEW_DATA_DIR (${target.dataDir})` : `DATABASE_URL (${withoutPassword(target.url)})`;
  const opened = target.engine === "sqlite" ? await openSqlite(target.dataDir, opts.lock ?? true) : await openPostgres(target.url);
  try {
    if (target.engine === "postgres") {
      // Several instances may start at once: one migrates, the others wait for it.
      await opened.db.connection().execute(async (conn) => {
        await sql`SELECT pg_advisory_lock(727100)`.execute(conn);
        try {
          await migrate(conn, "postgres", where);
        } finally {
          await sql`SELECT pg_advisory_unlock(727100)`.execute(conn);
        }
      });
    } else {
      await migrate(opened.db, "sqlite", where);
    }
    const store = new EventStore(opened.db, target.engine, opened.size, opened.close, opened.rawRows, opened.readThread);
    const tenant = await store.meta("tenant");
    if (opts.tenant !== null && tenant !== null && tenant !== opts.tenant) {
      if (opts.onForeignTenant === "refuse") {
        throw new StoreError(`${where} holds the history of another tenant (${tenant}), not of ${opts.tenant}: give this one its own store.`);
      }
      await reset(opened.db);
    }
    if (opts.tenant !== null && tenant !== opts.tenant) await store.putMeta("tenant", opts.tenant);
    await store.warm();
    return store;
  } catch (err) {
    await opened.close().catch(() => undefined);
    if (err instanceof StoreError) throw err;
    throw new StoreError(`${where}: the store could not be read (${why(err)}).`);
  }
}
