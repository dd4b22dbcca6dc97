import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { BASE, refused, signIn } from "./hostile";

/** Hostile input to schedule uploads (e2e/hostile.ts says what every case must hold). */
test.describe("hostile input: schedule uploads", () => {
  let signedIn: APIRequestContext;
  test.beforeAll(async ({ playwright }) => {
    signedIn = await signIn(playwright, "e2e-hostile-schedules");
  });
  test.afterAll(async () => {
    await signedIn.dispose();
  });

  test("schedule uploads: hostile CSV is refused by line and column and saves nothing", async () => {
    const now = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const window = `from=${iso(now - 86_400_000)}&to=${iso(now + 7 * 86_400_000)}`;
    const rows = async () => ((await (await signedIn.get(`${BASE}/api/schedules?${window}`)).json()) as { rows: unknown[] }).rows.length;
    const before = await rows();
    const header = "agent_id,start,end,activity";
    const line = (agent: string, activity = "work") => `${agent},${iso(now)},${iso(now + 3_600_000)},${activity}`;
    const files: [string, string][] = [
      ["no header", line("a-1")],
      ["a header of another shape", `id,from,to,what\n${line("a-1")}`],
      ["a formula for an activity", `${header}\n${line("a-1", "=1+1")}`],
      ["a control character in an id", `${header}\n${line("a-\u0000-1")}`],
      ["an id of 300 characters", `${header}\n${line("a".repeat(300))}`],
      ["a row of 40 fields", `${header}\n${line("a-1")}${",x".repeat(36)}`],
      ["a quote never closed", `${header}\n"a-1,${iso(now)},${iso(now + 3_600_000)},work`],
      ["a time without an offset", `${header}\na-1,2026-12-07T09:00:00,2026-12-07T17:00:00,work`],
      ["a good row beside a bad one (all or nothing)", `${header}\n${line("a-ok")}\n${line("a-bad", "lunchtime")}`],
    ];
    for (const [what, csv] of files) {
      const res = await signedIn.post(`${BASE}/api/schedules`, { headers: { "Content-Type": "text/csv" }, data: csv });
      const r = await refused(res, what);
      expect(r.code, what).toBe("bad_request");
      if (what !== "no header" && what !== "a header of another shape") {
        const problems = ((JSON.parse(await res.text()) as { error: { problems?: { line: number }[] } }).error.problems ?? []);
        expect(problems.length, what).toBeGreaterThan(0);
        expect(problems.every((p) => p.line >= 1), what).toBe(true);
      }
    }
    // Not CSV at all.
    for (const [what, type, data] of [["JSON", "application/json", JSON.stringify({ rows: [] })], ["a form", "application/x-www-form-urlencoded", "a=1"]] as const) {
      await refused(await signedIn.post(`${BASE}/api/schedules`, { headers: { "Content-Type": type }, data }), what);
    }
    expect(await rows()).toBe(before);

    // An agent id that a spreadsheet would run (an id Floorview has never seen: a warning, and
    // kept, since schedules may come before the agent's first event): exported, it is text.
    const formula = '=HYPERLINK("https://evil.example","Open")';
    const kept = await signedIn.post(`${BASE}/api/schedules`, { headers: { "Content-Type": "text/csv" }, data: `${header}\n"${formula.replaceAll('"', '""')}",${iso(now + 2 * 86_400_000)},${iso(now + 2 * 86_400_000 + 3_600_000)},work` });
    expect(kept.status()).toBe(200);
    expect(((await kept.json()) as { warnings: { column: string }[] }).warnings.map((w) => w.column)).toEqual(["agent_id"]);
    const csv = await (await signedIn.get(`${BASE}/api/schedules?${window}&format=csv`)).text();
    expect(csv).toContain(`"'${formula.replaceAll('"', '""')}"`);
    expect(csv.split("\r\n").some((l) => l.startsWith("="))).toBe(false);
  });
});
