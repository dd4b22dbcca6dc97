import "server-only";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { can, scopeOf, type Identity } from "@/lib/auth/identity";
import { revokedLinks } from "@/lib/auth/revocations";
import { describeScope, normalizeScope, sameTeam, scopeFromOptions, within, type Scope } from "@/lib/auth/scope";
import { signLink } from "@/lib/auth/tokens";
import type { LinkView } from "@/lib/api-types";
import type { AuthConfig } from "@/lib/config";
import { log } from "@/lib/log";
import type { AccessStore, LinkRecord } from "@/lib/store/access-store";
import { actorName } from "./audit";

/**
 * Wallboard links: made by a signed-in person inside their own scope, with an id, a lifetime
 * capped by AUTH_LINK_MAX_DAYS, their scope and options signed into the token; listed at /links;
 * revoked one by one. Revocations reach every instance within a second: the store holds them
 * (shared with Postgres), Redis carries them between instances with embedded stores, and each
 * instance reads both every second into the set the door checks (lib/auth/revocations.ts).
 */

export type Created = { ok: true; id: string; path: string; expiresAt: number; scope: Scope } | { ok: false; message: string };

const REFRESH_MS = 1_000;
/** Live (unexpired, unrevoked) links one person may have made. */
export const MAX_LIVE_LINKS = 50;

const parseScope = (json: string): Scope => {
  try {
    return normalizeScope(JSON.parse(json) as Partial<Scope>);
  } catch {
    return normalizeScope({ teams: [] });
  }
};

export class LinkRegistry {
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Revoked by this process: kept in the set even by a refresh that read the store just before the write. */
  private readonly revokedHere = new Set<string>();

  constructor(
    private readonly store: AccessStore,
    private readonly auth: AuthConfig,
    private readonly redis: { client: Redis; key: string } | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new link, or why not (a scope outside the creator's, a lifetime over the cap). */
  async create(by: Identity, optionsText: string, days: number | null): Promise<Created> {
    if (!can.makeLinks(by)) return { ok: false, message: "Viewers cannot make wallboard links." };
    const maxDays = this.auth.linkMaxMs / 86_400_000;
    if (days !== null && days > maxDays) return { ok: false, message: `A link lives at most ${maxDays} days here (AUTH_LINK_MAX_DAYS).` };
    const options = new URLSearchParams(optionsText);
    options.delete("key");
    const scoped = within(scopeFromOptions(options), scopeOf(by));
    if (!scoped.ok) return scoped;
    const at = this.now();
    // Each link is a scope the server cuts the floor to: a maker's live links are capped.
    const live = (await this.store.links(at)).filter((r) => r.createdBySub === by.sub && r.revokedAt === null).length;
    if (live >= MAX_LIVE_LINKS) return { ok: false, message: `You have ${live} live wallboard links, the most one person may have: revoke one at /links first.` };
    const expiresAt = at + (days !== null ? days * 86_400_000 : Math.min(this.auth.linkMs, this.auth.linkMaxMs));
    const id = randomUUID();
    await this.store.putLink({ id, createdAt: at, createdBy: actorName(by), createdBySub: by.sub, scope: JSON.stringify(scoped.scope), options: options.toString(), expiresAt, revokedAt: null, revokedBy: null });
    const key = await signLink(this.auth.secret!, { id, scope: scoped.scope, options: options.toString() }, expiresAt);
    options.set("key", key);
    return { ok: true, id, path: `/wallboard?${options}`, expiresAt, scope: scoped.scope };
  }

  /** The links `who` may see, unexpired (revoked ones too, marked), newest first. */
  async list(who: Identity): Promise<LinkView[]> {
    const rows = await this.store.links(this.now());
    return rows.filter((r) => this.mayManage(who, r)).map((r) => this.view(r, who));
  }

  /** Admins and supervisors manage every link; others the ones they made, or inside their teams. */
  private mayManage(who: Identity, r: LinkRecord): boolean {
    if (can.seeAllLinks(who)) return true;
    if (!can.makeLinks(who)) return false;
    if (r.createdBySub === who.sub) return true;
    const teams = parseScope(r.scope).teams;
    return teams !== null && teams.length > 0 && teams.every((t) => who.teams?.some((m) => sameTeam(m, t)));
  }

  private view(r: LinkRecord, who: Identity): LinkView {
    const scope = parseScope(r.scope);
    return {
      id: r.id,
      createdAt: new Date(r.createdAt).toISOString(),
      createdBy: r.createdBy,
      scope,
      describes: describeScope(scope),
      options: r.options,
      expiresAt: new Date(r.expiresAt).toISOString(),
      revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt).toISOString(),
      revokedBy: r.revokedBy,
      revocable: r.revokedAt === null && this.mayManage(who, r),
    };
  }

  /** Revokes the link: the TVs showing it stop at their next poll. */
  async revoke(id: string, by: Identity): Promise<{ ok: true; link: LinkView } | { ok: false; status: "not_found" | "forbidden"; message: string }> {
    const r = await this.store.link(id);
    if (!r || !this.mayManage(by, r)) return { ok: false, status: "not_found", message: "No such link (or not one you manage)." };
    if (r.revokedAt === null) {
      await this.store.revokeLink(id, this.now(), actorName(by));
      this.revokedHere.add(id);
      revokedLinks().add(id);
      if (this.redis) {
        await this.redis.client.zadd(this.redis.key, r.expiresAt, id).catch((err: unknown) => log.warn("could not share a revoked link through Redis (the store still holds it)", { error: err instanceof Error ? err.message : String(err) }));
      }
    }
    return { ok: true, link: this.view((await this.store.link(id)) ?? r, by) };
  }

  /** Reads the revoked links again: from the store, and from Redis across instances. */
  async refresh(): Promise<void> {
    const now = this.now();
    const ids = new Set([...(await this.store.revokedLinkIds(now)), ...this.revokedHere]);
    if (this.redis) {
      for (const id of await this.redis.client.zrangebyscore(this.redis.key, now, "+inf")) ids.add(id);
      await this.redis.client.zremrangebyscore(this.redis.key, "-inf", now);
    }
    // The stored set (and this process's own revocations) is the whole truth: expired links leave it.
    const set = revokedLinks();
    set.clear();
    for (const id of ids) set.add(id);
  }

  /** Keeps the revoked set current from now on. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => {
      this.refresh().catch((err: unknown) => log.warn("could not read revoked links (the last known set stays)", { error: err instanceof Error ? err.message : String(err) }));
    }, REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
