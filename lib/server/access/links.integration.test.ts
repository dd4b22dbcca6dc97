import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { endedSessions, isRevoked, revokedLinks } from "@/lib/auth/revocations";
import { verifyLink } from "@/lib/auth/tokens";
import type { AuthConfig } from "@/lib/config";
import { AccessStore } from "@/lib/store/access-store";
import type { EventStore } from "@/lib/store/event-store";
import { openStore, type StoreTarget } from "@/lib/store/open";
import { sharedPostgres } from "@/test/shared-postgres";
import { startRedis } from "@/test/redis";
import { Audit } from "./audit";
import { LinkRegistry, MAX_LIVE_LINKS } from "./links";
import { SessionRegistry } from "./sessions";

/** Links and the audit trail in the store, on both engines; revocation across instances on a shared Postgres. */

const DAY = 86_400_000;
const auth: AuthConfig = { mode: "sso", password: null, secret: "s".repeat(32), sessionMs: 3_600_000, linkMs: 90 * DAY, linkMaxMs: 365 * DAY, auditMs: 365 * DAY, metricsToken: null, trustedProxies: null };
const admin: Identity = { sub: "u-admin", name: "Ada Admin", role: "admin", teams: null, via: "oidc" };
const billingLead: Identity = { sub: "u-lead", name: "Lee Lead", role: "teamlead", teams: ["Billing"], via: "oidc" };
const salesLead: Identity = { sub: "u-sales", name: "Sam Sales", role: "teamlead", teams: ["Sales"], via: "oidc" };
const viewer: Identity = { sub: "u-view", name: "Vic Viewer", role: "viewer", teams: ["Billing"], via: "oidc" };

/** The run's one Postgres (test/global-setup.ts): a database of its own for each store here. */
const pg = sharedPostgres();
const dirs: string[] = [];
const stores: EventStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function open(target: StoreTarget): Promise<AccessStore> {
  const store = await openStore(target, { tenant: "links-test", onForeignTenant: "refuse" });
  stores.push(store);
  return new AccessStore(store.db);
}

const engines: [string, () => StoreTarget][] = [
  ["embedded SQLite", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "floorview-links-"));
    dirs.push(dataDir);
    return { engine: "sqlite", dataDir };
  }],
  ["Postgres", () => ({ engine: "postgres", url: pg.newDatabase() })],
];

describe.each(engines)("links and the audit trail on %s", (_name, target) => {
  let access: AccessStore;
  let links: LinkRegistry;
  beforeAll(async () => {
    access = await open(target());
    links = new LinkRegistry(access, auth);
  });

  it("a team lead's link stays inside their teams; another team is refused; viewers make none; the lifetime is capped", async () => {
    const made = await links.create(billingLead, "privacy=1&theme=light", 30);
    expect(made).toMatchObject({ ok: true, scope: { teams: ["Billing"], privacy: true } });
    if (!made.ok) return;
    const key = new URL(made.path, "http://x").searchParams.get("key")!;
    expect(await verifyLink(auth.secret!, key)).toMatchObject({ id: made.id, scope: { teams: ["Billing"], privacy: true }, options: "privacy=1&theme=light" });
    expect(await links.create(billingLead, "teams=Sales", 30)).toEqual({ ok: false, message: expect.stringContaining("Sales") });
    expect(await links.create(viewer, "", 30)).toMatchObject({ ok: false });
    expect(await links.create(admin, "", 366)).toEqual({ ok: false, message: expect.stringContaining("AUTH_LINK_MAX_DAYS") });
  });

  it("caps the live links one person has made: a team lead cannot make hundreds to poll in turn", async () => {
    const maker: Identity = { ...salesLead, sub: `u-many-${_name}` };
    const made = [];
    for (let i = 0; i < MAX_LIVE_LINKS; i++) made.push(await links.create(maker, `privacy=${i % 2}`, 1));
    expect(made.every((m) => m.ok)).toBe(true);
    expect(await links.create(maker, "", 1)).toEqual({ ok: false, message: expect.stringContaining("revoke one at /links") });
    // Another person is not held to this one's count; one revoked makes room again.
    expect(await links.create(billingLead, "", 1)).toMatchObject({ ok: true });
    const first = made[0]!;
    if (first.ok) await links.revoke(first.id, maker);
    expect(await links.create(maker, "", 1)).toMatchObject({ ok: true });
  });

  it("lists each link to who manages it, with maker, scope and expiry; revokes it once", async () => {
    const mine = await links.create(salesLead, "", 10);
    if (!mine.ok) throw new Error(mine.message);
    const seenBy = async (who: Identity) => (await links.list(who)).map((l) => l.id);
    expect(await seenBy(admin)).toContain(mine.id);
    expect(await seenBy(salesLead)).toContain(mine.id);
    expect(await seenBy(billingLead)).not.toContain(mine.id);
    expect(await seenBy(viewer)).toEqual([]);
    const view = (await links.list(admin)).find((l) => l.id === mine.id)!;
    expect(view).toMatchObject({ createdBy: "Sam Sales (u-sales)", describes: "Teams Sales", revokedAt: null, revocable: true });
    expect(Date.parse(view.expiresAt) - Date.parse(view.createdAt)).toBe(10 * DAY);

    expect(await links.revoke(mine.id, billingLead)).toMatchObject({ ok: false, status: "not_found" });
    expect(isRevoked(mine.id)).toBe(false);
    const done = await links.revoke(mine.id, salesLead);
    expect(done).toMatchObject({ ok: true, link: { revokedBy: "Sam Sales (u-sales)", revocable: false } });
    expect(isRevoked(mine.id)).toBe(true);
    expect(await access.revokedLinkIds(Date.now())).toContain(mine.id);
  });

  it("appends the audit trail and filters it by actor, action and time; never more than asked", async () => {
    const audit = new Audit(access, auth.auditMs);
    const t0 = Date.now();
    await audit.record(admin, "sign_in", { via: "oidc" }, "203.0.113.9");
    await audit.record("someone@example.com", "sign_in_failed", { reason: "no mapped group" }, "203.0.113.10");
    await audit.record(admin, "export", { scope: "Teams Billing", rows: 42 });
    const all = await audit.list({ from: t0 });
    expect(all.map((e) => e.action)).toEqual(["export", "sign_in_failed", "sign_in"]);
    expect(all[2]).toMatchObject({ actor: "Ada Admin (u-admin)", address: "203.0.113.9", details: { via: "oidc" } });
    expect((await audit.list({ from: t0, action: "export" }))[0]!.details).toEqual({ scope: "Teams Billing", rows: 42 });
    expect(await audit.list({ from: t0, actor: "someone@example.com" })).toHaveLength(1);
    expect(await audit.list({ from: t0, limit: 1 })).toHaveLength(1);
  });
});

describe.each(engines)("sessions that can be ended, on %s", (_name, target) => {
  let sessions: SessionRegistry;
  beforeAll(async () => {
    sessions = new SessionRegistry(await open(target()));
  });

  it("an admin sees every session in force and ends one, or all of a person's; anyone else sees and ends only their own", async () => {
    const until = Date.now() + DAY;
    const leadLaptop = await sessions.open(billingLead, until, "203.0.113.7", "Firefox");
    const leadPhone = await sessions.open(billingLead, until, "198.51.100.2", "Safari");
    const sales = await sessions.open(salesLead, until, "203.0.113.8", null);
    const mine = await sessions.open(admin, until, "203.0.113.9", null);
    expect((await sessions.list({ ...admin, sid: mine })).map((s) => [s.id, s.current])).toEqual(expect.arrayContaining([[leadLaptop, false], [leadPhone, false], [sales, false], [mine, true]]));
    expect((await sessions.list(billingLead)).map((s) => s.id).sort()).toEqual([leadLaptop, leadPhone].sort());
    // A team lead cannot end another's session; the admin can.
    expect(await sessions.end(sales, billingLead)).toBeNull();
    expect(await sessions.end(sales, admin)).toMatchObject({ id: sales, sub: salesLead.sub });
    expect(endedSessions().has(sales)).toBe(true);
    expect(await sessions.end(sales, admin)).toBeNull();
    // Sign out everywhere: every session of the person.
    expect(await sessions.endAllOf(billingLead.sub, salesLead)).toBeNull();
    expect(await sessions.endAllOf(billingLead.sub, billingLead)).toBe(2);
    expect((await sessions.list(admin)).map((s) => s.id)).toEqual([mine]);
    // The store carries it: a fresh read has every ended one.
    endedSessions().clear();
    await sessions.refresh();
    expect([...endedSessions()].sort()).toEqual(expect.arrayContaining([leadLaptop, leadPhone, sales]));
  });
});

describe("two instances on one Postgres", () => {
  it("a session ended on one is refused by the other at its next refresh (a second)", async () => {
    const url = pg.newDatabase();
    const one = new SessionRegistry(await open({ engine: "postgres", url }));
    const other = new SessionRegistry(await open({ engine: "postgres", url }));
    const sid = await one.open(billingLead, Date.now() + DAY, null, null);
    await one.endAllOf(billingLead.sub, admin);
    endedSessions().clear();
    await other.refresh();
    expect(endedSessions().has(sid)).toBe(true);
  });

  it("a link revoked on one stops on the other at its next refresh (a second)", async () => {
    const url = pg.newDatabase();
    const one = new LinkRegistry(await open({ engine: "postgres", url }), auth);
    const other = new LinkRegistry(await open({ engine: "postgres", url }), auth);
    const made = await one.create(admin, "teams=Billing", 5);
    if (!made.ok) throw new Error(made.message);
    await one.revoke(made.id, admin);
    // This test process shares one set between both registries; clear it to see the other's refresh.
    revokedLinks().clear();
    expect(isRevoked(made.id)).toBe(false);
    await other.refresh();
    expect(isRevoked(made.id)).toBe(true);
  });
});

describe("two instances with embedded stores and one Redis", () => {
  it("a link revoked on one stops on the other at its next refresh, though their stores differ", async () => {
    const redis = await startRedis();
    const [a, b] = [new Redis(redis.url), new Redis(redis.url)];
    try {
      const store = () => {
        const dataDir = mkdtempSync(join(tmpdir(), "floorview-links-redis-"));
        dirs.push(dataDir);
        return open({ engine: "sqlite", dataDir });
      };
      const key = "floorview:{test}:links:revoked";
      const one = new LinkRegistry(await store(), auth, { client: a, key });
      const other = new LinkRegistry(await store(), auth, { client: b, key });
      const made = await one.create(admin, "teams=Sales", 2);
      if (!made.ok) throw new Error(made.message);
      await one.revoke(made.id, admin);
      revokedLinks().clear();
      await other.refresh();
      expect(isRevoked(made.id)).toBe(true);
    } finally {
      a.disconnect();
      b.disconnect();
      await redis.stop();
    }
  });
});
