import "server-only";
import { randomUUID } from "node:crypto";
import { can, type Identity } from "@/lib/auth/identity";
import { endedSessions } from "@/lib/auth/revocations";
import type { SessionView } from "@/lib/api-types";
import { log } from "@/lib/log";
import type { AccessStore, SessionRecord } from "@/lib/store/access-store";
import { actorName } from "./audit";
import { fail } from "../http/http";

/**
 * Sessions that can be ended. Each sign-in is a row in the store (who, role, from where, until
 * when) and its id is signed into the session cookie; an admin sees who is signed in and ends a
 * person's sessions, and anyone signs out of all their devices at once. The ids of ended
 * sessions are read from the store every second into the set the door checks
 * (lib/auth/revocations.ts): with several instances the store is one Postgres (a sign-in with
 * Redis and embedded stores is refused at start), so an end reaches every instance within a second.
 */

const REFRESH_MS = 1_000;

export class SessionRegistry {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly endedHere = new Set<string>();

  constructor(
    private readonly store: AccessStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A new session's id, kept with who it is and where from. While the store is down the sign-in
   * still succeeds (as the floor stays live): the session is not listed, and ends when it expires
   * or AUTH_SECRET changes.
   */
  async open(who: Identity, expiresAt: number, address: string | null, userAgent: string | null): Promise<string> {
    const sid = randomUUID();
    try {
      await this.store.putSession({ sid, sub: who.sub, name: who.name, role: who.role, teams: who.teams, via: who.via, createdAt: this.now(), expiresAt, address, userAgent, endedAt: null, endedBy: null });
    } catch (err) {
      log.error("session not stored (signed in all the same; it cannot be listed or ended before it expires)", { sub: who.sub, error: err instanceof Error ? err.message : String(err) });
    }
    return sid;
  }

  /** The signed-in sessions `who` may see: an admin every one, anyone else their own. */
  async list(who: Identity & { sid?: string | null }): Promise<SessionView[]> {
    const rows = await this.store.liveSessions(this.now());
    return rows.filter((r) => can.readAudit(who) || r.sub === who.sub).map((r) => this.view(r, who.sid ?? null));
  }

  /** Ends one session (an admin's any, anyone else's their own); the ended one, or null when there is none to end. */
  async end(sid: string, by: Identity): Promise<SessionView | null> {
    const r = await this.store.session(sid);
    if (!r || r.endedAt !== null || r.expiresAt <= this.now() || !(can.readAudit(by) || r.sub === by.sub)) return null;
    await this.mark(await this.store.endSessions({ sid }, this.now(), actorName(by)));
    return this.view(r, null);
  }

  /** Ends every session of a person (`sub`): an admin's for anyone, anyone else's for themselves. How many. */
  async endAllOf(sub: string, by: Identity): Promise<number | null> {
    if (!(can.readAudit(by) || sub === by.sub)) return null;
    const sids = await this.store.endSessions({ sub }, this.now(), actorName(by));
    await this.mark(sids);
    return sids.length;
  }

  /**
   * `DELETE /api/sessions?sub=`: as `endAllOf`, refusing what cannot be done (a thrown 400 or
   * 404): the shared password is one identity for everyone who has it, and ending "all its
   * sessions" would sign out the floor.
   */
  async endEveryOf(sub: string, by: Identity): Promise<number> {
    if (by.via === "password" && sub === by.sub) {
      fail("bad_request", "The shared password is one identity for everyone who has it: it cannot be signed out everywhere (that would sign out the floor). Sign out here, or change AUTH_SECRET to end every session.");
    }
    return (await this.endAllOf(sub, by)) ?? fail("not_found", "No sessions of that person among those you may end.");
  }

  private async mark(sids: string[]) {
    const set = endedSessions();
    for (const sid of sids) {
      this.endedHere.add(sid);
      set.add(sid);
    }
  }

  private view(r: SessionRecord, current: string | null): SessionView {
    return {
      id: r.sid,
      sub: r.sub,
      name: r.name,
      role: r.role,
      teams: r.teams,
      via: r.via,
      since: new Date(r.createdAt).toISOString(),
      expiresAt: new Date(r.expiresAt).toISOString(),
      address: r.address,
      userAgent: r.userAgent,
      current: r.sid === current,
    };
  }

  /** Reads the ended sessions again from the store. */
  async refresh(): Promise<void> {
    const ids = new Set([...(await this.store.endedSessionIds(this.now())), ...this.endedHere]);
    const set = endedSessions();
    set.clear();
    for (const id of ids) set.add(id);
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => {
      this.refresh().catch((err: unknown) => log.warn("could not read ended sessions (the last known set stays)", { error: err instanceof Error ? err.message : String(err) }));
    }, REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
