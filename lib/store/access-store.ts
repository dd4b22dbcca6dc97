import "server-only";
import type { Kysely, Selectable } from "kysely";
import type { LinksTable, SessionsTable, StoreTables } from "./schema";

/**
 * Access in the store: wallboard links (made, listed, revoked) and the audit trail (appended,
 * filtered, pruned). Beside the events, in the same database, so a deployment has one thing to
 * back up; written straight through (a few rows a day, never on the poller's path).
 */

export interface LinkRecord {
  id: string;
  createdAt: number;
  createdBy: string;
  createdBySub: string;
  /** JSON of the link's scope. */
  scope: string;
  options: string;
  expiresAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface SessionRecord {
  sid: string;
  sub: string;
  name: string;
  role: string;
  teams: string[] | null;
  via: string;
  createdAt: number;
  expiresAt: number;
  address: string | null;
  userAgent: string | null;
  endedAt: number | null;
  endedBy: string | null;
}

export interface AuditEntry {
  time: number;
  actor: string;
  action: string;
  address: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  actor?: string;
  action?: string;
  limit?: number;
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A row as the engines give it (Postgres BIGINTs arrive as strings). */
const toLink = (r: Selectable<LinksTable>): LinkRecord => ({
  id: r.id,
  createdAt: Number(r.created_at),
  createdBy: r.created_by,
  createdBySub: r.created_by_sub,
  scope: r.scope,
  options: r.options,
  expiresAt: Number(r.expires_at),
  revokedAt: n(r.revoked_at),
  revokedBy: r.revoked_by,
});

const toSession = (r: Selectable<SessionsTable>): SessionRecord => ({
  sid: r.sid,
  sub: r.sub,
  name: r.name,
  role: r.role,
  teams: r.teams === null ? null : (JSON.parse(r.teams) as string[]),
  via: r.via,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  address: r.address,
  userAgent: r.user_agent,
  endedAt: n(r.ended_at),
  endedBy: r.ended_by,
});

export class AccessStore {
  constructor(private readonly db: Kysely<StoreTables>) {}

  async putSession(s: SessionRecord): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({ sid: s.sid, sub: s.sub.slice(0, 200), name: s.name.slice(0, 200), role: s.role, teams: s.teams === null ? null : JSON.stringify(s.teams), via: s.via, created_at: s.createdAt, expires_at: s.expiresAt, address: s.address?.slice(0, 64) ?? null, user_agent: s.userAgent?.slice(0, 300) ?? null, ended_at: null, ended_by: null })
      .onConflict((oc) => oc.column("sid").doNothing())
      .execute();
  }

  /** Sessions not expired at `now` and not ended, newest first. */
  async liveSessions(now: number): Promise<SessionRecord[]> {
    const rows = await this.db.selectFrom("sessions").selectAll().where("expires_at", ">", now).where("ended_at", "is", null).orderBy("created_at", "desc").execute();
    return rows.map(toSession);
  }

  async session(sid: string): Promise<SessionRecord | null> {
    const r = await this.db.selectFrom("sessions").selectAll().where("sid", "=", sid).executeTakeFirst();
    return r ? toSession(r) : null;
  }

  /** Ends the sessions given (those not ended yet); the ids ended. */
  async endSessions(where: { sid: string } | { sub: string }, at: number, by: string): Promise<string[]> {
    let q = this.db.selectFrom("sessions").select("sid").where("ended_at", "is", null).where("expires_at", ">", at);
    q = "sid" in where ? q.where("sid", "=", where.sid) : q.where("sub", "=", where.sub);
    const sids = (await q.execute()).map((r) => r.sid);
    if (sids.length > 0) await this.db.updateTable("sessions").set({ ended_at: at, ended_by: by.slice(0, 200) }).where("sid", "in", sids).where("ended_at", "is", null).execute();
    return sids;
  }

  /** Ids of sessions ended that would still be valid at `now`. */
  async endedSessionIds(now: number): Promise<string[]> {
    const rows = await this.db.selectFrom("sessions").select("sid").where("ended_at", "is not", null).where("expires_at", ">", now).execute();
    return rows.map((r) => r.sid);
  }

  async putLink(l: LinkRecord): Promise<void> {
    await this.db
      .insertInto("links")
      .values({ id: l.id, created_at: l.createdAt, created_by: l.createdBy, created_by_sub: l.createdBySub, scope: l.scope, options: l.options, expires_at: l.expiresAt, revoked_at: l.revokedAt, revoked_by: l.revokedBy })
      // Ids are random UUIDs: one already there is this link (a copy made again).
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  }

  /** Links not expired before `since`, newest first. */
  async links(since: number): Promise<LinkRecord[]> {
    const rows = await this.db.selectFrom("links").selectAll().where("expires_at", ">", since).orderBy("created_at", "desc").execute();
    return rows.map(toLink);
  }

  async link(id: string): Promise<LinkRecord | null> {
    const r = await this.db.selectFrom("links").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? toLink(r) : null;
  }

  /** Marks the link revoked; false when there is no such link or it already was. */
  async revokeLink(id: string, at: number, by: string): Promise<boolean> {
    const r = await this.db.updateTable("links").set({ revoked_at: at, revoked_by: by }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Ids of revoked links that would still be valid at `now` (expired ones open nothing anyway). */
  async revokedLinkIds(now: number): Promise<string[]> {
    const rows = await this.db.selectFrom("links").select("id").where("revoked_at", "is not", null).where("expires_at", ">", now).execute();
    return rows.map((r) => r.id);
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.db.insertInto("audit").values({ time: e.time, actor: e.actor.slice(0, 200), action: e.action, address: e.address?.slice(0, 64) ?? null, details: JSON.stringify(e.details) }).execute();
  }

  async auditCount(): Promise<number> {
    const row = await this.db.selectFrom("audit").select((eb) => eb.fn.countAll().as("n")).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Newest first. */
  async audit(f: AuditFilter = {}): Promise<AuditEntry[]> {
    let q = this.db.selectFrom("audit").selectAll();
    if (f.from !== undefined) q = q.where("time", ">=", f.from);
    if (f.to !== undefined) q = q.where("time", "<", f.to);
    if (f.actor) q = q.where("actor", "=", f.actor);
    if (f.action) q = q.where("action", "=", f.action);
    const rows = await q.orderBy("time", "desc").orderBy("id", "desc").limit(f.limit ?? 1_000).execute();
    return rows.map((r) => ({ time: Number(r.time), actor: r.actor, action: r.action, address: r.address, details: JSON.parse(r.details) as Record<string, unknown> }));
  }

  /** Drops audit entries older than `cutoff` and links expired before it; returns the entries dropped. */
  async pruneAccess(cutoff: number): Promise<number> {
    const r = await this.db.deleteFrom("audit").where("time", "<", cutoff).executeTakeFirst();
    await this.db.deleteFrom("links").where("expires_at", "<", cutoff).execute();
    await this.db.deleteFrom("sessions").where("expires_at", "<", cutoff).execute();
    return Number(r.numDeletedRows);
  }
}
