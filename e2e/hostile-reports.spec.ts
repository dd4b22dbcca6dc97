import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { BASE, refused, signIn } from "./hostile";

/** Hostile input to reports (e2e/hostile.ts says what every case must hold). */
test.describe("hostile input: reports", () => {
  let signedIn: APIRequestContext;
  test.beforeAll(async ({ playwright }) => {
    signedIn = await signIn(playwright, "e2e-hostile-reports");
  });
  test.afterAll(async () => {
    await signedIn.dispose();
  });

  test("reports: hostile windows, intervals, zones, teams and agents get 400 or 404 with a message", async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const ok = { from: iso(now - 3_600_000), to: iso(now) };
    const cases: Record<string, string>[] = [
      {},
      { from: "yesterday", to: ok.to },
      { from: ok.from, to: "2026-13-45T99:00:00Z" },
      { from: ok.to, to: ok.from },
      { from: "2026-12-01T00:00:00", to: ok.to },
      { from: iso(now - 40 * 86_400_000), to: ok.to },
      { ...ok, interval: "7m" },
      { ...ok, interval: "15m'; DROP TABLE events;--" },
      { ...ok, tz: "Mars/Olympus_Mons" },
      { ...ok, tz: "../../etc/passwd" },
      { ...ok, format: "xlsx" },
      { ...ok, agent: "\u0000" },
      { ...ok, agent: "no-such-agent' OR '1'='1" },
    ];
    for (const c of cases) {
      const query = new URLSearchParams(c).toString();
      const r = await refused(await signedIn.get(`${BASE}/api/reports/time-in-state?${query}`), query);
      expect(["bad_request", "not_found"], query).toContain(r.code);
    }
    // A team nobody is in (whether it exists or not, as for a team outside one's scope): a report of nobody, in JSON, never markup.
    const team = await signedIn.get(`${BASE}/api/reports/time-in-state?${new URLSearchParams({ ...ok, team: "<script>alert(1)</script>" })}`);
    expect(team.status()).toBe(200);
    expect(team.headers()["content-type"]).toContain("application/json");
    expect(((await team.json()) as { rows: unknown[] }).rows).toEqual([]);
  });
});
