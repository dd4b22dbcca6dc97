import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedPostgres } from "@/test/shared-postgres";
import { AlertStore } from "./alert-store";
import type { EventStore } from "./event-store";
import { openStore, type StoreTarget } from "./open";

/** Alerts' occurrences and deliveries on both engines: the embedded SQLite and a real Postgres. */

/** The run's one Postgres (test/global-setup.ts): a database of its own for each store here. */
const pg = sharedPostgres();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const engines: [string, () => StoreTarget][] = [
  ["embedded SQLite", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "floorview-alerts-store-"));
    dirs.push(dataDir);
    return { engine: "sqlite", dataDir };
  }],
  ["Postgres", () => ({ engine: "postgres", url: pg.newDatabase() })],
];

describe.each(engines)("alerts on %s", (_name, target) => {
  let store: EventStore;
  let alerts: AlertStore;
  beforeAll(async () => {
    store = await openStore(target(), { tenant: "t", onForeignTenant: "refuse" });
    alerts = new AlertStore(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("records an occurrence once, a delivery once per key, and resolves once", async () => {
    const T = 1_800_000_000_000;
    const o = (key: string, subject: string, at: number, status: "raised" | "cooldown" = "raised") => ({ key, rule: "r", subject, raisedAt: at, status, payload: "{}" });
    expect([...(await alerts.openMany([o("r|k1", "a-1", T), o("r|k0", "a-0", T, "cooldown")]))].sort()).toEqual(["r|k0", "r|k1"]);
    // Another instance, the same occurrence: not again.
    expect([...(await alerts.openMany([o("r|k1", "a-1", T + 5), o("r|k2", "a-2", T + 5)]))]).toEqual(["r|k2"]);
    // The cooldown's question: who was raised (not held back) since then.
    expect([...(await alerts.raisedSince("r", ["a-0", "a-1", "a-2", "a-3"], T - 1))].sort()).toEqual(["a-1", "a-2"]);
    expect([...(await alerts.raisedSince("r", ["a-1"], T + 1))]).toEqual([]);
    const d = (key: string, at: number) => ({ key, occurrence: "r|k1", rule: "r", channel: key.split("|")[2]!, phase: "raised" as const, message: "{}", at });
    expect(await alerts.enqueue([d("r|k1|slack|raised", T), d("r|k1|mail|raised", T)])).toBe(2);
    expect(await alerts.enqueue([d("r|k1|slack|raised", T + 9)])).toBe(0);
    expect((await alerts.openOccurrences()).map((x) => x.key).sort()).toEqual(["r|k0", "r|k1", "r|k2"]);
    expect([...(await alerts.resolveMany(["r|k1", "r|k2"], T + 60_000))].sort()).toEqual(["r|k1", "r|k2"]);
    // Resolved once: another instance after it resolves nothing.
    expect([...(await alerts.resolveMany(["r|k1", "r|k0"], T + 61_000))]).toEqual(["r|k0"]);
    expect(await alerts.openOccurrences()).toEqual([]);
  });

  it("gives the due deliveries oldest first, tries a failure again later, gives up as dead, and lists the latest", async () => {
    const T = 1_800_000_100_000;
    await alerts.enqueue([1, 2, 3].map((i) => ({ key: `q|${i}|hook|raised`, occurrence: `q|${i}`, rule: "q", channel: "hook", phase: "raised" as const, message: `{"n":${i}}`, at: T + i })));
    expect(await alerts.dueChannels(T + 10)).toContain("hook");
    expect((await alerts.due(T + 10, 10, "mail")).every((x) => x.channel === "mail")).toBe(true);
    const due = await alerts.due(T + 10, 10);
    expect(due.filter((x) => x.rule === "q").map((x) => x.key)).toEqual(["q|1|hook|raised", "q|2|hook|raised", "q|3|hook|raised"]);
    const [a, b, c] = due.filter((x) => x.rule === "q");
    await alerts.sent(a!.id, T + 20, 1);
    await alerts.failed(b!.id, 1, "answered 503", T + 2_000);
    await alerts.failed(c!.id, 10, "answered 500", null);
    expect((await alerts.due(T + 30, 10)).filter((x) => x.rule === "q")).toEqual([]);
    expect((await alerts.due(T + 2_000, 10)).filter((x) => x.rule === "q").map((x) => [x.key, x.attempts, x.lastError])).toEqual([["q|2|hook|raised", 1, "answered 503"]]);
    const recent = (await alerts.recent(10)).filter((x) => x.rule === "q");
    expect(recent.map((x) => [x.key, x.status])).toEqual([
      ["q|3|hook|raised", "dead"],
      ["q|2|hook|raised", "pending"],
      ["q|1|hook|raised", "sent"],
    ]);
    expect(recent[2]).toMatchObject({ sentAt: T + 20, createdAt: T + 1, message: '{"n":1}' });
  });
});
